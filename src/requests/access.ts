/**
 * Who acts on requests, and what each may see: a machine caller of the exchange (an agent, scoped
 * to its board, or the intake), a person signed in to the staff pages (scoped to a school or a
 * board), or the central itself.
 */
import type { AppContext } from '../context.js';
import { RequestNotFound } from '../domain/errors.js';
import { Forbidden } from '../errors.js';
import type { Scope } from '../store/requests.js';
import { REFERENCE_NUMBER_PATTERN, type TranscriptRequest } from '../domain/request.js';
import type { Caller, StatusInput } from '../exchange/contract.js';
import { InvalidInput, OriginRequired } from '../exchange/errors.js';
import { readTrackingId } from '../pesc/request.js';

export type { Caller };

/** A person signed in to the staff pages: the name the history shows, and what they may see. */
export interface StaffActor {
  kind: 'STAFF';
  username: string;
  scope: Scope;
  /** The signed-in session: a file waiting on the validation screen belongs to it. */
  sessionId: string;
}

/** The central's own background work (the upload processor): « System/Système » in the history. */
export interface SystemActor {
  kind: 'SYSTEM';
}

export const SYSTEM: SystemActor = { kind: 'SYSTEM' };

export function requireAgent(caller: Caller, operation: string): Extract<Caller, { kind: 'AGENT' }> {
  if (caller.kind !== 'AGENT') throw Forbidden({ operation, credential: caller.kind });
  return caller;
}

export function requireIntake(caller: Caller, operation: string): Extract<Caller, { kind: 'INTAKE' }> {
  if (caller.kind !== 'INTAKE') throw Forbidden({ operation, credential: caller.kind });
  return caller;
}

/** Whether the caller may see the request (see visibleRequest). */
function sees(caller: Caller, request: TranscriptRequest): boolean {
  if (caller.kind === 'AGENT') return request.boardId === caller.boardId;
  return caller.origin === undefined || request.origin === caller.origin;
}

/**
 * A request the caller may see: its own board's for an agent; for intake, any, or only its
 * application centre's when its credential is bound to one (another centre's answers "not found",
 * as an unknown number does).
 */
export async function visibleRequest(
  ctx: AppContext,
  caller: Caller,
  reference: string,
): Promise<TranscriptRequest> {
  const request = await ctx.store.requests.findByReference(reference);
  if (!request || !sees(caller, request)) throw RequestNotFound(reference);
  return request;
}

/**
 * The request an exchange caller names (CancelTranscriptRequest, GetRequestStatus), with the
 * visibility of visibleRequest:
 * - by `referenceNumber`; with `origin` too, a request of another centre is not found;
 * - by `requestTrackingId`, the ID an application centre filed it under (read as the PESC intake
 *   reads it: the surrounding white space aside, and one of our reference numbers is that request),
 *   within one centre: a bound intake credential's own (an `origin` naming the other centre finds
 *   nothing, as that centre's requests are not its to see), else the `origin` given, which is then
 *   required (ETMS_E_ORIGIN_REQUIRED).
 * Anything not found, or not the caller's to see, is ETMS_E_REQUEST_NOT_FOUND.
 */
export async function identifiedRequest(
  ctx: AppContext,
  caller: Caller,
  id: StatusInput,
  operation: string,
): Promise<TranscriptRequest> {
  const { referenceNumber, requestTrackingId } = id;
  if (requestTrackingId === undefined || referenceNumber !== undefined) {
    // The schema lets exactly one through; a caller in the same process is held to the same.
    if (referenceNumber === undefined || requestTrackingId !== undefined)
      throw InvalidInput(operation, ['give either referenceNumber or requestTrackingId, not both']);
    const request = await visibleRequest(ctx, caller, referenceNumber);
    if (id.origin !== undefined && request.origin !== id.origin) throw RequestNotFound(referenceNumber);
    return request;
  }
  const bound = caller.kind === 'INTAKE' ? caller.origin : undefined;
  const origin = bound ?? id.origin;
  if (origin === undefined) throw OriginRequired();
  const tracking = readTrackingId(requestTrackingId);
  const request =
    id.origin !== undefined && id.origin !== origin
      ? undefined
      : tracking.referenceNumber !== undefined
        ? await ctx.store.requests.findByReference(tracking.referenceNumber)
        : tracking.partnerTrackingId !== undefined
          ? await ctx.store.requests.findByPartnerTracking(tracking.partnerTrackingId, origin)
          : undefined;
  if (!request || request.origin !== origin || !sees(caller, request))
    throw RequestNotFound(requestTrackingId);
  return request;
}

/** A request the person may see, by its reference number as typed in a link (any case). */
export async function staffRequest(
  ctx: AppContext,
  staff: StaffActor,
  ref: unknown,
): Promise<TranscriptRequest> {
  const reference = typeof ref === 'string' ? ref.toUpperCase() : '';
  if (!REFERENCE_NUMBER_PATTERN.test(reference)) throw RequestNotFound(String(ref ?? '').slice(0, 40));
  return ctx.store.requests.getInScope(reference, staff.scope);
}

export const iso = (d: Date | null | undefined): string | undefined => (d ? d.toISOString() : undefined);

/** Drops undefined and null fields: the wire formats leave absent values out. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}
