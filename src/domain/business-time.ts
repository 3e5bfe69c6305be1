/**
 * Business time as school boards count it: weekdays, minus Ontario's nine public holidays and the
 * board's own closure days, with a business day of eight business hours (08:00–16:00 local time).
 * Ages and service deadlines are counted in business days; notification thresholds in business hours.
 */
import { DateTime } from 'luxon';

export const HOURS_PER_BUSINESS_DAY = 8;
const DAY_START_HOUR = 8;
const DAY_END_HOUR = DAY_START_HOUR + HOURS_PER_BUSINESS_DAY;

export interface BusinessCalendarOptions {
  timeZone?: string;
  /** Extra closure days of the board, YYYY-MM-DD. */
  closureDays?: readonly string[];
}

export type SlaState = 'normal' | 'due' | 'overdue';

const iso = (d: DateTime) => d.toISODate() as string;

function easterSunday(year: number): DateTime {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return DateTime.utc(year, month, day);
}

/** n-th weekday (1 = Monday … 7 = Sunday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): DateTime {
  const first = DateTime.utc(year, month, 1);
  const offset = (weekday - first.weekday + 7) % 7;
  return first.plus({ days: offset + 7 * (n - 1) });
}

export interface Holiday {
  date: string;
  fr: string;
  en: string;
}

/**
 * Ontario's nine public holidays for a year, on the day they are observed: a holiday that falls on
 * a weekend moves to the next weekday that is not already a holiday (Christmas on Saturday is
 * observed Monday and Boxing Day Tuesday).
 */
export function ontarioHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const may25 = DateTime.utc(year, 5, 25);
  const victoria = may25.minus({ days: (may25.weekday - 1 + 7) % 7 || 7 });
  const fixed: Array<[DateTime, string, string]> = [
    [DateTime.utc(year, 1, 1), "Jour de l'An", "New Year's Day"],
    [nthWeekday(year, 2, 1, 3), 'Jour de la Famille', 'Family Day'],
    [easter.minus({ days: 2 }), 'Vendredi saint', 'Good Friday'],
    [victoria, 'Fête de la Reine', 'Victoria Day'],
    [DateTime.utc(year, 7, 1), 'Fête du Canada', 'Canada Day'],
    [nthWeekday(year, 9, 1, 1), 'Fête du Travail', 'Labour Day'],
    [nthWeekday(year, 10, 1, 2), 'Action de grâce', 'Thanksgiving'],
    [DateTime.utc(year, 12, 25), 'Noël', 'Christmas Day'],
    [DateTime.utc(year, 12, 26), 'Lendemain de Noël', 'Boxing Day'],
  ];
  const taken = new Set<string>();
  const result: Holiday[] = [];
  for (const [day, fr, en] of fixed) {
    let observed = day;
    while (observed.weekday >= 6 || taken.has(iso(observed))) observed = observed.plus({ days: 1 });
    taken.add(iso(observed));
    result.push({ date: iso(observed), fr, en });
  }
  return result;
}

const HOUR_MS = 3_600_000;

/** One year of business time: each day's window (epoch ms, or none) and the running total before it. */
interface YearTable {
  /** Day of year (0-based) → business window, or undefined on a closed day. */
  windows: Array<{ open: number; close: number } | undefined>;
  /** Business milliseconds of the year before each day (length = days + 1). */
  before: Float64Array;
}

/**
 * Business time of one board. Every question is answered from per-year tables of daily windows and
 * running totals, so the age of a request received years ago costs a few lookups, not a walk over
 * every day since (pages, exports and reports ask it for thousands of rows).
 */
export class BusinessCalendar {
  readonly timeZone: string;
  private readonly closures: Set<string>;
  private readonly holidayYears = new Map<number, Set<string>>();
  private readonly years = new Map<number, YearTable>();
  private readonly yearStartTotals = new Map<number, number>();
  private readonly localDate: Intl.DateTimeFormat;

