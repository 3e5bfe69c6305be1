/**
 * The canonical transcript: what an electronic transcript discloses once the OST disclosure
 * rules are applied. The builder produces it from a StudentRecord, the reader produces it from an
 * uploaded XML file, and transcriptToXml writes it in the PESC High School Transcript profile.
 */
import type {
  Gender,
  CourseAttempt,
  CourseNote,
  CourseStatus,
  LiteracyRequirement,
  OnlineLearning,
} from '../sis/index.js';

export type { CourseNote, CourseStatus, LiteracyRequirement, OnlineLearning, Gender };

export const HST_NAMESPACE = 'urn:org:pesc:message:HighSchoolTranscript:v1.5.0';
export const CORE_NAMESPACE = 'urn:org:pesc:core:CoreMain:v1.14.0';
export const ACREC_NAMESPACE = 'urn:org:pesc:sector:AcademicRecord:v1.9.0';
/** The project's own namespace for what PESC has no element for (wsdl/transcript/OntarioTranscript_v2.0.0.xsd). */
export const ONTARIO_NAMESPACE = 'urn:ca:on:etms:OntarioTranscriptExtensions:v2.0.0';
/** The earlier, PESC-shaped profile (wsdl/transcript/legacy-v1/): stored documents stay readable. */
export const LEGACY_ACREC_NAMESPACE = 'urn:org:pesc:sector:AcademicRecord:v1.6.0';
export const LEGACY_ONTARIO_NAMESPACE = 'urn:ca:on:etms:OntarioTranscriptExtensions:v1.0.0';
export const ROOT_ELEMENT = 'HighSchoolTranscript';

export type TransmissionType = 'Original' | 'Reissue';
export type DocumentTypeCode = 'StudentRequest' | 'ThirdPartyRequest' | 'Request' | 'Response';
export type AwardKind = 'OSSD' | 'OSSC';

/**
 * Ontario course code: subject (3 letters), grade digit 1–4 — or, for courses taught by level rather
 * than grade, the level letter A–E (ESL and ELD levels 1–5, ESLAO to ELDEO; international, classical and
 * Native languages, LWSBD, LVLCU) — course type, optional school-use character.
 */
export const COURSE_CODE_PATTERN = /^[A-Z]{3}[1-4A-E][DPWLOUCMEdpwloucme][A-Za-z0-9]?$/;
/** A final mark that is not a percentage: a letter code of a non-credit course. */
export const LETTER_MARK_PATTERN = /^[A-Za-z][A-Za-z+-]{0,9}$/;
export const COURSE_NOTES: readonly CourseNote[] = ['EQUIVALENCY', 'CHALLENGE', 'SUBSTITUTION', 'ELEARNING'];

/** PESC's length limits (CoreMain 1.14): the builder keeps every text within them. */
export const PESC_LIMITS = {
  documentId: 35,
  name: 35,
  /** A first or last name as the record holds it, kept whole in the Ontario extension when longer than `name`. */
  fullName: 120,
  /** MiddleName elements a Name holds. */
  middleNames: 10,
  organizationName: 60,
  courseTitle: 60,
  studentNumber: 20,
} as const;

export interface TranscriptOrganization {
  /** School BSID (MIDENT), when the organization is a school. */
  bsid?: string;
  /** Any other agreed identifier (a college code for a destination). */
  code?: string;
  name: string;
  boardNumber?: string;
  boardName?: string;
  city?: string;
}

export interface TranscriptTransmission {
  documentId: string;
  /** xs:dateTime as written in the file, e.g. 2024-04-11T14:05:00.000Z. */
  createdAt: string;
  documentTypeCode: DocumentTypeCode;
  transmissionType: TransmissionType;
  source: TranscriptOrganization;
  destination?: TranscriptOrganization;
  /** The request's reference number (H + YYYYMMDD + sequence). */
  requestTrackingId: string;
}

export interface TranscriptStudent {
  studentNumber: string;
  oen?: string;
  /** YYYY-MM-DD */
  birthDate: string;
  firstName: string;
  middleNames?: string;
  lastName: string;
  /** Former last names, most recent first. */
  previousLastNames: string[];
  gender?: Gender;
}

/** A course as the transcript discloses it: the same fields as the SIS attempt it comes from. */
export type TranscriptCourse = CourseAttempt;

export interface TranscriptSession {
  /** Ontario school year, September to August: "2009-2010". */
  schoolYear: string;
  courses: TranscriptCourse[];
}

export interface OntarioRequirements {
  communityInvolvementHours: number;
  literacy: LiteracyRequirement;
  onlineLearning?: OnlineLearning;
  /** Specialist High Skills Major sector, when earned. */
  shsm?: string;
  /** YYYY-MM */
  dateLastAttended?: string;
}

export interface Transcript {
  transmission: TranscriptTransmission;
  student: TranscriptStudent;
  school: TranscriptOrganization & { bsid: string };
  award?: { kind: AwardKind; date: string };
  sessions: TranscriptSession[];
  summary: { totalCredits: number; compulsoryCredits: number };
  ontario: OntarioRequirements;
}

/** The school year a month belongs to: September starts a new one. */
export function schoolYearOf(completionDate: string): string {
  const year = Number(completionDate.slice(0, 4));
  const month = Number(completionDate.slice(5, 7));
  const start = month >= 9 ? year : year - 1;
  return `${start}-${start + 1}`;
}

/** The course's grade (9–12) from the code's grade digit; undefined for a level letter (ESLAO). */
export function gradeFromCode(code: string): number | undefined {
  const digit = code.charCodeAt(3) - 48;
  return digit >= 1 && digit <= 4 ? digit + 8 : undefined;
}
