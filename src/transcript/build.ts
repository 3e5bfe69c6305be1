/**
 * From a SIS record to a transcript: normalise the record, apply the OST disclosure rules, total the
 * credits; then write the transcript as PESC High School Transcript XML (xml-writer.ts).
 */
import { randomUUID } from 'node:crypto';
import { XmlDocument, type XmlElement } from './xml-writer.js';
import type { CourseAttempt, StudentRecord } from '../sis/index.js';
import {
  ACREC_NAMESPACE,
  COURSE_CODE_PATTERN,
  COURSE_NOTES,
  CORE_NAMESPACE,
  HST_NAMESPACE,
  LETTER_MARK_PATTERN,
  ONTARIO_NAMESPACE,
  ROOT_ELEMENT,
  gradeFromCode,
  schoolYearOf,
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

export interface BuildContext {
  /** The request's reference number; written as RequestTrackingID. */
  referenceNumber: string;
  transmission: TransmissionType;
  destination?: { name: string; code?: string };
  /** Unique document identifier; a random UUID when not given. */
  documentId?: string;
  createdAt?: Date;
}

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const STUDENT_NUMBER = /^[0-9A-Za-z][0-9A-Za-z-]{0,29}$/;
const BSID = /^[0-9A-Za-z]{1,12}$/;
const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function invalid(reason: string, reasonFr: string): never {
  throw transcriptError('ETMS_E_TRANSCRIPT_RECORD_INVALID', { reason, reasonFr });
}

/** One line of text: control characters and runs of whitespace become one space, ends trimmed. */
function text(value: string | undefined | null, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  const clean = String(value)
    // Lone surrogates and U+FFFE/U+FFFF cannot be written in XML.
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g, '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ')
    .trim();
  if (clean === '') return undefined;
  return [...clean].slice(0, max).join('').trim();
}

