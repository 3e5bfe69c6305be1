import { describe, expect, it } from 'vitest';
import { decide } from '../../src/matching/decide.js';
import {
  describeDecision,
  describeField,
  formatCandidates,
  formatReasons,
  formatScore,
  levelLabel,
} from '../../src/matching/explanation.js';
import { REASONS, reasonText } from '../../src/matching/reasons.js';
import { request, student } from './helpers.js';

describe('explanation', () => {
  const s = student({
    firstName: 'William',
    lastName: 'Tremblay',
    birthDate: '2006-04-07',
    studentNumber: '300123',
    gender: 'M',
  });
  const d = decide(request({ firstName: 'Bill', lastName: 'Tremblay', birthDate: '2006-07-04', oen: '' }), [
    s,
  ]);

  it('explains every field of the best candidate with level, weight and both values', () => {
    expect(d.explanation.map((f) => f.field)).toEqual([
      'last',
      'first',
      'dob',
      'oen',
      'student_number',
      'gender',
      'school',
      'last_attended',
    ]);
    const first = d.explanation[1];
    expect(first).toMatchObject({
      field: 'first',
      level: 'nickname',
      requestValue: 'Bill',
      candidateValue: 'William',
    });
    expect(first.weight).toBeGreaterThan(0);
    const dob = d.explanation[2];
    expect(dob).toMatchObject({
      level: 'day_month_swap',
      requestValue: '2006-07-04',
      candidateValue: '2006-04-07',
    });
    const total = d.explanation.reduce((sum, f) => sum + f.weight, 0);
    expect(d.score).toBeCloseTo(total, 5);
  });
  it('writes reasons as field=level pairs, vetoes last', () => {
    expect(formatReasons(d)).toBe(
      'last=exact;first=nickname;dob=day_month_swap;oen=missing;student_number=missing;gender=missing;school=missing;last_attended=missing;veto=sibling',
    );
    const twin = decide(request({ firstName: 'Emma', lastName: 'Tremblay', birthDate: '2006-04-07' }), [s]);
    expect(formatReasons(twin)).toMatch(/;veto=sibling$/);
    expect(formatReasons(decide(request({ lastName: 'X' }), []))).toBe('');
  });
  it('writes scores with one decimal and candidates as number:score pairs', () => {
    expect(formatScore(34.25)).toBe('34.3');
    expect(formatScore(-2)).toBe('-2.0');
    expect(formatScore(-0.04)).toBe('0.0');
    expect(formatCandidates(d.candidates)).toBe(`300123:${formatScore(d.candidates[0].score)}`);
  });
  it('has a French and an English sentence for every reason', () => {
    for (const code of Object.keys(REASONS) as Array<keyof typeof REASONS>) {
      expect(reasonText(code, 'fr').length).toBeGreaterThan(5);
      expect(reasonText(code, 'en').length).toBeGreaterThan(5);
    }
    expect(reasonText('NOT_FOUND', 'fr')).toBe('Élève non trouvé dans le SIÉ');
    expect(reasonText('AMBIGUOUS', 'fr')).toBe('Plusieurs élèves possibles');
  });
  it('describes fields for the admin pages', () => {
    expect(describeField(d.explanation[1], 'fr')).toMatch(
      /^Prénom : diminutif \(\+[0-9.]+\) — demande « Bill », SIÉ « William »$/,
    );
    expect(describeField(d.explanation[1], 'en')).toMatch(
      /^First name: nickname \(\+[0-9.]+\) — request "Bill", SIS "William"$/,
    );
    const lines = describeDecision(d, 'fr');
    expect(lines[0]).toBe(reasonText(d.reason, 'fr'));
    expect(lines).toHaveLength(9);
  });
});

describe('agreement levels', () => {
  it('name a name typed in the other field so, whether one name or both were moved', () => {
    expect(levelLabel('swapped', 'en')).toBe('typed in the other name field');
    expect(levelLabel('swapped', 'fr')).toBe('inscrit dans l’autre champ de nom');
  });
});
