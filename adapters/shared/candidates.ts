/**
 * What every adapter does with BlockingKeys the same way: which lookups to run, in which order of
 * specificity, and how their answers are merged (de-duplicated by student number, capped).
 */
import type { BlockingKeys, SisStudent } from '../../src/matching/sis-adapter.js';
import { isCalendarDate } from './rows.js';
import { nameKeys } from './normalise.js';

export const DEFAULT_MAX_CANDIDATES = 500;
/** Birth-year window used for a surname block when the request gave no birth year. */
export const OPEN_YEAR_WINDOW = { from: 1900, to: 2100 } as const;

export type Lookup =
  | { by: 'oen'; oen: string }
  | { by: 'studentNumber'; studentNumber: string }
  | { by: 'surname'; surname: string; birthYearFrom: number; birthYearTo: number }
  | { by: 'givenName'; givenName: string; birthDate: string; slip: boolean }
  /**
   * A slip date (neither the date as typed nor its day/month swap) is not a block on its own: its
   * answer keeps only the students that also agree on a name form (see slipDateRule).
   */
  | { by: 'birthDate'; birthDate: string; slip: boolean };

const uniq = <T>(values: T[]) => [...new Set(values)];

/** The day/month swap of a YYYY-MM-DD date, when it is another calendar date. */
function dayMonthSwap(date: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m || m[2] === m[3]) return undefined;
  const swapped = `${m[1]}-${m[3]}-${m[2]}`;
  return isCalendarDate(swapped) ? swapped : undefined;
}

/**
 * The lookups for one request, most specific first: identifiers, then surname within the
 * birth-year window, then given name on a birth date, then birth date alone. Birth dates that are
 * not calendar dates (a typing slip swapped into month 13) cannot match anyone and are dropped.
 * `birthDates[0]` is the date as typed; it and its day/month swap are blocks on their own, every
 * other date (a slip) is narrowed by slipDateRule, its birth-date and given-name answers alike.
 */
export function planLookups(keys: BlockingKeys): Lookup[] {
  const lookups: Lookup[] = [];
  const oen = keys.oen?.trim();
  if (oen) lookups.push({ by: 'oen', oen });
  const studentNumber = keys.studentNumber?.trim();
  if (studentNumber) lookups.push({ by: 'studentNumber', studentNumber });
  const years = keys.birthYears.filter((y) => Number.isInteger(y));
  const window = years.length > 0 ? { from: Math.min(...years), to: Math.max(...years) } : OPEN_YEAR_WINDOW;
  for (const surname of uniq(keys.surnames.map((s) => s.trim()).filter(Boolean))) {
    lookups.push({ by: 'surname', surname, birthYearFrom: window.from, birthYearTo: window.to });
  }
  const typed = keys.birthDates[0]?.trim() ?? '';
  const wide = new Set([typed, dayMonthSwap(typed)].filter((d): d is string => d !== undefined && isCalendarDate(d)));
  const dates = uniq(keys.birthDates.map((d) => d.trim()).filter(isCalendarDate));
  for (const givenName of uniq(keys.givenNames.map((g) => g.trim()).filter(Boolean))) {
    for (const birthDate of dates) lookups.push({ by: 'givenName', givenName, birthDate, slip: !wide.has(birthDate) });
  }
  for (const birthDate of dates) lookups.push({ by: 'birthDate', birthDate, slip: !wide.has(birthDate) });
  return lookups;
}

const initialBit = (name: string) => {
  const c = name.charCodeAt(0) - 65;
  return c >= 0 && c < 26 ? 1 << c : 0;
};
/** Name keys without spaces, as the matcher's index compares them ("VAN DER BERG" → VANDERBERG). */
const compactKeys = (values: (string | undefined)[]) =>
  values.flatMap((v) => (v === undefined ? [] : PLAIN_NAME.test(v) ? [v.toUpperCase()] : nameKeys(v).map((k) => k.replace(/ /g, ''))));
/** A name normalisation leaves as it is but for case: most names, spared the full normalisation. */
const PLAIN_NAME = /^[A-Za-z]+$/;

/** A request's name key as slipDateRule compares it: without spaces. */
const compactKey = (k: string) => k.trim().replace(/ /g, '');

/**
 * What a SIS query may narrow a slip date by before slipDateRule decides: `names`, the request's
 * surnames and given names without spaces (a student slipDateRule keeps has one of them among the
 * parts of its names or those parts run together), and `surnames`, the surname keys alone (a
 * student that shares only a given name is kept only if one of its surnames starts like one of
 * these, or when there are none).
 */
export function slipDateNames(keys: BlockingKeys): { names: string[]; surnames: string[] } {
  const surnames = uniq(keys.surnames.map(compactKey).filter(Boolean));
  return { names: uniq([...surnames, ...keys.givenNames.map(compactKey).filter(Boolean)]), surnames };
}

/**
 * Who a slip date keeps, the matcher's own rule (src/matching/student-index.ts): a student born
 * on it that agrees with the request on a name form. A name in common with one of the request's
 * surname forms is enough; a name in common only with its given names also needs a surname of the
 * student starting with the same letter as one of the request's (a mistyped surname keeps its
 * first letter). Otherwise one given name and a date one digit off bring, from a large SIS, dozens
 * of strangers per request.
 */
export function slipDateRule(keys: BlockingKeys): (student: SisStudent) => boolean {
  const surnames = new Set(keys.surnames.map(compactKey).filter(Boolean));
  const givenNames = new Set(keys.givenNames.map(compactKey).filter(Boolean));
  let initials = 0;
  for (const s of surnames) initials |= initialBit(s);
  return (student) => {
    const studentSurnames = compactKeys([student.lastName, ...student.previousLastNames]);
    const studentGiven = compactKeys([student.firstName, student.preferredFirstName, student.middleNames]);
    const names = [...studentSurnames, ...studentGiven];
    if (names.some((n) => surnames.has(n))) return true;
    if (!names.some((n) => givenNames.has(n))) return false;
    if (initials === 0) return true;
    let own = 0;
    for (const n of studentSurnames) own |= initialBit(n);
    return (own & initials) !== 0;
  };
}

export interface Block {
  by: Lookup['by'];
  students: SisStudent[];
}

/**
 * Merges lookup answers into one list, each student once, at most `max`. Order decides who is kept
 * when the cap bites, so it follows the evidence: students found by OEN or student number first,
 * then students found by more blocks (a surname and a birth date beat either alone), then by the
 * smallest block that found them (a rare surname is more telling than a shared birth date).
 */
export function mergeCandidates(blocks: Block[], max: number): SisStudent[] {
  const seen = new Map<string, { student: SisStudent; identifier: boolean; hits: number; smallest: number; order: number }>();
  let order = 0;
  for (const block of blocks) {
    const identifier = block.by === 'oen' || block.by === 'studentNumber';
    for (const student of block.students) {
      const entry = seen.get(student.studentNumber);
      if (entry) {
        entry.hits++;
        entry.identifier ||= identifier;
        entry.smallest = Math.min(entry.smallest, block.students.length);
      } else {
        seen.set(student.studentNumber, { student, identifier, hits: 1, smallest: block.students.length, order: order++ });
      }
    }
  }
  return [...seen.values()]
    .sort((a, b) => Number(b.identifier) - Number(a.identifier) || b.hits - a.hits || a.smallest - b.smallest || a.order - b.order)
    .slice(0, max)
    .map((e) => e.student);
}
