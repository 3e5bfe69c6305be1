/**
 * Reading students.csv and requests.csv (spec/matching-files.md) into SIS students and match requests.
 *
 * What stops the run (an EtmsError, `etms match` exits 2): a missing or unreadable file, a file that is
 * not UTF-8, broken quoting, a required column absent from the header.
 * What is reported and the run goes on (a RowProblem, printed on standard error with the file, the line
 * and the column): a row or a value that cannot be used. A student row with more or fewer fields than
 * the header, without a student number, a name or a usable birth date, or with a number already seen,
 * is left out of the SIS; a malformed OEN, gender or other date in it is ignored. A request row always
 * keeps its line in the decisions: with more or fewer fields than the header, without a reference
 * number or without anything to match on it is decided "none" unmatched; a malformed OEN, gender or
 * date in it is ignored; a reference number not of the form H20240411049903 is reported and the
 * request matched all the same. An OEN of nine digits that fails the check digit is reported and kept: the
 * matcher reads it as a typing slip.
 * Messages never repeat the value itself: student data stays out of what is printed.
 */
import { PLAUSIBLE_YEARS } from '../domain/calendar-date.js';
import { readFile } from 'node:fs/promises';
import { isReferenceNumber } from '../domain/reference-number.js';
import type { Gender, SisStudent } from '../sis/index.js';
import { columnMissing, emptyFile, fileNotFound } from './errors.js';
import { decodeUtf8, detectDelimiter, forEachCsvRecord, type CsvRecord } from './csv.js';
import { isIsoDate, isIsoMonth } from './dates.js';
import { hasOenCheckDigit, isWellFormedOen, normaliseIdentifier } from './normalise.js';
import { oenCheckDigitsKept } from './student-index.js';
import type { MatchRequest } from './types.js';

export interface RowProblem {
  file: string;
  line: number;
  /** The column whose value is at fault, when it is one column's. */
  column?: string;
  /** One sentence saying what is wrong and what was done with the row, without the value itself. */
  message: string;
}

