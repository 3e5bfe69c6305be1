/**
 * What the exchange's operations take and return. The central's commands (src/requests), the REST
 * and SOAP bindings (src/api) and the agent's ports (src/agent) all speak these shapes; the
 * bindings only translate the wire format.
 */
import type { Wire } from './schemas.js';
import type { Origin } from '../domain/request.js';

/** Who is calling, once the credential has been checked. */
export type Caller =
  | { kind: 'AGENT'; credentialId: string; boardId: number }
  /** An intake client; `origin` when its credential files for one application centre only. */
  | { kind: 'INTAKE'; credentialId: string; origin?: Origin };

/** The student as the applicant described them, the school they named and where the transcript goes. */
export type ApplicantDetails = Pick<
  IntakeRequest,
  | 'firstName'
  | 'lastName'
  | 'previousLastName'
  | 'birthDate'
  | 'gender'
  | 'oen'
  | 'studentNumber'
  | 'schoolBsid'
  | 'dateLastAttended'
  | 'destinationCode'
  | 'destinationName'
>;

/** A request as the application system files it; `requestedAt` is the date the applicant paid. */
export type IntakeRequest = Wire<'IntakeRequest'>;
export type SubmitRequestResult = Wire<'SubmitRequestResult'>;
export type CancelInput = Wire<'CancelInput'>;
export type CancelResult = Wire<'CancelResult'>;
export type StatusInput = Wire<'StatusInput'>;
export type RequestStatusView = Wire<'RequestStatus'>;

/** Requests per lease call at most. */
export const MAX_LEASE_BATCH = 500;

/** `owner` is the agent instance (a lease belongs to it until it expires); `includeEndOfTerm` once its
 * term end has come, so END_OF_TERM requests may be leased too. */
export type LeaseInput = Wire<'LeaseInput'>;

export type LeasedRequest = Wire<'LeasedRequest'>;

export type LeaseResult = Wire<'LeaseResult'>;

/** A transcript for a leased request: the wire's `transcriptXml` or `transcriptBase64` as text or bytes.
 * The same `submissionKey` on a repeated submit finds the transcript stored the first time; `pinned`
 * is true when staff chose the student, false when the matcher did. */
export type SubmitTranscriptInput = Omit<
  Wire<'SubmitTranscriptInput'>,
  'transcriptXml' | 'transcriptBase64'
> & {
  transcript: string | Uint8Array;
};

export type SubmitTranscriptResult = Wire<'SubmitTranscriptResult'>;

/** `matchResult` is the matcher's decision ({outcome, score, reason, candidates}); `matchResultJson` the
 * same as JSON text (SOAP), and text that is not JSON refuses this report alone. */
export type ReportErrorInput = Omit<Wire<'ReportErrorInput'>, 'matchResult'> & { matchResult?: unknown };

export type ReportErrorResult = Wire<'ReportErrorResult'>;

/** `delaySeconds`: not before this many seconds from now; `failed`: counts as a failed attempt (SIS or
 * central outage), not a plain hand-back. */
export type ReleaseInput = Wire<'ReleaseInput'>;

export type ReleaseResult = Wire<'ReleaseResult'>;

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
export type ItemFault = Wire<'ItemFault'>;

/** A batch item's outcome on the wire: the single call's result, or its fault. */
export type SubmitTranscriptOutcome = { referenceNumber: string } & (
  SubmitTranscriptResult | { fault: ItemFault }
);
export type ReportErrorOutcome = { referenceNumber: string } & (ReportErrorResult | { fault: ItemFault });

export interface BatchResult<T> {
  results: T[];
}
