/**
 * A batch item's outcome and its wire form: the central turns each item's error into a fault with
 * the item's reference number; a client turns the fault back into the error a single call throws.
 */
import { errorFromWire, type EtmsError } from '../errors.js';
import type { BatchResult, ItemFault, ItemOutcome } from './contract.js';

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
      error: errorFromWire(wire.fault),
    };
  return { ok: true, value: wire };
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
