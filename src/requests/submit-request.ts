/**
 * SubmitTranscriptRequest: the application system files a request (idempotent by reference number,
 * or by the application centre's own PESC tracking ID when it sent one that is not a reference number).
 */
import type { AppContext } from '../context.js';
import { SYSTEM_ACTOR } from '../domain/request.js';
import { requireIntake } from './access.js';
import { BirthDateInFuture, RequestedAtOutOfRange } from './errors.js';
import { refuseUnfileableReference } from './placeholder-reference.js';
import type { Caller, IntakeRequest, SubmitRequestResult } from '../exchange/contract.js';
import { OriginNotAllowed } from '../exchange/errors.js';

/** The earliest paid date a request may carry. */
export const EARLIEST_REQUESTED_AT = '2000-01-01';

/** Refuses a paid date before 2000 or after tomorrow (clocks and time zones may differ by a day). */
function checkRequestedAt(value: string | undefined, now: Date): void {
  if (value === undefined || value === null) return;
  const day = String(value).slice(0, 10);
  if (day < EARLIEST_REQUESTED_AT || day > latestDay(now)) throw RequestedAtOutOfRange(String(value));
}

/** The latest day a date may name: tomorrow where the central's clock stands (time zones differ by a day). */
function latestDay(now: Date): string {
  return new Date(now.getTime() + 36 * 3_600_000).toISOString().slice(0, 10);
}

/** Refuses a birth date after today (the schema keeps it a real day of 1900-2099). */
function checkBirthDate(value: string | undefined | null, now: Date): void {
  if (value === undefined || value === null) return;
  if (String(value).slice(0, 10) > latestDay(now)) throw BirthDateInFuture(String(value));
}

/** What a filing carries beside the exchange's request. */
export interface SubmitOptions {
  /**
   * The application centre's own RequestTrackingID (1 to 35 characters, not a reference number): the
   * request gets a reference number of the central's and keeps this ID; the same ID from the same
   * origin finds it again.
   */
  partnerTrackingId?: string;
}

export async function submitRequest(
  ctx: AppContext,
  caller: Caller,
  input: IntakeRequest,
  options: SubmitOptions = {},
): Promise<SubmitRequestResult> {
  const intake = requireIntake(caller, 'SubmitTranscriptRequest');
  if (intake.origin !== undefined && input.origin !== intake.origin)
    throw OriginNotAllowed(intake.origin, input.origin);
  refuseUnfileableReference(input.referenceNumber);
  checkRequestedAt(input.requestedAt, ctx.clock());
  checkBirthDate(input.birthDate, ctx.clock());
  const { request, created } = await ctx.store.requests.create(
    {
      ...input,
      referenceNumber: input.referenceNumber?.toUpperCase(),
      oen: input.oen?.replace(/\D/g, '') || null,
      partnerTrackingId: input.referenceNumber ? null : (options.partnerTrackingId ?? null),
      receivedAt: ctx.clock(),
    },
    SYSTEM_ACTOR,
  );
  if (created)
    ctx.log.info({ reference: request.referenceNumber, credential: caller.credentialId }, 'request received');
  return { referenceNumber: request.referenceNumber, status: request.status, created };
}
