/**
 * Reading students.csv and requests.csv (spec/matching-files.md) into SIS students and match requests.
 *
 * What stops the run (an EtmsError, `etms match` exits 2): a missing or unreadable file, a file that is
 * not UTF-8, broken quoting, a required column absent from the header, a date that does not parse.
 * What is reported and the run goes on (a RowProblem, printed on standard error): a value a row cannot
 * use. A student row without a student number, a name or a birth date, or with a number already seen,
 * is left out of the SIS; a malformed OEN or gender is ignored. A request row always stays in the output.
 */
import { readFile } from 'node:fs/promises';
import type { Gender, SisStudent } from './sis-adapter.js';
import { badDate, columnMissing, fileNotFound } from './errors.js';
import { parseCsv, decodeUtf8, type CsvRecord } from './csv.js';
import { isIsoDate, isIsoMonth } from './dates.js';
import { isWellFormedOen, normaliseIdentifier } from './normalise.js';
import type { MatchRequest } from './types.js';

export interface RowProblem {
  file: string;
  line: number;
  /** One sentence saying what is wrong and what was done with the row. */
  message: string;
}

export interface RequestRow {
  line: number;
  request: MatchRequest;
  /** Set when the row cannot be matched at all; it still gets its line in the decisions. */
  unusable?: string;
}

async function readTable(path: string) {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw fileNotFound(path);
  }
  return parseCsv(decodeUtf8(bytes, path), path);
}

class Row {
  constructor(
    private readonly columns: Map<string, number>,
    readonly record: CsvRecord,
  ) {}

  get(column: string): string {
    const i = this.columns.get(column);
    return i === undefined ? '' : (this.record.fields[i] ?? '').trim();
  }
}

function columnIndex(header: string[]): Map<string, number> {
  const map = new Map<string, number>();
  header.forEach((name, i) => {
    if (!map.has(name)) map.set(name, i);
  });
  return map;
}

function requireColumns(file: string, columns: Map<string, number>, required: string[]): void {
  for (const name of required) if (!columns.has(name)) throw columnMissing(file, name);
}

function dateColumn(file: string, row: Row, column: string): string {
  const value = row.get(column);
  if (value !== '' && !isIsoDate(value)) throw badDate(file, row.record.line, column, value, 'YYYY-MM-DD');
  return value;
}

function monthColumn(file: string, row: Row, column: string): string {
  const value = row.get(column);
  if (value !== '' && !isIsoMonth(value)) throw badDate(file, row.record.line, column, value, 'YYYY-MM');
  return value;
}

const GENDERS: Record<string, Gender> = { M: 'M', F: 'F', X: 'X', MALE: 'M', FEMALE: 'F' };

function genderColumn(file: string, row: Row, problems: RowProblem[]): Gender | undefined {
  const value = row.get('gender');
  if (value === '') return undefined;
  const gender = GENDERS[value.toUpperCase()];
  if (gender === undefined) problems.push({ file, line: row.record.line, message: `column gender: "${value}" is not M, F or X; the gender is ignored.` });
  return gender;
}

function fieldCountProblem(file: string, header: string[], record: CsvRecord): string | undefined {
  if (record.fields.length > header.length) {
    return `has ${record.fields.length} fields but the header has ${header.length} (a delimiter inside an unquoted value?)`;
  }
  return undefined;
}

export async function readStudentsCsv(path: string): Promise<{ students: SisStudent[]; problems: RowProblem[] }> {
  const table = await readTable(path);
  const columns = columnIndex(table.header);
  requireColumns(path, columns, ['student_number', 'birth_date']);
  if (!columns.has('first_name') && !columns.has('last_name')) throw columnMissing(path, 'first_name or last_name');
  const students: SisStudent[] = [];
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  for (const record of table.records) {
    const row = new Row(columns, record);
    const line = record.line;
    const skip = (why: string) => problems.push({ file: path, line, message: `${why}; the student is left out.` });
    const birthDate = dateColumn(path, row, 'birth_date');
    const dateLastAttended = monthColumn(path, row, 'date_last_attended');
    const ossdDate = dateColumn(path, row, 'ossd_date');
    const shape = fieldCountProblem(path, table.header, record);
    if (shape) { skip(`the row ${shape}`); continue; }
    const studentNumber = row.get('student_number');
    if (studentNumber === '') { skip('column student_number is empty'); continue; }
    if (seen.has(studentNumber)) { skip(`student number ${studentNumber} already appears on an earlier line`); continue; }
    const firstName = row.get('first_name');
    const lastName = row.get('last_name');
    if (firstName === '' && lastName === '') { skip('columns first_name and last_name are both empty'); continue; }
    if (birthDate === '') { skip('column birth_date is empty'); continue; }
    seen.add(studentNumber);
    let oen: string | undefined = normaliseIdentifier(row.get('oen'));
    if (oen !== '' && !isWellFormedOen(oen)) {
      problems.push({ file: path, line, message: `column oen: "${row.get('oen')}" is not 9 digits; the OEN is ignored.` });
      oen = undefined;
    }
    const previous = row.get('previous_last_names');
    students.push({
      studentNumber,
      oen: oen || undefined,
      firstName,
      middleNames: row.get('middle_names') || undefined,
      lastName,
      preferredFirstName: row.get('preferred_first_name') || undefined,
      previousLastNames: previous === '' ? [] : previous.split(';').map((p) => p.trim()).filter((p) => p !== ''),
      birthDate,
      gender: genderColumn(path, row, problems),
      schoolBsid: row.get('school_bsid') || undefined,
      dateLastAttended: dateLastAttended || undefined,
      ossdDate: ossdDate || undefined,
    });
  }
  return { students, problems };
}

export async function readRequestsCsv(path: string): Promise<{ rows: RequestRow[]; problems: RowProblem[] }> {
  const table = await readTable(path);
  const columns = columnIndex(table.header);
  requireColumns(path, columns, ['reference_number']);
  const rows: RequestRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  for (const record of table.records) {
    const row = new Row(columns, record);
    const line = record.line;
    const birthDate = dateColumn(path, row, 'birth_date');
    const dateLastAttended = monthColumn(path, row, 'date_last_attended');
    dateColumn(path, row, 'requested_at');
    const referenceNumber = row.get('reference_number');
    const request: MatchRequest = {
      referenceNumber,
      oen: row.get('oen') || undefined,
      studentNumber: row.get('student_number') || undefined,
      firstName: row.get('first_name') || undefined,
      lastName: row.get('last_name') || undefined,
      previousLastName: row.get('previous_last_name') || undefined,
      birthDate: birthDate || undefined,
      gender: genderColumn(path, row, problems),
      schoolBsid: row.get('school_bsid') || undefined,
      dateLastAttended: dateLastAttended || undefined,
    };
    let unusable: string | undefined;
    const shape = fieldCountProblem(path, table.header, record);
    if (shape) unusable = `the row ${shape}`;
    else if (referenceNumber === '') unusable = 'column reference_number is empty';
    else if (!request.firstName && !request.lastName && !request.previousLastName && !request.oen && !request.studentNumber) {
      unusable = 'the row has no name, no OEN and no student number';
    }
    if (unusable !== undefined) {
      problems.push({ file: path, line, message: `${unusable}; the request is decided "none" without matching.` });
    } else if (seen.has(referenceNumber)) {
      problems.push({ file: path, line, message: `reference number ${referenceNumber} already appears on an earlier line; it is matched again.` });
    }
    seen.add(referenceNumber);
    rows.push({ line, request, unusable });
  }
  return { rows, problems };
}
