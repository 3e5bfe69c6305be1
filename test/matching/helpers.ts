import type { SisStudent } from '../../src/sis/index.js';
import type { MatchRequest } from '../../src/matching/types.js';

let sequence = 0;

export function student(fields: Partial<SisStudent> = {}): SisStudent {
  sequence++;
  return {
    studentNumber: String(100000 + sequence),
    firstName: 'Olivia',
    lastName: 'Wojciechowski',
    previousLastNames: [],
    birthDate: '2006-04-17',
    ...fields,
  };
}

export function request(fields: Partial<MatchRequest> = {}): MatchRequest {
  sequence++;
  return { referenceNumber: `H20250301${String(sequence).padStart(6, '0')}`, ...fields };
}

export function level(fields: { field: string; level: string }[], field: string): string | undefined {
  return fields.find((f) => f.field === field)?.level;
}
