/**
 * The CentralPort: everything the agent asks of the central. Three implementations with the same
 * behaviour — in-process (both roles in one process), SOAP and REST over HTTP.
 */
import type { LeasedRequest, SubmitTranscriptResult, ReportErrorResult, ReportErrorInput, ReleaseInput } from '../central/exchange-types.js';

export type { LeasedRequest };

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
  close(): Promise<void>;
}
