/**
 * `etms match --sis students.csv --requests requests.csv [--out decisions.csv] [--explain]
 * [--parameters board.json]`: the daemon's matcher run on files (spec/matching-files.md). Same engine,
 * thresholds and explanations as the daemon; with a board's parameter file (parameters.ts), its weights.
 *
 * Exit codes: 0 when it ran (rows and values it could not use are listed on standard error, one line
 * each with file, line and column, at most 20 of one kind, and every request row keeps its line in the
 * decisions; an SIS without students is said, and every request is then "none"); 2 with one
 * line on standard error for input it cannot read at all (missing file, missing required column, broken
 * quoting, not UTF-8, unwritable output, a usage error); 1 for an unexpected failure.
 */
import { writeFile } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import { isEtmsError } from '../errors.js';
import { blockingKeys } from './blocking.js';
import { readRequestsCsv, readStudentsCsv } from './csv-input.js';
import { decide } from './decide.js';
import { outputNotWritable } from './errors.js';
import { formatCandidates, formatReasons, formatScore } from './explanation.js';
import { loadParameters } from './parameters.js';
import { emptyInputNotices, problemLines } from './problem-lines.js';
import { StudentIndex } from './student-index.js';
import type { MatchDecision } from './types.js';

export interface MatchCommandOptions {
  sis: string;
  requests: string;
  out?: string;
  explain?: boolean;
  /** A board's parameter file (parameters.ts); the shipped values without it. */
  parameters?: string;
  /** Every problem line, without the limit of PROBLEM_LINES_PER_KIND lines of one kind. */
  allProblems?: boolean;
}

export interface MatchCommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * The columns of decisions.csv, in order. `reasons` is filled with --explain, empty otherwise;
 * `probability` is the best candidate's posterior (thresholds.ts), empty when there is no candidate.
 */
export const DECISION_COLUMNS = [
  'reference_number',
  'decision',
  'student_number',
  'score',
  'candidates',
  'reasons',
  'probability',
] as const;

/** A posterior as written: six decimals, enough to tell 0.999 from 0.9999. */
export function formatProbability(p: number | undefined): string {
  return p === undefined || !Number.isFinite(p) ? '' : p.toFixed(6);
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

export function decisionLine(
  referenceNumber: string,
  decision: MatchDecision,
  explain: boolean,
  reasons?: string,
): string {
  const fields = [
    referenceNumber,
    decision.outcome,
    decision.outcome === 'auto' && decision.student ? decision.student.studentNumber : '',
    formatScore(decision.score),
    formatCandidates(decision.candidates),
    explain ? (reasons ?? formatReasons(decision)) : '',
    decision.outcome === 'none' ? '' : formatProbability(decision.probability),
  ];
  return fields.map(csvField).join(',');
}

export async function runMatchCommand(opts: MatchCommandOptions, io: MatchCommandIo): Promise<number> {
  try {
    const parameters = opts.parameters ? await loadParameters(opts.parameters) : undefined;
    const sis = await readStudentsCsv(opts.sis);
    const { students } = sis;
    const { rows, problems: requestProblems } = await readRequestsCsv(opts.requests, {
      oenCheckDigits: sis.oenCheckDigits,
    });
    const report = [
      ...problemLines([...sis.problems, ...requestProblems], { all: opts.allProblems }),
      ...emptyInputNotices(opts, sis, rows.length, 'match'),
    ];
    if (report.length > 0) io.stderr.write(report.map((line) => `${line}\n`).join(''));

    const index = new StudentIndex(students);
    const ctx = { frequencies: index.frequencies, parameters };
    const bar = io.stderr.isTTY
      ? new cliProgress.SingleBar(
          {
            stream: io.stderr as NodeJS.WriteStream,
            format: 'matching [{bar}] {value}/{total} requests',
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
    bar?.start(rows.length, 0);

    const lines: string[] = [DECISION_COLUMNS.join(',')];
    const counts = { auto: 0, review: 0, none: 0 };
    rows.forEach((row, i) => {
      const decision: MatchDecision = row.unusable
        ? { outcome: 'none', score: 0, candidates: [], reason: 'INCOMPLETE_REQUEST', explanation: [] }
        : decide(row.request, index.candidatesBeyondKeys(blockingKeys(row.request)), ctx);
      counts[decision.outcome]++;
      // An unusable row says so in its reasons, since it has no candidate to explain.
      lines.push(
        decisionLine(
          row.request.referenceNumber,
          decision,
          opts.explain === true,
          row.unusable ? 'request=unusable' : undefined,
        ),
      );
      if (bar && (i % 200 === 0 || i === rows.length - 1)) bar.update(i + 1);
    });
    bar?.stop();
    const output = lines.join('\n') + '\n';

    if (opts.out) {
      try {
        await writeFile(opts.out, output, 'utf8');
      } catch (error) {
        throw outputNotWritable(opts.out, (error as Error).message);
      }
    } else {
      await new Promise<void>((resolve, reject) =>
        io.stdout.write(output, (e) => (e ? reject(e) : resolve())),
      );
    }
    if (io.stderr.isTTY) {
      io.stderr.write(
        `${rows.length} requests: ${counts.auto} auto, ${counts.review} review, ${counts.none} none (${students.length} students)\n`,
      );
    }
    return 0;
  } catch (error) {
    if (isEtmsError(error)) {
      io.stderr.write(`etms match: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`etms match: unexpected failure: ${(error as Error).message}\n`);
    return 1;
  }
}
