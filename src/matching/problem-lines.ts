/**
 * The lines `etms match` prints for rows and values it could not use, at most PROBLEM_LINES_PER_KIND
 * of one kind: a bad export (every birth date written 11/04/2006, say) would otherwise print one line
 * per row and bury the other problems. Past the limit, the lines of that kind are counted, and one
 * line after the others says how many more there are and which line shows the first of them.
 */
import { formatRowProblem, type RowProblem } from './csv-input.js';

export const PROBLEM_LINES_PER_KIND = 20;

/**
 * Problems of one kind: the same file, the same column, the same sentence but for its numbers (a
 * field count, a number of digits, an earlier line).
 */
function kindOf(p: RowProblem): string {
  return `${p.file}\u0000${p.column ?? ''}\u0000${p.message.replace(/\d+/g, '#')}`;
}

/**
 * The lines for problems, in their order; past `limit` lines of one kind, one summary line per kind
 * at the end (`all` lists every problem instead).
 */
export function problemLines(
  problems: readonly RowProblem[],
  options: { limit?: number; all?: boolean } = {},
): string[] {
  const limit = options.all ? Infinity : (options.limit ?? PROBLEM_LINES_PER_KIND);
  const kinds = new Map<string, { first: RowProblem; count: number }>();
  const lines: string[] = [];
  for (const p of problems) {
    const key = kindOf(p);
    const kind = kinds.get(key) ?? { first: p, count: 0 };
    kinds.set(key, kind);
    kind.count++;
    if (kind.count <= limit) lines.push(formatRowProblem(p));
  }
  for (const { first, count } of kinds.values()) {
    if (count <= limit) continue;
    const where = `${first.file}${first.column === undefined ? '' : `, column ${first.column}`}`;
    lines.push(
      `${where}: … and ${count - limit} more rows with the problem of line ${first.line} (${count} in all; --all-problems lists every one).`,
    );
  }
  return lines;
}

/**
 * What a run on an SIS without students, or without requests, is worth saying: `etms match` completes,
 * as a file with a header and no rows is a file, but every decision is then "none" (or there is none);
 * `--train` has nothing to learn from.
 */
export function emptyInputNotices(
  files: { sis: string; requests: string },
  sis: { students: readonly unknown[]; rows: number },
  requests: number,
  command: 'match' | 'train',
): string[] {
  const notices: string[] = [];
  if (sis.students.length === 0) {
    const then =
      command === 'match' ? 'every request is decided "none"' : 'no request can be paired with a student';
    notices.push(
      sis.rows === 0
        ? `${files.sis}: the file holds no students (a header and no rows); ${then}.`
        : `${files.sis}: none of its ${sis.rows} rows could be used (see above), so the SIS holds no students; ${then}.`,
    );
  }
  if (requests === 0)
    notices.push(
      `${files.requests}: the file holds no requests (a header and no rows); ${command === 'match' ? 'nothing is decided' : 'there is nothing to learn from'}.`,
    );
  return notices;
}
