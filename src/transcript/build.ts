/**
 * From a SIS record to a transcript: normalise the record, apply the OST disclosure rules, total the
 * credits; then write the transcript as PESC High School Transcript XML (xml-writer.ts).
 */
import { randomUUID } from 'node:crypto';
import { XmlDocument, type XmlElement } from './xml-writer.js';
import { isCalendarDate } from '../domain/calendar-date.js';
import type { CourseAttempt, StudentRecord } from '../sis/index.js';
import {
  COURSE_CODE_PATTERN,
  COURSE_NOTES,
  HST_NAMESPACE,
  LETTER_MARK_PATTERN,
  ONTARIO_NAMESPACE,
  PESC_LIMITS,
  ROOT_ELEMENT,
  gradeFromCode,
  schoolYearOf,
  type AwardKind,
  type CourseNote,
  type Gender,
  type Transcript,
  type TranscriptCourse,
  type TranscriptOrganization,
  type TranscriptSession,
  type TransmissionType,
} from './model.js';
import { transcriptError } from './errors.js';
import { validateTranscriptXml } from './schema.js';
import { groupBy } from '../collections.js';
import { oneLineText } from '../text/one-line.js';

export interface BuildContext {
  /** The request's reference number; written as RequestTrackingID. */
  referenceNumber: string;
  transmission: TransmissionType;
  /** The request's destination: its code, its name or both (a request may name only one). */
  destination?: { name?: string; code?: string };
  /** Unique document identifier; a random UUID when not given. */
  documentId?: string;
  createdAt?: Date;
}

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const STUDENT_NUMBER = /^[0-9A-Za-z][0-9A-Za-z-]{0,19}$/;
const DOCUMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,34}$/;
/** What the intake accepts as a destination code (letters, digits, _ and -), and PESC's usual separators. */
const DESTINATION_CODE = /^[A-Za-z0-9_.:-]{1,60}$/;
const BSID = /^[0-9A-Za-z]{1,12}$/;
const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function invalid(reason: string, reasonFr: string): never {
  throw transcriptError('ETMS_E_TRANSCRIPT_RECORD_INVALID', { reason, reasonFr });
}

const text = oneLineText;

function requiredText(value: string | undefined, max: number, what: string, whatFr: string): string {
  const clean = text(value, max);
  if (clean === undefined) invalid(`${what} is missing`, `${whatFr} manque`);
  return clean;
}

function calendarDate(value: string | undefined, what: string, whatFr: string): string {
  const m = (value ?? '').trim().match(/^(\d{4})[-/]?(\d{2})[-/]?(\d{2})$/);
  if (!m || !isCalendarDate(`${m[1]}-${m[2]}-${m[3]}`))
    invalid(
      `${what} '${value ?? ''}' is not a date (YYYY-MM-DD)`,
      `${whatFr} « ${value ?? ''} » n’est pas une date (AAAA-MM-JJ)`,
    );
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function yearMonth(value: string | undefined, what: string, whatFr: string): string {
  const trimmed = (value ?? '').trim().replace('/', '-');
  const m = trimmed.slice(0, 7).match(YEAR_MONTH);
  if (!m || (trimmed.length > 7 && !/^-\d{2}$/.test(trimmed.slice(7))))
    invalid(
      `${what} '${value ?? ''}' is not a month (YYYY-MM)`,
      `${whatFr} « ${value ?? ''} » n’est pas un mois (AAAA-MM)`,
    );
  return `${m[1]}-${m[2]}`;
}

function credit(value: number, max: number, what: string, whatFr: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max)
    invalid(
      `${what} '${value}' must be between 0 and ${max}`,
      `${whatFr} « ${value} » doit être entre 0 et ${max}`,
    );
  return Math.round(value * 100) / 100;
}

function normaliseMark(mark: number | string, code: string): number | string {
  if (typeof mark === 'number') {
    if (!Number.isFinite(mark) || mark < 0 || mark > 100)
      invalid(
        `the mark ${mark} of ${code} must be between 0 and 100`,
        `la note ${mark} de ${code} doit être entre 0 et 100`,
      );
    // OST marks are whole percentages.
    return Math.round(mark);
  }
  const trimmed = String(mark ?? '').trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return normaliseMark(Number(trimmed), code);
  if (!LETTER_MARK_PATTERN.test(trimmed))
    invalid(
      `the mark '${trimmed}' of ${code} is neither a percentage nor a letter code`,
      `la note « ${trimmed} » de ${code} n’est ni un pourcentage ni un code de lettres`,
    );
  return trimmed.toUpperCase();
}

