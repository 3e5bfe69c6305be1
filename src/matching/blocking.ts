/**
 * Blocking: the few SIS students worth scoring for a request. Each key is cheap to look up and together
 * they keep every plausible true candidate:
 * - the OEN and the student number as typed;
 * - the birth date as typed and its plausible slips (day/month swap, the same day a year off, one-digit
 *   slips), paired with a given name or a surname form (catches surname changes, misspelt surnames,
 *   and a mistyped date when the surname also changed);
 * - each form of the surname (typed, glued, its parts, the previous surname, known variants) with a
 *   given name and the typed birth year (catches a date mistyped beyond a slip, for review);
 * - the given names against SIS surnames and the surnames against SIS given names, with the birth year
 *   (first and last typed the other way round).
 * Keys are normalised (upper-case ASCII, no punctuation) so that an adapter only compares them with its
 * own normalised columns.
 */
import type { BlockingKeys } from '../sis/index.js';
import { dayMonthSwap, isIsoDate, isRealDate, neighbourYears } from './dates.js';
import { givenNameForms, surnameForms } from './name-variants.js';
import {
  compact,
  isWellFormedOen,
  normaliseIdentifier,
  normaliseName,
  surnameCore,
  surnameParts,
} from './normalise.js';
import type { MatchRequest } from './types.js';

/**
 * Years either side of the typed birth year searched with a surname. Slips of the year (one digit, one
 * year) are already in birthDates, paired with a name; a wider window would bring every Singh or Nguyen
 * of five years for each request, for birth dates so wrong they could only be shown for review.
 */
export const BIRTH_YEAR_WINDOW = 0;

/** Real dates one typed digit away (or two neighbouring digits swapped) from a YYYY-MM-DD date. */
export function oneDigitBirthDates(date: string, latestYear = new Date().getUTCFullYear()): string[] {
  if (!isIsoDate(date)) return [];
  const out = new Set<string>();
  const positions = [0, 1, 2, 3, 5, 6, 8, 9];
  const consider = (candidate: string) => {
    if (candidate === date) return;
    const y = Number(candidate.slice(0, 4));
    if (y > latestYear || !isRealDate(y, Number(candidate.slice(5, 7)), Number(candidate.slice(8, 10))))
      return;
    out.add(candidate);
  };
  for (const p of positions) {
    for (let d = 0; d <= 9; d++) consider(date.slice(0, p) + String(d) + date.slice(p + 1));
  }
  for (const [a, b] of [
    [0, 1],
    [1, 2],
    [2, 3],
    [5, 6],
    [8, 9],
  ] as const) {
    consider(date.slice(0, a) + date[b] + date[a] + date.slice(b + 1));
  }
  return [...out];
}

function addName(set: Set<string>, normalised: string): void {
  if (normalised === '') return;
  set.add(normalised);
  const c = compact(normalised);
  set.add(c);
}

/**
 * The blocking keys of a request. `birthDates[0]` is the date as typed (when it is a real date); the
 * dates after it are slips of it. `surnames[0]` and `givenNames[0]` are the surname (the previous one
 * when none is typed) and the given name as typed, before their forms (beyond-keys.ts reads them).
 */
export function blockingKeys(request: MatchRequest): BlockingKeys {
  const keys: BlockingKeys = { birthDates: [], surnames: [], givenNames: [], birthYears: [] };
  const oen = normaliseIdentifier(request.oen);
  if (isWellFormedOen(oen)) keys.oen = oen;
  const studentNumber = normaliseIdentifier(request.studentNumber);
  if (studentNumber !== '') keys.studentNumber = studentNumber;

  const birthDate = (request.birthDate ?? '').trim();
  if (isIsoDate(birthDate)) {
    const dates = new Set<string>([birthDate]);
    const swapped = dayMonthSwap(birthDate);
    if (swapped) dates.add(swapped);
    for (const d of neighbourYears(birthDate)) dates.add(d);
    for (const d of oneDigitBirthDates(birthDate)) dates.add(d);
    keys.birthDates = [...dates];
    const year = Number(birthDate.slice(0, 4));
    for (let y = year - BIRTH_YEAR_WINDOW; y <= year + BIRTH_YEAR_WINDOW; y++) keys.birthYears.push(y);
  }

  const surnames = new Set<string>();
  for (const raw of [request.lastName, request.previousLastName]) {
    const name = normaliseName(raw);
    if (name === '') continue;
    addName(surnames, name);
    for (const part of surnameParts(name)) surnames.add(part);
    const core = surnameCore(name);
    if (core.length >= 3) surnames.add(core);
    for (const form of surnameForms(name)) surnames.add(form);
  }
  keys.surnames = [...surnames];

  const given = new Set<string>();
  const first = normaliseName(request.firstName);
  if (first !== '') {
    for (const form of givenNameForms(first)) addName(given, form);
    const firstWord = first.split(' ')[0];
    if (firstWord !== first) for (const form of givenNameForms(firstWord)) addName(given, form);
  }
  keys.givenNames = [...given];
  return keys;
}
