import { describe, expect, it } from 'vitest';
import { agreementBound, type CellObservation } from '../../bench/lib/agreement-bound.js';
import type { FieldComparison } from '../../src/matching/types.js';

const line = (field: FieldComparison['field'], level: string, weight = 0): FieldComparison => ({
  field,
  level,
  weight,
  requestValue: '',
  candidateValue: '',
});

const exact = (firstWeight: number): FieldComparison[] => [
  line('last', 'exact', 12),
  line('first', 'exact', firstWeight),
  line('dob', 'exact', 12),
  line('school', 'same', 3),
];
const withOen = [...exact(6), line('oen', 'exact', 20)];

describe('the agreement bound', () => {
  it('counts the applicants of cells where the best candidate was always the applicant', () => {
    const observations: CellObservation[] = [
      { fields: withOen, bestIsApplicant: true },
      { fields: withOen, bestIsApplicant: true },
      { fields: exact(6), bestIsApplicant: true },
      { fields: exact(6), bestIsApplicant: true },
      { fields: exact(6), bestIsApplicant: false },
    ];
    // Five present applicants, of which two sit in the clean cell: the look-alike spoils the other.
    expect(agreementBound(observations, 5)).toBeCloseTo(2 / 5);
  });

  it('splits cells by the names’ weights when asked, so a rare name is judged apart', () => {
    const observations: CellObservation[] = [
      { fields: exact(11), bestIsApplicant: true },
      { fields: exact(6), bestIsApplicant: true },
      { fields: exact(6), bestIsApplicant: false },
    ];
    expect(agreementBound(observations, 2)).toBe(0);
    expect(agreementBound(observations, 2, 2)).toBeCloseTo(1 / 2);
  });

  it('leaves requests without a candidate out of every cell', () => {
    expect(agreementBound([{ bestIsApplicant: false }], 1)).toBe(0);
    expect(agreementBound([], 0)).toBe(1);
  });
});
