/** SubmitTranscriptRequest: the application system files a request (idempotent by reference number). */
import type { AppContext } from '../context.js';
import { SYSTEM_ACTOR } from '../domain/request.js';
import { requireIntake } from './access.js';
import type { Caller, IntakeRequest, SubmitRequestResult } from '../exchange/contract.js';

export async function submitRequest(
  ctx: AppContext,
  caller: Caller,
  input: IntakeRequest,
): Promise<SubmitRequestResult> {
  requireIntake(caller, 'SubmitTranscriptRequest');
  const { request, created } = await ctx.store.requests.create(
    {
      ...input,
      referenceNumber: input.referenceNumber?.toUpperCase(),
      oen: input.oen?.replace(/\D/g, '') || null,
      receivedAt: ctx.clock(),
    },
    SYSTEM_ACTOR,
  );
  if (created)
    ctx.log.info({ reference: request.referenceNumber, credential: caller.credentialId }, 'request received');
  return { referenceNumber: request.referenceNumber, status: request.status, created };
}
