import { describe, expect, it } from 'vitest';
import { blockingKeys, oneDigitBirthDates } from '../../src/matching/blocking.js';
import { StudentIndex, dateNumber, oenSlips } from '../../src/matching/student-index.js';
import { request, student } from './helpers.js';

describe('blockingKeys', () => {
  it('carries the identifiers as typed', () => {
    const keys = blockingKeys(request({ oen: '123 456 789', studentNumber: '000123' }));
    expect(keys.oen).toBe('123456789');
    expect(keys.studentNumber).toBe('000123');
    expect(blockingKeys(request({ oen: '12345' })).oen).toBeUndefined();
  });
  it('lists the typed birth date first, then its swap, neighbour years and one-digit slips', () => {
    const keys = blockingKeys(request({ birthDate: '2006-04-07' }));
    expect(keys.birthDates[0]).toBe('2006-04-07');
    expect(keys.birthDates).toContain('2006-07-04');
    expect(keys.birthDates).toContain('2005-04-07');
    expect(keys.birthDates).toContain('2006-04-08');
    expect(keys.birthDates).toContain('2006-04-17');
    expect(keys.birthYears).toEqual([2006]);
  });
  it('lists surname forms: typed, glued, parts, previous, variants', () => {
    const keys = blockingKeys(request({ lastName: 'Garcia-López', previousLastName: "O'Brien" }));
    expect(keys.surnames).toEqual(
      expect.arrayContaining(['GARCIA LOPEZ', 'GARCIALOPEZ', 'GARCIA', 'LOPEZ', 'OBRIEN']),
    );
    expect(blockingKeys(request({ lastName: 'Chaudhry' })).surnames).toContain('CHOWDHURY');
  });
  it('lists given names with their variants', () => {
    const keys = blockingKeys(request({ firstName: 'Bill' }));
    expect(keys.givenNames).toEqual(expect.arrayContaining(['BILL', 'WILLIAM']));
  });
  it('lists the 81 one-digit and the neighbour swaps of an OEN', () => {
    const slips = oenSlips('123456789');
    expect(slips).toHaveLength(81 + 8);
    expect(slips).toContain('213456789');
    expect(slips).toContain('123456780');
    expect(slips).not.toContain('123456789');
  });
  it('keeps one-digit slips to real past dates', () => {
    const slips = oneDigitBirthDates('2006-02-28', 2026);
    expect(slips).toContain('2006-02-27');
    expect(slips).not.toContain('2006-02-29');
    expect(slips).not.toContain('2096-02-28');
    expect(slips.length).toBeLessThan(40);
  });
});

