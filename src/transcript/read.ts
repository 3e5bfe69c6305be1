/**
 * Reads an uploaded transcript XML file: raw-byte checks (guard.ts), well-formedness, root element,
 * XSD validation, then the mapping to the transcript model with fast-xml-parser.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeTranscriptBytes, type XmlGuardOptions } from './guard.js';
import { transcriptError } from './errors.js';
import { validateTranscriptXml } from './schema.js';
import {
  HST_NAMESPACE,
  ROOT_ELEMENT,
  type AwardKind,
  type CourseNote,
  type CourseStatus,
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

const REPEATED = new Set(['AcademicSession', 'Course', 'AlternateName', 'CourseNoteCode']);

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
/** The same reading with the courses kept as raw text: who the file is about, and from which school. */
const identityParser = new XMLParser({
  ...parserOptions,
  stopNodes: [`${ROOT_ELEMENT}.Student.AcademicRecord.AcademicSession`],
});

/** The root element's local name and namespace, from its start tag. */
function rootElement(text: string): { name: string; namespace?: string } {
  let i = 0;
  for (;;) {
    i = text.indexOf('<', i);
    if (i === -1) return { name: '' };
    if (text.startsWith('<?', i)) i = text.indexOf('?>', i) + 2;
    else if (text.startsWith('<!--', i)) i = text.indexOf('-->', i) + 3;
    else break;
  }
  const tag = /^<([^\s/>]+)([^>]*)>/.exec(text.slice(i, i + 4096));
  if (!tag) return { name: '' };
  const [prefix, local] = tag[1].includes(':') ? tag[1].split(':', 2) : ['', tag[1]];
  const attr = new RegExp(
    `\\sxmlns${prefix ? `:${prefix.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}` : ''}\\s*=\\s*("([^"]*)"|'([^']*)')`,
  ).exec(tag[2]);
  const namespace = attr ? (attr[2] ?? attr[3]) : undefined;
  return { name: local, namespace: namespace === '' ? undefined : namespace };
}

type Node = Record<string, unknown>;
const node = (value: unknown): Node => (value && typeof value === 'object' ? (value as Node) : {});
const str = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : String(value);
const num = (value: unknown): number => Number(value);

function organization(value: unknown): TranscriptOrganization {
  const o = node(value);
  const org: TranscriptOrganization = { name: str(o.OrganizationName) ?? '' };
  if (o.MIDENT !== undefined) org.bsid = str(o.MIDENT);
  if (o.MutuallyDefined !== undefined) org.code = str(o.MutuallyDefined);
  const board = o.SchoolBoard === undefined ? undefined : node(o.SchoolBoard);
  if (board?.BoardNumber !== undefined) org.boardNumber = str(board.BoardNumber);
  if (board?.BoardName !== undefined) org.boardName = str(board.BoardName);
  const city = node(node(o.Contacts).Address).City;
  if (city !== undefined) org.city = str(city);
  return org;
}

const GENDER: Record<string, Gender> = { Male: 'M', Female: 'F', Unreported: 'X' };

function course(value: unknown): TranscriptCourse {
  const c = node(value);
  const mark = str(c.CourseAcademicGrade) ?? '';
  const result: TranscriptCourse = {
    code: `${str(c.CourseSubjectAbbreviation)}${str(c.CourseNumber)}`,
    title: str(c.CourseTitle) ?? '',
    grade: num(c.CourseGradeLevel),
    mark: /^\d+$/.test(mark) ? Number(mark) : mark,
    creditValue: num(c.CourseCreditValue),
    creditEarned: num(c.CourseCreditEarned),
    completionDate: str(c.CourseEndDate) ?? '',
    compulsory: str(c.CourseCompulsoryIndicator) === 'true',
    notes: ((c.CourseNoteCode as unknown[] | undefined) ?? []).map((n) => str(n) as CourseNote),
  };
  if (c.CourseStatusCode !== undefined) result.status = str(c.CourseStatusCode) as CourseStatus;
  if (c.CourseOverrideSchool !== undefined)
    result.deliverySchoolBsid = str(node(c.CourseOverrideSchool).MIDENT);
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
  if (td.Destination !== undefined) t.destination = organization(node(td.Destination).Organization);
  return t;
}

