import { parse } from 'csv-parse/sync';
import {
  generate,
  type DataSetOptions,
  type GeneratedFiles,
} from '../../../bench/lib/independent/generate.js';

export type Row = Record<string, string>;

export interface ParsedSet {
  files: GeneratedFiles;
  students: Row[];
  requests: Row[];
  truth: Row[];
  details: Row[];
  /** Header of each file, in order. */
  headers: Record<keyof GeneratedFiles, string[]>;
  byNumber: Map<string, Row>;
}

function rows(text: string): Row[] {
  return parse(text, { columns: true, skip_empty_lines: true }) as Row[];
}

function header(text: string): string[] {
  return (parse(text.slice(0, text.indexOf('\n') + 1)) as string[][])[0];
}

export function parsedSet(options: DataSetOptions): ParsedSet {
  const files = generate(options);
  const students = rows(files.students);
  return {
    files,
    students,
    requests: rows(files.requests),
    truth: rows(files.truth),
    details: rows(files.details),
    headers: {
      students: header(files.students),
      requests: header(files.requests),
      truth: header(files.truth),
      details: header(files.details),
    },
    byNumber: new Map(students.map((s) => [s.student_number, s])),
  };
}

/** Lower-case letters only: the comparison a reader makes between two spellings of one name. */
export function plain(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}