function requiredText(value: string | undefined, max: number, what: string, whatFr: string): string {
  const clean = text(value, max);
  if (clean === undefined) invalid(`${what} is missing`, `${whatFr} manque`);
  return clean;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function calendarDate(value: string | undefined, what: string, whatFr: string): string {
  const m = (value ?? '').trim().match(/^(\d{4})[-/]?(\d{2})[-/]?(\d{2})$/);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3])))
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
  if (!IDENTIFIER.test(referenceNumber))
    invalid(
      `the reference number '${ctx.referenceNumber}' is not valid`,
      `le numéro de référence « ${ctx.referenceNumber} » n’est pas valide`,
    );
  if (ctx.transmission !== 'Original' && ctx.transmission !== 'Reissue')
    invalid(
      `the transmission type '${ctx.transmission}' is not Original or Reissue`,
      `le type d’envoi « ${ctx.transmission} » n’est ni Original ni Reissue`,
    );
  const documentId = ctx.documentId ?? randomUUID();
  if (!IDENTIFIER.test(documentId))
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
  const schoolName = requiredText(record.school.name, 120, 'the school name', 'le nom de l’école');

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
      firstName: requiredText(s.firstName, 60, 'the first name', 'le prénom'),
      lastName: requiredText(s.lastName, 60, 'the last name', 'le nom de famille'),
      previousLastNames: [
        ...new Set(
          (s.previousLastNames ?? []).map((n) => text(n, 60)).filter((n): n is string => n !== undefined),
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
  const middle = text(s.middleNames, 60);
  if (middle !== undefined) transcript.student.middleNames = middle;
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
    const destination: TranscriptOrganization = {
      name: requiredText(ctx.destination.name, 120, 'the destination name', 'le nom du destinataire'),
    };
    const code = text(ctx.destination.code, 64);
    if (code !== undefined) {
      if (!IDENTIFIER.test(code))
        invalid(
          `the destination code '${code}' is not valid`,
          `le code du destinataire « ${code} » n’est pas valide`,
        );
      destination.code = code;
    }
    transcript.transmission.destination = destination;
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

const XMLNS = 'http://www.w3.org/2000/xmlns/';
const decimal = (n: number) => n.toFixed(2);

function organization(parent: XmlElement, name: string, org: TranscriptOrganization): void {
  const el = parent.ele(name);
  if (org.bsid !== undefined) el.ele('MIDENT').txt(org.bsid);
  else if (org.code !== undefined) el.ele('MutuallyDefined').txt(org.code);
  el.ele('OrganizationName').txt(org.name);
  if (org.boardNumber !== undefined || org.boardName !== undefined) {
    const board = el.ele('SchoolBoard');
    if (org.boardNumber !== undefined) board.ele('BoardNumber').txt(org.boardNumber);
    if (org.boardName !== undefined) board.ele('BoardName').txt(org.boardName);
  }
  if (org.city !== undefined) el.ele('Contacts').ele('Address').ele('City').txt(org.city);
}

const GENDER_CODE: Record<Gender, string> = { M: 'Male', F: 'Female', X: 'Unreported' };

/** Writes the transcript as PESC High School Transcript XML (UTF-8, indented). */
export function transcriptToXml(t: Transcript): string {
  const doc = new XmlDocument();
  const root = doc
    .ele(HST_NAMESPACE, `HSTrn:${ROOT_ELEMENT}`)
    .att(XMLNS, 'xmlns:core', CORE_NAMESPACE)
    .att(XMLNS, 'xmlns:AcRec', ACREC_NAMESPACE);

  const td = root.ele('TransmissionData');
  td.ele('DocumentID').txt(t.transmission.documentId);
  td.ele('CreatedDateTime').txt(t.transmission.createdAt);
  td.ele('DocumentTypeCode').txt(t.transmission.documentTypeCode);
  td.ele('TransmissionType').txt(t.transmission.transmissionType);
  organization(td.ele('Source'), 'Organization', t.transmission.source);
  if (t.transmission.destination)
    organization(td.ele('Destination'), 'Organization', t.transmission.destination);
  td.ele('RequestTrackingID').txt(t.transmission.requestTrackingId);

  const student = root.ele('Student');
  const person = student.ele('Person');
  const s = t.student;
  person.ele('SchoolAssignedPersonID').txt(s.studentNumber);
  if (s.oen !== undefined) person.ele('AgencyAssignedID').txt(s.oen);
  person.ele('Birth').ele('BirthDate').txt(s.birthDate);
  const name = person.ele('Name');
  name.ele('FirstName').txt(s.firstName);
  if (s.middleNames !== undefined) name.ele('MiddleName').txt(s.middleNames);
  name.ele('LastName').txt(s.lastName);
  for (const former of s.previousLastNames) person.ele('AlternateName').ele('LastName').txt(former);
  if (s.gender !== undefined) person.ele('Gender').ele('GenderCode').txt(GENDER_CODE[s.gender]);

  const record = student.ele('AcademicRecord');
  organization(record, 'School', t.school);
  if (t.award) {
    const award = record.ele('AcademicAward');
    award
      .ele('AcademicAwardLevel')
      .txt(t.award.kind === 'OSSD' ? 'HighSchoolDiploma' : 'HighSchoolCertificate');
    award.ele('AcademicAwardDate').txt(t.award.date);
    award.ele('AcademicAwardTitle').txt(t.award.kind);
  }
  const summary = record.ele('AcademicSummary');
  summary.ele('CreditsEarned').txt(decimal(t.summary.totalCredits));
  summary.ele('CompulsoryCreditsEarned').txt(decimal(t.summary.compulsoryCredits));
  for (const session of t.sessions) {
    const el = record.ele('AcademicSession');
    const detail = el.ele('AcademicSessionDetail');
    detail.ele('SessionDesignator').txt(`${session.schoolYear.slice(0, 4)}-09`);
    detail.ele('SessionName').txt(session.schoolYear);
    detail.ele('SessionSchoolYear').txt(session.schoolYear);
    for (const c of session.courses) {
      const course = el.ele('Course');
      course.ele('CourseSubjectAbbreviation').txt(c.code.slice(0, 3));
      course.ele('CourseNumber').txt(c.code.slice(3));
      course.ele('CourseTitle').txt(c.title);
      course.ele('CourseGradeLevel').txt(String(c.grade));
      course.ele('CourseCreditValue').txt(decimal(c.creditValue));
      course.ele('CourseCreditEarned').txt(decimal(c.creditEarned));
      course.ele('CourseAcademicGrade').txt(String(c.mark));
      course.ele('CourseEndDate').txt(c.completionDate);
      course.ele('CourseCompulsoryIndicator').txt(c.compulsory ? 'true' : 'false');
      if (c.status !== undefined) course.ele('CourseStatusCode').txt(c.status);
      for (const note of c.notes) course.ele('CourseNoteCode').txt(note);
      if (c.deliverySchoolBsid !== undefined)
        course.ele('CourseOverrideSchool').ele('MIDENT').txt(c.deliverySchoolBsid);
    }
  }
  const on = record.ele('UserDefinedExtensions').ele(ONTARIO_NAMESPACE, 'ON:OntarioRequirements');
  on.ele('CommunityInvolvementHours').txt(decimal(t.ontario.communityInvolvementHours));
  on.ele('LiteracyRequirement').txt(t.ontario.literacy);
  if (t.ontario.onlineLearning !== undefined)
    on.ele('OnlineLearningRequirement').txt(t.ontario.onlineLearning);
  if (t.ontario.shsm !== undefined) on.ele('SpecialistHighSkillsMajor').txt(t.ontario.shsm);
  if (t.ontario.dateLastAttended !== undefined) on.ele('DateLastAttended').txt(t.ontario.dateLastAttended);

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
