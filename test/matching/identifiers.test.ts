import { describe, expect, it } from 'vitest';
import { oenConflict, oenLevel, studentNumberLevel } from '../../src/matching/identifiers.js';
import { scoreCandidate } from '../../src/matching/score.js';
import { level, request, student } from './helpers.js';

describe('OEN levels', () => {
  it('is exact, one digit off, missing or different', () => {
    expect(oenLevel('123456789', '123456789')).toBe('exact');
    expect(oenLevel('123456780', '123456789')).toBe('one_digit');
    expect(oenLevel('123465789', '123456789')).toBe('one_digit');
    expect(oenLevel('12345678', '123456789')).toBe('one_digit');
    expect(oenLevel('', '123456789')).toBe('missing');
    expect(oenLevel('123456789', '')).toBe('missing');
    expect(oenLevel('987654321', '123456789')).toBe('different');
    expect(oenLevel('1234', '123456789')).toBe('missing');
  });
  it('calls two different well-formed OENs a conflict, a slip not', () => {
    expect(oenConflict('987654321', '123456789')).toBe(true);
    expect(oenConflict('123456780', '123456789')).toBe(false);
    expect(oenConflict('98765', '123456789')).toBe(false);
  });
  it('gives the OEN a strong weight, a slip a smaller one, a conflict a negative one', () => {
    const s = student({ oen: '123456789' });
    const w = (oen: string) => scoreCandidate(request({ oen, lastName: s.lastName }), s).fields[3].weight;
    expect(w('123456789')).toBeGreaterThan(w('123456780'));
    expect(w('123456780')).toBeGreaterThan(0);
    expect(w('987654321')).toBeLessThan(0);
  });
});

describe('student number levels', () => {
  it('ignores leading zeros and knows a slip', () => {
    expect(studentNumberLevel('0012345', '12345')).toBe('exact');
    expect(studentNumberLevel('12346', '12345')).toBe('one_digit');
    expect(studentNumberLevel('99999', '12345')).toBe('different');
    expect(studentNumberLevel('', '12345')).toBe('missing');
  });
  it('never vetoes on a different student number', () => {
    const s = student({ studentNumber: '55555' });
    const c = scoreCandidate(
      request({
        studentNumber: '11111',
        firstName: s.firstName,
        lastName: s.lastName,
        birthDate: s.birthDate,
      }),
      s,
    );
    expect(level(c.fields, 'student_number')).toBe('different');
    expect(c.vetoes).toEqual([]);
  });
});

describe('gender and school', () => {
  it('compares gender, X never contradicting', () => {
    const s = student({ gender: 'F' });
    expect(level(scoreCandidate(request({ gender: 'F', lastName: s.lastName }), s).fields, 'gender')).toBe(
      'same',
    );
    expect(level(scoreCandidate(request({ gender: 'X', lastName: s.lastName }), s).fields, 'gender')).toBe(
      'missing',
    );
    expect(level(scoreCandidate(request({ gender: 'M', lastName: s.lastName }), s).fields, 'gender')).toBe(
      'different',
    );
  });
  it('compares the school, another school of the board counting against but no veto', () => {
    const s = student({ schoolBsid: '890001' });
    const same = scoreCandidate(request({ schoolBsid: '890001', lastName: s.lastName }), s);
    const other = scoreCandidate(request({ schoolBsid: '890002', lastName: s.lastName }), s);
    expect(level(same.fields, 'school')).toBe('same');
    expect(level(other.fields, 'school')).toBe('different');
    expect(other.vetoes).toEqual([]);
    expect(same.score).toBeGreaterThan(other.score);
  });
});
