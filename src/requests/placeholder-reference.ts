/**
 * A reference number that only holds a place. PESC's RequestTrackingID (1 to 35 characters, no
 * pattern) carries the request's reference number, « H » then the day it was received (YYYYMMDD)
 * and a sequence; « H00000000000000 », the value `etms transcript build` writes when no reference is
 * given, names no request. Filed as is, it would take that number from every later placeholder
 * (intake is idempotent by reference), so it is refused instead.
 */
import { PlaceholderReference } from './errors.js';

/** « H » followed only by zeros (any length), in either case. */
const PLACEHOLDER = /^H0+$/i;

export function isPlaceholderReference(reference: string | null | undefined): boolean {
  return typeof reference === 'string' && PLACEHOLDER.test(reference.trim());
}

export function refusePlaceholderReference(reference: string | null | undefined): void {
  if (isPlaceholderReference(reference)) throw PlaceholderReference(String(reference).trim());
}
