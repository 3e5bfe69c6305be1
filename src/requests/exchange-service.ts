/** The exchange's operations bound to a context: each one the command of the same name. */
import type { AppContext } from '../context.js';
import type { ExchangeService } from '../exchange/service.js';
import { cancelRequest } from './cancel-request.js';
import { getStatus } from './get-status.js';
import { leaseRequests } from './lease-requests.js';
import { releaseLease } from './release-lease.js';
import { reportError, reportErrors } from './report-errors.js';
import { submitRequest } from './submit-request.js';
import { submitTranscript, submitTranscripts } from './submit-transcripts.js';

export function createExchangeService(ctx: AppContext): ExchangeService {
  return {
    submitRequest: (caller, input, options) => submitRequest(ctx, caller, input, options),
    cancelRequest: (caller, input) => cancelRequest(ctx, caller, input),
    getStatus: (caller, input) => getStatus(ctx, caller, input),
    lease: (caller, input) => leaseRequests(ctx, caller, input),
    submitTranscript: (caller, input) => submitTranscript(ctx, caller, input),
    reportError: (caller, input) => reportError(ctx, caller, input),
    releaseLease: (caller, input) => releaseLease(ctx, caller, input),
    submitTranscripts: (caller, input) => submitTranscripts(ctx, caller, input),
    reportErrors: (caller, input) => reportErrors(ctx, caller, input),
  };
}
