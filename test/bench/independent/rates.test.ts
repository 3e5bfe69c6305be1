/**
 * The error model's rates, measured on the files themselves: each request is compared with the SIS
 * record of its student (truth.csv), never with the generator's own labels.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATES } from '../../../bench/lib/independent/rates.js';
import { parsedSet, type ParsedSet, plain, type Row } from './helpers.js';

interface Pair {
  request: Row;
  student: Row;
}

function presentPairs(set: ParsedSet): Pair[] {
  const requests = new Map(set.requests.map((r) => [r.reference_number, r]));
  return set.truth
    .filter((t) => t.expected_student_number)
    .map((t) => ({
      request: requests.get(t.reference_number)!,
      student: set.byNumber.get(t.expected_student_number)!,
    }));
}

const share = <T>(items: T[], test: (item: T) => boolean) => items.filter(test).length / items.length;

describe('independent generator: default rates', () => {
  const options = { students: 12_000, requests: 5_000, seed: 'rates' };
  let set: ParsedSet;
  let pairs: Pair[];
  beforeAll(() => {
    set = parsedSet(options);
    pairs = presentPairs(set);
  });

  it('leaves 15 % of the applicants out of the SIS, split between the kinds of absent applicant', () => {
    const absent = set.truth.filter((t) => !t.expected_student_number);
    expect(absent.length).toBe(Math.round(options.requests * DEFAULT_RATES.absentShare));
    const kinds = DEFAULT_RATES.absentKinds;
    const total = Object.values(kinds).reduce((a, b) => a + b, 0);
    const observed = (prefix: string) => share(absent, (t) => t.kind.startsWith(prefix));
    expect(observed('-stranger')).toBeCloseTo(kinds.stranger / total, 1);
    expect(observed('-doppelganger/exact')).toBeCloseTo(kinds.doppelganger_exact / total, 1);
    expect(observed('-doppelganger/near')).toBeCloseTo(kinds.doppelganger_near / total, 1);
    expect(observed('-relative/twin')).toBeCloseTo(kinds.twin / total, 1);
    expect(observed('-relative/sibling')).toBeCloseTo(kinds.sibling / total, 1);
  });

  it('types the OEN right in most requests that give one', () => {
    const given = pairs.filter((p) => p.request.oen && p.student.oen);
    const r = DEFAULT_RATES;
    const expected = 1 - r.oenDigit - r.oenSwap - r.oenSibling - r.oenWrong;
    expect(given.length).toBeGreaterThan(1000);
    expect(Math.abs(share(given, (p) => p.request.oen === p.student.oen) - expected)).toBeLessThan(0.025);
  });

  it('gets the birth date wrong in a few per cent of requests, sometimes by swapping day and month', () => {
    const r = DEFAULT_RATES;
    // A swap only shows when the day could be a month and differs from it (about 36 % of dates).
    const swapVisible = (12 * 12 - 12) / 365.25;
    const expected = r.dobDayMonthSwap * swapVisible + r.dobYear + r.dobDay + r.dobMonth + r.dobMissing;
    const different = share(pairs, (p) => p.request.birth_date !== p.student.birth_date);
    expect(Math.abs(different - expected)).toBeLessThan(0.012);
    const swapped = share(pairs, (p) => {
      const [y, m, d] = p.request.birth_date.split('-');
      return m !== d && `${y}-${d}-${m}` === p.student.birth_date;
    });
    expect(Math.abs(swapped - r.dobDayMonthSwap * swapVisible)).toBeLessThan(0.005);
  });

  it('names an earlier school of the board as often as set, among students who moved', () => {
    const movers = pairs.filter(
      (p) => p.student.schools_attended.split(';').length >= 2 && p.request.school_bsid,
    );
    expect(movers.length).toBeGreaterThan(300);
    const earlier = share(movers, (p) => {
      const schools = p.student.schools_attended.split(';');
      return schools.slice(0, -1).includes(p.request.school_bsid);
    });
    // An earlier school is named when the applicant did not name a wrong one first.
    const expected = DEFAULT_RATES.schoolEarlier * (1 - DEFAULT_RATES.schoolWrong);
    expect(Math.abs(earlier - expected)).toBeLessThan(0.05);
  });

  it('leaves the school out, or names one never attended, at the set rates', () => {
    const missing = share(pairs, (p) => !p.request.school_bsid);
    expect(Math.abs(missing - DEFAULT_RATES.schoolMissing)).toBeLessThan(0.008);
    const wrong = share(
      pairs,
      (p) =>
        p.request.school_bsid !== '' &&
        !p.student.schools_attended.split(';').includes(p.request.school_bsid),
    );
    // Plus earlier schools the old records never kept.
    expect(wrong).toBeGreaterThan(DEFAULT_RATES.schoolWrong * 0.8);
    expect(wrong).toBeLessThan(DEFAULT_RATES.schoolWrong + 0.02);
  });

  it('gives the gender, the date last attended and the student number as often as set', () => {
    expect(Math.abs(share(pairs, (p) => p.request.gender !== '') - DEFAULT_RATES.genderGiven)).toBeLessThan(
      0.015,
    );
    expect(
      Math.abs(
        share(pairs, (p) => p.request.date_last_attended !== '') - DEFAULT_RATES.dateLastAttendedGiven,
      ),
    ).toBeLessThan(0.02);
    const numbers = pairs.filter((p) => p.request.student_number);
    expect(Math.abs(numbers.length / pairs.length - DEFAULT_RATES.studentNumberGiven)).toBeLessThan(0.015);
    const right = share(numbers, (p) => p.request.student_number === p.student.student_number);
    expect(
      Math.abs(right - (1 - DEFAULT_RATES.studentNumberSlip - DEFAULT_RATES.studentNumberWrong)),
    ).toBeLessThan(0.06);
  });

  it('changes surnames by marriage mostly for women past their twenties', () => {
    const women = pairs.filter((p) => p.student.gender === 'F');
    const age = (p: Pair) => 2026 - Number(p.student.birth_date.slice(0, 4));
    const changed = (p: Pair) =>
      p.request.previous_last_name !== '' &&
      plain(p.request.previous_last_name) === plain(p.student.last_name) &&
      plain(p.request.last_name) !== plain(p.student.last_name);
    const young = women.filter((p) => age(p) <= 21);
    const older = women.filter((p) => age(p) >= 30);
    expect(older.length).toBeGreaterThan(200);
    expect(share(young, changed)).toBeLessThan(0.01);
    expect(share(older, changed)).toBeGreaterThan(0.08);
  });
});

describe('independent generator: overridden rates', () => {
  it('follows a changed share of absent applicants', () => {
    const set = parsedSet({ students: 2000, requests: 1000, seed: 'absent', rates: { absentShare: 0.3 } });
    expect(set.truth.filter((t) => !t.expected_student_number)).toHaveLength(300);
  });

  it('follows a changed typo rate when every other name change is switched off', () => {
    const set = parsedSet({
      students: 8000,
      requests: 3000,
      seed: 'typos',
      rates: {
        absentShare: 0,
        usePreferred: 0,
        useOtherName: 0,
        nickname: 0,
        goesByMiddle: 0,
        firstWithMiddle: 0,
        compoundVariant: 0,
        firstMissing: 0,
        lastMissing: 0,
        marriedNameByAge: [{ fromAge: 0, share: 0 }],
        marriedNameMen: 0,
        schoolChangeOldSurname: 0,
        surnameForm: 0,
        singhKaurAsSurname: 0,
        soundAlike: 0,
        ocr: 0,
        swapNames: 0,
        typo: 0.3,
      },
    });
    const pairs = presentPairs(set);
    // Besides typing, a few SIS records carry a clerk's slip or a truncated old name.
    const first = share(pairs, (p) => plain(p.request.first_name) !== plain(p.student.first_name));
    const last = share(pairs, (p) => plain(p.request.last_name) !== plain(p.student.last_name));
    expect(first).toBeGreaterThan(0.27);
    expect(first).toBeLessThan(0.33);
    expect(last).toBeGreaterThan(0.27);
    expect(last).toBeLessThan(0.33);
  });
});
