/**
 * An in-memory SIS: the students of a file, indexed by the blocking keys, with name frequencies.
 * Used by `etms match` and by the csv adapter. Built once; lookups cost a few map reads per key.
 *
 * How keys are read (see blocking.ts): a student is a candidate when it agrees with the request on the
 * OEN, the student number, one of the birth dates together with one of the given names or surnames
 * (any of the student's: first, middle, preferred, current, former), a surname and a given name together
 * with a birth year, or a given name found as its surname and a surname as its given name, with a birth
 * year (names typed the other way round). A birth date alone is not a key: some fifty students share each birth date in a large SIS,
 * and a request that agrees with its student on neither a name form nor an identifier could not be
 * matched automatically anyway.
 */
import type { BlockingKeys, SisStudent } from './sis-adapter.js';
import { compact, normaliseName, surnameParts } from './normalise.js';
import { prepareStudent } from './prepared.js';
import type { NameFrequencies } from './surname-frequency.js';

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

/** Identifiers are unique but for errors: one number per key, an array only when shared. */
/** Digit strings as numbers: a number key is cheaper to hash and store than a string in a large Map. */
function identifierKey(value: string): string | number {
  return value.length <= 15 && /^\d+$/.test(value) ? Number(value) : value;
}

function pushUnique(map: Map<string | number, number | number[]>, key: string | number, value: number): void {
  const held = map.get(key);
  if (held === undefined) map.set(key, value);
  else if (typeof held === 'number') map.set(key, [held, value]);
  else held.push(value);
}

function listOf(held: number | number[] | undefined): number[] | undefined {
  return held === undefined ? undefined : typeof held === 'number' ? [held] : held;
}

function addKey(keys: string[], key: string): void {
  if (key !== '' && !keys.includes(key)) keys.push(key);
}

function stripZeros(value: string): string {
  return value.replace(/^0+(?=.)/, '');
}

const PAIR_SHIFT = 2 ** 21;

export class StudentIndex {
  private readonly students: SisStudent[];
  private readonly byOen = new Map<string | number, number | number[]>();
  private readonly byNumber = new Map<string | number, number | number[]>();
  /**
   * Students by birth date, each bucket laid out flat for a sequential scan: for every student, its
   * index, its number of name keys, then the keys' ids. Scanning some thirty dates per request stays
   * in cache this way; following indexes into per-student arrays did not.
   */
  private readonly byBirthDate = new Map<string, Int32Array>();
  /** Interned name keys: compact surnames, surname parts, given names. */
  private readonly nameIds = new Map<string, number>();
  /** (surname id, birth year) → students; the key is surnameId * 4096 + year. */
  private readonly bySurnameYear = new Map<number, number[]>();
  /**
   * Per student, the ids of its name keys: surnames in nameKeys[nameStart[i] .. givenStart[i]), given
   * names in nameKeys[givenStart[i] .. nameStart[i + 1]).
   */
  private readonly nameStart: Int32Array;
  private readonly givenStart: Int32Array;
  private nameKeys: Int32Array;
  /** Counts by interned name id: students with this current surname, with this first name. */
  private surnameCounts: Int32Array = new Int32Array(0);
  private givenCounts: Int32Array = new Int32Array(0);
  /** Students with this first name and surname: key firstId * 2^21 + surnameId. */
  private readonly fullNameCounts = new Map<number, number>();
  /** Visit stamps: one slot per student, so that collecting candidates never allocates a Set. */
  private readonly stamps: Uint32Array;
  /** The request's surname and given-name keys, marked with the current stamp. */
  private surnameMarks: Uint32Array = new Uint32Array(0);
  private givenMarks: Uint32Array = new Uint32Array(0);
  private stamp = 0;
  readonly frequencies: NameFrequencies;

