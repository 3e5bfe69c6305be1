/**
 * The searches `etms match` runs beyond the blocking keys for a request it could not match from them
 * (StudentIndex.candidatesBeyondKeys), written once: when each applies (`beyondKeyPlan`) and whom it
 * keeps (the rules below, on a student's initials, full name and birth date). The matcher's index and
 * every SIS adapter (adapters/shared/candidates.ts) read the same plan and apply the same rules, so a
 * review case shows staff the same students whether the agent read the board's SIS or `etms match`
 * read a file. A new search adds a field to the plan, a rule here, its walk in the index and its
 * lookup in the adapters.
 *
 * The searches below were written first as their rules alone:
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
import type { BlockingKeys } from '../sis/index.js';
import { compact } from './normalise.js';
import { soundsAlike } from './comparators.js';
import { dayMonthSwap } from './dates.js';
import { isTypo } from './score.js';

/**
 * At most this many students share a full name for it to bring candidates without the birth date. A
 * full name held by one to three students is one a person would check against the request whatever its
 * date; Smith or Nguyen with a common given name is held by dozens in a large SIS, strangers all but one.
 */
export const RARE_FULL_NAME_STUDENTS = 3;

/** YYYY-MM-DD as the number YYYYMMDD, or -1 when the value is not written that way. */
export function dateNumber(value: string): number {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return -1;
  let v = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** A letter as a bit (A = 1, B = 2, … Z = 2^25), 0 for anything else. */
export function initialBit(name: string): number {
  const c = name.charCodeAt(0) - 65;
  return c >= 0 && c < 26 ? 1 << c : 0;
}

/** The initials of names, as letter bits. */
export function initialsOf(names: readonly string[]): number {
  let bits = 0;
  for (const name of names) bits |= initialBit(name);
  return bits;
}

/** The letters of initial bits, A to Z. */
export function initialLetters(bits: number): string[] {
  const out: string[] = [];
  for (let c = 0; c < 26; c++) if ((bits & (1 << c)) !== 0) out.push(String.fromCharCode(65 + c));
  return out;
}

/** The numbers one keying slip away from a 9-digit number: each digit replaced, or two neighbours exchanged. */
export function oenSlips(oen: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < oen.length; i++) {
    for (let d = 0; d <= 9; d++) {
      const c = String(d);
      if (c !== oen[i]) out.push(oen.slice(0, i) + c + oen.slice(i + 1));
    }
    if (i + 1 < oen.length && oen[i] !== oen[i + 1])
      out.push(oen.slice(0, i) + oen[i + 1] + oen[i] + oen.slice(i + 2));
  }
  return out;
}

/** A request's name key as the index looks it up: spaces removed ("VAN DER BERG" → VANDERBERG). */
export const requestNameKey = (key: string) => (key.includes(' ') ? compact(key) : key);

export interface SameDaySearch {
  /** The birth date as typed, as written and as YYYYMMDD. */
  birthDate: string;
  date: number;
  /** Initials of the request's surname keys and given-name keys, as letter bits (either may be 0). */
  surnameInitials: number;
  givenInitials: number;
}

export interface BeyondKeyPlan {
  /**
   * The OEN as typed: when no student holds it, the students holding one of its slips (oenSlips: a
   * digit mistyped or two neighbours exchanged, the slips an OEN's check digit exists to catch).
   */
  oen?: string;
  /**
   * The birth date as typed with both names mistyped (Etahn Bartnel for Ethan Bartel) or typed in each
   * other's field: the students born that day whose names start like the request's (sameDayAlike).
   */
  sameDay?: SameDaySearch;
  /**
   * A full name (a given-name key as the student's first name and a surname key as its surname, or
   * the two the other way round) held by at most RARE_FULL_NAME_STUDENTS students, whatever the birth
   * date: a request with the date left out or typed wrong beyond a slip. Keys without spaces.
   */
  fullNames?: { surnames: string[]; givenNames: string[] };
  /**
   * A request without birth date or year: the students of a surname key, any year, whose given names
   * start like the request's (Nichooas Campbell for Nicholas). Keys without spaces.
   */
  undatedSurname?: { surnames: string[]; givenInitials: number };
}

/** Which searches beyond the blocking keys a request gets, with what each needs. */
export function beyondKeyPlan(keys: BlockingKeys): BeyondKeyPlan {
  const plan: BeyondKeyPlan = {};
  if (keys.oen) plan.oen = keys.oen;
  const surnameInitials = initialsOf(keys.surnames);
  const givenInitials = initialsOf(keys.givenNames);
  if (keys.birthDates.length > 0 && (surnameInitials !== 0 || givenInitials !== 0)) {
    const birthDate = keys.birthDates[0];
    const date = dateNumber(birthDate);
    if (date >= 0) plan.sameDay = { birthDate, date, surnameInitials, givenInitials };
  }
  const surnames = [...new Set(keys.surnames.map(requestNameKey).filter(Boolean))];
  const givenNames = [...new Set(keys.givenNames.map(requestNameKey).filter(Boolean))];
  if (surnames.length > 0 && givenNames.length > 0) plan.fullNames = { surnames, givenNames };
  if (
    keys.birthDates.length === 0 &&
    keys.birthYears.length === 0 &&
    surnames.length > 0 &&
    givenInitials !== 0
  )
    plan.undatedSurname = { surnames, givenInitials };
  return plan;
}

/**
 * Whether a student born on the typed date is kept by the same-day search, from the initials of its
 * surname keys and given-name keys: a recent cohort puts some 90 students of a 200,000-student SIS on
 * one birth date; the initial of one name keeps a dozen of them, those of both names one or none.
 */
export function sameDayAlike(search: SameDaySearch, surnameInitials: number, givenInitials: number): boolean {
  const s = search.surnameInitials;
  const g = search.givenInitials;
  const inOrder = (s === 0 || (surnameInitials & s) !== 0) && (g === 0 || (givenInitials & g) !== 0);
  const swapped = s !== 0 && g !== 0 && (givenInitials & s) !== 0 && (surnameInitials & g) !== 0;
  return inOrder || swapped;
}

/** Whether a student of the surname is kept by the undated search: a given name starting alike. */
export function undatedAlike(search: { givenInitials: number }, givenInitials: number): boolean {
  return (givenInitials & search.givenInitials) !== 0;
}

/** Whether a full name held by this many students brings them whatever their birth date. */
export function isRareFullName(students: number): boolean {
  return students <= RARE_FULL_NAME_STUDENTS;
}

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