/** Maps a document that passed the XSD to the transcript model (only after validation). */
function transcriptFromXmlText(text: string, withCourses = true): Transcript {
  const doc = node((withCourses ? parser : identityParser).parse(text));
  const root = node(doc[ROOT_ELEMENT]);
  const td = node(root.TransmissionData);
  const person = node(node(root.Student).Person);
  const record = node(node(root.Student).AcademicRecord);
  const name = node(person.Name);

  const school = organization(record.School) as TranscriptOrganization & { bsid: string };
  const t: Transcript = {
    transmission: transmissionOf(td),
    student: {
      studentNumber: str(person.SchoolAssignedPersonID) ?? '',
      birthDate: str(node(person.Birth).BirthDate) ?? '',
      firstName: str(name.FirstName) ?? '',
      lastName: str(name.LastName) ?? '',
      previousLastNames: ((person.AlternateName as unknown[] | undefined) ?? []).map(
        (a) => str(node(a).LastName) ?? '',
      ),
    },
    school,
    sessions: (withCourses ? ((record.AcademicSession as unknown[] | undefined) ?? []) : []).map(
      (s): TranscriptSession => ({
        schoolYear: str(node(node(s).AcademicSessionDetail).SessionSchoolYear) ?? '',
        courses: ((node(s).Course as unknown[] | undefined) ?? []).map(course),
      }),
    ),
    summary: {
      totalCredits: num(node(record.AcademicSummary).CreditsEarned),
      compulsoryCredits: num(node(record.AcademicSummary).CompulsoryCreditsEarned),
    },
    ontario: { communityInvolvementHours: 0, literacy: 'NOT_YET' },
  };
  if (person.AgencyAssignedID !== undefined) t.student.oen = str(person.AgencyAssignedID);
  if (name.MiddleName !== undefined) t.student.middleNames = str(name.MiddleName);
  const gender = str(node(person.Gender).GenderCode);
  if (gender !== undefined) t.student.gender = GENDER[gender];
  if (record.AcademicAward !== undefined) {
    const award = node(record.AcademicAward);
    t.award = { kind: str(award.AcademicAwardTitle) as AwardKind, date: str(award.AcademicAwardDate) ?? '' };
  }
  const on = node(node(record.UserDefinedExtensions).OntarioRequirements);
  t.ontario = {
    communityInvolvementHours: num(on.CommunityInvolvementHours),
    literacy: str(on.LiteracyRequirement) as LiteracyRequirement,
  };
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
  return transcriptFromXmlText(await checkedText(bytes, opts));
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
  const text = await checkedText(bytes, opts);
  return transmissionOf(node(node(node(headerParser.parse(text))[ROOT_ELEMENT]).TransmissionData));
}

/** What a file says of its student and school besides its header, after every check (XSD included). */
export type TranscriptIdentity = Omit<Transcript, 'sessions'>;

/**
 * The file checked as fully as readTranscriptXml checks it, its courses left unread: the header, the
 * student, the school, the award and the Ontario requirements — what a submit is compared on.
 */
export async function readTranscriptIdentity(
  bytes: Buffer | Uint8Array,
  opts: ReadOptions = {},
): Promise<TranscriptIdentity> {
  const { sessions: _sessions, ...identity } = transcriptFromXmlText(await checkedText(bytes, opts), false);
  return identity;
}

/** The file as text once it has passed the byte guard, the root check and the XSD. */
async function checkedText(bytes: Buffer | Uint8Array, opts: ReadOptions): Promise<string> {
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
  const problems = await validateTranscriptXml(text);
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
  return text;
}
