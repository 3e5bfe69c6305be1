import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { BusinessCalendar, ontarioHolidays, slaState } from '../../src/domain/business-time.js';

const at = (iso: string) => new Date(iso);
const cal = new BusinessCalendar();

describe("Ontario's nine public holidays", () => {
  it('lists the observed days for 2026', () => {
    expect(ontarioHolidays(2026).map((h) => [h.en, h.date])).toEqual([
      ["New Year's Day", '2026-01-01'],
      ['Family Day', '2026-02-16'],
      ['Good Friday', '2026-04-03'],
      ['Victoria Day', '2026-05-18'],
      ['Canada Day', '2026-07-01'],
      ['Labour Day', '2026-09-07'],
      ['Thanksgiving', '2026-10-12'],
      ['Christmas Day', '2026-12-25'],
      ['Boxing Day', '2026-12-28'], // Saturday the 26th, observed Monday
    ]);
  });

  it('moves weekend holidays to the next free weekday (Christmas on Saturday, Boxing Day on Sunday)', () => {
    const h2027 = Object.fromEntries(ontarioHolidays(2027).map((h) => [h.en, h.date]));
    expect(h2027['Christmas Day']).toBe('2027-12-27');
    expect(h2027['Boxing Day']).toBe('2027-12-28');
    expect(h2027["New Year's Day"]).toBe('2027-01-01');
    const h2022 = Object.fromEntries(ontarioHolidays(2022).map((h) => [h.en, h.date]));
    expect(h2022['Canada Day']).toBe('2022-07-01');
    expect(h2022['Christmas Day']).toBe('2022-12-26');
    expect(h2022['Boxing Day']).toBe('2022-12-27');
  });

  it('puts Victoria Day on the Monday before May 25 and Good Friday two days before Easter', () => {
    expect(ontarioHolidays(2025).find((h) => h.en === 'Victoria Day')?.date).toBe('2025-05-19');
    expect(ontarioHolidays(2021).find((h) => h.en === 'Victoria Day')?.date).toBe('2021-05-24');
    expect(ontarioHolidays(2024).find((h) => h.en === 'Good Friday')?.date).toBe('2024-03-29');
    expect(ontarioHolidays(2025).find((h) => h.en === 'Good Friday')?.date).toBe('2025-04-18');
  });

  it('does not count Easter Monday, the Civic Holiday, 30 September or 11 November as holidays', () => {
    for (const day of ['2026-04-06', '2026-08-03', '2026-09-30', '2026-11-11'])
      expect(cal.isBusinessDay(day)).toBe(true);
  });

  it('each of the nine holidays is not a business day', () => {
    for (const h of ontarioHolidays(2026)) expect(cal.isBusinessDay(h.date), h.en).toBe(false);
  });
});

