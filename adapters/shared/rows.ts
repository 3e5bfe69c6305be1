/**
 * Turning SIS rows (CSV records or SQL result rows, keyed by the column names of the canonical
 * students.csv and of courses.csv / requirements.csv / schools.csv) into the port's types.
 * Every problem names where it happened (file and line, or query) and the column, never the value.
 */
import type {
  Gender,
  SisStudent,
  CourseAttempt,
  CourseNote,
  CourseStatus,
  LiteracyRequirement,
  OnlineLearning,
  SchoolInfo,
  StudentRecord,
} from '../../src/sis/index.js';
import { dataInvalid } from '../errors.js';

export type Row = Record<string, unknown>;

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell as trimmed text; dates from drivers as their calendar day; empty → undefined. */
export function text(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) {
    // Drivers here are configured to return dates as text; a Date that still arrives is read in UTC.
    return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  }
  if (Buffer.isBuffer(value)) return value.toString('utf8').trim() || undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function date(row: Row, column: string, where: string, required: true): string;
function date(row: Row, column: string, where: string, required?: false): string | undefined;
function date(row: Row, column: string, where: string, required = false): string | undefined {
  const v = text(row[column]);
  if (v === undefined) {
    if (required) throw dataInvalid(`${where}, column ${column}`, 'a date (YYYY-MM-DD) is required');
    return undefined;
  }
  const day = v.length > 10 && /^\d{4}-\d{2}-\d{2}[T ]/.test(v) ? v.slice(0, 10) : v;
  if (!isCalendarDate(day))
    throw dataInvalid(`${where}, column ${column}`, 'not a date in the form YYYY-MM-DD');
  return day;
}

function month(row: Row, column: string, where: string): string | undefined {
  const v = text(row[column]);
  if (v === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})(?:-\d{2}(?:[T ].*)?)?$/.exec(v);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12)
    throw dataInvalid(`${where}, column ${column}`, 'not a month in the form YYYY-MM');
  return `${m[1]}-${m[2]}`;
}

function number(row: Row, column: string, where: string, fallback?: number): number {
  const v = text(row[column]);
  if (v === undefined) {
    if (fallback !== undefined) return fallback;
    throw dataInvalid(`${where}, column ${column}`, 'a number is required');
  }
  const n = Number(v.replace(',', '.'));
  if (!Number.isFinite(n)) throw dataInvalid(`${where}, column ${column}`, 'not a number');
  return n;
}

function oneOf<T extends string>(
  row: Row,
  column: string,
  where: string,
  allowed: readonly T[],
): T | undefined {
  const v = text(row[column])?.toUpperCase();
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v))
    throw dataInvalid(`${where}, column ${column}`, `expected one of ${allowed.join(', ')}`);
  return v as T;
}

function yesNo(row: Row, column: string, where: string): boolean {
  const v = row[column];
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const s = text(v)?.toUpperCase();
  if (s === undefined) return false;
  if (['Y', 'YES', 'O', 'OUI', 'TRUE', 'T', '1'].includes(s)) return true;
  if (['N', 'NO', 'NON', 'FALSE', 'F', '0'].includes(s)) return false;
  throw dataInvalid(`${where}, column ${column}`, 'expected Y or N');
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => text(v)).filter((v): v is string => v !== undefined);
  const s = text(value);
  return s === undefined
    ? []
    : s
        .split(';')
        .map((p) => p.trim())
        .filter((p) => p !== '');
}

export function studentFromRow(row: Row, where: string): SisStudent {
  const studentNumber = text(row.student_number);
  if (studentNumber === undefined)
    throw dataInvalid(`${where}, column student_number`, 'the student number is required');
  const firstName = text(row.first_name) ?? '';
  const lastName = text(row.last_name) ?? '';
  if (firstName === '' && lastName === '')
    throw dataInvalid(`${where}, column first_name`, 'a first or last name is required');
  const oen = text(row.oen)?.replace(/[\s-]/g, '');
  if (oen !== undefined && !/^\d{9}$/.test(oen))
    throw dataInvalid(`${where}, column oen`, 'an OEN has 9 digits');
  const student: SisStudent = {
    studentNumber,
    firstName,
    lastName,
    previousLastNames: list(row.previous_last_names),
    birthDate: date(row, 'birth_date', where, true),
  };
  if (oen !== undefined) student.oen = oen;
  const middle = text(row.middle_names);
  if (middle !== undefined) student.middleNames = middle;
  const preferred = text(row.preferred_first_name);
  if (preferred !== undefined) student.preferredFirstName = preferred;
  const gender = oneOf<Gender>(row, 'gender', where, ['M', 'F', 'X']);
  if (gender !== undefined) student.gender = gender;
  const bsid = text(row.school_bsid);
  if (bsid !== undefined) student.schoolBsid = bsid;
  const schools = list(row.schools_attended);
  if (schools.length > 0) student.schoolsAttended = schools;
  const attended = month(row, 'date_last_attended', where);
  if (attended !== undefined) student.dateLastAttended = attended;
  const ossd = date(row, 'ossd_date', where);
  if (ossd !== undefined) student.ossdDate = ossd;
  return student;
}