function normaliseCourse(attempt: CourseAttempt, homeBsid: string): TranscriptCourse {
  const code = String(attempt.code ?? '')
    .trim()
    .toUpperCase();
  if (!COURSE_CODE_PATTERN.test(code))
    invalid(
      `the course code '${attempt.code}' is not an Ontario course code (e.g. ENG4U1)`,
      `le code de cours « ${attempt.code} » n’est pas un code de cours de l’Ontario (p. ex. ENG4U1)`,
    );
  const grade =
    Number.isInteger(attempt.grade) && attempt.grade >= 9 && attempt.grade <= 12
      ? attempt.grade
      : gradeFromCode(code);
  // A course taught by level (ESLBO) says no grade: the SIS's own tells which disclosure rule applies.
  if (grade === undefined)
    invalid(
      `the grade of ${code} is not given (9 to 12): its code names a level, not a grade`,
      `l’année d’études de ${code} n’est pas donnée (9 à 12) : son code indique un niveau, pas une année`,
    );
  const status = attempt.status;
  if (status !== undefined && status !== 'R' && status !== 'W' && status !== 'X')
    invalid(
      `the status '${status}' of ${code} is not R, W or X`,
      `le statut « ${status} » de ${code} n’est pas R, W ou X`,
    );
  // Repeated, withdrawn and non-credit attempts never carry credit, whatever the SIS holds.
  const zeroCredit = status === 'R' || status === 'W' || status === 'X';
  const notes = COURSE_NOTES.filter((n) => (attempt.notes ?? []).includes(n));
  const unknownNote = (attempt.notes ?? []).find((n) => !COURSE_NOTES.includes(n));
  if (unknownNote)
    invalid(
      `the note '${unknownNote}' of ${code} is unknown`,
      `la note de cours « ${unknownNote} » de ${code} est inconnue`,
    );
  const delivery = text(attempt.deliverySchoolBsid, 12);
  if (delivery !== undefined && !BSID.test(delivery))
    invalid(
      `the delivery school '${delivery}' of ${code} is not a school number`,
      `l’école de prestation « ${delivery} » de ${code} n’est pas un numéro d’école`,
    );
  const course: TranscriptCourse = {
    code,
    title: requiredText(attempt.title, 120, `the title of ${code}`, `le titre de ${code}`),
    grade,
    mark: normaliseMark(attempt.mark, code),
    creditValue: credit(
      attempt.creditValue,
      4,
      `the credit value of ${code}`,
      `la valeur en crédits de ${code}`,
    ),
    creditEarned: zeroCredit
      ? 0
      : credit(attempt.creditEarned, 4, `the credit earned for ${code}`, `le crédit obtenu pour ${code}`),
    completionDate: yearMonth(
      attempt.completionDate,
      `the completion date of ${code}`,
      `la date de fin de ${code}`,
    ),
    compulsory: attempt.compulsory === true,
    notes,
  };
  if (status !== undefined) course.status = status;
  if (delivery !== undefined && delivery !== homeBsid) course.deliverySchoolBsid = delivery;
  return course;
}

/** Same course whatever the school-use sixth character: subject, grade digit and type. */
const courseKey = (c: TranscriptCourse) => c.code.slice(0, 5);
const markValue = (c: TranscriptCourse) => (typeof c.mark === 'number' ? c.mark : -1);
const earnedCredit = (c: TranscriptCourse) => c.status === undefined && c.creditEarned > 0;
/** Higher mark first; on equal marks the earlier attempt. */
const better = (a: TranscriptCourse, b: TranscriptCourse) =>
  markValue(b) - markValue(a) || a.completionDate.localeCompare(b.completionDate);

/**
 * OST disclosure: grades 11–12 report every attempt (a passed course taken again keeps its credit on
 * the higher mark only; the other attempts are marked R with no credit); grades 9–10 report passed
 * courses only, and only the higher attempt of a course passed more than once.
 */