  constructor(options: BusinessCalendarOptions = {}) {
    this.timeZone = options.timeZone ?? 'America/Toronto';
    this.closures = new Set(options.closureDays ?? []);
    this.localDate = new Intl.DateTimeFormat('en-CA', {
      timeZone: this.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  }

  private holidaysOf(year: number): Set<string> {
    let set = this.holidayYears.get(year);
    if (!set) {
      set = new Set(ontarioHolidays(year).map((h) => h.date));
      this.holidayYears.set(year, set);
    }
    return set;
  }

  /** True for a weekday that is neither an Ontario holiday nor a board closure day (date is YYYY-MM-DD). */
  isBusinessDay(date: string): boolean {
    const d = DateTime.fromISO(date, { zone: 'utc' });
    if (!d.isValid) throw new RangeError(`Not a date: ${date}`);
    if (d.weekday >= 6) return false;
    if (this.closures.has(date)) return false;
    return !this.holidaysOf(d.year).has(date);
  }

  private year(year: number): YearTable {
    let table = this.years.get(year);
    if (!table) {
      const first = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: this.timeZone });
      const days = first.daysInYear;
      const windows: YearTable['windows'] = [];
      const before = new Float64Array(days + 1);
      for (let i = 0; i < days; i++) {
        const day = first.plus({ days: i });
        const window = this.isBusinessDay(iso(day))
          ? {
              open: day.set({ hour: DAY_START_HOUR }).toMillis(),
              close: day.set({ hour: DAY_END_HOUR }).toMillis(),
            }
          : undefined;
        windows.push(window);
        before[i + 1] = before[i] + (window ? window.close - window.open : 0);
      }
      table = { windows, before };
      this.years.set(year, table);
    }
    return table;
  }

  /** Business milliseconds from 1 January of `base` to 1 January of `year` (negative before base). */
  private totalBeforeYear(year: number): number {
    const BASE = 2000;
    let total = this.yearStartTotals.get(year);
    if (total === undefined) {
      total = 0;
      if (year > BASE)
        for (let y = BASE; y < year; y++) total += this.year(y).before[this.year(y).windows.length];
      else for (let y = year; y < BASE; y++) total -= this.year(y).before[this.year(y).windows.length];
      this.yearStartTotals.set(year, total);
    }
    return total;
  }

  private dayOf(at: number): { year: number; index: number } {
    const local = this.localDate.format(at);
    const year = Number(local.slice(0, 4));
    const month = Number(local.slice(5, 7));
    const day = Number(local.slice(8, 10));
    const index = Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000);
    return { year, index };
  }

  /** Business milliseconds from a fixed origin to the instant `at`. */
  private runningTotal(at: number): number {
    const { year, index } = this.dayOf(at);
    const table = this.year(year);
    const window = table.windows[index];
    const partial = window ? Math.min(Math.max(at, window.open), window.close) - window.open : 0;
    return this.totalBeforeYear(year) + table.before[index] + partial;
  }

  /** Business hours between two instants (0 when end is before start). */
  businessHoursBetween(start: Date, end: Date): number {
    if (end <= start) return 0;
    return (this.runningTotal(end.getTime()) - this.runningTotal(start.getTime())) / HOUR_MS;
  }

  /** Whole business days elapsed: every eight business hours make one. */
  businessDaysBetween(start: Date, end: Date): number {
    return Math.floor(this.businessHoursBetween(start, end) / HOURS_PER_BUSINESS_DAY + 1e-9);
  }

  /** The instant when `hours` business hours will have passed after `start`. */
  addBusinessHours(start: Date, hours: number): Date {
    let remaining = hours * HOUR_MS;
    let { year, index } = this.dayOf(start.getTime());
    let from = start.getTime();
    for (let guard = 0; guard < 3700; guard++) {
      const table = this.year(year);
      const window = table.windows[index];
      if (window) {
        const a = Math.max(window.open, from);
        if (window.close > a) {
          const available = window.close - a;
          if (remaining <= available) return new Date(a + remaining);
          remaining -= available;
        }
      }
      index++;
      if (index >= table.windows.length) {
        year++;
        index = 0;
      }
      from = -Infinity;
    }
    throw new RangeError('Business hours span more than ten years');
  }

  /** Adds whole business days to a date (YYYY-MM-DD), skipping weekends, holidays and closures. */
  addBusinessDays(date: string, days: number): string {
    let d = DateTime.fromISO(date, { zone: 'utc' });
    let left = days;
    while (left > 0) {
      d = d.plus({ days: 1 });
      if (this.isBusinessDay(iso(d))) left--;
    }
    return iso(d);
  }
}

/** Normal before the service deadline, due on it (shown yellow), overdue past it (red, « En retard »). */
export function slaState(ageInBusinessDays: number, deadlineDays: number): SlaState {
  if (ageInBusinessDays > deadlineDays) return 'overdue';
  if (ageInBusinessDays === deadlineDays) return 'due';
  return 'normal';
}
