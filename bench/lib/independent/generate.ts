/**
 * Entry points of the independent matching-data generator: `generate` returns the files' text,
 * `generateToDirectory` streams them to a folder. Both give the same bytes for the same options.
 *
 *   students.csv  the SIS export (columns of `etms match --sis`)
 *   requests.csv  the requests as applicants typed them (columns of `etms match --requests`)
 *   truth.csv     reference_number, expected_student_number (empty: applicant absent from the SIS), kind
 *   details.csv   reference_number, every label of the request, and its context
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CsvFileWriter, csvLine } from './csv.js';
import {
  buildDataSet,
  DETAIL_COLUMNS,
  type DataSetOptions,
  REQUEST_COLUMNS,
  TRUTH_COLUMNS,
} from './dataset.js';
import { STUDENT_COLUMNS } from './records.js';

export type { DataSetOptions } from './dataset.js';

export const FILE_NAMES = {
  students: 'students.csv',
  requests: 'requests.csv',
  truth: 'truth.csv',
  details: 'details.csv',
} as const;

export interface GeneratedFiles {
  students: string;
  requests: string;
  truth: string;
  details: string;
}

export interface GenerationSummary {
  students: number;
  requests: number;
  /** Requests whose applicant is absent from the SIS. */
  absent: number;
  schools: number;
  /** Requests per truth kind. */
  kinds: Record<string, number>;
}

const values = <C extends string>(columns: readonly C[], row: Record<C, string>) =>
  columns.map((c) => row[c]);

/** The four files' text, for small sets and tests. */
export function generate(options: DataSetOptions): GeneratedFiles {
  const data = buildDataSet(options);
  const students = [csvLine(STUDENT_COLUMNS)];
  for (const s of data.students) students.push(csvLine(values(STUDENT_COLUMNS, s.row)));
  const requests = [csvLine(REQUEST_COLUMNS)];
  const truth = [csvLine(TRUTH_COLUMNS)];
  const details = [csvLine(DETAIL_COLUMNS)];
  for (const r of data.requests()) {
    requests.push(csvLine(values(REQUEST_COLUMNS, r.request)));
    truth.push(csvLine(values(TRUTH_COLUMNS, r.truth)));
    details.push(csvLine(values(DETAIL_COLUMNS, r.detail)));
  }
  return {
    students: students.join(''),
    requests: requests.join(''),
    truth: truth.join(''),
    details: details.join(''),
  };
}

/** Writes the four files into `directory` (created if needed), row by row. */
export async function generateToDirectory(
  options: DataSetOptions,
  directory: string,
): Promise<GenerationSummary> {
  const data = buildDataSet(options);
  await mkdir(directory, { recursive: true });
  const students = new CsvFileWriter(join(directory, FILE_NAMES.students), STUDENT_COLUMNS);
  const requests = new CsvFileWriter(join(directory, FILE_NAMES.requests), REQUEST_COLUMNS);
  const truth = new CsvFileWriter(join(directory, FILE_NAMES.truth), TRUTH_COLUMNS);
  const details = new CsvFileWriter(join(directory, FILE_NAMES.details), DETAIL_COLUMNS);
  const kinds: Record<string, number> = {};
  let absent = 0;
  const writing = (async () => {
    for (const s of data.students) await students.write(values(STUDENT_COLUMNS, s.row));
    for (const r of data.requests()) {
      await requests.write(values(REQUEST_COLUMNS, r.request));
      await truth.write(values(TRUTH_COLUMNS, r.truth));
      await details.write(values(DETAIL_COLUMNS, r.detail));
      kinds[r.truth.kind] = (kinds[r.truth.kind] ?? 0) + 1;
      if (!r.truth.expected_student_number) absent++;
    }
  })();
  // Close every file even when writing failed, then report the first failure.
  const outcomes = await Promise.allSettled([
    writing,
    ...[students, requests, truth, details].map(async (w) => {
      await writing.catch(() => undefined);
      await w.close();
    }),
  ]);
  const failed = outcomes.find((o) => o.status === 'rejected');
  if (failed) throw failed.reason;
  return {
    students: students.rows,
    requests: requests.rows,
    absent,
    schools: data.board.schools.length,
    kinds,
  };
}