export function applyDisclosureRules(courses: TranscriptCourse[]): TranscriptCourse[] {
  const disclosed: TranscriptCourse[] = [];
  const senior = courses.filter((c) => c.grade >= 11);
  const junior = courses.filter((c) => c.grade <= 10);
  for (const attempts of groupBy(senior, courseKey).values()) {
    const earning = attempts.filter(earnedCredit).sort(better);
    const repeated = new Set(earning.slice(1));
    for (const c of attempts) disclosed.push(repeated.has(c) ? { ...c, status: 'R', creditEarned: 0 } : c);
  }
  for (const attempts of groupBy(junior, courseKey).values()) {
    const passed = attempts.filter(earnedCredit).sort(better);
    if (passed.length > 0) disclosed.push(passed[0]);
    // Non-credit courses carry no credit to pass or fail; they are reported as taken.
    disclosed.push(...attempts.filter((c) => c.status === 'X'));
  }
  return disclosed;
}

function toSessions(courses: TranscriptCourse[]): TranscriptSession[] {
  const sorted = [...courses].sort(
    (a, b) =>
      a.completionDate.localeCompare(b.completionDate) ||
      a.code.localeCompare(b.code) ||
      markValue(b) - markValue(a),
  );
  const bySchoolYear = groupBy(sorted, (c) => schoolYearOf(c.completionDate));
  return [...bySchoolYear.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([schoolYear, list]) => ({ schoolYear, courses: list }));
}

const sum = (values: number[]) => Math.round(values.reduce((s, v) => s + v * 100, 0)) / 100;

function normaliseGender(gender: string | undefined): Gender | undefined {
  if (gender === undefined || gender === null || String(gender).trim() === '') return undefined;
  const g = String(gender).trim().toUpperCase();
  if (g === 'M' || g === 'F' || g === 'X') return g;
  return invalid(`the gender '${gender}' is not M, F or X`, `le genre « ${gender} » n’est pas M, F ou X`);
}

