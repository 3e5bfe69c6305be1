/**
 * What every adapter does with BlockingKeys the same way: which lookups to run, in which order of
 * specificity, and how their answers are merged (de-duplicated by student number, capped).
 */
import type { BlockingKeys, SisStudent } from '../../src/matching/sis-adapter.js';
import { isCalendarDate } from './rows.js';

export const DEFAULT_MAX_CANDIDATES = 500;
/** Birth-year window used for a surname block when the request gave no birth year. */
export const OPEN_YEAR_WINDOW = { from: 1900, to: 2100 } as const;

export type Lookup =
  | { by: 'oen'; oen: string }
  | { by: 'studentNumber'; studentNumber: string }
  | { by: 'surname'; surname: string; birthYearFrom: number; birthYearTo: number }
  | { by: 'givenName'; givenName: string; birthDate: string }
  | { by: 'birthDate'; birthDate: string };

const uniq = <T>(values: T[]) => [...new Set(values)];

/**
 * The lookups for one request, most specific first: identifiers, then surname within the
 * birth-year window, then given name on a birth date, then birth date alone. Birth dates that are
 * not calendar dates (a typing slip swapped into month 13) cannot match anyone and are dropped.
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
  const dates = uniq(keys.birthDates.map((d) => d.trim()).filter(isCalendarDate));
  for (const givenName of uniq(keys.givenNames.map((g) => g.trim()).filter(Boolean))) {
    for (const birthDate of dates) lookups.push({ by: 'givenName', givenName, birthDate });
  }
  for (const birthDate of dates) lookups.push({ by: 'birthDate', birthDate });
  return lookups;
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
