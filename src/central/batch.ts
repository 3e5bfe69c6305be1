/**
 * What the batch operations share: a batch's items checked against the requests they name (locked
 * together), one item per request per round, and the wire form of each item's outcome.
 */
import type { AppContext } from '../context.js';
import { EtmsError, isEtmsError } from '../errors.js';
import type { LockedRequest } from '../store/requests.js';
import { retryingConflicts, type Queryable } from '../store/db.js';
import { invalidInput, LeaseLost } from './errors.js';
import { MAX_BATCH_ITEMS, type BatchResult, type ItemFault, type ItemOutcome } from './exchange-types.js';

/** Refuses an empty or oversized batch as a whole. */
export function checkBatchSize(operation: string, count: number): void {
  if (count === 0) throw invalidInput(operation, ['the batch holds no item']);
  if (count > MAX_BATCH_ITEMS)
    throw invalidInput(operation, [`the batch holds ${count} items; send at most ${MAX_BATCH_ITEMS}`]);
}

/**
 * Splits items into rounds in which each request appears once: a request named twice in one batch
 * is handled after the first item, as if it had come in the next call.
 */
export function rounds<T>(items: readonly T[], referenceOf: (item: T) => string): T[][] {
  const out: T[][] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    const reference = referenceOf(item);
    const round = seen.get(reference) ?? 0;
    seen.set(reference, round + 1);
    (out[round] ??= []).push(item);
  }
  return out;
}

/** Another agent's live lease on the request: this agent's lease expired and was taken. */
export function leaseLostTo(ctx: AppContext, locked: LockedRequest, owner: string): EtmsError | undefined {
  const live = locked.leaseExpiresAt !== null && locked.leaseExpiresAt.getTime() > ctx.clock().getTime();
  return locked.leaseOwner !== null && locked.leaseOwner !== owner && live
    ? LeaseLost(locked.request.referenceNumber)
    : undefined;
}

/** An item's error; anything but an EtmsError is not the item's fault and fails the whole call. */
export function itemError(error: unknown): ItemOutcome<never> {
  if (isEtmsError(error)) return { ok: false, error };
  throw error;
}

export function faultOf(error: EtmsError): ItemFault {
  return { code: error.code, message: error.message, status: error.status };
}

/** A single call's answer from its one-item batch: the result, or the item's error thrown. */
export function only<T>(outcomes: ItemOutcome<T>[]): T {
  const outcome = outcomes[0];
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** A wire outcome back into an item outcome: a fault becomes the EtmsError a single call throws. */
export function outcomeOf<T extends { referenceNumber: string }>(
  wire: T | { referenceNumber: string; fault: ItemFault },
): ItemOutcome<T> {
  if ('fault' in wire)
    return {
      ok: false,
      error: new EtmsError(wire.fault.code, wire.fault.message, { status: wire.fault.status }),
    };
  return { ok: true, value: wire };
}

/**
 * One round of a batch in one transaction: the requests it names locked (by reference number), those
 * of the agent's board given to `work` (another board's request is, for this agent, not found), the
 * round run again whole if PostgreSQL broke it off for a deadlock with another writer.
 */
export function inLockedRound(
  ctx: AppContext,
  boardId: number,
  references: string[],
  work: (tx: Queryable, locked: Map<string, LockedRequest>) => Promise<void>,
): Promise<void> {
  return retryingConflicts(() =>
    ctx.store.db.transaction(async (tx) => {
      const locked = await ctx.store.requests.lockByReferences(references, tx);
      const mine = locked.filter((l) => l.request.boardId === boardId);
      await work(tx, new Map(mine.map((l) => [l.request.referenceNumber, l])));
    }),
  );
}

/** A batch's outcomes in their wire form: results, or faults with the item's reference number. */
export function wireResults<T>(
  outcomes: ItemOutcome<T>[],
  items: ReadonlyArray<{ referenceNumber: string }>,
): BatchResult<T | { referenceNumber: string; fault: ItemFault }> {
  return {
    results: outcomes.map((o, n) =>
      o.ok ? o.value : { referenceNumber: items[n].referenceNumber, fault: faultOf(o.error) },
    ),
  };
}