const NOTES: readonly CourseNote[] = ['EQUIVALENCY', 'CHALLENGE', 'SUBSTITUTION', 'ELEARNING'];

/** Grade from the digit after an Ontario course code's three letters (ENG4U → 12). */
export function gradeFromCode(code: string): number | undefined {
  const m = /^[A-Z]{3}([1-4])/.exec(code.toUpperCase());
  return m ? 8 + Number(m[1]) : undefined;
}

export function courseFromRow(row: Row, where: string): CourseAttempt {
  const code = text(row.course_code)?.toUpperCase();
  if (code === undefined || !/^[A-Z0-9]{5,6}$/.test(code))
    throw dataInvalid(`${where}, column course_code`, 'a course code has 5 or 6 letters and digits');
  const gradeText = text(row.grade);
  const grade = gradeText === undefined ? gradeFromCode(code) : Number(gradeText);
  if (grade === undefined || !Number.isInteger(grade) || grade < 9 || grade > 12)
    throw dataInvalid(`${where}, column grade`, 'a grade is 9, 10, 11 or 12');
  const markText = text(row.mark);
  if (markText === undefined) throw dataInvalid(`${where}, column mark`, 'a mark is required');
  const mark = /^\d+(\.0+)?$/.test(markText) ? Number(markText) : markText;
  if (typeof mark === 'number' && mark > 100)
    throw dataInvalid(`${where}, column mark`, 'a mark is 0 to 100');
  const completionDate = month(row, 'completion_date', where);
  if (completionDate === undefined)
    throw dataInvalid(`${where}, column completion_date`, 'a completion month (YYYY-MM) is required');
  const notes = list(row.notes).map((n) => n.toUpperCase());
  for (const n of notes) {
    if (!(NOTES as readonly string[]).includes(n))
      throw dataInvalid(`${where}, column notes`, `expected notes among ${NOTES.join(', ')}`);
  }
  const attempt: CourseAttempt = {
    code,
    title: text(row.title) ?? '',
    grade,
    mark,
    creditValue: number(row, 'credit_value', where, 1),
    creditEarned: number(row, 'credit_earned', where, 0),
    completionDate,
    compulsory: yesNo(row, 'compulsory', where),
    notes: notes as CourseNote[],
  };
  const status = oneOf<CourseStatus>(row, 'status', where, ['R', 'W', 'X']);
  if (status !== undefined) attempt.status = status;
  const delivery = text(row.delivery_school_bsid);
  if (delivery !== undefined) attempt.deliverySchoolBsid = delivery;
  return attempt;
}

export interface Requirements {
  communityInvolvementHours: number;
  literacy: LiteracyRequirement;
  onlineLearning?: OnlineLearning;
  shsm?: string;
  award?: { kind: 'OSSD' | 'OSSC'; date: string };
}

/** A student without a requirements row has met none of them yet. */
export const NO_REQUIREMENTS: Requirements = { communityInvolvementHours: 0, literacy: 'NOT_YET' };

export function requirementsFromRow(row: Row, where: string): Requirements {
  const req: Requirements = {
    communityInvolvementHours: number(row, 'community_involvement_hours', where, 0),
    literacy:
      oneOf<LiteracyRequirement>(row, 'literacy_requirement', where, ['OSSLT', 'OLC4O', 'NOT_YET']) ??
      'NOT_YET',
  };
  const online = oneOf<OnlineLearning>(row, 'online_learning', where, ['MET', 'EXEMPT', 'NOT_MET']);
  if (online !== undefined) req.onlineLearning = online;
  const shsm = text(row.shsm_sector);
  if (shsm !== undefined) req.shsm = shsm;
  const award = oneOf<'OSSD' | 'OSSC'>(row, 'award', where, ['OSSD', 'OSSC']);
  if (award !== undefined) {
    const awardDate = date(row, 'award_date', where);
    if (awardDate === undefined)
      throw dataInvalid(`${where}, column award_date`, 'an award needs its date (YYYY-MM-DD)');
    req.award = { kind: award, date: awardDate };
  }
  return req;
}

export function schoolFromRow(row: Row, where: string): SchoolInfo {
  const bsid = text(row.bsid);
  if (bsid === undefined) throw dataInvalid(`${where}, column bsid`, 'the school BSID is required');
  const school: SchoolInfo = { bsid, name: text(row.name) ?? '' };
  if (school.name === '') throw dataInvalid(`${where}, column name`, 'the school name is required');
  const city = text(row.city);
  if (city !== undefined) school.city = city;
  const boardNumber = text(row.board_number);
  if (boardNumber !== undefined) school.boardNumber = boardNumber;
  const boardName = text(row.board_name);
  if (boardName !== undefined) school.boardName = boardName;
  return school;
}

export function assembleRecord(
  student: SisStudent,
  school: SchoolInfo,
  courses: CourseAttempt[],
  req: Requirements,
): StudentRecord {
  const record: StudentRecord = {
    student,
    school,
    courses,
    communityInvolvementHours: req.communityInvolvementHours,
    literacy: req.literacy,
  };
  if (req.award) record.award = req.award;
  if (req.onlineLearning) record.onlineLearning = req.onlineLearning;
  if (req.shsm) record.shsm = req.shsm;
  return record;
}
