/**
 * An in-memory index of SIS students by the blocking-key fields, for adapters that hold their
 * students in memory (csv) or narrow a wider answer locally (oneroster). Same shape and same
 * answers as the matcher's StudentIndex: constructor(students), candidates(keys); the lookups
 * gather blocks that candidateRule narrows, and mergeCandidates caps.
 */
import type { BlockingKeys, SisStudent } from '../../src/sis/index.js';
import {
  candidateRule,
  DEFAULT_MAX_CANDIDATES,
  matcherNameKeys,
  mergeCandidates,
  planBeyondSearches,
  planLookups,
  type BeyondLookup,
  type Block,
  type Lookup,
} from './candidates.js';
import { nameKeys } from './normalise.js';
import { nameFormsOf } from '../../src/matching/prepared.js';

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
  /** First name and surname run together, "FIRST:LAST". */
  private readonly byFullName = new Map<string, SisStudent[]>();
  readonly size: number;

  constructor(
    students: SisStudent[],
    private readonly maxCandidates = DEFAULT_MAX_CANDIDATES,
  ) {
    this.size = students.length;
    for (const s of students) {
      if (s.oen) push(this.byOen, s.oen, s);
      push(this.byNumber, s.studentNumber, s);
      push(this.byBirthDate, s.birthDate, s);
      // The SIS-side keys and the matcher's (without spaces, particles dropped, St read as Saint), so a
      // lookup by either form of a request key reaches the student.
      const matcher = matcherNameKeys(s);
      for (const key of new Set([...surnameKeys(s), ...matcher.surnames])) push(this.bySurname, key, s);
      for (const key of new Set([...givenNameKeys(s), ...matcher.givenNames]))
        push(this.byGivenNameDate, `${key}|${s.birthDate}`, s);
      const first = nameFormsOf(s.firstName).compact;
      const last = nameFormsOf(s.lastName).compact;
      if (first !== '' && last !== '') push(this.byFullName, `${first}:${last}`, s);
    }
  }

  /** The students a search beyond the blocking keys reads, before its rule. */
  lookupBeyond(l: BeyondLookup): SisStudent[] {
    const get = (map: Map<string, SisStudent[]>, key: string) => map.get(key) ?? [];
    switch (l.by) {
      case 'oenSlips':
        return [l.oen, ...l.slips].flatMap((oen) => get(this.byOen, oen));
      case 'sameDay':
        return get(this.byBirthDate, l.birthDate);
      case 'fullNames':
        return l.surnames.flatMap((last) =>
          l.givenNames.flatMap((first) => [
            ...get(this.byFullName, `${first}:${last}`),
            ...get(this.byFullName, `${last}:${first}`),
          ]),
        );
      case 'undatedSurname':
      case 'oneEditSurnames':
        return l.surnames.flatMap((surname) => get(this.bySurname, surname));
      case 'typedDateSlip':
      case 'swapGiven':
        return get(this.byBirthDate, l.birthDate);
    }
  }

  /** The students of one lookup, before candidateRule. */
  lookup(l: Lookup): SisStudent[] {
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
      case 'givenName':
        return this.byGivenNameDate.get(`${l.givenName}|${l.birthDate}`) ?? [];
      case 'birthDate':
        return this.byBirthDate.get(l.birthDate) ?? [];
    }
  }

  candidates(keys: BlockingKeys): SisStudent[] {
    const accept = candidateRule(keys);
    const blocks: Block[] = planLookups(keys).map((l) => {
      const students = this.lookup(l);
      return {
        by: l.by,
        students: l.by === 'oen' || l.by === 'studentNumber' ? students : students.filter(accept),
      };
    });
    // The searches beyond the keys, as `etms match` runs them on the same students.
    for (const search of planBeyondSearches(keys))
      blocks.push({ by: search.lookup.by, students: search.keep(this.lookupBeyond(search.lookup)) });
    return mergeCandidates(blocks, this.maxCandidates);
  }

  /** One student by number (the first when a file repeats a number). */
  student(studentNumber: string): SisStudent | undefined {
    return this.byNumber.get(studentNumber)?.[0];
  }
}