/** Builds the disclosed transcript of a student for one request. */
export function buildTranscript(record: StudentRecord, ctx: BuildContext): Transcript {
  const s = record.student;
  const referenceNumber = (ctx.referenceNumber ?? '').trim();
  if (!DOCUMENT_ID.test(referenceNumber))
    invalid(
      `the reference number '${ctx.referenceNumber}' is not valid`,
      `le numéro de référence « ${ctx.referenceNumber} » n’est pas valide`,
    );
  if (ctx.transmission !== 'Original' && ctx.transmission !== 'Reissue')
    invalid(
      `the transmission type '${ctx.transmission}' is not Original or Reissue`,
      `le type d’envoi « ${ctx.transmission} » n’est ni Original ni Reissue`,
    );
  // PESC's DocumentID holds 35 characters: a UUID without its hyphens.
  const documentId = ctx.documentId ?? randomUUID().replace(/-/g, '');
  if (!DOCUMENT_ID.test(documentId))
    invalid(
      `the document identifier '${documentId}' is not valid`,
      `l’identifiant de document « ${documentId} » n’est pas valide`,
    );
  const createdAt = ctx.createdAt ?? new Date();
  if (Number.isNaN(createdAt.getTime()))
    invalid('the creation date is not a date', 'la date de création n’est pas une date');

  const bsid = (record.school?.bsid ?? '').trim();
  if (!BSID.test(bsid))
    invalid(
      `the school number (BSID) '${record.school?.bsid ?? ''}' is not valid`,
      `le numéro d’école (BSID) « ${record.school?.bsid ?? ''} » n’est pas valide`,
    );
  const schoolName = requiredText(
    record.school.name,
    PESC_LIMITS.organizationName,
    'the school name',
    'le nom de l’école',
  );

  const studentNumber = (s.studentNumber ?? '').trim();
  if (!STUDENT_NUMBER.test(studentNumber))
    invalid(
      `the student number '${s.studentNumber}' is not valid`,
      `le numéro d’élève « ${s.studentNumber} » n’est pas valide`,
    );
  const oen = (s.oen ?? '').replace(/[\s-]/g, '');
  if (oen !== '' && !/^\d{9}$/.test(oen))
    invalid(`the OEN '${s.oen}' is not nine digits`, `le NISO « ${s.oen} » n’a pas neuf chiffres`);

  const courses = (record.courses ?? []).map((c) => normaliseCourse(c, bsid));
  const disclosed = applyDisclosureRules(courses);

  const awardSource = record.award ?? (s.ossdDate ? { kind: 'OSSD' as const, date: s.ossdDate } : undefined);
  if (awardSource && awardSource.kind !== 'OSSD' && awardSource.kind !== 'OSSC')
    invalid(
      `the award '${awardSource.kind}' is not OSSD or OSSC`,
      `le diplôme « ${awardSource.kind} » n’est ni OSSD ni OSSC`,
    );
  if (!['OSSLT', 'OLC4O', 'NOT_YET'].includes(record.literacy))
    invalid(
      `the literacy requirement '${record.literacy}' is not OSSLT, OLC4O or NOT_YET`,
      `la condition de littératie « ${record.literacy} » n’est pas OSSLT, OLC4O ou NOT_YET`,
    );
  if (record.onlineLearning !== undefined && !['MET', 'EXEMPT', 'NOT_MET'].includes(record.onlineLearning))
    invalid(
      `the online learning requirement '${record.onlineLearning}' is not MET, EXEMPT or NOT_MET`,
      `l’exigence d’apprentissage en ligne « ${record.onlineLearning} » n’est pas MET, EXEMPT ou NOT_MET`,
    );

  const source: TranscriptOrganization = { bsid, name: schoolName };
  const boardNumber = text(record.school.boardNumber, 64)?.replace(/\s/g, '');
  if (boardNumber !== undefined) {
    if (!IDENTIFIER.test(boardNumber))
      invalid(
        `the board number '${record.school.boardNumber}' is not valid`,
        `le numéro de conseil « ${record.school.boardNumber} » n’est pas valide`,
      );
    source.boardNumber = boardNumber;
  }
  const boardName = text(record.school.boardName, 120);
  if (boardName !== undefined) source.boardName = boardName;

  const transcript: Transcript = {
    transmission: {
      documentId,
      createdAt: createdAt.toISOString(),
      documentTypeCode: 'StudentRequest',
      transmissionType: ctx.transmission,
      source,
      requestTrackingId: referenceNumber,
    },
    student: {
      studentNumber,
      birthDate: calendarDate(s.birthDate, 'the birth date', 'la date de naissance'),
      firstName: requiredText(s.firstName, PESC_LIMITS.fullName, 'the first name', 'le prénom'),
      lastName: requiredText(s.lastName, PESC_LIMITS.fullName, 'the last name', 'le nom de famille'),
      previousLastNames: [
        ...new Set(
          (s.previousLastNames ?? [])
            .map((n) => text(n, PESC_LIMITS.name))
            .filter((n): n is string => n !== undefined),
        ),
      ].slice(0, 10),
    },
    school: { bsid, name: schoolName },
    sessions: toSessions(disclosed),
    summary: {
      totalCredits: sum(disclosed.map((c) => c.creditEarned)),
      compulsoryCredits: sum(disclosed.filter((c) => c.compulsory).map((c) => c.creditEarned)),
    },
    ontario: {
      communityInvolvementHours: credit(
        record.communityInvolvementHours ?? 0,
        9999,
        'the community involvement hours',
        'les heures de bénévolat',
      ),
      literacy: record.literacy,
    },
  };
  if (transcript.summary.totalCredits > 999)
    invalid('the total of credits is above 999', 'le total des crédits dépasse 999');
  if (oen !== '') transcript.student.oen = oen;
  const middle = text(s.middleNames, PESC_LIMITS.name * PESC_LIMITS.middleNames);
  if (middle !== undefined) transcript.student.middleNames = middleNameParts(middle).join(' ');
  const gender = normaliseGender(s.gender);
  if (gender !== undefined) transcript.student.gender = gender;
  const city = text(record.school.city, 60);
  if (city !== undefined) transcript.school.city = city;
  if (awardSource)
    transcript.award = {
      kind: awardSource.kind,
      date: calendarDate(awardSource.date, `the ${awardSource.kind} date`, `la date du ${awardSource.kind}`),
    };
  if (ctx.destination) {
    const name = text(ctx.destination.name, PESC_LIMITS.organizationName);
    const code = text(ctx.destination.code, 64);
    if (code !== undefined && !DESTINATION_CODE.test(code))
      invalid(
        `the destination code '${code}' is not valid`,
        `le code du destinataire « ${code} » n’est pas valide`,
      );
    const destination: TranscriptOrganization = { name: name ?? '' };
    if (code !== undefined) destination.code = code;
    if (name !== undefined || code !== undefined) transcript.transmission.destination = destination;
  }
  if (record.onlineLearning !== undefined) transcript.ontario.onlineLearning = record.onlineLearning;
  const shsm = text(record.shsm, 100);
  if (shsm !== undefined) transcript.ontario.shsm = shsm;
  if (s.dateLastAttended)
    transcript.ontario.dateLastAttended = yearMonth(
      s.dateLastAttended,
      'the date last attended',
      'la date de dernière fréquentation',
    );
  return transcript;
}