  constructor(students: SisStudent[]) {
    this.students = students;
    this.stamps = new Uint32Array(students.length);
    this.nameStart = new Int32Array(students.length + 1);
    this.givenStart = new Int32Array(students.length);
    let keys = new Int32Array(students.length * 4);
    const lastIds = new Int32Array(students.length);
    const dateLists = new Map<string, number[]>();
    const firstIds = new Int32Array(students.length);
    let used = 0;
    const surnames: string[] = [];
    const given: string[] = [];
    for (let i = 0; i < students.length; i++) {
      const s = prepareStudent(students[i]);
      if (s.oen !== '') pushUnique(this.byOen, identifierKey(s.oen), i);
      if (s.studentNumber !== '') pushUnique(this.byNumber, identifierKey(stripZeros(s.studentNumber)), i);
      if (s.birthDate !== '') push(dateLists, s.birthDate, i);

      surnames.length = 0;
      addKey(surnames, s.lastC);
      if (s.lastParts.length > 1) for (const part of s.lastParts) addKey(surnames, part);
      if (s.lastCore.length >= 3) addKey(surnames, s.lastCore);
      for (const p of s.prevC) addKey(surnames, p);
      for (const p of students[i].previousLastNames ?? []) for (const part of surnameParts(normaliseName(p))) addKey(surnames, part);
      given.length = 0;
      addKey(given, s.firstC);
      if (s.firstWords.length > 1) addKey(given, s.firstWords[0]);
      addKey(given, s.preferredC);
      for (const m of s.middles) addKey(given, m);

      const year = Number(s.birthDate.slice(0, 4));
      this.nameStart[i] = used;
      if (used + surnames.length + given.length > keys.length) {
        const grown = new Int32Array(keys.length * 2 + 16);
        grown.set(keys);
        keys = grown;
      }
      for (const key of surnames) {
        const id = this.intern(key);
        keys[used++] = id;
        if (year > 0) push(this.bySurnameYear, id * 4096 + (year & 4095), i);
      }
      this.givenStart[i] = used;
      for (const key of given) keys[used++] = this.intern(key);

      lastIds[i] = s.lastC === '' ? -1 : this.intern(s.lastC);
      firstIds[i] = s.firstC === '' ? -1 : this.intern(s.firstC);
      if (lastIds[i] >= 0 && firstIds[i] >= 0) {
        const pair = firstIds[i] * PAIR_SHIFT + lastIds[i];
        this.fullNameCounts.set(pair, (this.fullNameCounts.get(pair) ?? 0) + 1);
      }
    }
    this.nameStart[students.length] = used;
    this.nameKeys = keys;
    for (const [date, list] of dateLists) {
      let size = 0;
      for (const i of list) size += 2 + this.nameStart[i + 1] - this.nameStart[i];
      const bucket = new Int32Array(size);
      let at = 0;
      for (const i of list) {
        bucket[at++] = i;
        bucket[at++] = this.nameStart[i + 1] - this.nameStart[i];
        for (let k = this.nameStart[i]; k < this.nameStart[i + 1]; k++) bucket[at++] = keys[k];
      }
      this.byBirthDate.set(date, bucket);
    }
    this.surnameMarks = new Uint32Array(this.nameIds.size);
    this.givenMarks = new Uint32Array(this.nameIds.size);
    this.surnameCounts = new Int32Array(this.nameIds.size);
    this.givenCounts = new Int32Array(this.nameIds.size);
    for (let i = 0; i < students.length; i++) {
      if (lastIds[i] >= 0) this.surnameCounts[lastIds[i]]++;
      if (firstIds[i] >= 0) this.givenCounts[firstIds[i]]++;
    }
    const count = (counts: Int32Array, name: string) => {
      const id = this.nameIds.get(name);
      return id === undefined ? 0 : counts[id];
    };
    this.frequencies = {
      population: students.length,
      surnameCount: (name) => count(this.surnameCounts, name),
      givenNameCount: (name) => count(this.givenCounts, name),
      fullNameCount: (givenName, surname) => {
        const g = this.nameIds.get(givenName);
        const l = this.nameIds.get(surname);
        return g === undefined || l === undefined ? 0 : this.fullNameCounts.get(g * PAIR_SHIFT + l) ?? 0;
      },
    };
  }

