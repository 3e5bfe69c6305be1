/**
 * The form of a request's reference number: `H`, the day in Ontario (YYYYMMDD), then the database
 * sequence, at least six digits (H20240411049903). Only the calendar module is imported, so the
 * command line can check an argument without loading anything.
 */
import { isPlausibleDate } from './calendar-date.js';

/** The shape alone: what a lookup accepts before asking the store (a request filed earlier keeps its number). */
export const REFERENCE_NUMBER_PATTERN = /^H\d{8}\d{6,}$/;

/** The day a reference number names, as YYYY-MM-DD, or null when it has not the shape. */
export function referenceDay(reference: string): string | null {
  if (!REFERENCE_NUMBER_PATTERN.test(reference)) return null;
  return `${reference.slice(1, 5)}-${reference.slice(5, 7)}-${reference.slice(7, 9)}`;
}

/**
 * A reference number a request may be filed under: the shape, and a day that exists in the years
 * 1900-2099. H20241341049906 (month 13), H99999999999999 and the placeholder H00000000000000 are not.
 */
export function isReferenceNumber(reference: string): boolean {
  const day = referenceDay(reference);
  return day !== null && isPlausibleDate(day);
}
