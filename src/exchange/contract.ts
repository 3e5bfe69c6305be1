/**
 * What the exchange's operations take and return. The central's commands (src/requests), the REST
 * and SOAP bindings (src/api) and the agent's ports (src/agent) all speak these shapes; the
 * bindings only translate the wire format.
 */
import type { CompletionMethod, Language, Origin, RequestType, SendTiming } from '../domain/request.js';
import type { Status, Tab } from '../domain/status.js';

/** Who is calling, once the credential has been checked. */
export type Caller =
  { kind: 'AGENT'; credentialId: string; boardId: number } | { kind: 'INTAKE'; credentialId: string };

/** The student as the applicant described them, the school they named and where the transcript goes. */
export interface ApplicantDetails {
  firstName?: string;
  lastName?: string;
  previousLastName?: string;
  birthDate?: string;
  gender?: 'M' | 'F' | 'X';
  oen?: string;
  studentNumber?: string;
  schoolBsid: string;
  dateLastAttended?: string;
  destinationCode?: string;
  destinationName?: string;
}

export interface IntakeRequest extends ApplicantDetails {
  referenceNumber?: string;
  applicationNumber?: string;
  accountNumber?: string;
  origin: Origin;
  requestType: RequestType;
  /** YYYY-MM-DD, the date the applicant paid. */
  requestedAt: string;
  sendTiming?: SendTiming;
  amountCollected?: number;
  transcriptCount?: number;
  applicantEmail?: string;
  applicantLanguage?: Language;
}

export interface SubmitRequestResult {
  referenceNumber: string;
  status: Status;
  created: boolean;
}

export interface CancelInput {
  referenceNumber: string;
  reason?: string;
}

export interface StatusInput {
  referenceNumber: string;
}

export interface RequestStatusView {
  referenceNumber: string;
  status: Status;
  statusLabelFr: string;
  statusLabelEn: string;
  tab: Tab;
  lastUpdatedBy: string;
  updatedAt: string;
  completedAt?: string;
  completionMethod?: CompletionMethod;
  autoErrorReason?: string;
}

/** Requests per lease call at most. */
export const MAX_LEASE_BATCH = 500;

export interface LeaseInput {
  /** The agent instance; a lease belongs to it until it expires. */
  owner: string;
  max: number;
  /** The agent's term end has come: END_OF_TERM requests may be leased too. */
  includeEndOfTerm?: boolean;
  leaseSeconds?: number;
}

export interface LeasedRequest extends ApplicantDetails {
  referenceNumber: string;
  requestType: RequestType;
  sendTiming: SendTiming;
  pinnedStudentNumber?: string;
  attempts: number;
  leaseExpiresAt: string;
}

export interface LeaseResult {
  leaseSeconds: number;
  requests: LeasedRequest[];
}

export interface SubmitTranscriptInput {
  referenceNumber: string;
  owner: string;
  studentNumber: string;
  /** The same key on a repeated submit finds the transcript stored the first time. */
  submissionKey: string;
  /** The transcript XML, as text or as bytes. */
  transcript: string | Uint8Array;
  /** True when staff chose the student (pinned), false when the matcher did. */
  pinned?: boolean;
}

export interface SubmitTranscriptResult {
  referenceNumber: string;
  status: Status;
  transcriptId: number;
  version: number;
  created: boolean;
}

export interface ReportErrorInput {
  referenceNumber: string;
  owner: string;
  reasonCode: string;
  reasonFr: string;
  reasonEn: string;
  /** The matcher's decision: {outcome, score, reason, candidates:[{student, score, fields, vetoes}]}. */
  matchResult?: unknown;
  /** The same decision as JSON text (SOAP); text that is not JSON refuses this report alone. */
  matchResultJson?: string;
}

export interface ReportErrorResult {
  referenceNumber: string;
  status: Status;
}

export interface ReleaseInput {
  referenceNumber: string;
  owner: string;
  /** Not before this many seconds from now. */
  delaySeconds?: number;
  /** Counts as a failed attempt (SIS or central outage), not a plain hand-back. */
  failed?: boolean;
  error?: string;
}

export interface ReleaseResult {
  released: boolean;
}

/** Items per batch call (SubmitTranscripts, ReportAutoProcessErrors). */
export const MAX_BATCH_ITEMS = 100;

export type { ItemOutcome } from '../errors.js';

export interface SubmitTranscriptsInput {
  owner: string;
  submissions: Array<Omit<SubmitTranscriptInput, 'owner'>>;
}

export interface ReportErrorsInput {
  owner: string;
  reports: Array<Omit<ReportErrorInput, 'owner'>>;
}

/** A batch item's error on the wire: the same code, sentence and HTTP status as a single call's. */
export interface ItemFault {
  code: string;
  message: string;
  status: number;
}

/** A batch item's outcome on the wire: the single call's result, or its fault. */
export type SubmitTranscriptOutcome = { referenceNumber: string } & (
  SubmitTranscriptResult | { fault: ItemFault }
);
export type ReportErrorOutcome = { referenceNumber: string } & (ReportErrorResult | { fault: ItemFault });

export interface BatchResult<T> {
  results: T[];
}
