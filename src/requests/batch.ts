/**
 * What the batch operations share: a batch's items checked against the requests they name (locked
 * together), one item per request per round, and the wire form of each item's outcome.
 */
import type { AppContext } from '../context.js';
import { isEtmsError, type EtmsError } from '../errors.js';
import type { LockedRequest } from '../store/requests.js';
import { retryingConflicts, type Queryable } from '../store/db.js';
import { InvalidInput, LeaseLost, LeaseNotHeld } from '../exchange/errors.js';
import { MAX_BATCH_ITEMS, type ItemOutcome } from '../exchange/contract.js';

/** Refuses an empty or oversized batch as a whole. */
export function checkBatchSize(operation: string, count: number): void {
  if (count === 0) throw InvalidInput(operation, ['the batch holds no item']);
  if (count > MAX_BATCH_ITEMS)
    throw InvalidInput(operation, [`the batch holds ${count} items; send at most ${MAX_BATCH_ITEMS}`]);
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

/**
 * Why this agent instance may not act on the request: another agent's live lease (this one expired
 * and was taken), or no lease of its own at all (released, or never leased). Its own lease, even
 * just expired, is enough while nobody else has taken the request.
 */
export function leaseProblem(ctx: AppContext, locked: LockedRequest, owner: string): EtmsError | undefined {
  if (locked.leaseOwner === owner) return undefined;
  const live = locked.leaseExpiresAt !== null && locked.leaseExpiresAt.getTime() > ctx.clock().getTime();
  return locked.leaseOwner !== null && live
    ? LeaseLost(locked.request.referenceNumber)
    : LeaseNotHeld(locked.request.referenceNumber, owner);
}

/** An item's error; anything but an EtmsError is not the item's fault and fails the whole call. */
export function itemError(error: unknown): ItemOutcome<never> {
  if (isEtmsError(error)) return { ok: false, error };
  throw error;
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
