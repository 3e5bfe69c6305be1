/**
 * An in-memory index of SIS students by the blocking-key fields, for adapters that hold their
 * students in memory (csv) or narrow a wider answer locally (oneroster). Same shape as the
 * matcher's StudentIndex: constructor(students), candidates(keys).
 */
import type { BlockingKeys, SisStudent } from '../../src/matching/sis-adapter.js';
import { DEFAULT_MAX_CANDIDATES, mergeCandidates, planLookups, slipDateRule, type Lookup } from './candidates.js';
import { nameKeys } from './normalise.js';

function push<K>(map: Map<K, SisStudent[]>, key: K, student: SisStudent) {
  const list = map.get(key);
  if (list) {
    if (list[list.length - 1] !== student) list.push(student);
  } else map.set(key, [student]);
}

/** Surname keys: the legal surname whole and by parts, and every previous surname the same way. */
export function surnameKeys(student: SisStudent): string[] {
  return [...new Set([student.lastName, ...student.previousLastNames].flatMap(nameKeys))];
}

/** Given-name keys: first, preferred and middle names, whole and by parts. */
export function givenNameKeys(student: SisStudent): string[] {
  return [...new Set([student.firstName, student.preferredFirstName, student.middleNames].flatMap(nameKeys))];
}

export class KeyIndex {
  private readonly byOen = new Map<string, SisStudent[]>();
  private readonly byNumber = new Map<string, SisStudent[]>();
  private readonly byBirthDate = new Map<string, SisStudent[]>();
  private readonly bySurname = new Map<string, SisStudent[]>();
  private readonly byGivenNameDate = new Map<string, SisStudent[]>();
  readonly size: number;

  constructor(students: SisStudent[], private readonly maxCandidates = DEFAULT_MAX_CANDIDATES) {
    this.size = students.length;
    for (const s of students) {
      if (s.oen) push(this.byOen, s.oen, s);
      push(this.byNumber, s.studentNumber, s);
      push(this.byBirthDate, s.birthDate, s);
      for (const key of surnameKeys(s)) push(this.bySurname, key, s);
      for (const key of givenNameKeys(s)) push(this.byGivenNameDate, `${key}|${s.birthDate}`, s);
    }
  }

  /** The students of one lookup; a slip date's are narrowed by `onSlipDate` when given. */
  lookup(l: Lookup, onSlipDate?: (s: SisStudent) => boolean): SisStudent[] {
    switch (l.by) {
      case 'oen':
        return this.byOen.get(l.oen) ?? [];
      case 'studentNumber':
        return this.byNumber.get(l.studentNumber) ?? [];
      case 'surname':
        return (this.bySurname.get(l.surname) ?? []).filter((s) => {
          const year = Number(s.birthDate.slice(0, 4));
          return year >= l.birthYearFrom && year <= l.birthYearTo;
        });
      case 'givenName': {
        const students = this.byGivenNameDate.get(`${l.givenName}|${l.birthDate}`) ?? [];
        return l.slip && onSlipDate ? students.filter(onSlipDate) : students;
      }
      case 'birthDate': {
        const students = this.byBirthDate.get(l.birthDate) ?? [];
        return l.slip && onSlipDate ? students.filter(onSlipDate) : students;
      }
    }
  }

  candidates(keys: BlockingKeys): SisStudent[] {
    const onSlipDate = slipDateRule(keys);
    return mergeCandidates(planLookups(keys).map((l) => ({ by: l.by, students: this.lookup(l, onSlipDate) })), this.maxCandidates);
  }

  /** One student by number (the first when a file repeats a number). */
  student(studentNumber: string): SisStudent | undefined {
    return this.byNumber.get(studentNumber)?.[0];
  }
}