/**
 * PESC holds up to ten MiddleName elements of 35 characters each: the middle names word by word,
 * as many words to an element as fit, rather than one element cut at 35 characters. A reader
 * joins them again with spaces.
 */
/**
 * A first or last name as PESC's Name holds it: its first PESC_LIMITS.name characters, without a
 * hyphen, apostrophe or space left hanging where it was cut (Wolfeschlegelsteinhausenbergerdorff-V…).
 */
function pescName(value: string): string {
  const chars = [...value];
  if (chars.length <= PESC_LIMITS.name) return value;
  return chars
    .slice(0, PESC_LIMITS.name)
    .join('')
    .replace(/[\s'’-]+$/u, '');
}

function middleNameParts(value: string): string[] {
  const parts: string[] = [];
  for (const word of value.split(' ').filter((w) => w !== '')) {
    const clipped = [...word].slice(0, PESC_LIMITS.name).join('');
    const last = parts.at(-1);
    if (last !== undefined && [...last].length + 1 + [...clipped].length <= PESC_LIMITS.name)
      parts[parts.length - 1] = `${last} ${clipped}`;
    else if (parts.length < PESC_LIMITS.middleNames) parts.push(clipped);
    else break;
  }
  return parts;
}

const decimal = (n: number) => n.toFixed(2);

/** PESC's qualifier of a LocalOrganizationID issued in Ontario: the school's BSID (MIDENT). */
export const ONTARIO_QUALIFIER = 'ON';

/** LocalOrganizationID (the BSID) when the organization is a school, MutuallyDefined for another code. */
function organization(parent: XmlElement, org: TranscriptOrganization): void {
  const el = parent.ele('Organization');
  if (org.bsid === undefined && org.code !== undefined) el.ele('MutuallyDefined').txt(org.code);
  if (org.bsid !== undefined) localOrganizationId(el, org.bsid);
  if (org.name !== '') el.ele('OrganizationName').txt(org.name);
}

function localOrganizationId(parent: XmlElement, bsid: string): void {
  const id = parent.ele('LocalOrganizationID');
  id.ele('LocalOrganizationIDCode').txt(bsid);
  id.ele('LocalOrganizationIDQualifier').txt(ONTARIO_QUALIFIER);
}

/** PESC's SchoolType: a name (required; the BSID when only that is known), then the BSID. */
function school(parent: XmlElement, element: string, bsid: string, organizationName = bsid): void {
  const el = parent.ele(element);
  el.ele('OrganizationName').txt(organizationName);
  localOrganizationId(el, bsid);
}

const GENDER_CODE: Record<Gender, string> = { M: 'Male', F: 'Female', X: 'Unreported' };
export const GRADE_LEVEL: Record<number, string> = {
  9: 'NinthGrade',
  10: 'TenthGrade',
  11: 'EleventhGrade',
  12: 'TwelfthGrade',
};
/** How a course note reads in PESC's NoteMessage (and back). */
export const NOTE_MESSAGE: Record<CourseNote, string> = {
  EQUIVALENCY: 'Equivalency',
  CHALLENGE: 'Challenge',
  SUBSTITUTION: 'Substitution',
  ELEARNING: 'E-learning',
};
export const AWARD_TITLE: Record<AwardKind, string> = {
  OSSD: 'Ontario Secondary School Diploma',
  OSSC: 'Ontario Secondary School Certificate',
};
/** HighSchoolCreditSummary subject areas carrying the OST's two totals. */
export const TOTAL_CREDITS_AREA = 'Total credits';
export const COMPULSORY_CREDITS_AREA = 'Compulsory credits';
/** The OEN: a provincial agency identifier (AcademicRecord 1.9 deprecates AgencyAssignedID alone). */
export const OEN_AGENCY_NAME = 'Ontario Ministry of Education (OEN)';

function creditBasis(c: TranscriptCourse): string {
  if (c.notes.includes('EQUIVALENCY')) return 'Equivalence';
  if (c.notes.includes('CHALLENGE')) return 'CreditByExam';
  return 'Regular';
}

function course(parent: XmlElement, c: TranscriptCourse, homeBsid: string): void {
  const el = parent.ele('Course');
  el.ele('CourseCreditBasis').txt(creditBasis(c));
  if (c.status === 'X') el.ele('CourseCreditUnits').txt('NoCredit');
  el.ele('CourseCreditLevel').txt(GRADE_LEVEL[c.grade]);
  el.ele('CourseCreditValue').txt(decimal(c.creditValue));
  el.ele('CourseCreditEarned').txt(decimal(c.creditEarned));
  el.ele('CourseAcademicGrade').txt(String(c.mark));
  if (c.status === 'W') el.ele('CourseAcademicGradeStatusCode').txt('Withdrew');
  if (c.status === 'R') el.ele('CourseRepeatCode').txt('RepeatNotCounted');
  el.ele('CourseSubjectAbbreviation').txt(c.code.slice(0, 3));
  el.ele('CourseNumber').txt(c.code.slice(3));
  el.ele('CourseTitle').txt(clip(c.title, PESC_LIMITS.courseTitle));
  if (c.deliverySchoolBsid !== undefined && c.deliverySchoolBsid !== homeBsid)
    school(el, 'CourseOverrideSchool', c.deliverySchoolBsid);
  for (const note of c.notes) el.ele('NoteMessage').txt(NOTE_MESSAGE[note]);
  const on = el.ele('UserDefinedExtensions').ele(ONTARIO_NAMESPACE, 'ON:OntarioCourse');
  on.ele('CourseCode').txt(c.code);
  on.ele('CompletionDate').txt(c.completionDate);
  on.ele('Compulsory').txt(c.compulsory ? 'true' : 'false');
  // OST titles run past PESC's 60 characters; the whole title is kept beside the PESC one.
  if ([...c.title].length > PESC_LIMITS.courseTitle) on.ele('FullTitle').txt(c.title);
}

const clip = (value: string, max: number) => [...value].slice(0, max).join('').trimEnd();

/** Writes the transcript as a PESC High School Transcript v1.5.0 document (UTF-8, indented). */
export function transcriptToXml(t: Transcript): string {
  const doc = new XmlDocument();
  // The Ontario namespace is declared once, on the root: not again on every course's extension.
  const root = doc
    .ele(HST_NAMESPACE, `HSTrn:${ROOT_ELEMENT}`)
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:ON', ONTARIO_NAMESPACE);

  const td = root.ele('TransmissionData');
  td.ele('DocumentID').txt(t.transmission.documentId);
  td.ele('CreatedDateTime').txt(t.transmission.createdAt);
  td.ele('DocumentTypeCode').txt(t.transmission.documentTypeCode);
  td.ele('TransmissionType').txt(t.transmission.transmissionType);
  organization(td.ele('Source'), t.transmission.source);
  // PESC requires a destination; one not named yet is an empty organization.
  organization(td.ele('Destination'), t.transmission.destination ?? { name: '' });
  td.ele('DocumentOfficialCode').txt('Official');
  td.ele('DocumentCompleteCode').txt('Complete');
  td.ele('RequestTrackingID').txt(t.transmission.requestTrackingId);
  const { boardNumber, boardName } = t.transmission.source;
  if (boardNumber !== undefined || boardName !== undefined) {
    const board = td.ele('UserDefinedExtensions').ele(ONTARIO_NAMESPACE, 'ON:SchoolBoard');
    if (boardNumber !== undefined) board.ele('BoardNumber').txt(boardNumber);
    if (boardName !== undefined) board.ele('BoardName').txt(boardName);
  }

  const student = root.ele('Student');
  const person = student.ele('Person');
  const s = t.student;
  person.ele('SchoolAssignedPersonID').txt(s.studentNumber);
  if (s.oen !== undefined) {
    const agency = person.ele('AgencyIdentifier');
    agency.ele('AgencyAssignedID').txt(s.oen);
    agency.ele('AgencyCode').txt('Province');
    agency.ele('AgencyName').txt(OEN_AGENCY_NAME);
    agency.ele('CountryCode').txt('CA');
    agency.ele('StateProvinceCode').txt('ON');
  }
  person.ele('Birth').ele('BirthDate').txt(s.birthDate);
  const name = person.ele('Name');
  name.ele('FirstName').txt(pescName(s.firstName));
  for (const part of middleNameParts(s.middleNames ?? '')) name.ele('MiddleName').txt(part);
  name.ele('LastName').txt(pescName(s.lastName));
  for (const former of s.previousLastNames) {
    const alternate = person.ele('AlternateName');
    alternate.ele('NameCode').txt('Former');
    alternate.ele('LastName').txt(former);
  }
  if (s.gender !== undefined) person.ele('Gender').ele('GenderCode').txt(GENDER_CODE[s.gender]);

  const record = student.ele('AcademicRecord');
  school(record, 'School', t.school.bsid, t.school.name);
  if (t.award) {
    const award = record.ele('AcademicAward');
    award.ele('AcademicAwardDate').txt(t.award.date);
    award.ele('AcademicAwardTitle').txt(AWARD_TITLE[t.award.kind]);
    award.ele('AcademicCompletionIndicator').txt('true');
    award.ele('AcademicCompletionDate').txt(t.award.date);
  }
  const credits = record.ele('AcademicSummary').ele('HighSchoolCreditSummary');
  for (const [area, earned] of [
    [TOTAL_CREDITS_AREA, t.summary.totalCredits],
    [COMPULSORY_CREDITS_AREA, t.summary.compulsoryCredits],
  ] as const) {
    const el = credits.ele('HighSchoolSubjectArea');
    el.ele('HighSchoolSubjectAreaCode').txt('Other');
    el.ele('HighSchoolSubjectAreaName').txt(area);
    el.ele('CourseCreditUnits').txt('Units');
    el.ele('CourseCreditEarned').txt(decimal(earned));
  }
  for (const session of t.sessions) {
    const el = record.ele('AcademicSession');
    const detail = el.ele('AcademicSessionDetail');
    detail.ele('SessionDesignator').txt(`${session.schoolYear.slice(0, 4)}-09`);
    detail.ele('SessionName').txt(session.schoolYear);
    detail.ele('SessionType').txt('FullYear');
    detail.ele('SessionSchoolYear').txt(session.schoolYear);
    for (const c of session.courses) course(el, c, t.school.bsid);
  }
  const on = record.ele('UserDefinedExtensions').ele(ONTARIO_NAMESPACE, 'ON:OntarioRecord');
  if (t.school.city !== undefined) on.ele('SchoolCity').txt(t.school.city);
  on.ele('CommunityInvolvementHours').txt(decimal(t.ontario.communityInvolvementHours));
  on.ele('LiteracyRequirement').txt(t.ontario.literacy);
  if (t.ontario.onlineLearning !== undefined)
    on.ele('OnlineLearningRequirement').txt(t.ontario.onlineLearning);
  if (t.ontario.shsm !== undefined) on.ele('SpecialistHighSkillsMajor').txt(t.ontario.shsm);
  if (t.ontario.dateLastAttended !== undefined) on.ele('DateLastAttended').txt(t.ontario.dateLastAttended);
  // A name longer than PESC's Name holds is there whole too, as the course titles are.
  if (pescName(s.firstName) !== s.firstName) on.ele('FullFirstName').txt(s.firstName);
  if (pescName(s.lastName) !== s.lastName) on.ele('FullLastName').txt(s.lastName);

  return doc.toString() + '\n';
}

/**
 * Builds, writes and checks against the XSD in one step: the XML the agent sends. Throws
 * ETMS_E_TRANSCRIPT_RECORD_INVALID or ETMS_E_TRANSCRIPT_SCHEMA.
 */
export async function buildTranscriptXml(record: StudentRecord, ctx: BuildContext): Promise<string> {
  const xml = transcriptToXml(buildTranscript(record, ctx));
  const problems = await validateTranscriptXml(xml);
  if (problems.length > 0) throw transcriptError('ETMS_E_TRANSCRIPT_SCHEMA', { problems });
  return xml;
}
