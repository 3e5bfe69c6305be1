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
import type { Caller } from '../exchange/contract.js';

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
  if (
    !request ||
    (caller.kind === 'AGENT' && request.boardId !== caller.boardId) ||
    (caller.kind === 'INTAKE' && caller.origin !== undefined && request.origin !== caller.origin)
  )
    throw RequestNotFound(reference);
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
