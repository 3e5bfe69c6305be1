/**
 * A transcript request as the store keeps it, and the values its fields may take.
 */
import { DateTime } from 'luxon';
import type { Status, Tab } from './status.js';

export const ORIGINS = ['OCAS', 'OUAC'] as const;
export type Origin = (typeof ORIGINS)[number];
export const REQUEST_TYPES = ['ORIGINAL', 'REISSUE'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];
export const SEND_TIMINGS = ['NOW', 'END_OF_TERM'] as const;
export type SendTiming = (typeof SEND_TIMINGS)[number];
export const COMPLETION_METHODS = ['AUTO', 'MANUAL_XML', 'PDF', 'PAPER'] as const;
export type CompletionMethod = (typeof COMPLETION_METHODS)[number];
export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const GENDERS = ['M', 'F', 'X'] as const;
export type Gender = (typeof GENDERS)[number];

/** PESC's RequestTrackingIDType: 1 to 35 characters (an application centre's own tracking ID). */
export const MAX_TRACKING_ID = 35;
/**
 * The C0 and C1 controls (a tab, a line break…), as the body of a regular-expression class (Unicode
 * mode; the XSD says the same): no
 * tracking ID a person or a program can echo holds one, so the intake refuses them.
 */
export const TRACKING_ID_CONTROLS = '\\p{Cc}';

/** The actor name shown in « Dernière mise à jour par » for changes the system makes itself. */
export const SYSTEM_ACTOR = 'System/Système';
export const AUTO_ETMS_ACTOR = 'Auto-eTMS';

export interface TranscriptRequest {
  id: number;
  referenceNumber: string;
  /**
   * The application centre's own PESC RequestTrackingID when it is not one of our reference numbers
   * (any 1 to 35 characters): every PESC document sent back about the request echoes it.
   */
  partnerTrackingId: string | null;
  applicationNumber: string | null;
  accountNumber: string | null;
  origin: Origin;
  requestType: RequestType;
  /** YYYY-MM-DD: the date the applicant paid (« Date demandée »). */
  requestedAt: string;
  receivedAt: Date;
  sendTiming: SendTiming;
  firstName: string | null;
  lastName: string | null;
  previousLastName: string | null;
  birthDate: string | null;
  gender: Gender | null;
  oen: string | null;
  studentNumber: string | null;
  boardId: number;
  schoolId: number;
  schoolBsid: string;
  schoolName: string;
  schoolCity: string | null;
  /** YYYY-MM */
  dateLastAttended: string | null;
  amountCollected: number;
  transcriptCount: number;
  destinationCode: string | null;
  destinationName: string | null;
  applicantEmail: string | null;
  applicantLanguage: Language;
  status: Status;
  tab: Tab;
  autoErrorReason: string | null;
  /** The code of the « Erreur d'autotraitement » reason (the matcher's or the agent's), shown per language. */
  autoErrorCode: string | null;
  /** The agent's English sentence of the reason, beside the French one in autoErrorReason. */
  autoErrorReasonEn: string | null;
  /** A candidate chosen by staff; the agent sends this student's transcript without matching again. */
  pinnedStudentNumber: string | null;
  matchResult: unknown;
  lastUpdatedBy: string;
  updatedAt: Date;
  completedAt: Date | null;
  completionMethod: CompletionMethod | null;
  version: number;
}

export interface NewTranscriptRequest {
  referenceNumber?: string;
  /** The application centre's own tracking ID; the request is then found again by it (and its origin). */
  partnerTrackingId?: string | null;
  applicationNumber?: string | null;
  accountNumber?: string | null;
  origin: Origin;
  requestType: RequestType;
  requestedAt: string;
  receivedAt?: Date;
  sendTiming?: SendTiming;
  firstName?: string | null;
  lastName?: string | null;
  previousLastName?: string | null;
  birthDate?: string | null;
  gender?: Gender | null;
  oen?: string | null;
  studentNumber?: string | null;
  schoolBsid: string;
  dateLastAttended?: string | null;
  amountCollected?: number;
  transcriptCount?: number;
  destinationCode?: string | null;
  destinationName?: string | null;
  applicantEmail?: string | null;
  applicantLanguage?: Language;
  /** Defaults to ACTION_REQUIRED; the demo and imports may create requests in other statuses. */
  status?: Status;
  completedAt?: Date | null;
  completionMethod?: CompletionMethod | null;
  autoErrorReason?: string | null;
  autoErrorCode?: string | null;
  autoErrorReasonEn?: string | null;
  lastUpdatedBy?: string;
}

export interface RequestEvent {
  id: number;
  requestId: number;
  at: Date;
  actor: string;
  fromStatus: Status | null;
  toStatus: Status;
  reason: string | null;
  details: unknown;
}

/** `H` + the day in Ontario (YYYYMMDD) + the database sequence, at least six digits. */
export function formatReferenceNumber(day: Date, sequence: number, timeZone = 'America/Toronto'): string {
  const ymd = DateTime.fromJSDate(day, { zone: timeZone }).toFormat('yyyyLLdd');
  return `H${ymd}${String(sequence).padStart(6, '0')}`;
}

export { isReferenceNumber, REFERENCE_NUMBER_PATTERN } from './reference-number.js';

/** Lower-case, accent-free, single-spaced: the form names are searched and sorted in. */
export function searchKey(value: string | null | undefined): string {
  return (value ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
