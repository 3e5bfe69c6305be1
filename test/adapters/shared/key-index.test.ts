import { describe, expect, it } from 'vitest';
import { KeyIndex, surnameKeys } from '../../../adapters/shared/key-index.js';
import { nameKeys, normaliseName } from '../../../adapters/shared/normalise.js';
import { candidateRule, planLookups } from '../../../adapters/shared/candidates.js';
import type { BlockingKeys, SisStudent } from '../../../src/sis/index.js';
import { StudentIndex } from '../../../src/matching/student-index.js';
import { blockingKeys } from '../../../src/matching/blocking.js';
import { generate } from '../../../bench/lib/synthetic.js';
import { STUDENTS } from '../support/fixtures.js';

describe('normaliseName', () => {
  it.each([
    ['Bélanger', 'BELANGER'],
    ["O'Brien", 'OBRIEN'],
    ['O’Brien', 'OBRIEN'],
    ['Smith-Jones', 'SMITH JONES'],
    ['  van  der   Berg ', 'VAN DER BERG'],
    ['St. Pierre', 'ST PIERRE'],
    ['Øster', 'OSTER'],
    ['Strauß', 'STRAUSS'],
    ['', ''],
  ])('%s → %s', (input, output) => {
    expect(normaliseName(input)).toBe(output);
  });

  it('gives the whole name, each part and the parts run together as keys', () => {
    expect(nameKeys('Smith-Jones')).toEqual(['SMITH JONES', 'SMITH', 'JONES', 'SMITHJONES']);
    expect(nameKeys('Khan')).toEqual(['KHAN']);
    expect(nameKeys(undefined)).toEqual([]);
  });

  it('indexes former surnames like the legal one', () => {
    expect(surnameKeys(STUDENTS.find((s) => s.studentNumber === '0012345')!)).toEqual([
      'TREMBLAY',
      'ROY',
      'GAGNON',
    ]);
  });
});

describe('planLookups', () => {
  it('orders lookups from the most specific and uses the birth-year window, given names as surnames too', () => {
    const plan = planLookups({
      oen: '123456789',
      studentNumber: 'S1',
      surnames: ['LEE', 'LEE', 'VAN DER BERG'],
      givenNames: ['ANN'],
      birthYears: [2006, 2004, 2005],
      birthDates: ['2005-01-02', '2005-02-31'],
    });
    const years = { birthYearFrom: 2004, birthYearTo: 2006 };
    expect(plan).toEqual([
      { by: 'oen', oen: '123456789' },
      { by: 'studentNumber', studentNumber: 'S1' },
      { by: 'surname', surname: 'LEE', ...years },
      { by: 'surname', surname: 'VAN DER BERG', ...years },
      { by: 'surname', surname: 'ANN', ...years },
      { by: 'surname', surname: 'VANDERBERG', ...years },
      { by: 'givenName', givenName: 'ANN', birthDate: '2005-01-02', slip: false },
      { by: 'birthDate', birthDate: '2005-01-02', slip: false },
    ]);
  });

  it('looks up nothing but identifiers without a name, and no surname without a given name or a year', () => {
    expect(
      planLookups({
        oen: '123456789',
        surnames: [],
        givenNames: [],
        birthYears: [2005],
        birthDates: ['2005-01-02'],
      }),
    ).toEqual([{ by: 'oen', oen: '123456789' }]);
    expect(planLookups({ surnames: ['LEE'], givenNames: [], birthYears: [2005], birthDates: [] })).toEqual(
      [],
    );
    expect(planLookups({ surnames: ['LEE'], givenNames: ['ANN'], birthYears: [], birthDates: [] })).toEqual(
      [],
    );
  });

  it('marks every birth date but the typed one and its day/month swap as a slip', () => {
    const plan = planLookups({
      surnames: [],
      givenNames: ['ANN'],
      birthYears: [],
      birthDates: ['2005-01-02', '2005-02-01', '2004-01-02', '2005-01-03'],
    }).filter((l) => l.by === 'birthDate');
    expect(plan).toEqual([
      { by: 'birthDate', birthDate: '2005-01-02', slip: false },
      { by: 'birthDate', birthDate: '2005-02-01', slip: false },
      { by: 'birthDate', birthDate: '2004-01-02', slip: true },
      { by: 'birthDate', birthDate: '2005-01-03', slip: true },
    ]);
  });
});

