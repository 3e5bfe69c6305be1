import { describe, expect, it } from 'vitest';
import { KeyIndex, surnameKeys } from '../../../adapters/shared/key-index.js';
import { nameKeys, normaliseName } from '../../../adapters/shared/normalise.js';
import { planLookups } from '../../../adapters/shared/candidates.js';
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
    expect(surnameKeys(STUDENTS.find((s) => s.studentNumber === '0012345')!)).toEqual(['TREMBLAY', 'ROY', 'GAGNON']);
  });
});

describe('planLookups', () => {
  it('orders lookups from the most specific and uses the birth-year window', () => {
    const plan = planLookups({ oen: '123456789', studentNumber: 'S1', surnames: ['LEE', 'LEE'], givenNames: ['ANN'], birthYears: [2006, 2004, 2005], birthDates: ['2005-01-02', '2005-02-31'] });
    expect(plan).toEqual([
      { by: 'oen', oen: '123456789' },
      { by: 'studentNumber', studentNumber: 'S1' },
      { by: 'surname', surname: 'LEE', birthYearFrom: 2004, birthYearTo: 2006 },
      { by: 'givenName', givenName: 'ANN', birthDate: '2005-01-02', slip: false },
      { by: 'birthDate', birthDate: '2005-01-02', slip: false },
    ]);
  });

  it('marks every birth date but the typed one and its day/month swap as a slip', () => {
    const plan = planLookups({ surnames: [], givenNames: [], birthYears: [], birthDates: ['2005-01-02', '2005-02-01', '2004-01-02', '2005-01-03'] });
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
    const found = index.candidates({ studentNumber: 'S1004', surnames: ['SMITH'], birthYears: [1990, 2005], birthDates: ['2005-03-14'], givenNames: [] });
    expect(found.map((s) => s.studentNumber)).toEqual(['S1004', 'S1001', 'S1005']);
  });
});

describe('mergeCandidates under the cap', () => {
  it('keeps the student found by a surname and a birth date over a crowd sharing the surname', () => {
    const crowd = Array.from({ length: 50 }, (_, i) => ({ studentNumber: `C${i}`, firstName: 'Ann', lastName: 'Smith', previousLastNames: [], birthDate: '2005-05-05' }));
    const target = { studentNumber: 'T1', firstName: 'Bea', lastName: 'Smith', previousLastNames: [], birthDate: '2005-01-02' };
    const index = new KeyIndex([...crowd, target], 5);
    const found = index.candidates({ surnames: ['SMITH'], birthYears: [2005], birthDates: ['2005-01-02'], givenNames: [] });
    expect(found).toHaveLength(5);
    expect(found[0].studentNumber).toBe('T1');
  });
});
