/**
 * Reading students.csv and requests.csv (spec/matching-files.md) into SIS students and match requests.
 *
 * What stops the run (an EtmsError, `etms match` exits 2): a missing or unreadable file, a file that is
 * not UTF-8, broken quoting, a required column absent from the header.
 * What is reported and the run goes on (a RowProblem, printed on standard error): a value a row cannot
 * use. A student row without a student number, a name or a usable birth date, or with a number already
 * seen, is left out of the SIS; a malformed OEN, gender or other date is ignored. A request row always
 * stays in the output, an impossible date in it ignored.
 */
import { readFile } from 'node:fs/promises';
import type { Gender, SisStudent } from '../sis/index.js';
import { columnMissing, emptyFile, fileNotFound } from './errors.js';
import { decodeUtf8, detectDelimiter, forEachCsvRecord, type CsvRecord } from './csv.js';
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

async function readText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw fileNotFound(path);
  }
  return decodeUtf8(bytes, path);
}

/**
 * Reads the file record by record: the header first (onHeader returns the row handler), then each row.
 * Rows are handled as they are read, so the whole table is never held in memory at once.
 */
async function eachRow(
  path: string,
  onHeader: (header: string[]) => (record: CsvRecord) => void,
): Promise<void> {
  const text = await readText(path);
  let onRecord: ((record: CsvRecord) => void) | undefined;
  forEachCsvRecord(text, path, detectDelimiter(text), (fields, line) => {
    if (onRecord === undefined) onRecord = onHeader(fields.map((h) => h.trim().toLowerCase()));
    else onRecord({ line, fields });
  });
  if (onRecord === undefined) throw emptyFile(path);
}

class Row {
  record: CsvRecord = { line: 0, fields: [] };

  constructor(private readonly columns: Map<string, number>) {}

  get(column: string): string {
    const i = this.columns.get(column);
    return i === undefined ? '' : (this.record.fields[i] ?? '').trim();
  }
}

/**
 * Values that repeat down a column (dates, schools, genders) checked once and shared: one string per
 * distinct value instead of one per row, and a check that runs once per value.
 */
class ValueCache {
  private readonly seen = new Map<string, string>();

  constructor(private readonly valid: (value: string) => boolean) {}