describe('KeyIndex', () => {
  const index = new KeyIndex(STUDENTS, 3);
  it('returns each student once, most specific first, at most the cap', () => {
    const found = index.candidates({
      studentNumber: 'S1004',
      surnames: ['SMITH'],
      birthYears: [1990, 2005],
      birthDates: ['2005-03-14'],
      givenNames: ['SARAH'],
    });
    expect(found.map((s) => s.studentNumber)).toEqual(['S1004', 'S1001', 'S1005']);
  });
});

describe('mergeCandidates under the cap', () => {
  it('keeps the student found by a surname and a birth date over a crowd sharing the surname', () => {
    const crowd = Array.from({ length: 50 }, (_, i) => ({
      studentNumber: `C${i}`,
      firstName: 'Ann',
      lastName: 'Smith',
      previousLastNames: [],
      birthDate: '2005-05-05',
    }));
    const target = {
      studentNumber: 'T1',
      firstName: 'Bea',
      lastName: 'Smith',
      previousLastNames: [],
      birthDate: '2005-01-02',
    };
    const index = new KeyIndex([...crowd, target], 5);
    const found = index.candidates({
      surnames: ['SMITH'],
      birthYears: [2005],
      birthDates: ['2005-01-02'],
      givenNames: ['ANN', 'BEA'],
    });
    expect(found).toHaveLength(5);
    expect(found[0].studentNumber).toBe('T1');
  });
});

describe('candidateRule', () => {
  const numbers = (list: SisStudent[]) => list.map((s) => s.studentNumber).sort();

  it("keeps exactly the students the matcher's index returns beyond the keys, on a synthetic SIS", () => {
    const { students, requests } = generate({ students: 5_000, requests: 1_500, seed: 11 });
    const matcher = new StudentIndex(students);
    const index = new KeyIndex(students, students.length);
    let found = 0;
    for (const [i, { request }] of requests.entries()) {
      const k = blockingKeys(request);
      // `etms match`'s candidates: the keys' and those of the searches beyond them.
      const expected = numbers(matcher.candidatesBeyondKeys(k));
      expect(numbers(index.candidates(k)), request.referenceNumber).toEqual(expected);
      found += expected.length;
      // The rule alone, over every student, gives the same (identifier hits aside): a scan of the
      // whole SIS, so for every fifth request (300 of them, every kind of slip among them).
      if (i % 5 !== 0) continue;
      const byRule = students.filter(candidateRule(k));
      expect(
        byRule.every((s) => expected.includes(s.studentNumber)),
        request.referenceNumber,
      ).toBe(true);
    }
    expect(found).toBeGreaterThan(requests.length);
  });

  it('compares request keys without spaces and student keys as the matcher derives them', () => {
    const saint: SisStudent = {
      studentNumber: 'X1',
      firstName: 'Marie Ève',
      lastName: 'St-Pierre',
      previousLastNames: [],
      birthDate: '2005-04-04',
    };
    const particles: SisStudent = {
      studentNumber: 'X2',
      firstName: 'Ana',
      lastName: 'De La Fuente Garcia',
      previousLastNames: [],
      birthDate: '2005-04-04',
    };
    const k = (over: Partial<BlockingKeys>): BlockingKeys => ({
      birthDates: [],
      surnames: [],
      givenNames: [],
      birthYears: [2005],
      ...over,
    });
    // St is read as Saint; a surname without its leading particles is a key; the first word of a given name is one.
    expect(candidateRule(k({ surnames: ['SAINTPIERRE'], givenNames: ['MARIE'] }))(saint)).toBe(true);
    expect(candidateRule(k({ surnames: ['SAINT PIERRE'], givenNames: ['MARIEEVE'] }))(saint)).toBe(true);
    expect(candidateRule(k({ surnames: ['PIERRE'], givenNames: ['EVE'] }))(saint)).toBe(false);
    expect(candidateRule(k({ surnames: ['FUENTEGARCIA'], givenNames: ['ANA'] }))(particles)).toBe(true);
    expect(candidateRule(k({ surnames: ['LA'], givenNames: ['ANA'] }))(particles)).toBe(false);
    for (const s of [saint, particles]) {
      for (const keys of [
        k({ surnames: ['SAINTPIERRE'], givenNames: ['MARIE'] }),
        k({ surnames: ['FUENTEGARCIA'], givenNames: ['ANA'] }),
      ]) {
        expect(candidateRule(keys)(s)).toBe(numbers(new StudentIndex([s]).candidates(keys)).length > 0);
      }
    }
  });
});
