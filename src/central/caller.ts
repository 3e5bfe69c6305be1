/** Which kind of credential may call which operation, and the board an agent sees. */
import type { AppContext } from '../context.js';
import { RequestNotFound } from '../store/errors.js';
import type { TranscriptRequest } from '../domain/request.js';
import { Forbidden } from './errors.js';
import type { Caller } from './exchange-types.js';

export function requireAgent(caller: Caller, operation: string): Extract<Caller, { kind: 'AGENT' }> {
  if (caller.kind !== 'AGENT') throw Forbidden(operation, caller.kind);
  return caller;
}

export function requireIntake(caller: Caller, operation: string): Extract<Caller, { kind: 'INTAKE' }> {
  if (caller.kind !== 'INTAKE') throw Forbidden(operation, caller.kind);
  return caller;
}

/** A request the caller may see: any for intake, its own board's for an agent. */
export async function visibleRequest(
  ctx: AppContext,
  caller: Caller,
  reference: string,
): Promise<TranscriptRequest> {
  const request = await ctx.store.requests.findByReference(reference);
  if (!request || (caller.kind === 'AGENT' && request.boardId !== caller.boardId))
    throw RequestNotFound(reference);
  return request;
}

export const iso = (d: Date | null | undefined): string | undefined => (d ? d.toISOString() : undefined);

/** Drops undefined and null fields: the wire formats leave absent values out. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}
