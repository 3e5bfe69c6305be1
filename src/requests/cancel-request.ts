/**
 * CancelTranscriptRequest: the applicant withdrew; a request whose transcript went out stays as it is.
 * The request is named by its reference number or by the application centre's tracking ID.
 */
import type { AppContext } from '../context.js';
import { SYSTEM_ACTOR } from '../domain/request.js';
import { identifiedRequest, requireIntake } from './access.js';
import { NotCancellable } from '../exchange/errors.js';
import type { CancelInput, CancelResult, Caller } from '../exchange/contract.js';

export async function cancelRequest(
  ctx: AppContext,
  caller: Caller,
  input: CancelInput,
): Promise<CancelResult> {
  requireIntake(caller, 'CancelTranscriptRequest');
  const request = await identifiedRequest(ctx, caller, input, 'CancelTranscriptRequest');
  const tracking = request.partnerTrackingId ? { requestTrackingId: request.partnerTrackingId } : {};
  if (request.status === 'CANCELLED')
    return { referenceNumber: request.referenceNumber, status: request.status, ...tracking };
  if (request.tab === 'COMPLETED') throw NotCancellable(request.referenceNumber, request.status);
  const after = await ctx.store.requests.transition({
    id: request.id,
    to: 'CANCELLED',
    actor: SYSTEM_ACTOR,
    reason:
      input.reason?.trim() ||
      'Demande annulée par le système de demande / Cancelled by the application system',
    details: { credential: caller.credentialId },
  });
  return { referenceNumber: after.referenceNumber, status: after.status, ...tracking };
}