describe('StudentIndex', () => {
  const twinA = student({
    firstName: 'Ethan',
    lastName: 'Tremblay',
    birthDate: '2006-04-07',
    oen: '111111118',
  });
  const married = student({
    firstName: 'Catherine',
    lastName: 'Smith',
    previousLastNames: ['Gagnon'],
    birthDate: '2004-11-23',
  });
  const swapped = student({ firstName: 'Wei', lastName: 'Chen', birthDate: '2007-01-15' });
  const hyphen = student({
    firstName: 'Sofia',
    lastName: 'Garcia-Lopez',
    birthDate: '2005-03-09',
    studentNumber: '0042',
  });
  const other = student({ firstName: 'Noah', lastName: 'Brown', birthDate: '2006-04-07' });
  const index = new StudentIndex([twinA, married, swapped, hyphen, other]);
  const found = (fields: Parameters<typeof request>[0]) =>
    index.candidatesBeyondKeys(blockingKeys(request(fields))).map((s) => s.studentNumber);

  it('knows its size and finds by number', () => {
    expect(index.size).toBe(5);
    expect(index.byStudentNumber('42')).toBe(hyphen);
  });
  it('finds by OEN and by student number alone', () => {
    expect(found({ oen: '111111118' })).toEqual([twinA.studentNumber]);
    expect(found({ studentNumber: '42' })).toEqual([hyphen.studentNumber]);
  });
  it('finds a misspelt surname through the given name and the birth date', () => {
    expect(found({ firstName: 'Ethan', lastName: 'Trembley', birthDate: '2006-04-07' })).toEqual([
      twinA.studentNumber,
    ]);
  });
  it('finds a day/month swap and a one-digit slip through the surname', () => {
    expect(found({ firstName: 'Ethen', lastName: 'Tremblay', birthDate: '2006-07-04' })).toContain(
      twinA.studentNumber,
    );
    expect(found({ firstName: 'Ethen', lastName: 'Tremblay', birthDate: '2006-04-01' })).toContain(
      twinA.studentNumber,
    );
  });
  it('finds a married name through the previous surname and through the given name', () => {
    expect(
      found({ firstName: 'Cathy', lastName: 'Jones', previousLastName: 'Smith', birthDate: '2004-11-24' }),
    ).toContain(married.studentNumber);
    expect(found({ firstName: 'Catherine', lastName: 'Gagnon', birthDate: '2004-11-23' })).toContain(
      married.studentNumber,
    );
    expect(found({ firstName: 'Catherine', lastName: 'Jones', birthDate: '2004-11-23' })).toContain(
      married.studentNumber,
    );
  });
  it('finds names typed the other way round', () => {
    expect(found({ firstName: 'Chen', lastName: 'Wei', birthDate: '2007-01-15' })).toContain(
      swapped.studentNumber,
    );
    expect(found({ firstName: 'Chen', lastName: 'Wei', birthDate: '2007-03-02' })).toContain(
      swapped.studentNumber,
    );
  });
  it('finds one part of a hyphenated surname', () => {
    expect(found({ firstName: 'Sofia', lastName: 'Lopez', birthDate: '2005-09-03' })).toContain(
      hyphen.studentNumber,
    );
  });
  it('does not bring students sharing only a birth date', () => {
    expect(found({ firstName: 'Zed', lastName: 'Quill', birthDate: '2006-04-07' })).toEqual([]);
  });
  it('finds the typed birth date with both names mistyped by a name initial in common', () => {
    const typed = found({ firstName: 'Etahn', lastName: 'Trembaly', birthDate: '2006-04-07' });
    expect(typed).toContain(twinA.studentNumber);
    expect(typed).not.toContain(other.studentNumber);
    expect(found({ firstName: 'Trembaly', lastName: 'Etahn', birthDate: '2006-04-07' })).toContain(
      twinA.studentNumber,
    );
    // The rule the SIS adapters share stays as it was: only this index goes beyond the keys.
    const keys = blockingKeys(request({ firstName: 'Etahn', lastName: 'Trembaly', birthDate: '2006-04-07' }));
    expect(index.candidates(keys)).toEqual([]);
    expect(index.candidates(blockingKeys(request({ firstName: 'Catherine', lastName: 'Smith' })))).toEqual(
      [],
    );
    expect(index.candidates(blockingKeys(request({ oen: '111111181' })))).toEqual([]);
    // One initial in common is not enough (Evan is no slip of Ethan; Etahn is: beyond-keys.test.ts).
    expect(found({ firstName: 'Evan', lastName: 'Quill', birthDate: '2006-04-07' })).toEqual([]);
    // Only on the date as typed, not on its slips.
    expect(found({ firstName: 'Etahn', lastName: 'Trembaly', birthDate: '2006-04-08' })).toEqual([]);
  });
  it('finds a full name few students carry without the birth date, also typed the other way round', () => {
    expect(found({ firstName: 'Catherine', lastName: 'Smith' })).toEqual([married.studentNumber]);
    expect(found({ firstName: 'Smith', lastName: 'Catherine', birthDate: '1950-01-01' })).toEqual([
      married.studentNumber,
    ]);
    const many = Array.from({ length: 4 }, (_, i) =>
      student({ firstName: 'Liam', lastName: 'Smith', birthDate: `200${i}-01-01` }),
    );
    const crowded = new StudentIndex(many);
    expect(
      crowded.candidatesBeyondKeys(
        blockingKeys(request({ firstName: 'Liam', lastName: 'Smith', birthDate: '1950-01-01' })),
      ),
    ).toEqual([]);
  });
  it('finds, for a request without a birth date, the surname with a given name of the same initial', () => {
    expect(found({ firstName: 'Etahn', lastName: 'Tremblay' })).toEqual([twinA.studentNumber]);
    expect(found({ firstName: 'Zed', lastName: 'Tremblay' })).toEqual([]);
    // With a birth date, the dated keys decide.
    expect(found({ firstName: 'Etahn', lastName: 'Tremblay', birthDate: '1990-01-01' })).toEqual([]);
  });
  it('finds an OEN typed with one digit wrong or two neighbours exchanged', () => {
    expect(found({ firstName: 'Zed', lastName: 'Quill', oen: '111111181' })).toEqual([twinA.studentNumber]);
    expect(found({ firstName: 'Zed', lastName: 'Quill', oen: '111171118' })).toEqual([twinA.studentNumber]);
    expect(found({ firstName: 'Zed', lastName: 'Quill', oen: '111177118' })).toEqual([]);
  });
  it('gives name frequencies from the SIS', () => {
    const many = Array.from({ length: 30 }, () => student({ lastName: 'Singh' }));
    const big = new StudentIndex([...many, twinA]);
    expect(big.frequencies.surnameCount('SINGH')).toBe(30);
    expect(big.frequencies.surnameCount('NOBODY')).toBe(0);
    expect(big.frequencies.givenNameCount('ETHAN')).toBe(1);
    expect(big.frequencies.fullNameCount('OLIVIA', 'SINGH')).toBe(30);
    expect(big.frequencies.population).toBe(31);
  });
  it('counts a name wherever it stands in a surname', () => {
    const abu = [
      student({ lastName: 'Abu Hakim' }),
      student({ lastName: 'Abu Touma' }),
      student({ lastName: 'Smith', previousLastNames: ['Abu Zahran'] }),
    ];
    const big = new StudentIndex([...abu, twinA]);
    expect(big.frequencies.surnameCount('ABU')).toBe(0);
    expect(big.frequencies.surnameKeyCount?.('ABU')).toBe(3);
    expect(big.frequencies.surnameKeyCount?.('HAKIM')).toBe(1);
  });
  it('pairs a slipped birth date with a given name only when the surname starts alike', () => {
    const trembley = student({ firstName: 'Ethan', lastName: 'Tremblay', birthDate: '2006-04-07' });
    const stranger = student({ firstName: 'Ethan', lastName: 'Nguyen', birthDate: '2006-04-07' });
    const small = new StudentIndex([trembley, stranger]);
    const slipped = (lastName: string) =>
      small
        .candidates(blockingKeys(request({ firstName: 'Ethan', lastName, birthDate: '2006-04-08' })))
        .map((s) => s.studentNumber);
    // A mistyped surname and a slipped date: still found through the given name.
    expect(slipped('Trenblay')).toEqual([trembley.studentNumber]);
    // On the typed date itself, the given name alone is enough.
    const typedDate = small.candidates(
      blockingKeys(request({ firstName: 'Ethan', lastName: 'Trenblay', birthDate: '2006-04-07' })),
    );
    expect(typedDate.map((s) => s.studentNumber).sort()).toEqual(
      [trembley.studentNumber, stranger.studentNumber].sort(),
    );
  });
  it('finds by numbers with and without leading zeros, and by numbers that are not digits', () => {
    const letters = student({ studentNumber: 'AB-1234' });
    const zeros = student({ studentNumber: '000777' });
    const big = new StudentIndex([letters, zeros, twinA]);
    expect(big.byStudentNumber('ab-1234')).toBe(letters);
    expect(big.byStudentNumber('777')).toBe(zeros);
    expect(big.candidates(blockingKeys(request({ studentNumber: '0777' })))).toEqual([zeros]);
    expect(big.byStudentNumber('778')).toBeUndefined();
  });
});

describe('dateNumber', () => {
  it('reads YYYY-MM-DD as a number and refuses anything else', () => {
    expect(dateNumber('2006-04-07')).toBe(20060407);
    expect(dateNumber('2006-4-07')).toBe(-1);
    expect(dateNumber('2006/04/07')).toBe(-1);
    expect(dateNumber('')).toBe(-1);
  });
});
