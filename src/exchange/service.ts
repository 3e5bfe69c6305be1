/**
 * The exchange as one object: each operation of the contract, for a caller. The central builds it
 * over its commands (src/requests/exchange-service.ts); the SOAP and REST bindings and the agent's
 * in-process port call it, so every way in behaves the same.
 */
import type {
  BatchResult,
  CancelInput,
  CancelResult,
  Caller,
  IntakeRequest,
  LeaseInput,
  LeaseResult,
  ReleaseInput,
  ReleaseResult,
  ReportErrorInput,
  ReportErrorOutcome,
  ReportErrorResult,
  ReportErrorsInput,
  RequestStatusView,
  StatusInput,
  SubmitRequestResult,
  SubmitTranscriptInput,
  SubmitTranscriptOutcome,
  SubmitTranscriptResult,
  SubmitTranscriptsInput,
} from './contract.js';

export interface ExchangeService {
  /**
   * `partnerTrackingId`: an application centre's own PESC RequestTrackingID that is not a reference
   * number (the PESC binding's); the request is filed under a number of the central's and keeps it.
   */
  submitRequest(
    caller: Caller,
    input: IntakeRequest,
    options?: { partnerTrackingId?: string },
  ): Promise<SubmitRequestResult>;
  cancelRequest(caller: Caller, input: CancelInput): Promise<CancelResult>;
  getStatus(caller: Caller, input: StatusInput): Promise<RequestStatusView>;
  lease(caller: Caller, input: LeaseInput): Promise<LeaseResult>;
  submitTranscript(caller: Caller, input: SubmitTranscriptInput): Promise<SubmitTranscriptResult>;
  reportError(caller: Caller, input: ReportErrorInput): Promise<ReportErrorResult>;
  releaseLease(caller: Caller, input: ReleaseInput): Promise<ReleaseResult>;
  /** Several transcripts in one call and one transaction; each item has its own outcome. */
  submitTranscripts(
    caller: Caller,
    input: SubmitTranscriptsInput,
  ): Promise<BatchResult<SubmitTranscriptOutcome>>;
  /** Several reports in one call and one transaction; each item has its own outcome. */
  reportErrors(caller: Caller, input: ReportErrorsInput): Promise<BatchResult<ReportErrorOutcome>>;
}
