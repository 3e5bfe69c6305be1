/**
 * A reference number that only holds a place. PESC's RequestTrackingID (1 to 35 characters, no
 * pattern) carries the request's reference number, « H » then the day it was received (YYYYMMDD)
 * and a sequence; « H00000000000000 », the value `etms transcript build` writes when no reference is
 * given, names no request. Filed as is, it would take that number from every later placeholder
 * (intake is idempotent by reference), so it is refused instead.
 */
import { isReferenceNumber } from '../domain/reference-number.js';
import { PlaceholderReference, ReferenceDateImpossible } from './errors.js';

/** « H » followed only by zeros (any length), in either case. */
const PLACEHOLDER = /^H0+$/i;

export function isPlaceholderReference(reference: string | null | undefined): boolean {
  return typeof reference === 'string' && PLACEHOLDER.test(reference.trim());
}

export function refusePlaceholderReference(reference: string | null | undefined): void {
  if (isPlaceholderReference(reference)) throw PlaceholderReference(String(reference).trim());
}

/**
 * Refuses a reference number that has the shape (the schema checked it) but whose date names no day
 * of 1900-2099: the placeholder first, with its own code, then H20241341049906 (month 13) and the like.
 */
export function refuseUnfileableReference(reference: string | null | undefined): void {
  refusePlaceholderReference(reference);
  if (typeof reference !== 'string') return;
  const value = reference.trim().toUpperCase();
  if (!isReferenceNumber(value)) throw ReferenceDateImpossible(value);
}
