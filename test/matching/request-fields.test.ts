import { describe, expect, it } from 'vitest';
import { matchRequestOf } from '../../src/matching/index.js';

const stored = {
  referenceNumber: 'H20240411049903',
  oen: null,
  studentNumber: '445566',
  firstName: 'Zoé',
  lastName: 'Tremblay',
  previousLastName: null,
  birthDate: '2005-04-17',
  gender: 'F' as const,
  schoolBsid: '900001',
  dateLastAttended: null,
};

describe('matchRequestOf', () => {
  it('reads a value the central stores as null as not typed', () => {
    const request = matchRequestOf(stored);
    expect(request).toEqual({
      referenceNumber: 'H20240411049903',
      oen: undefined,
      studentNumber: '445566',
      firstName: 'Zoé',
      lastName: 'Tremblay',
      previousLastName: undefined,
      birthDate: '2005-04-17',
      gender: 'F',
      schoolBsid: '900001',
      dateLastAttended: undefined,
    });
  });

  it('leaves the school and the last attendance out when only who the student is counts', () => {
    const request = matchRequestOf({ ...stored, dateLastAttended: '2023-06' }, { schooling: false });
    expect(request.schoolBsid).toBeUndefined();
    expect(request.dateLastAttended).toBeUndefined();
    expect(request.studentNumber).toBe('445566');
  });
});
