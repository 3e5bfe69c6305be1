/**
 * The CentralPort: everything the agent asks of the central. Three implementations with the same
 * behaviour — in-process (both roles in one process), SOAP and REST over HTTP.
 */
import type {
  ItemOutcome,
  LeasedRequest,
  SubmitTranscriptResult,
  ReportErrorResult,
  ReportErrorInput,
  ReleaseInput,
} from '../exchange/contract.js';

export type { ItemOutcome, LeasedRequest };

export interface LeaseOptions {
  owner: string;
  includeEndOfTerm: boolean;
  leaseSeconds?: number;
}

export interface TranscriptSubmission {
  referenceNumber: string;
  owner: string;
  studentNumber: string;
  submissionKey: string;
  /** The transcript XML file. */
  xml: Uint8Array;
  pinned: boolean;
}

/** The agent's report and release are the central's operation inputs, word for word. */
export type ErrorReport = ReportErrorInput;
export type LeaseRelease = ReleaseInput;

export interface CentralPort {
  readonly transport: 'in-process' | 'soap' | 'rest';
  lease(max: number, options: LeaseOptions): Promise<LeasedRequest[]>;
  submitTranscript(submission: TranscriptSubmission): Promise<SubmitTranscriptResult>;
  reportError(report: ErrorReport): Promise<ReportErrorResult>;
  release(release: LeaseRelease): Promise<{ released: boolean }>;
  /**
   * Several submissions (one owner) in one call and one transaction at the central; each item has
   * its own outcome. A failure of the call itself (unreachable, 5xx) rejects the whole promise.
   */
  submitTranscripts(submissions: TranscriptSubmission[]): Promise<ItemOutcome<SubmitTranscriptResult>[]>;
  /** Several reports (one owner) in one call, as submitTranscripts. */
  reportErrors(reports: ErrorReport[]): Promise<ItemOutcome<ReportErrorResult>[]>;
  close(): Promise<void>;
}

/** The one owner of a batch's items: an agent instance batches only its own work. */
export function batchOwner(items: ReadonlyArray<{ owner: string }>): string {
  const owner = items[0]?.owner;
  if (owner === undefined || items.some((i) => i.owner !== owner))
    throw new Error('a batch holds the items of one owner, at least one');
  return owner;
}

/** A submission's fields on the wire, SOAP and REST alike (the owner goes once per call). */
export function submissionFields(s: TranscriptSubmission) {
  return {
    referenceNumber: s.referenceNumber,
    studentNumber: s.studentNumber,
    submissionKey: s.submissionKey,
    transcriptBase64: Buffer.from(s.xml).toString('base64'),
    pinned: s.pinned,
  };
}
