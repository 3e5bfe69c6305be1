import { describe, expect, it } from 'vitest';
import { blockingKeys } from '../../src/matching/blocking.js';
import {
  ONE_EDIT_SURNAME_MAX_STUDENTS,
  dayMonthSwapOf,
  isNameSlip,
  lettersAllowTypo,
  letterMask,
  oneEditNames,
  slipOnTypedBirthDate,
  typedNames,
} from '../../src/matching/beyond-keys.js';
import { isTypo } from '../../src/matching/score.js';
import { StudentIndex, studentNameKeys } from '../../src/matching/student-index.js';
import { generate } from '../../bench/lib/synthetic.js';
import { request, student } from './helpers.js';

describe('the predicates another SIS applies', () => {
  it('reads the typed surname and given name first among the keys', () => {
    const keys = blockingKeys(request({ firstName: 'Bill', lastName: 'Garcia-López' }));
    expect(typedNames(keys)).toEqual(['GARCIALOPEZ', 'BILL']);
    expect(typedNames(blockingKeys(request({ lastName: 'Smith' })))).toEqual(['SMITH', '']);
  });
  it('takes a name for another written with one slip, not another name', () => {
    expect(isNameSlip('NANDY', 'NANCY')).toBe(true);
    expect(isNameSlip('MAXPHERSON', 'MACPHERSON')).toBe(true);
    expect(isNameSlip('EVAN', 'ETHAN')).toBe(false);
    expect(isNameSlip('', 'ETHAN')).toBe(false);
  });
  it('on the typed date: a name one slip from any of the student’s, or a given name sounding alike', () => {
    // A married surname and a mistyped given name.
    expect(slipOnTypedBirthDate(['ANDERSON', 'NANDY'], ['ROSSI'], ['NANCY'])).toBe(true);
    // The given name typed in the surname field, with one slip.
    expect(slipOnTypedBirthDate(['POGAN', 'MAXPHERSON'], ['MACPHERSON'], ['LOGAN'])).toBe(true);
    // Laur for Laura: one letter short of a 5-letter name is no slip, but it sounds the same.
    expect(isNameSlip('LAUR', 'LAURA')).toBe(false);
    expect(slipOnTypedBirthDate(['THOMPSON', 'LAUR'], ['MELSHAM'], ['LAURA'])).toBe(true);
    // Sounding alike counts for given names only.
    expect(slipOnTypedBirthDate(['LEIGH', 'ZED'], ['LEE'], ['ANNA'])).toBe(false);
    expect(slipOnTypedBirthDate(['QUILL', 'ZED'], ['ROSSI'], ['NANCY'])).toBe(false);
  });
  it('skips the edit distance only for names no slip can join', () => {
    const pairs = [
      ['NANDY', 'NANCY'],
      ['MAXPHERSON', 'MACPHERSON'],
      ['BELPERI', 'BELPERIO'],
      ['CHRISTOPHER', 'CHRISTOHPRE'],
      ['KIBMERLY', 'KIMBERLY'],
      ['GILL', 'GILLL'],
      ['OLIVIA', 'NOAH'],
    ];
    for (const [a, b] of pairs)
      if (isTypo(a, b)) expect(lettersAllowTypo(a, b, letterMask(a), letterMask(b))).toBe(true);
    expect(lettersAllowTypo('OLIVIA', 'NOAH', letterMask('OLIVIA'), letterMask('NOAH'))).toBe(false);
  });
  it('gives the day/month swap of the typed date, when it is another date', () => {
    expect(dayMonthSwapOf(blockingKeys(request({ birthDate: '1966-01-12' })))).toBe('1966-12-01');
    expect(dayMonthSwapOf(blockingKeys(request({ birthDate: '1966-01-31' })))).toBeUndefined();
    expect(dayMonthSwapOf(blockingKeys(request({ lastName: 'Smith' })))).toBeUndefined();
  });
  it('lists the names one edit away, none for a short name', () => {
    const names = oneEditNames('BELPERI');
    expect(names).toEqual(expect.arrayContaining(['BELPERIO', 'BELPER', 'BLEPERI', 'BELPARI']));
    expect(names).not.toContain('BELPERI');
    expect(new Set(names).size).toBe(names.length);
    // 7 left out, 6 exchanged, 25 × 7 replaced, 26 × 8 added, less the repeats.
    expect(names.length).toBeLessThanOrEqual(7 + 6 + 25 * 7 + 26 * 8);
    expect(oneEditNames('LEE')).toEqual([]);
  });
});