  /** The shared copy of a valid value, or undefined when the value is not valid. */
  get(value: string): string | undefined {
    const known = this.seen.get(value);
    if (known !== undefined) return known;
    if (!this.valid(value)) return undefined;
    // Bounded: an SIS has a few thousand birth dates, but a file could hold anything.
    if (this.seen.size < 100_000) this.seen.set(value, value);
    return value;
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

/**
 * A date column's value, or '' when it is empty or not a date: an impossible date (1938-11-31) is a row
 * problem, reported with its line and column, never a reason to stop the run.
 */
function dateColumn(
  file: string,
  row: Row,
  column: string,
  problems: RowProblem[],
  dates = new ValueCache(isIsoDate),
  pattern = 'YYYY-MM-DD',
): string {
  const value = row.get(column);
  if (value === '') return value;
  const checked = dates.get(value);
  if (checked !== undefined) return checked;
  problems.push({
    file,
    line: row.record.line,
    message: `column ${column}: "${value}" is not a date (expected ${pattern}); the value is ignored.`,
  });
  return '';
}

function monthColumn(
  file: string,
  row: Row,
  column: string,
  problems: RowProblem[],
  months = new ValueCache(isIsoMonth),
): string {
  return dateColumn(file, row, column, problems, months, 'YYYY-MM');
}

/** The schools_attended column: BSIDs separated by `;`, each string shared down the column. */
function schoolList(value: string, shared: ValueCache): string[] | undefined {
  if (value === '') return undefined;
  const schools: string[] = [];
  for (const part of value.split(';')) {
    const bsid = part.trim();
    if (bsid !== '') schools.push(shared.get(bsid) ?? bsid);
  }
  return schools.length > 0 ? schools : undefined;
}

const GENDERS: Record<string, Gender> = { M: 'M', F: 'F', X: 'X', MALE: 'M', FEMALE: 'F' };

function genderColumn(file: string, row: Row, problems: RowProblem[]): Gender | undefined {
  const value = row.get('gender');
  if (value === '') return undefined;
  const gender = GENDERS[value.toUpperCase()];
  if (gender === undefined)
    problems.push({
      file,
      line: row.record.line,
      message: `column gender: "${value}" is not M, F or X; the gender is ignored.`,
    });
  return gender;
}

function fieldCountProblem(file: string, header: string[], record: CsvRecord): string | undefined {
  if (record.fields.length > header.length) {
    return `has ${record.fields.length} fields but the header has ${header.length} (a delimiter inside an unquoted value?)`;
  }
  return undefined;
}

export async function readStudentsCsv(
  path: string,
): Promise<{ students: SisStudent[]; problems: RowProblem[] }> {
  const students: SisStudent[] = [];
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  const dates = new ValueCache(isIsoDate);
  const months = new ValueCache(isIsoMonth);
  const shared = new ValueCache(() => true);
  await eachRow(path, (header) => {
    const columns = columnIndex(header);
    requireColumns(path, columns, ['student_number', 'birth_date']);
    if (!columns.has('first_name') && !columns.has('last_name'))
      throw columnMissing(path, 'first_name or last_name');
    const row = new Row(columns);
    return (record) =>
      readStudent(path, header, row, record, { students, problems, seen, dates, months, shared });
  });
  return { students, problems };
}

interface StudentSink {
  students: SisStudent[];
  problems: RowProblem[];
  seen: Set<string>;
  dates: ValueCache;
  months: ValueCache;
  /** School and gender values, shared down the column. */
  shared: ValueCache;
}

function readStudent(path: string, header: string[], row: Row, record: CsvRecord, sink: StudentSink): void {
  const { students, problems, seen, dates, months, shared } = sink;
  row.record = record;
  const line = record.line;
  const skip = (why: string) =>
    problems.push({ file: path, line, message: `${why}; the student is left out.` });
  const birthDate = dateColumn(path, row, 'birth_date', problems, dates);
  const dateLastAttended = monthColumn(path, row, 'date_last_attended', problems, months);
  const ossdDate = dateColumn(path, row, 'ossd_date', problems, dates);
  const shape = fieldCountProblem(path, header, record);
  if (shape) {
    skip(`the row ${shape}`);
    return;
  }
  const studentNumber = row.get('student_number');
  if (studentNumber === '') {
    skip('column student_number is empty');
    return;
  }
  if (seen.has(studentNumber)) {
    skip(`student number ${studentNumber} already appears on an earlier line`);
    return;
  }
  const firstName = row.get('first_name');
  const lastName = row.get('last_name');
  if (firstName === '' && lastName === '') {
    skip('columns first_name and last_name are both empty');
    return;
  }
  if (birthDate === '') {
    skip('column birth_date is empty or not a date');
    return;
  }
  seen.add(studentNumber);
  let oen: string | undefined = normaliseIdentifier(row.get('oen'));
  if (oen !== '' && !isWellFormedOen(oen)) {
    problems.push({
      file: path,
      line,
      message: `column oen: "${row.get('oen')}" is not 9 digits; the OEN is ignored.`,
    });
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
    previousLastNames:
      previous === ''
        ? []
        : previous
            .split(';')
            .map((p) => p.trim())
            .filter((p) => p !== ''),
    birthDate,
    gender: genderColumn(path, row, problems),
    schoolBsid: shared.get(row.get('school_bsid')) || undefined,
    schoolsAttended: schoolList(row.get('schools_attended'), shared),
    dateLastAttended: dateLastAttended || undefined,
    ossdDate: ossdDate || undefined,
  });
}

export async function readRequestsCsv(path: string): Promise<{ rows: RequestRow[]; problems: RowProblem[] }> {
  const rows: RequestRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  await eachRow(path, (header) => {
    const columns = columnIndex(header);
    requireColumns(path, columns, ['reference_number']);
    const row = new Row(columns);
    return (record) => {
      row.record = record;
      readRequest(path, header, row, { rows, problems, seen });
    };
  });
  return { rows, problems };
}

function readRequest(
  path: string,
  header: string[],
  row: Row,
  sink: { rows: RequestRow[]; problems: RowProblem[]; seen: Set<string> },
): void {
  const { rows, problems, seen } = sink;
  const record = row.record;
  const line = record.line;
  const birthDate = dateColumn(path, row, 'birth_date', problems);
  const dateLastAttended = monthColumn(path, row, 'date_last_attended', problems);
  dateColumn(path, row, 'requested_at', problems);
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
  const shape = fieldCountProblem(path, header, record);
  if (shape) unusable = `the row ${shape}`;
  else if (referenceNumber === '') unusable = 'column reference_number is empty';
  else if (
    !request.firstName &&
    !request.lastName &&
    !request.previousLastName &&
    !request.oen &&
    !request.studentNumber
  ) {
    unusable = 'the row has no name, no OEN and no student number';
  }
  if (unusable !== undefined) {
    problems.push({
      file: path,
      line,
      message: `${unusable}; the request is decided "none" without matching.`,
    });
  } else if (seen.has(referenceNumber)) {
    problems.push({
      file: path,
      line,
      message: `reference number ${referenceNumber} already appears on an earlier line; it is matched again.`,
    });
  }
  seen.add(referenceNumber);
  rows.push({ line, request, unusable });
}
