/** CancelTranscriptRequest: the applicant withdrew; a request whose transcript went out stays as it is. */
import type { AppContext } from '../context.js';
import { SYSTEM_ACTOR } from '../domain/request.js';
import { requireIntake, visibleRequest } from './access.js';
import { NotCancellable } from '../exchange/errors.js';
import type { CancelInput, Caller, SubmitRequestResult } from '../exchange/contract.js';

export async function cancelRequest(
  ctx: AppContext,
  caller: Caller,
  input: CancelInput,
): Promise<Omit<SubmitRequestResult, 'created'>> {
  requireIntake(caller, 'CancelTranscriptRequest');
  const request = await visibleRequest(ctx, caller, input.referenceNumber);
  if (request.status === 'CANCELLED')
    return { referenceNumber: request.referenceNumber, status: request.status };
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
  return { referenceNumber: after.referenceNumber, status: after.status };
}
