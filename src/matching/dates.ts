/**
 * Birth dates and other calendar values as the files and the applicants give them.
 */
import { PLAUSIBLE_YEARS, daysInMonth } from '../domain/calendar-date.js';

export type BirthDateLevel = 'exact' | 'day_month_swap' | 'one_digit' | 'one_year' | 'different' | 'missing';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (no 2023-02-30). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (m === null) return false;
  return isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** True for YYYY-MM with a month 01-12. */
export function isIsoMonth(value: string): boolean {
  const m = ISO_MONTH.exec(value);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** A real day of the years intake accepts (PLAUSIBLE_YEARS): what the matcher reads as a date. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (year < PLAUSIBLE_YEARS.first || year > PLAUSIBLE_YEARS.last || month < 1 || month > 12 || day < 1)
    return false;
  return day <= daysInMonth(year, month);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The date with day and month exchanged, when that is a different real date (2006-04-07 → 2006-07-04). */
export function dayMonthSwap(date: string): string | undefined {
  const m = ISO_DATE.exec(date);
  if (m === null) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo === d || !isRealDate(y, d, mo)) return undefined;
  return `${m[1]}-${pad(d)}-${pad(mo)}`;
}

/** The same day and month one year before or after. */
export function neighbourYears(date: string): string[] {
  const m = ISO_DATE.exec(date);
  if (m === null) return [];
  const out: string[] = [];
  for (const dy of [-1, 1]) {
    const y = Number(m[1]) + dy;
    if (isRealDate(y, Number(m[2]), Number(m[3]))) out.push(`${pad(y, 4)}-${m[2]}-${m[3]}`);
  }
  return out;
}

/** One substituted digit, or two neighbouring digits exchanged, in a string of the same shape. */
function oneDigitApart(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let first = -1;
  let diffs = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      if (first < 0) first = i;
      if (++diffs > 2) return false;
    }
  }
  if (diffs === 1) return true;
  return (
    diffs === 2 &&
    a[first] === b[first + 1] &&
    a[first + 1] === b[first] &&
    a[first] !== '-' &&
    b[first] !== '-'
  );
}

/**
 * How a typed birth date relates to the SIS one. The levels are ordered from the strongest agreement:
 * a day/month swap (07/04 for 04/07), a one-digit slip or a swap of neighbouring digits, the same day in
 * the next or previous year, anything else.
 */
export function birthDateLevel(requested: string | undefined, recorded: string | undefined): BirthDateLevel {
  if (!requested || !recorded) return 'missing';
  if (requested === recorded) return 'exact';
  return birthDateSlipLevel(requested, dayMonthSwap(requested) ?? '', recorded);
}

/**
 * birthDateLevel for two different, non-empty dates, with the typed date's day/month swap computed once
 * by the caller (scoring compares one request with many students).
 */
export function birthDateSlipLevel(
  requested: string,
  requestedSwapped: string,
  recorded: string,
): BirthDateLevel {
  if (requestedSwapped === recorded) return 'day_month_swap';
  if (oneDigitApart(requested, recorded)) return 'one_digit';
  if (
    sameFrom(requested, recorded, 4) &&
    Math.abs(Number(requested.slice(0, 4)) - Number(recorded.slice(0, 4))) === 1
  )
    return 'one_year';
  return 'different';
}

/** True when a and b agree from position `from` to their end. */
function sameFrom(a: string, b: string, from: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = from; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

/** Months between two YYYY-MM values, or undefined when either is absent. */
export function monthsApart(a: string | undefined, b: string | undefined): number | undefined {
  if (!a || !b || !isIsoMonth(a) || !isIsoMonth(b)) return undefined;
  const ma = Number(a.slice(0, 4)) * 12 + Number(a.slice(5, 7));
  const mb = Number(b.slice(0, 4)) * 12 + Number(b.slice(5, 7));
  return Math.abs(ma - mb);
}

/** Whole years from a YYYY-MM-DD birth date to a YYYY-MM-DD day, or undefined when either is not a date. */
export function ageOn(birthDate: string, day: string): number | undefined {
  if (!isIsoDate(birthDate) || !isIsoDate(day)) return undefined;
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  // Before the birthday in that year (MM-DD compares as text): one year less.
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}
