/**
 * The exchange's service layer: the operations, one per file, bound to a context. The SOAP
 * and REST bindings and the in-process agent port all call this object, so they behave the same.
 */
import type { AppContext } from '../context.js';
import { cancelRequest } from './cancel-request.js';
import { getStatus } from './get-status.js';
import { lease } from './lease.js';
import { releaseLease } from './release-lease.js';
import { reportError, reportErrors } from './report-error.js';
import { submitRequest } from './submit-request.js';
import { submitTranscript, submitTranscripts } from './submit-transcript.js';
import type {
  BatchResult,
  CancelInput,
  ReportErrorOutcome,
  ReportErrorsInput,
  SubmitTranscriptOutcome,
  SubmitTranscriptsInput,
  Caller,
  IntakeRequest,
  LeaseInput,
  LeaseResult,
  ReleaseInput,
  ReleaseResult,
  ReportErrorInput,
  ReportErrorResult,
  RequestStatusView,
  StatusInput,
  SubmitRequestResult,
  SubmitTranscriptInput,
  SubmitTranscriptResult,
} from './exchange-types.js';

export interface ExchangeService {
  submitRequest(caller: Caller, input: IntakeRequest): Promise<SubmitRequestResult>;
  cancelRequest(caller: Caller, input: CancelInput): Promise<Omit<SubmitRequestResult, 'created'>>;
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

export function createExchangeService(ctx: AppContext): ExchangeService {
  return {
    submitRequest: (caller, input) => submitRequest(ctx, caller, input),
    cancelRequest: (caller, input) => cancelRequest(ctx, caller, input),
    getStatus: (caller, input) => getStatus(ctx, caller, input),
    lease: (caller, input) => lease(ctx, caller, input),
    submitTranscript: (caller, input) => submitTranscript(ctx, caller, input),
    reportError: (caller, input) => reportError(ctx, caller, input),
    releaseLease: (caller, input) => releaseLease(ctx, caller, input),
    submitTranscripts: (caller, input) => submitTranscripts(ctx, caller, input),
    reportErrors: (caller, input) => reportErrors(ctx, caller, input),
  };
}

export type * from './exchange-types.js';
