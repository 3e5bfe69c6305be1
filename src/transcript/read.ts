/**
 * Reads an uploaded transcript XML file: raw-byte checks (guard.ts), well-formedness, root element,
 * XSD validation, then the mapping to the transcript model with fast-xml-parser.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeTranscriptBytes, type XmlGuardOptions } from './guard.js';
import { transcriptError } from './errors.js';
import { validateTranscriptXml } from './schema.js';
import { legacyTranscriptFromXmlText, legacyTranscriptTransmission } from './read-legacy.js';
import { node, type Node } from './xml-nodes.js';
import { withoutProcessingInstructions } from '../text/xml-shape.js';
import {
  AWARD_TITLE,
  COMPULSORY_CREDITS_AREA,
  GRADE_LEVEL,
  NOTE_MESSAGE,
  TOTAL_CREDITS_AREA,
} from './build.js';
import {
  HST_NAMESPACE,
  LEGACY_ACREC_NAMESPACE,
  ROOT_ELEMENT,
  gradeFromCode,
  schoolYearOf,
  type AwardKind,
  type CourseNote,
  type DocumentTypeCode,
  type Gender,
  type LiteracyRequirement,
  type OnlineLearning,
  type Transcript,
  type TranscriptCourse,
  type TranscriptOrganization,
  type TranscriptSession,
  type TranscriptTransmission,
  type TransmissionType,
} from './model.js';

export type ReadOptions = XmlGuardOptions;

/** Problems listed in an error's details; a broken file can have thousands. */
const MAX_PROBLEMS = 100;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML's five predefined entities and character references; there is no DTD to define others. */
function decodeText(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, ref: string) => {
    if (ref[0] !== '#') return PREDEFINED[ref];
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

// Every element PESC lets repeat that the mapping reads as a list.
const REPEATED = new Set([
  'AcademicRecord',
  'AcademicSession',
  'AcademicAward',
  'AcademicSummary',
  'HighSchoolSubjectArea',
  'Course',
  'AlternateName',
  'AgencyIdentifier',
  'MiddleName',
  'NoteMessage',
  'CourseNoteCode',
]);

const parserOptions = {
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: false,
  tagValueProcessor: (_name: string, value: string) => decodeText(value),
  isArray: (name: string) => REPEATED.has(name),
};
const parser = new XMLParser(parserOptions);
/**
 * The same reading, but the student's part (the bulk of a file: every course) is kept as raw text,
 * not read: for the transmission header alone, which comes before it.
 */
const headerParser = new XMLParser({ ...parserOptions, stopNodes: [`${ROOT_ELEMENT}.Student`] });
/** The earlier profile's documents, read with the lists that profile had. */
const LEGACY_REPEATED = new Set(['AcademicSession', 'Course', 'AlternateName', 'CourseNoteCode']);
const legacyParser = new XMLParser({
  ...parserOptions,
  isArray: (name: string) => LEGACY_REPEATED.has(name),
});
/** The same readings with the courses left as raw text: who the file is about, and from which school. */
const COURSES = [
  `${ROOT_ELEMENT}.Student.AcademicRecord.AcademicSession`,
  `${ROOT_ELEMENT}.Student.AcademicRecord.Course`,
];
const identityParser = new XMLParser({ ...parserOptions, stopNodes: COURSES });
const legacyIdentityParser = new XMLParser({
  ...parserOptions,
  isArray: (name: string) => LEGACY_REPEATED.has(name),
  stopNodes: COURSES,
});

/** The root element's local name and namespace, from its start tag. */
function rootElement(text: string): { name: string; namespace?: string; declares: string[] } {
  let i = 0;
  for (;;) {
    i = text.indexOf('<', i);
    if (i === -1) return { name: '', declares: [] };
    if (text.startsWith('<?', i)) i = text.indexOf('?>', i) + 2;
    else if (text.startsWith('<!--', i)) i = text.indexOf('-->', i) + 3;
    else break;
  }
  const tag = /^<([^\s/>]+)([^>]*)>/.exec(text.slice(i, i + 4096));
  if (!tag) return { name: '', declares: [] };
  const [prefix, local] = tag[1].includes(':') ? tag[1].split(':', 2) : ['', tag[1]];
  const attr = new RegExp(
    `\\sxmlns${prefix ? `:${prefix.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}` : ''}\\s*=\\s*("([^"]*)"|'([^']*)')`,
  ).exec(tag[2]);
  const namespace = attr ? (attr[2] ?? attr[3]) : undefined;
  const declares = [...tag[2].matchAll(/\sxmlns(?::[^\s=]+)?\s*=\s*(?:"([^"]*)"|'([^']*)')/g)].map(
    (m) => m[1] ?? m[2],
  );
  return { name: local, namespace: namespace === '' ? undefined : namespace, declares };
}

const str = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : String(Array.isArray(value) ? value[0] : value);
const num = (value: unknown): number => Number(str(value));
const list = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** PESC's organization identifiers other than the local one: its OrganizationIDMultiChoiceGroup, in its order (CoreMain v1.14.0). */
export const ORGANIZATION_ID_ELEMENTS = [
  'OPEID',
  'NCHELPID',
  'IPEDS',
  'ATP',
  'FICE',
  'ACT',
  'CCD',
  'PSS',
  'CEEBACT',
  'CSIS',
  'USIS',
  'ESIS',
  'PSIS',
  'DUNS',
  'MutuallyDefined',
  'APAS',
] as const;

function localId(o: Node): string | undefined {
  return str(node(o.LocalOrganizationID).LocalOrganizationIDCode);
}

function otherId(o: Node): string | undefined {
  for (const id of ORGANIZATION_ID_ELEMENTS) if (o[id] !== undefined) return str(o[id]);
  return undefined;
}

/** Source or destination: the BSID is the LocalOrganizationID; any other identifier is a code. */
function organization(value: unknown): TranscriptOrganization {
  const o = node(value);
  const org: TranscriptOrganization = { name: str(o.OrganizationName) ?? '' };
  const bsid = localId(o);
  if (bsid !== undefined) org.bsid = bsid;
  const code = otherId(o);
  if (code !== undefined) org.code = code;
  return org;
}

const GENDER: Record<string, Gender> = { Male: 'M', Female: 'F', Unreported: 'X' };
const GRADE: Record<string, number> = Object.fromEntries(
  Object.entries(GRADE_LEVEL).map(([grade, level]) => [level, Number(grade)]),
);
const NOTE: Record<string, CourseNote> = Object.fromEntries(
  Object.entries(NOTE_MESSAGE).map(([note, message]) => [message.toLowerCase(), note as CourseNote]),
);
const NOT_COUNTED = new Set(['RepeatNotCounted', 'ReplacedNotCounted', 'NotCountedOther']);

/** YYYY-MM of an xs:date or xs:gYearMonth. */
const month = (value: string | undefined) => (value === undefined ? undefined : value.slice(0, 7));

function course(value: unknown, sessionMonth: string | undefined): TranscriptCourse {
  const c = node(value);
  const on = node(node(c.UserDefinedExtensions).OntarioCourse);
  const code = str(on.CourseCode) ?? `${str(c.CourseSubjectAbbreviation) ?? ''}${str(c.CourseNumber) ?? ''}`;
  const mark = str(c.CourseAcademicGrade) ?? '';
  const level = str(c.CourseCreditLevel);
  const result: TranscriptCourse = {
    code,
    title: str(on.FullTitle) ?? str(c.CourseTitle) ?? '',
    grade: (level !== undefined ? GRADE[level] : undefined) ?? gradeFromCode(code) ?? 0,
    mark: /^\d+$/.test(mark) ? Number(mark) : mark,
    creditValue: c.CourseCreditValue === undefined ? 0 : num(c.CourseCreditValue),
    creditEarned: c.CourseCreditEarned === undefined ? 0 : num(c.CourseCreditEarned),
    completionDate:
      str(on.CompletionDate) ??
      month(str(c.CourseEndDate)) ??
      month(str(c.CourseBeginDate)) ??
      sessionMonth ??
      '',
    compulsory: str(on.Compulsory) === 'true',
    notes: list(c.NoteMessage)
      .map((n) => NOTE[(str(n) ?? '').trim().toLowerCase()])
      .filter((n): n is CourseNote => n !== undefined),
  };
  const repeat = str(c.CourseRepeatCode);
  const gradeStatus = str(c.CourseAcademicGradeStatusCode) ?? '';
  if (repeat !== undefined && NOT_COUNTED.has(repeat)) result.status = 'R';
  else if (gradeStatus.startsWith('Withdrew')) result.status = 'W';
  else if (str(c.CourseCreditUnits)?.trim() === 'NoCredit') result.status = 'X';
  if (c.CourseOverrideSchool !== undefined) {
    const school = node(c.CourseOverrideSchool);
    const bsid = localId(school) ?? otherId(school);
    if (bsid !== undefined) result.deliverySchoolBsid = bsid;
  }
  return result;
}

/** The TransmissionData element of a document that passed the XSD, in the model. */
function transmissionOf(td: Node): TranscriptTransmission {
  const t: TranscriptTransmission = {
    documentId: str(td.DocumentID) ?? '',
    createdAt: str(td.CreatedDateTime) ?? '',
    documentTypeCode: str(td.DocumentTypeCode) as DocumentTypeCode,
    transmissionType: str(td.TransmissionType) as TransmissionType,
    source: organization(node(td.Source).Organization),
    requestTrackingId: str(td.RequestTrackingID) ?? '',
  };
  const board = node(node(td.UserDefinedExtensions).SchoolBoard);
  if (board.BoardNumber !== undefined) t.source.boardNumber = str(board.BoardNumber);
  if (board.BoardName !== undefined) t.source.boardName = str(board.BoardName);
  const destination = organization(node(td.Destination).Organization);
  // PESC requires a Destination; an empty organization is one not named.
  if (destination.name !== '' || destination.bsid !== undefined || destination.code !== undefined)
    t.destination = destination;
  return t;
}

/** The school year (September to August) of a session, from its school year or its first month. */
function schoolYearOfSession(detail: Node): string {
  const year = str(detail.SessionSchoolYear);
  if (year !== undefined) return year;
  const designator = str(detail.SessionDesignator);
  return designator !== undefined && /^\d{4}-\d{2}/.test(designator) ? schoolYearOf(designator) : '';
}

/** The OEN: PESC's agency identifier issued in Ontario, or the deprecated AgencyAssignedID. */
function oenOf(person: Node): string | undefined {
  for (const value of list(person.AgencyIdentifier)) {
    const agency = node(value);
    if (str(agency.StateProvinceCode) === 'ON') return str(agency.AgencyAssignedID);
  }
  const deprecated = str(person.AgencyAssignedID);
  return deprecated !== undefined && /^\d{9}$/.test(deprecated) ? deprecated : undefined;
}

function creditArea(summaries: unknown[], name: string): number | undefined {
  for (const summary of summaries)
    for (const area of list(node(node(summary).HighSchoolCreditSummary).HighSchoolSubjectArea)) {
      const a = node(area);
      if (str(a.HighSchoolSubjectAreaName) === name && a.CourseCreditEarned !== undefined)
        return num(a.CourseCreditEarned);
    }
  return undefined;
}

const AWARD_KIND: Record<string, AwardKind> = Object.fromEntries(
  Object.entries(AWARD_TITLE).map(([kind, title]) => [title, kind as AwardKind]),
);

/**
 * Maps any PESC High School Transcript that passed the XSD to the transcript model: the product's
 * own (Ontario extensions included) or a SIS's export (what PESC carries; totals from the courses
 * when the document has none).
 */
function transcriptFromXmlText(text: string, xml: XMLParser = parser): Transcript {
  const doc = node(xml.parse(text));
  const root = node(doc[ROOT_ELEMENT]);
  const td = node(root.TransmissionData);
  const person = node(node(root.Student).Person);
  const records = list(node(root.Student).AcademicRecord).map(node);
  const record = records[0] ?? {};
  const name = node(person.Name);
  const schoolElement = node(record.School);
  const on = node(node(record.UserDefinedExtensions).OntarioRecord);

  const school: Transcript['school'] = {
    bsid: localId(schoolElement) ?? otherId(schoolElement) ?? '',
    name: str(schoolElement.OrganizationName) ?? '',
  };
  if (on.SchoolCity !== undefined) school.city = str(on.SchoolCity);
  const sessions: TranscriptSession[] = [];
  const loose: TranscriptCourse[] = [];
  for (const r of records) {
    for (const s of list(r.AcademicSession)) {
      const detail = node(node(s).AcademicSessionDetail);
      const designator = month(str(detail.SessionDesignator));
      sessions.push({
        schoolYear: schoolYearOfSession(detail),
        courses: list(node(s).Course).map((c) => course(c, designator)),
      });
    }
    loose.push(...list(r.Course).map((c) => course(c, undefined)));
  }
  if (loose.length > 0) sessions.push({ schoolYear: '', courses: loose });
  const courses = sessions.flatMap((s) => s.courses);
  const earned = (cs: TranscriptCourse[]) =>
    Math.round(cs.reduce((sum, c) => sum + (Number.isFinite(c.creditEarned) ? c.creditEarned : 0) * 100, 0)) /
    100;
  const summaries = records.flatMap((r) => list(r.AcademicSummary));

  const t: Transcript = {
    transmission: transmissionOf(td),
    student: {
      studentNumber: str(person.SchoolAssignedPersonID) ?? '',
      birthDate: str(node(person.Birth).BirthDate) ?? '',
      firstName: str(on.FullFirstName) ?? str(name.FirstName) ?? '',
      lastName: str(on.FullLastName) ?? str(name.LastName) ?? '',
      previousLastNames: list(person.AlternateName)
        .map(node)
        .filter((a) => a.NameCode === undefined || str(a.NameCode) === 'Former')
        .map((a) => str(a.LastName))
        .filter((n): n is string => n !== undefined),
    },
    school,
    sessions,
    summary: {
      totalCredits: creditArea(summaries, TOTAL_CREDITS_AREA) ?? earned(courses),
      compulsoryCredits:
        creditArea(summaries, COMPULSORY_CREDITS_AREA) ?? earned(courses.filter((c) => c.compulsory)),
    },
    ontario: {
      communityInvolvementHours:
        on.CommunityInvolvementHours === undefined ? 0 : num(on.CommunityInvolvementHours),
      literacy: (str(on.LiteracyRequirement) ?? 'NOT_YET') as LiteracyRequirement,
    },
  };
  const oen = oenOf(person);
  if (oen !== undefined) t.student.oen = oen;
  const middle = list(name.MiddleName)
    .map(str)
    .filter((n): n is string => n !== undefined);
  if (middle.length > 0) t.student.middleNames = middle.join(' ');
  const gender = str(node(person.Gender).GenderCode);
  if (gender !== undefined && GENDER[gender] !== undefined) t.student.gender = GENDER[gender];
  const award = records.flatMap((r) => list(r.AcademicAward)).map(node)[0];
  if (award !== undefined) {
    const title = str(award.AcademicAwardTitle) ?? '';
    const date = str(award.AcademicAwardDate) ?? str(award.AcademicCompletionDate);
    if (date !== undefined)
      t.award = { kind: AWARD_KIND[title] ?? (/OSSC|certificate/i.test(title) ? 'OSSC' : 'OSSD'), date };
  }
  if (on.OnlineLearningRequirement !== undefined)
    t.ontario.onlineLearning = str(on.OnlineLearningRequirement) as OnlineLearning;
  if (on.SpecialistHighSkillsMajor !== undefined) t.ontario.shsm = str(on.SpecialistHighSkillsMajor);
  if (on.DateLastAttended !== undefined) t.ontario.dateLastAttended = str(on.DateLastAttended);
  return t;
}

/** A clerk's sentence for a well-formedness error; an unclosed element usually means a cut-off file. */
function notWellFormed(text: string, msg: string, line: number) {
  const unclosed = /^Invalid '\[(.*)\]' found/s.exec(msg);
  if (unclosed) {
    const names = unclosed[1].match(/"([^"]+)"/g) ?? [];
    const last = (names[names.length - 1] ?? '').replace(/"/g, '');
    const lines = text.split('\n').length;
    return transcriptError('ETMS_E_TRANSCRIPT_NOT_XML', {
      line: lines,
      reason: `the file ends before the element ${last} is closed; it looks cut off`,
      reasonFr: `le fichier se termine avant la fermeture de l’élément ${last}; il semble tronqué`,
    });
  }
  return transcriptError('ETMS_E_TRANSCRIPT_NOT_XML', {
    line,
    reason: msg,
    reasonFr: `XML mal formé (${msg})`,
  });
}

/**
 * Checks an uploaded transcript XML file and returns its model. Throws an EtmsError with an
 * ETMS_E_TRANSCRIPT_* code (see errors.ts) for an empty, oversized, mis-encoded, hostile,
 * malformed, foreign or schema-invalid file.
 */
export async function readTranscriptXml(
  bytes: Buffer | Uint8Array,
  opts: ReadOptions = {},
): Promise<Transcript> {
  const { text, legacy } = await checkedText(bytes, opts);
  return legacy
    ? legacyTranscriptFromXmlText(text, (t) => legacyParser.parse(t))
    : transcriptFromXmlText(text);
}

/** What a file says of its student and school besides its header; its courses are not read. */
export type TranscriptIdentity = Omit<Transcript, 'sessions' | 'summary'>;

/**
 * The file checked as fully as readTranscriptXml checks it, its courses left unread: the header, the
 * student, the school, the award and the Ontario requirements — what a submit is compared on.
 */
export async function readTranscriptIdentity(
  bytes: Buffer | Uint8Array,
  opts: ReadOptions = {},
): Promise<TranscriptIdentity> {
  const { text, legacy } = await checkedText(bytes, opts);
  const {
    sessions: _sessions,
    summary: _summary,
    ...identity
  } = legacy
    ? legacyTranscriptFromXmlText(text, (t) => legacyIdentityParser.parse(t))
    : transcriptFromXmlText(text, identityParser);
  return identity;
}

/**
 * The transmission header of a file (document id, request tracking id…) after every check
 * readTranscriptXml makes, XSD included, without reading the student's courses into the model:
 * what a transcript sent by an agent is stored with.
 */
export async function readTranscriptTransmission(
  bytes: Buffer | Uint8Array,
  opts: ReadOptions = {},
): Promise<TranscriptTransmission> {
  const { text, legacy } = await checkedText(bytes, opts);
  const td = node(node(node(headerParser.parse(text))[ROOT_ELEMENT]).TransmissionData);
  return legacy ? legacyTranscriptTransmission(td) : transmissionOf(td);
}

/**
 * The file as text once it has passed the byte guard, the root check and the XSD: the profile's
 * (PESC with the Ontario extensions), or for a document of the earlier profile (its root declares
 * that profile's AcademicRecord 1.6 namespace) the earlier profile's.
 */
async function checkedText(
  bytes: Buffer | Uint8Array,
  opts: ReadOptions,
): Promise<{ text: string; legacy: boolean }> {
  const text = decodeTranscriptBytes(bytes, opts);

  const root = rootElement(text);
  if (root.name !== ROOT_ELEMENT || root.namespace !== HST_NAMESPACE) {
    // A file whose start tag cannot even be read is broken rather than foreign.
    const wellFormed = XMLValidator.validate(text);
    if (wellFormed !== true) throw notWellFormed(text, wellFormed.err.msg, wellFormed.err.line);
    throw transcriptError('ETMS_E_TRANSCRIPT_WRONG_ROOT', { root: root.name, namespace: root.namespace });
  }

  // libxml2 checks well-formedness and the schema in one pass; fast-xml-parser's validator is only
  // asked afterwards, for a clearer sentence about a broken file.
  const legacy = root.declares.includes(LEGACY_ACREC_NAMESPACE);
  const problems = await validateTranscriptXml(text, legacy ? 'legacy-transcript' : 'transcript');
  const parseProblem = problems.find((p) => p.element === null && p.reason.startsWith('not well-formed'));
  if (parseProblem) {
    const wellFormed = XMLValidator.validate(text);
    if (wellFormed !== true) throw notWellFormed(text, wellFormed.err.msg, wellFormed.err.line);
    throw transcriptError('ETMS_E_TRANSCRIPT_NOT_XML', {
      line: parseProblem.line,
      reason: parseProblem.reason,
      reasonFr: parseProblem.reasonFr,
    });
  }
  if (problems.length > 0)
    throw transcriptError('ETMS_E_TRANSCRIPT_SCHEMA', { problems: problems.slice(0, MAX_PROBLEMS) });
  // Processing instructions carry nothing of the transcript; the mapping's parser never reads them.
  return { text: withoutProcessingInstructions(text), legacy };
}
