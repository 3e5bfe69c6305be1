import { describe, expect, it } from 'vitest';
import { givenNameForms, givenNameRelation, surnameVariants } from '../../src/matching/name-variants.js';
import { normaliseName } from '../../src/matching/normalise.js';
import { scoreCandidate } from '../../src/matching/score.js';
import { level, request, student } from './helpers.js';

const rel = (a: string, b: string) => givenNameRelation(normaliseName(a), normaliseName(b));

describe('given-name tables', () => {
  it.each([
    ['Bill', 'William'],
    ['Bob', 'Robert'],
    ['Liz', 'Elizabeth'],
    ['Alex', 'Alexandre'],
    ['Alex', 'Alexander'],
    ['JP', 'Jean-Philippe'],
    ['Kate', 'Katherine'],
    ['Mike', 'Michael'],
    ['Bill', 'Guillaume'],
  ])('%s is a nickname of %s', (a, b) => {
    expect(rel(a, b)).toBe('nickname');
    expect(rel(b, a)).toBe('nickname');
  });
  it.each([
    ['Mohammed', 'Muhammad'],
    ['Mohamed', 'Mohammad'],
    ['Sarah', 'Sara'],
    ['Catherine', 'Katherine'],
    ['Alexandre', 'Alexander'],
    ['Youssef', 'Yusuf'],
    ['Aisha', 'Ayesha'],
    ['Guillaume', 'William'],
    ['Hussein', 'Hussain'],
  ])('%s is a spelling variant of %s', (a, b) => {
    expect(rel(a, b)).toBe('variant');
  });
  it('does not relate unrelated names', () => {
    expect(rel('Emma', 'Ella')).toBeUndefined();
    expect(rel('William', 'Robert')).toBeUndefined();
    expect(rel('William', 'William')).toBeUndefined();
  });
  it('lists the forms to block on', () => {
    expect(givenNameForms('BILL')).toContain('WILLIAM');
    expect(givenNameForms('SARA')).toContain('SARAH');
  });
});

describe('surname variants', () => {
  it('knows transliterations and Mac/Mc', () => {
    expect(surnameVariants('MOHAMMED', 'MUHAMMAD')).toBe(true);
    expect(surnameVariants('CHOUDHURY', 'CHAUDHRY')).toBe(true);
    expect(surnameVariants('MACDONALD', 'MCDONALD')).toBe(true);
    expect(surnameVariants('CHEN', 'CHAN')).toBe(true);
    expect(surnameVariants('SMITH', 'JONES')).toBe(false);
  });
  it('treats Nguyễn and Nguyen as the same name (accents)', () => {
    const s = student({ lastName: 'Nguyễn', firstName: 'Minh' });
    const c = scoreCandidate(request({ lastName: 'Nguyen', firstName: 'Minh', birthDate: s.birthDate }), s);
    expect(level(c.fields, 'last')).toBe('exact');
  });
});

describe('name levels in scoring', () => {
  it('scores a nickname, a variant, a preferred first name and a middle name', () => {
    const s = student({ firstName: 'William', middleNames: 'Thomas James', preferredFirstName: 'Liam' });
    const at = (firstName: string) =>
      level(
        scoreCandidate(request({ firstName, lastName: s.lastName, birthDate: s.birthDate }), s).fields,
        'first',
      );
    expect(at('Bill')).toBe('nickname');
    expect(at('Guillaume')).toBe('variant');
    expect(at('Liam')).toBe('preferred');
    expect(at('Thomas')).toBe('middle');
    expect(at('William Thomas James')).toBe('exact');
    expect(at('Wiliam')).toBe('typo');
    expect(at('Zed')).toBe('different');
  });
  it('weighs a nickname less than the exact name but well above a different one', () => {
    const s = student({ firstName: 'Robert' });
    const score = (firstName: string) =>
      scoreCandidate(request({ firstName, lastName: s.lastName, birthDate: s.birthDate }), s).fields[1]
        .weight;
    expect(score('Robert')).toBeGreaterThan(score('Bob'));
    expect(score('Bob')).toBeGreaterThan(0);
    expect(score('Zed')).toBeLessThan(0);
  });
});
