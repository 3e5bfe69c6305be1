import { describe, expect, it } from 'vitest';
import {
  birthDateLevel,
  dayMonthSwap,
  isIsoDate,
  isIsoMonth,
  monthsApart,
} from '../../src/matching/dates.js';
import { scoreCandidate } from '../../src/matching/score.js';
import { request, student } from './helpers.js';

describe('birth date levels', () => {
  it.each([
    ['2006-04-17', '2006-04-17', 'exact'],
    ['2006-07-04', '2006-04-07', 'day_month_swap'],
    ['2006-04-18', '2006-04-17', 'one_digit'],
    ['2006-04-21', '2006-04-12', 'one_digit'],
    ['2006-09-28', '2006-04-17', 'different'],
    ['2060-04-17', '2006-04-17', 'one_digit'],
    ['2009-04-17', '2010-04-17', 'one_year'],
    ['2007-04-17', '2006-04-17', 'one_digit'],
    ['2004-08-17', '2006-04-17', 'different'],
    [undefined, '2006-04-17', 'missing'],
  ])('%s against %s is %s', (typed, recorded, expected) => {
    expect(birthDateLevel(typed, recorded)).toBe(expected);
  });
  it('weighs the levels in order', () => {
    const s = student({ birthDate: '2006-04-07' });
    const weight = (birthDate: string) =>
      scoreCandidate(request({ firstName: s.firstName, lastName: s.lastName, birthDate }), s).fields[2]
        .weight;
    const exact = weight('2006-04-07');
    const swap = weight('2006-07-04');
    const digit = weight('2006-04-08');
    const year = weight('2005-04-07');
    const other = weight('2003-11-23');
    expect(exact).toBeGreaterThan(swap);
    expect(swap).toBeGreaterThan(0);
    expect(digit).toBeGreaterThan(0);
    expect(year).toBeGreaterThan(0);
    expect(other).toBeLessThan(0);
  });
});

describe('calendar values', () => {
  it('accepts real dates only', () => {
    expect(isIsoDate('2008-02-29')).toBe(true);
    expect(isIsoDate('2007-02-29')).toBe(false);
    expect(isIsoDate('2007-13-01')).toBe(false);
    expect(isIsoDate('17/04/2006')).toBe(false);
  });
  it('swaps day and month only when that is another real date', () => {
    expect(dayMonthSwap('2006-04-07')).toBe('2006-07-04');
    expect(dayMonthSwap('2006-04-17')).toBeUndefined();
    expect(dayMonthSwap('2006-05-05')).toBeUndefined();
  });
  it('reads YYYY-MM months', () => {
    expect(isIsoMonth('2024-06')).toBe(true);
    expect(isIsoMonth('2024-13')).toBe(false);
    expect(monthsApart('2024-06', '2023-06')).toBe(12);
    expect(monthsApart('2024-06', undefined)).toBeUndefined();
  });
});
