/**
 * Candidate rules that go beyond the blocking keys, written as small pure predicates so that any SIS
 * can apply them after its own lookups and bring the same students as the csv index
 * (`StudentIndex.candidatesBeyondKeys`). Each rule says which lookup it starts from and which test
 * keeps a student of that lookup:
 *
 * - **A name slipped on the typed birth date** (`slipOnTypedBirthDate`): the students born on the date
 *   as typed (`keys.birthDates[0]`), kept when one of their names (`studentNameKeys`) is the request's
 *   typed surname or given name (`typedNames`) or one slip of it, in either field, or a given name
 *   sounding like the typed one, whatever the other name: Nandy Anderson for Nancy Rossi (a married
 *   surname and a mistyped given name), Pogan MaxPherson for Logan MacPherson.
 * - **Day and month exchanged, with a given name** (`dayMonthSwapOf`): the students born on the typed
 *   date with day and month exchanged who carry one of the request's given-name keys
 *   (`keys.givenNames`) among any of their name keys, whatever their surname: Nancy Colombo born 1966-01-12 for Nancy Lacroix born
 *   1966-12-01. On the other slips of the date, a given name alone still needs a surname that starts
 *   alike.
 * - **No birth date, the surname one edit away** (`oneEditNames`): for a request without any birth date
 *   or year, the students with a birth year whose surname keys are one edit from the typed surname (5
 *   letters or more), when the students carrying such surname keys number at most
 *   `ONE_EDIT_SURNAME_MAX_STUDENTS` (counted per surname, summed), kept when a given-name key starts as
 *   one of the request's given-name keys do: Harriet Belperi for Harriet Belperio.
 */
import { compact } from './normalise.js';
import { soundsAlike } from './comparators.js';
import { dayMonthSwap } from './dates.js';
import { isTypo } from './score.js';
import type { BlockingKeys } from '../sis/index.js';

/**
 * At most this many students may carry the surnames one edit from a typed one for the rule to bring
 * them. Below it, the few students of those names with the request's initial are worth a look for a
 * request without a birth date; above it (one edit from Smith are Smyth, Smit, Smiths, Smitt …), the
 * typed surname is too near common names to tell anything, and those students would crowd the list.
 */
export const ONE_EDIT_SURNAME_MAX_STUDENTS = 100;

/**
 * Shortest typed surname whose one-edit neighbours are searched. Below 5 letters one changed letter is
 * another name (Lee, Lea, Leo), as the scoring's isTypo holds too.
 */
export const ONE_EDIT_MIN_LENGTH = 5;

/**
 * The request's surname and given name as typed, compact (no spaces), in that order; an empty string
 * for one not typed. blockingKeys lists each first among its forms.
 */
export function typedNames(keys: BlockingKeys): [surname: string, given: string] {
  return [compact(keys.surnames[0] ?? ''), compact(keys.givenNames[0] ?? '')];
}

/** The letters A-Z a name holds, as bits (A = 1 … Z = 2^25). */
export function letterMask(name: string): number {
  let mask = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i) - 65;
    if (c >= 0 && c < 26) mask |= 1 << c;
  }
  return mask;
}

/**
 * Whether two names whose letter sets are given may be one isTypo apart: an edit changes at most two
 * letters of the set a name holds (isTypo allows two edits from 9 letters), so names whose sets differ
 * more are not, and an SIS scanning many names can skip the edit distance for them.
 */
export function lettersAllowTypo(a: string, b: string, maskA: number, maskB: number): boolean {
  const allowed = Math.min(a.length, b.length) >= 9 ? 4 : 2;
  let differ = 0;
  for (let v = maskA ^ maskB; v !== 0; v &= v - 1) if (++differ > allowed) return false;
  return true;
}

/** A name written as another one: the same, or one keying slip away (isTypo, the scoring's own test). */
export function isNameSlip(typed: string, recorded: string): boolean {
  if (typed === '' || recorded === '') return false;
  return typed === recorded || isTypo(typed, recorded);
}

/**
 * The rule on the typed birth date: a student born that day is a candidate when one of its name keys,
 * surname or given name, is one of the request's typed names or one slip of it (isNameSlip: the
 * request's surname may be a married one, or the two names typed each in the other's field), or when
 * one of its given-name keys sounds like the typed given name (a Double Metaphone code in common: Laur
 * for Laura, Julu for Julie). Sounding alike is left to given names: surnames sharing a code are many
 * (Lee, Leigh, Li, Lay), and on a surname it brought twice the strangers for no student more.
 */
export function slipOnTypedBirthDate(
  typed: readonly [surname: string, given: string],
  studentSurnames: readonly string[],
  studentGiven: readonly string[],
): boolean {
  for (const name of typed) {
    if (name === '') continue;
    for (const key of studentSurnames) if (isNameSlip(name, key)) return true;
    for (const key of studentGiven) if (isNameSlip(name, key)) return true;
  }
  if (typed[1] !== '') for (const key of studentGiven) if (soundsAlike(typed[1], key)) return true;
  return false;
}

/** The typed birth date with day and month exchanged, when that is another real date. */
export function dayMonthSwapOf(keys: BlockingKeys): string | undefined {
  const typed = keys.birthDates[0];
  return typed === undefined ? undefined : dayMonthSwap(typed);
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The names one edit from a compact upper-case name: a letter left out, added, replaced, or two
 * neighbours exchanged (the name itself excluded). Empty below ONE_EDIT_MIN_LENGTH letters. An SIS
 * looks these up as surnames: at most 53 per letter of the name and 25 more (389 for Belperi).
 */
export function oneEditNames(name: string): string[] {
  const n = name.length;
  if (n < ONE_EDIT_MIN_LENGTH) return [];
  const out = new Set<string>();
  for (let i = 0; i < n; i++) {
    out.add(name.slice(0, i) + name.slice(i + 1));
    if (i + 1 < n && name[i] !== name[i + 1])
      out.add(name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2));
    for (const c of LETTERS) if (c !== name[i]) out.add(name.slice(0, i) + c + name.slice(i + 1));
  }
  for (let i = 0; i <= n; i++) for (const c of LETTERS) out.add(name.slice(0, i) + c + name.slice(i));
  out.delete(name);
  return [...out];
}
