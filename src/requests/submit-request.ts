/** SubmitTranscriptRequest: the application system files a request (idempotent by reference number). */
import type { AppContext } from '../context.js';
import { SYSTEM_ACTOR } from '../domain/request.js';
import { requireIntake } from './access.js';
import { RequestedAtOutOfRange } from './errors.js';

/** The earliest paid date a request may carry. */
export const EARLIEST_REQUESTED_AT = '2000-01-01';

/** Refuses a paid date before 2000 or after tomorrow (clocks and time zones may differ by a day). */
function checkRequestedAt(value: string | undefined, now: Date): void {
  if (value === undefined || value === null) return;
  const latest = new Date(now.getTime() + 36 * 3_600_000).toISOString().slice(0, 10);
  const day = String(value).slice(0, 10);
  if (day < EARLIEST_REQUESTED_AT || day > latest) throw RequestedAtOutOfRange(String(value));
}
import type { Caller, IntakeRequest, SubmitRequestResult } from '../exchange/contract.js';

export async function submitRequest(
  ctx: AppContext,
  caller: Caller,
  input: IntakeRequest,
): Promise<SubmitRequestResult> {
  requireIntake(caller, 'SubmitTranscriptRequest');
  checkRequestedAt(input.requestedAt, ctx.clock());
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