/** `file, line N, column C: message`, the line `etms match` prints on standard error. */
export function formatRowProblem(p: RowProblem): string {
  return `${p.file}, line ${p.line}${p.column === undefined ? '' : `, column ${p.column}`}: ${p.message}`;
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

/** Why a value is not a date or a month, in words that do not repeat it. */
function notADate(value: string, pattern: 'YYYY-MM-DD' | 'YYYY-MM'): string {
  const shape = pattern === 'YYYY-MM-DD' ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{4}-\d{2}$/;
  if (!shape.test(value)) return `is not a date written ${pattern}`;
  return pattern === 'YYYY-MM-DD'
    ? `is not a real date (no such day in that month, or a year outside ${PLAUSIBLE_YEARS.first}-${PLAUSIBLE_YEARS.last})`
    : 'is not a real month (01 to 12)';
}

/**
 * A date column's value, or '' when it is empty or not a date: an impossible date (1938-11-31) is a row
 * problem, reported with its line and column, never a reason to stop the run. `consequence` says what
 * is done with the row (the value ignored unless told otherwise).
 */
function dateColumn(
  file: string,
  row: Row,
  column: string,
  problems: RowProblem[],
  dates = new ValueCache(isIsoDate),
  pattern: 'YYYY-MM-DD' | 'YYYY-MM' = 'YYYY-MM-DD',
  consequence = 'the value is ignored',
): string {
  const value = row.get(column);
  if (value === '') return value;
  const checked = dates.get(value);
  if (checked !== undefined) return checked;
  problems.push({
    file,
    line: row.record.line,
    column,
    message: `${notADate(value, pattern)}; ${consequence}.`,
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
      column: 'gender',
      message: 'is not M, F or X; the value is ignored.',
    });
  return gender;
}

/** What is wrong with an OEN that isWellFormedOen refuses, in words that do not repeat it. */
function malformedOen(oen: string): string {
  if (/\D/.test(oen)) return 'holds characters other than digits, so it is not an OEN';
  if (oen.length !== 9) return `has ${oen.length} digits where an OEN has 9`;
  return 'is one digit repeated nine times, a placeholder rather than an OEN';
}

/**
 * Whether a nine-digit OEN that fails the check digit is worth reporting. Real OENs all carry it, so it
 * is unless the SIS shows that its column holds some other number: at least 50 OENs of which more than
 * 1 % fail (the matcher's own reading of the SIS, oenCheckDigitsKept). Below 50 OENs nothing is known
 * either way, and the Ministry's numbers are assumed.
 */
export function oenCheckDigitsExpected(oens: number, passing: number): boolean {
  return oens < 50 || oenCheckDigitsKept(oens, passing);
}

const OEN_CHECK_FAILED =
  'fails the OEN check digit (a digit typed wrong, or two swapped); the value is kept for matching.';

function fieldCountProblem(header: string[], record: CsvRecord): string | undefined {
  const got = record.fields.length;
  const want = header.length;
  if (got > want)
    return `the row has ${got} fields but the header has ${want} (a delimiter inside an unquoted value?)`;
  if (got < want)
    return `the row has ${got} fields but the header has ${want} (a field left out, or a line break inside an unquoted value?)`;
  return undefined;
}

export interface StudentsCsv {
  students: SisStudent[];
  problems: RowProblem[];
  /** Whether the SIS's OENs carry the check digit as far as reporting goes (oenCheckDigitsExpected). */
  oenCheckDigits: boolean;
  /** Rows read under the header, the students left out included. */
  rows: number;
}

export async function readStudentsCsv(path: string): Promise<StudentsCsv> {
  const sink: StudentSink = {
    students: [],
    problems: [],
    seen: new Map(),
    dates: new ValueCache(isIsoDate),
    months: new ValueCache(isIsoMonth),
    shared: new ValueCache(() => true),
    oens: 0,
    checkFailures: [],
    rows: 0,
  };
  await eachRow(path, (header) => {
    const columns = columnIndex(header);
    requireColumns(path, columns, ['student_number', 'birth_date']);
    if (!columns.has('first_name') && !columns.has('last_name'))
      throw columnMissing(path, 'first_name or last_name');
    const row = new Row(columns);
    return (record) => readStudent(path, header, row, record, sink);
  });
  const { students, problems, oens, checkFailures, rows } = sink;
  const oenCheckDigits = oenCheckDigitsExpected(oens, oens - checkFailures.length);
  if (oenCheckDigits && checkFailures.length > 0) {
    for (const line of checkFailures)
      problems.push({ file: path, line, column: 'oen', message: OEN_CHECK_FAILED });
    // In line order with the rest (a stable sort keeps a line's problems in the order found).
    problems.sort((a, b) => a.line - b.line);
  }
  return { students, problems, oenCheckDigits, rows };
}

interface StudentSink {
  students: SisStudent[];
  problems: RowProblem[];
  /** Student numbers kept so far, with their line. */
  seen: Map<string, number>;
  dates: ValueCache;
  months: ValueCache;
  /** School and gender values, shared down the column. */
  shared: ValueCache;
  /** Well-formed OENs kept, and the lines of those among them that fail the check digit. */
  oens: number;
  checkFailures: number[];
  rows: number;
}

function readStudent(path: string, header: string[], row: Row, record: CsvRecord, sink: StudentSink): void {
  const { students, problems, seen, dates, months, shared } = sink;
  row.record = record;
  sink.rows++;
  const line = record.line;
  const leaveOut = (why: string, column?: string) =>
    problems.push({ file: path, line, column, message: `${why}; the student is left out.` });
  // A row whose fields do not line up with the header would be read shifted: nothing in it is trusted.
  const shape = fieldCountProblem(header, record);
  if (shape) return void leaveOut(shape);
  const studentNumber = row.get('student_number');
  if (studentNumber === '') return void leaveOut('is empty', 'student_number');
  const earlier = seen.get(studentNumber);
  if (earlier !== undefined)
    return void leaveOut(`is the same student number as on line ${earlier}`, 'student_number');
  const firstName = row.get('first_name');
  const lastName = row.get('last_name');
  if (firstName === '' && lastName === '')
    return void leaveOut('columns first_name and last_name are both empty');
  if (row.get('birth_date') === '') return void leaveOut('is empty', 'birth_date');
  const birthDate = dateColumn(
    path,
    row,
    'birth_date',
    problems,
    dates,
    'YYYY-MM-DD',
    'the student is left out',
  );
  if (birthDate === '') return;
  seen.set(studentNumber, line);
  const oen = oenColumn(path, row, problems, 'the OEN is ignored');
  if (oen !== undefined) {
    sink.oens++;
    if (!hasOenCheckDigit(oen)) sink.checkFailures.push(line);
  }
  const dateLastAttended = monthColumn(path, row, 'date_last_attended', problems, months);
  const ossdDate = dateColumn(path, row, 'ossd_date', problems, dates);
  const previous = row.get('previous_last_names');
  students.push({
    studentNumber,
    oen,
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

/**
 * The oen column without spaces, dashes or dots, or undefined when empty or malformed (reported, with
 * `consequence`). The check digit is left to the caller.
 */
function oenColumn(file: string, row: Row, problems: RowProblem[], consequence: string): string | undefined {
  const oen = normaliseIdentifier(row.get('oen'));
  if (oen === '') return undefined;
  if (isWellFormedOen(oen)) return oen;
  problems.push({
    file,
    line: row.record.line,
    column: 'oen',
    message: `${malformedOen(oen)}; ${consequence}.`,
  });
  return undefined;
}

export interface RequestsCsvOptions {
  /**
   * Whether a nine-digit OEN failing the check digit is reported (readStudentsCsv's oenCheckDigits for
   * the SIS the requests are matched against); true by default, as real OENs carry it.
   */
  oenCheckDigits?: boolean;
}

const REQUEST_TYPES = new Set(['ORIGINAL', 'REISSUE']);

export async function readRequestsCsv(
  path: string,
  options: RequestsCsvOptions = {},
): Promise<{ rows: RequestRow[]; problems: RowProblem[] }> {
  const sink: RequestSink = {
    rows: [],
    problems: [],
    seen: new Map(),
    oenCheckDigits: options.oenCheckDigits ?? true,
  };
  await eachRow(path, (header) => {
    const columns = columnIndex(header);
    requireColumns(path, columns, ['reference_number']);
    const row = new Row(columns);
    return (record) => {
      row.record = record;
      readRequest(path, header, row, sink);
    };
  });
  return { rows: sink.rows, problems: sink.problems };
}

interface RequestSink {
  rows: RequestRow[];
  problems: RowProblem[];
  /** Reference numbers read so far, with the line of their first row. */
  seen: Map<string, number>;
  oenCheckDigits: boolean;
}

const DECIDED_NONE = 'the request is decided "none" without matching.';

const REFERENCE_MALFORMED =
  'is not a reference number of the form H, the date as YYYYMMDD (a real day of 1900-2099), then at least six digits (as H20240411049903); the request is matched all the same, under this reference number.';

function readRequest(path: string, header: string[], row: Row, sink: RequestSink): void {
  const { rows, problems, seen } = sink;
  const line = row.record.line;
  const referenceNumber = row.get('reference_number');
  // A row whose fields do not line up with the header would be read shifted: it keeps its line in the
  // decisions, under the reference number in its first field, and nothing else in it is used.
  const shape = fieldCountProblem(header, row.record);
  if (shape) {
    problems.push({ file: path, line, message: `${shape}; ${DECIDED_NONE}` });
    if (referenceNumber !== '' && !seen.has(referenceNumber)) seen.set(referenceNumber, line);
    rows.push({ line, request: { referenceNumber }, unusable: shape });
    return;
  }
  if (referenceNumber !== '' && !isReferenceNumber(referenceNumber))
    problems.push({ file: path, line, column: 'reference_number', message: REFERENCE_MALFORMED });
  const birthDate = dateColumn(path, row, 'birth_date', problems);
  const dateLastAttended = monthColumn(path, row, 'date_last_attended', problems);
  dateColumn(path, row, 'requested_at', problems);
  const requestType = row.get('request_type');
  if (requestType !== '' && !REQUEST_TYPES.has(requestType.toUpperCase()))
    problems.push({
      file: path,
      line,
      column: 'request_type',
      message: 'is not ORIGINAL or REISSUE; the value is ignored.',
    });
  const oen = oenColumn(path, row, problems, 'the OEN is ignored for matching');
  if (oen !== undefined && sink.oenCheckDigits && !hasOenCheckDigit(oen))
    problems.push({ file: path, line, column: 'oen', message: OEN_CHECK_FAILED });
  const request: MatchRequest = {
    referenceNumber,
    oen: oen === undefined ? undefined : row.get('oen'),
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
  let column: string | undefined;
  if (referenceNumber === '') [unusable, column] = ['is empty', 'reference_number'];
  else if (
    !request.firstName &&
    !request.lastName &&
    !request.previousLastName &&
    !request.oen &&
    !request.studentNumber
  ) {
    unusable = 'the row has no name, no usable OEN and no student number';
  }
  const earlier = referenceNumber === '' ? undefined : seen.get(referenceNumber);
  if (unusable !== undefined) {
    problems.push({ file: path, line, column, message: `${unusable}; ${DECIDED_NONE}` });
  } else if (earlier !== undefined) {
    problems.push({
      file: path,
      line,
      column: 'reference_number',
      message: `is the same reference number as on line ${earlier}; the request is matched again.`,
    });
  }
  if (referenceNumber !== '' && earlier === undefined) seen.set(referenceNumber, line);
  rows.push({ line, request, unusable });
}