describe('StudentIndex beyond the keys', () => {
  const nancy = student({ firstName: 'Nancy', lastName: 'Rossi', birthDate: '1978-10-22' });
  const laura = student({ firstName: 'Laura', lastName: 'Melsham', birthDate: '1972-12-01' });
  const logan = student({ firstName: 'Logan', lastName: 'MacPherson', birthDate: '2003-11-13' });
  const swapped = student({ firstName: 'Nancy', lastName: 'Lacroix', birthDate: '1966-12-01' });
  const slipped = student({ firstName: 'Nancy', lastName: 'Lacroix', birthDate: '1966-01-13' });
  const belperio = student({ firstName: 'Harriet', lastName: 'Belperio', birthDate: '1916-01-15' });
  const stranger = student({ firstName: 'Zoe', lastName: 'Quill', birthDate: '1978-10-22' });
  const index = new StudentIndex([nancy, laura, logan, swapped, slipped, belperio, stranger]);
  const keysOf = (fields: Parameters<typeof request>[0]) => blockingKeys(request(fields));
  const found = (fields: Parameters<typeof request>[0]) =>
    index.candidatesBeyondKeys(keysOf(fields)).map((s) => s.studentNumber);
  const byKeys = (fields: Parameters<typeof request>[0]) =>
    index.candidates(keysOf(fields)).map((s) => s.studentNumber);

  it('finds, on the typed birth date, a given name one slip away with a married surname', () => {
    const typed = { firstName: 'Nandy', lastName: 'Anderson', birthDate: '1978-10-22' };
    expect(found(typed)).toEqual([nancy.studentNumber]);
    expect(byKeys(typed)).toEqual([]);
    // Only on the date as typed: one digit off, the given name alone brings nobody.
    expect(found({ ...typed, birthDate: '1978-10-23' })).toEqual([]);
  });
  it('finds a given name sounding alike, and a name typed with a slip in the other field', () => {
    expect(found({ firstName: 'Laur', lastName: 'Thompson', birthDate: '1972-12-01' })).toEqual([
      laura.studentNumber,
    ]);
    expect(found({ firstName: 'MaxPherson', lastName: 'Pogan', birthDate: '2003-11-13' })).toEqual([
      logan.studentNumber,
    ]);
  });
  it('finds day and month exchanged with the given name alone, not another slip of the date', () => {
    const typed = { firstName: 'Nancy', lastName: 'Colombo', birthDate: '1966-01-12' };
    const all = found(typed);
    expect(all).toContain(swapped.studentNumber);
    // 1966-01-13 is one digit from the typed date: a given name there still needs a surname starting alike.
    expect(all).not.toContain(slipped.studentNumber);
    expect(byKeys(typed)).toEqual([]);
    expect(found({ ...typed, lastName: 'Lambert' })).toEqual(
      expect.arrayContaining([swapped.studentNumber, slipped.studentNumber]),
    );
  });
  it('finds, without a birth date, a surname one edit away with the given name’s initial', () => {
    expect(found({ firstName: 'Harriet', lastName: 'Belperi' })).toEqual([belperio.studentNumber]);
    expect(byKeys({ firstName: 'Harriet', lastName: 'Belperi' })).toEqual([]);
    expect(found({ firstName: 'Zed', lastName: 'Belperi' })).toEqual([]);
    // With a birth date, the dated keys decide.
    expect(found({ firstName: 'Harriet', lastName: 'Belperi', birthDate: '1950-01-01' })).toEqual([]);
  });
  it('leaves the one-edit surnames alone when too many students carry them', () => {
    const crowd = Array.from({ length: ONE_EDIT_SURNAME_MAX_STUDENTS }, (_, i) =>
      student({ firstName: 'Zed', lastName: i % 2 === 0 ? 'Belperio' : 'Belpero', birthDate: '1990-01-01' }),
    );
    const few = new StudentIndex([belperio, ...crowd.slice(0, ONE_EDIT_SURNAME_MAX_STUDENTS - 1)]);
    const many = new StudentIndex([belperio, ...crowd]);
    const keys = keysOf({ firstName: 'Harriet', lastName: 'Belperi' });
    expect(few.candidatesBeyondKeys(keys)).toEqual([belperio]);
    expect(many.candidatesBeyondKeys(keys)).toEqual([]);
  });
  it('brings every student the predicates name, from the lookups they say', () => {
    // What another SIS would do: the students of the typed date kept by slipOnTypedBirthDate, those of
    // the swapped date with a given-name key, and for an undated request those of the one-edit surnames.
    const data = generate({ students: 4000, requests: 300, seed: 11 });
    const big = new StudentIndex(data.students);
    const nameKeys = data.students.map((s) => {
      const surnames: string[] = [];
      const given: string[] = [];
      studentNameKeys(s, surnames, given);
      return { surnames, given };
    });
    let checked = 0;
    for (const { request: r } of data.requests) {
      const keys = blockingKeys(r);
      const brought = new Set(big.candidatesBeyondKeys(keys));
      const typed = typedNames(keys);
      const swap = dayMonthSwapOf(keys);
      for (let i = 0; i < data.students.length; i++) {
        const s = data.students[i];
        const { surnames, given } = nameKeys[i];
        const bySlip = keys.birthDates[0] === s.birthDate && slipOnTypedBirthDate(typed, surnames, given);
        const bySwap =
          swap !== undefined && swap === s.birthDate && given.some((g) => keys.givenNames.includes(g));
        if (bySlip || bySwap) {
          checked++;
          expect(brought.has(s)).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
