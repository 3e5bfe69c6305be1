/**
 * Reading the canonical CSV files: UTF-8 with or without BOM, `,` or `;` (told from the header
 * line), RFC 4180 quoting. A missing column or an unusable cell names the file, line and column.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { dataInvalid } from '../errors.js';
import type { Row } from '../shared/rows.js';

/** The delimiter of the header line: whichever of `,` and `;` appears more often outside quotes. */
export function detectDelimiter(content: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const c of content.replace(/^\uFEFF/, '')) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ',') commas++;
    else if (!quoted && c === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

export interface CsvRows {
  file: string;
  rows: { row: Row; line: number }[];
}

/**
 * Reads one file into rows keyed by lower-case header names. `required` columns must be present;
 * `oneOf` groups need at least one of their columns (e.g. first_name or last_name).
 */
export async function readCsv(
  path: string,
  required: readonly string[],
  oneOf: readonly (readonly string[])[] = [],
): Promise<CsvRows> {
  const content = await readFile(path, 'utf8');
  const file = basename(path);
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(content, {
      bom: true,
      delimiter: detectDelimiter(content),
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      info: true,
      relax_quotes: false,
    }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    throw dataInvalid(
      `${file}${e.lines ? ` line ${e.lines}` : ''}`,
      `not valid CSV (${(e.message ?? '')
        .split('\n')[0]
        .replace(/^Invalid \w+:\s*/, '')
        .slice(0, 120)})`,
    );
  }
  const header = new Set(records.length > 0 ? Object.keys(records[0].record) : headerOf(content));
  for (const column of required) {
    if (!header.has(column))
      throw dataInvalid(`${file} line 1, column ${column}`, 'this required column is missing');
  }
  for (const group of oneOf) {
    if (!group.some((c) => header.has(c)))
      throw dataInvalid(
        `${file} line 1, column ${group[0]}`,
        `one of the columns ${group.join(', ')} is required`,
      );
  }
  return { file, rows: records.map((r) => ({ row: r.record, line: r.info.lines })) };
}

function headerOf(content: string): string[] {
  const first = content.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  return first.split(detectDelimiter(content)).map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
}