describe('business hours and days', () => {
  it('counts eight business hours a day, 08:00–16:00 Toronto time', () => {
    // Monday 2026-03-02 09:00 → Monday 15:00 EST (UTC-5)
    expect(cal.businessHoursBetween(at('2026-03-02T14:00:00Z'), at('2026-03-02T20:00:00Z'))).toBe(6);
    // Evening to next morning: nothing counts outside 08:00–16:00.
    expect(cal.businessHoursBetween(at('2026-03-02T22:00:00Z'), at('2026-03-03T12:59:00Z'))).toBe(0);
    expect(cal.businessDaysBetween(at('2026-03-02T13:00:00Z'), at('2026-03-03T13:00:00Z'))).toBe(1);
  });

  it('skips weekends', () => {
    // Friday 09:00 → Monday 09:00 is one business day.
    expect(cal.businessDaysBetween(at('2026-03-06T14:00:00Z'), at('2026-03-09T13:00:00Z'))).toBe(1);
    expect(cal.businessHoursBetween(at('2026-03-07T14:00:00Z'), at('2026-03-08T20:00:00Z'))).toBe(0);
  });

  it('skips each holiday', () => {
    for (const h of ontarioHolidays(2026)) {
      const start = at(`${h.date}T00:00:00-05:00`);
      const end = at(`${h.date}T23:59:00-05:00`);
      expect(cal.businessHoursBetween(start, end), h.en).toBe(0);
    }
    // Thursday before Good Friday 2026 → Monday after: Thursday 8h, Friday 0, Monday 0 (until 08:00).
    expect(cal.businessHoursBetween(at('2026-04-02T12:00:00Z'), at('2026-04-06T12:00:00Z'))).toBe(8);
  });

  it('crosses year ends (31 Dec → 4 Jan skipping New Year) and DST changes', () => {
    // Thursday 2026-12-31 08:00 EST → Monday 2027-01-04 08:00: Thursday counts, Friday 1 Jan is a holiday.
    expect(cal.businessDaysBetween(at('2026-12-31T13:00:00Z'), at('2027-01-04T13:00:00Z'))).toBe(1);
    // Across the March DST change an 8-hour business day stays 8 hours.
    expect(cal.businessHoursBetween(at('2026-03-06T13:00:00Z'), at('2026-03-09T20:00:00Z'))).toBe(16);
  });

  it("honours a board's closure days", () => {
    const board = new BusinessCalendar({ closureDays: ['2026-03-16', '2026-03-17'] });
    expect(board.isBusinessDay('2026-03-16')).toBe(false);
    expect(cal.isBusinessDay('2026-03-16')).toBe(true);
    expect(board.businessDaysBetween(at('2026-03-13T12:00:00Z'), at('2026-03-18T12:00:00Z'))).toBe(1);
    expect(board.addBusinessDays('2026-03-13', 1)).toBe('2026-03-18');
  });

  it('adds business hours across a weekend and a holiday', () => {
    // Friday 2026-07-31 15:00 EDT + 2h → Monday 08:00 + 1h (Civic Holiday is a business day) = Monday 09:00.
    expect(cal.addBusinessHours(at('2026-07-31T19:00:00Z'), 2).toISOString()).toBe(
      '2026-08-03T13:00:00.000Z',
    );
    // Tuesday 2026-06-30 15:00 + 8h → Canada Day skipped → Thursday 15:00.
    expect(cal.addBusinessHours(at('2026-06-30T19:00:00Z'), 8).toISOString()).toBe(
      '2026-07-02T19:00:00.000Z',
    );
  });
});

describe('service deadline', () => {
  it('is normal before, due on, overdue after the deadline', () => {
    expect(slaState(4, 5)).toBe('normal');
    expect(slaState(5, 5)).toBe('due');
    expect(slaState(6, 5)).toBe('overdue');
  });
});

describe('the fast running totals agree with a day-by-day count', () => {
  /** The obvious algorithm: walk every day and add its 08:00–16:00 overlap. */
  function naiveHours(calendar: BusinessCalendar, start: Date, end: Date): number {
    if (end <= start) return 0;
    let millis = 0;
    const zone = calendar.timeZone;
    let day = DateTime.fromJSDate(start, { zone }).startOf('day');
    const last = DateTime.fromJSDate(end, { zone });
    while (day <= last) {
      if (calendar.isBusinessDay(day.toISODate()!)) {
        const a = Math.max(day.set({ hour: 8 }).toMillis(), start.getTime());
        const b = Math.min(day.set({ hour: 16 }).toMillis(), end.getTime());
        if (b > a) millis += b - a;
      }
      day = day.plus({ days: 1 });
    }
    return millis / 3_600_000;
  }

  it('for any two instants from 1995 to 2030, with closure days', () => {
    const board = new BusinessCalendar({ closureDays: ['2025-03-14', '2025-12-22', '1999-12-31'] });
    const instant = fc.date({
      min: new Date('1995-01-01T00:00:00Z'),
      max: new Date('2030-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 2 * 365 * 24 }), (end, hoursBack) => {
        const start = new Date(end.getTime() - hoursBack * 3_600_000);
        expect(board.businessHoursBetween(start, end)).toBeCloseTo(naiveHours(board, start, end), 6);
      }),
      // The day-by-day count walks up to two years of days per run: 100 runs cover every kind of
      // span (holidays, closures, DST, year ends) in a few seconds.
      { numRuns: 100 },
    );
  });

  it('adds business hours back to the same instant', () => {
    const instant = fc.date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2028-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 400 }), (start, hours) => {
        const end = cal.addBusinessHours(start, hours);
        expect(cal.businessHoursBetween(start, end)).toBeCloseTo(hours, 6);
      }),
      { numRuns: 300 },
    );
  });
});
