/**
 * The synthetic student record of the transcript benchmarks: 40 courses over four grades, marks,
 * half credits, compulsory courses, notes and a withdrawal, and accented names.
 */
import type { CourseAttempt, StudentRecord } from '../../src/sis/index.js';

export const COURSES = 40;
export const SUBJECTS = [
  'ENG',
  'MPM',
  'SNC',
  'CGC',
  'FSF',
  'PPL',
  'AVI',
  'BTT',
  'CHC',
  'CHV',
  'GLC',
  'AMU',
  'MCR',
  'SCH',
  'SPH',
  'SBI',
  'CHW',
  'BAF',
  'MHF',
  'MCV',
  'MDM',
  'HSB',
  'IDC',
  'CIA',
];
export const TYPES = ['D', 'P', 'U', 'C', 'M', 'O', 'E'];

export function record(i: number): StudentRecord {
  const courses: CourseAttempt[] = [];
  for (let k = 0; k < COURSES; k++) {
    const gradeDigit = 1 + (k % 4);
    const mark = 35 + ((i * 7 + k * 13) % 66);
    courses.push({
      code: `${SUBJECTS[(i + k) % SUBJECTS.length]}${gradeDigit}${TYPES[k % TYPES.length]}${k % 3}`,
      title: `Course ${k} — Éducation ${i}`,
      grade: gradeDigit + 8,
      mark,
      creditValue: k % 9 === 0 ? 0.5 : 1,
      creditEarned: mark >= 50 ? (k % 9 === 0 ? 0.5 : 1) : 0,
      completionDate: `${2006 + gradeDigit}-${k % 2 ? '06' : '01'}`,
      compulsory: k % 3 === 0,
      notes: k % 11 === 0 ? ['ELEARNING'] : [],
      ...(k === 39 ? { status: 'W' as const } : {}),
    });
  }
  return {
    student: {
      studentNumber: String(100000 + i),
      oen: String(100000000 + i),
      firstName: 'Zoë',
      lastName: `Côté ${i}`,
      previousLastNames: [],
      birthDate: '1991-08-28',
      gender: 'F',
      dateLastAttended: '2010-06',
    },
    school: {
      bsid: '722790',
      name: 'Acton District High School',
      city: 'Acton',
      boardNumber: 'B66133',
      boardName: 'Halton DSB',
    },
    courses,
    award: { kind: 'OSSD', date: '2010-06-30' },
    communityInvolvementHours: 40,
    literacy: 'OSSLT',
  };
}
