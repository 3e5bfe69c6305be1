/**
 * OEN and student number agreement levels.
 */
import { damerauLevenshtein, oneDigitSlip } from './comparators.js';
import { isWellFormedOen } from './normalise.js';

export type IdentifierLevel = 'exact' | 'one_digit' | 'different' | 'missing';

/**
 * OEN levels. An OEN is eight digits and a check digit, so two real OENs never differ by a single
 * substituted digit: a one-digit difference is a typing slip, not another student. A typed value that
 * is not 9 digits (a digit dropped or added) counts as a slip when one edit away, as missing otherwise.
 */
export function oenLevel(requested: string, recorded: string): IdentifierLevel {
  if (requested === '' || recorded === '') return 'missing';
  if (requested === recorded) return 'exact';
  if (!isWellFormedOen(requested))
    return damerauLevenshtein(requested, recorded, 1) <= 1 ? 'one_digit' : 'missing';
  if (oneDigitSlip(requested, recorded)) return 'one_digit';
  return 'different';
}

/** True when both OENs are well formed and name two different students: a hard veto. */
export function oenConflict(requested: string, recorded: string): boolean {
  return (
    isWellFormedOen(requested) && isWellFormedOen(recorded) && oenLevel(requested, recorded) === 'different'
  );
}

/**
 * Student number levels. Leading zeros are often dropped when a number is typed, so they are ignored.
 * A different number is evidence against, never a veto: numbers change when a student changes school.
 */
export function studentNumberLevel(requested: string, recorded: string): IdentifierLevel {
  if (requested === '' || recorded === '') return 'missing';
  const a = requested.replace(/^0+/, '');
  const b = recorded.replace(/^0+/, '');
  if (a === b) return 'exact';
  if (a.length >= 4 && (oneDigitSlip(a, b) || damerauLevenshtein(a, b, 1) <= 1)) return 'one_digit';
  return 'different';
}