  private intern(key: string): number {
    let id = this.nameIds.get(key);
    if (id === undefined) {
      id = this.nameIds.size;
      this.nameIds.set(key, id);
    }
    return id;
  }

  get size(): number {
    return this.students.length;
  }

  /** The student with this number (leading zeros ignored), if any. */
  byStudentNumber(studentNumber: string): SisStudent | undefined {
    const hits = listOf(this.byNumber.get(identifierKey(stripZeros(studentNumber.trim().toUpperCase()))));
    return hits === undefined ? undefined : this.students[hits[0]];
  }

  candidates(keys: BlockingKeys): SisStudent[] {
    this.stamp++;
    if (this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.surnameMarks.fill(0);
      this.givenMarks.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    const stamps = this.stamps;
    const found: number[] = [];

    if (keys.oen) this.takeAll(listOf(this.byOen.get(identifierKey(keys.oen))), found);
    if (keys.studentNumber) this.takeAll(listOf(this.byNumber.get(identifierKey(stripZeros(keys.studentNumber)))), found);

    // Mark the request's name keys, then pair them with the birth dates and years.
    const surnameIds: number[] = [];
    const givenIds: number[] = [];
    const surnameMarks = this.surnameMarks;
    const givenMarks = this.givenMarks;
    for (const key of keys.surnames) {
      const id = this.nameIds.get(key.includes(' ') ? compact(key) : key);
      if (id !== undefined && surnameMarks[id] !== stamp) {
        surnameMarks[id] = stamp;
        surnameIds.push(id);
      }
    }
    for (const key of keys.givenNames) {
      const id = this.nameIds.get(key.includes(' ') ? compact(key) : key);
      if (id !== undefined && givenMarks[id] !== stamp) {
        givenMarks[id] = stamp;
        givenIds.push(id);
      }
    }
    if (surnameIds.length === 0 && givenIds.length === 0) return found.map((i) => this.students[i]);
    // A birth date (typed or slipped) with any name form in common.
    for (const date of keys.birthDates) {
      const bucket = this.byBirthDate.get(date);
      if (bucket === undefined) continue;
      let at = 0;
      while (at < bucket.length) {
        const i = bucket[at];
        const end = at + 2 + bucket[at + 1];
        for (let k = at + 2; k < end; k++) {
          const id = bucket[k];
          if (surnameMarks[id] === stamp || givenMarks[id] === stamp) {
            if (stamps[i] !== stamp) {
              stamps[i] = stamp;
              found.push(i);
            }
            break;
          }
        }
        at = end;
      }
    }
    for (const year of keys.birthYears) {
      const y = year & 4095;
      // A surname and a given name in common, with the birth year: a birth date typed beyond a slip.
      for (const id of surnameIds) this.takeWithGiven(this.bySurnameYear.get(id * 4096 + y), givenMarks, found);
      // First and last name typed the other way round.
      for (const id of givenIds) this.takeWithGiven(this.bySurnameYear.get(id * 4096 + y), surnameMarks, found);
    }
    return found.map((i) => this.students[i]);
  }

  private takeAll(list: number[] | undefined, found: number[]): void {
    if (list === undefined) return;
    for (const i of list) {
      if (this.stamps[i] !== this.stamp) {
        this.stamps[i] = this.stamp;
        found.push(i);
      }
    }
  }

  /** Takes the students of the list whose given names carry a key marked in marks. */
  private takeWithGiven(list: number[] | undefined, marks: Uint32Array, found: number[]): void {
    if (list === undefined) return;
    const stamp = this.stamp;
    for (let n = 0; n < list.length; n++) {
      const i = list[n];
      if (this.stamps[i] === stamp) continue;
      const end = this.nameStart[i + 1];
      for (let k = this.givenStart[i]; k < end; k++) {
        if (marks[this.nameKeys[k]] === stamp) {
          this.stamps[i] = stamp;
          found.push(i);
          break;
        }
      }
    }
  }
}
