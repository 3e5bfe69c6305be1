/**
 * An in-memory SIS: the students of a file, indexed by the blocking keys, with name frequencies.
 * Used by `etms match` and by the csv adapter. Built once; lookups cost a few table reads per key.
 *
 * How keys are read (see blocking.ts): a student is a candidate when it agrees with the request on the
 * OEN, the student number, one of the birth dates together with one of the given names or surnames
 * (any of the student's: first, middle, preferred, current, former), a surname and a given name together
 * with a birth year, or a given name found as its surname and a surname as its given name, with a birth
 * year (names typed the other way round). A birth date alone is not a key: some fifty students share each
 * birth date in a large SIS, and a request that agrees with its student on neither a name form nor an
 * identifier could not be matched automatically anyway.
 *
 * Layout: everything lives in typed arrays (identifiers sorted for binary search, (birth date, name) and
 * (birth year, surname) pairs in open-addressing tables), so that building for 200,000 students allocates
 * a few large arrays instead of a million small ones, and a lookup is a handful of probes.
 */
import type { BlockingKeys, SisStudent } from '../sis/index.js';
import { compact, hasOenCheckDigit, normaliseIdentifier } from './normalise.js';
import { nameFormsOf } from './prepared.js';
import {
  dateNumber,
  dayMonthSwapOf,
  initialBit,
  isRareFullName,
  letterMask,
  lettersAllowTypo,
  oenSlips,
  ONE_EDIT_SURNAME_MAX_STUDENTS,
  oneEditNames,
  sameDayAlike,
  typedNames,
} from './beyond-keys.js';

export { dateNumber, initialBit, oenSlips } from './beyond-keys.js';
import { isTypo } from './score.js';
import { phoneticKeys } from './comparators.js';
import type { NameFrequencies } from './surname-frequency.js';

/**
 * Whether the SIS's OENs carry the check digit: at least 50 of them and all but 1 % passing it (a few
 * records keyed wrong long ago). Then a typed OEN that fails the check is a slip of the applicant's own.
 */
export function oenCheckDigitsKept(oens: number, passing: number): boolean {
  return oens >= 50 && passing >= oens * 0.99;
}

/** Room for the student's position in a sorted identifier key: value * 2^22 + position. */
const POSITION_BITS = 2 ** 22;
/** Numeric identifiers up to this value share a float64 key with the position exactly (below 2^53). */
const MAX_NUMERIC_ID = 2 ** 31;

function stripZeros(value: string): string {
  return value.replace(/^0+(?=.)/, '');
}

/** A digit string as a number when it fits a sorted key, else -1. */
function numericId(value: string): number {
  const n = value.length;
  if (n === 0 || n > 10) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v < MAX_NUMERIC_ID ? v : -1;
}

/** The leading year of a date written otherwise than YYYY-MM-DD, or -1. */
function yearOf(value: string): number {
  const year = Number(value.slice(0, 4));
  return Number.isInteger(year) && year > 0 ? year : -1;
}

/**
 * Exact-value lookups of an identifier (OEN, student number): numeric values in one sorted array,
 * anything else in a map. Identifiers are unique but for errors, so a value may name several students.
 */
class IdentifierIndex {
  /** value * 2^22 + position for numeric values; filled by add, sorted by seal. */
  private sorted: Float64Array;
  private count = 0;
  private readonly other = new Map<string, number[]>();

  /** Past 2^22 students a position no longer fits beside the value: every value then goes to the map. */
  private readonly numeric: boolean;

  constructor(size: number) {
    this.numeric = size <= POSITION_BITS;
    this.sorted = new Float64Array(this.numeric ? size : 0);
  }

  add(value: string, position: number): void {
    const n = this.numeric ? numericId(value) : -1;
    if (n >= 0) this.sorted[this.count++] = n * POSITION_BITS + position;
    else {
      const list = this.other.get(value);
      if (list === undefined) this.other.set(value, [position]);
      else list.push(position);
    }
  }

  seal(): void {
    this.sorted = this.sorted.slice(0, this.count).sort();
  }

  /** Positions with this value, in insertion order. */
  find(value: string, out: number[]): void {
    const n = this.numeric ? numericId(value) : -1;
    if (n < 0) {
      const list = this.other.get(value);
      if (list !== undefined) for (const p of list) out.push(p);
      return;
    }
    const sorted = this.sorted;
    const low = n * POSITION_BITS;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < low) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < sorted.length && sorted[k] < low + POSITION_BITS; k++) out.push(sorted[k] - low);
  }
}

/**
 * Lists of students under a pair of non-negative integers (a birth date or year, a name id), in an
 * open-addressing table. Built in two passes: count every pair (slotFor), then place (place).
 */
class PairLists {
  private readonly mask: number;
  private readonly keyA: Int32Array;
  private readonly keyB: Int32Array;
  private readonly counts: Int32Array;
  private starts: Int32Array = new Int32Array(0);
  private filled: Int32Array = new Int32Array(0);
  private postings: Int32Array = new Int32Array(0);

  constructor(expectedPairs: number) {
    let size = 16;
    while (size < expectedPairs * 2) size *= 2;
    this.mask = size - 1;
    this.keyA = new Int32Array(size).fill(-1);
    this.keyB = new Int32Array(size);
    this.counts = new Int32Array(size);
  }

  private hash(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return (h ^ (h >>> 13)) & this.mask;
  }

  /** The slot of the pair, taken if new, and one more posting counted there. */
  slotFor(a: number, b: number): number {
    let slot = this.hash(a, b);
    const keyA = this.keyA;
    while (keyA[slot] !== -1) {
      if (keyA[slot] === a && this.keyB[slot] === b) break;
      slot = (slot + 1) & this.mask;
    }
    if (keyA[slot] === -1) {
      keyA[slot] = a;
      this.keyB[slot] = b;
    }
    this.counts[slot]++;
    return slot;
  }

  /** After all counting: lays the lists out in one array. */
  allocate(): void {
    const size = this.counts.length;
    this.starts = new Int32Array(size);
    this.filled = new Int32Array(size);
    let total = 0;
    for (let s = 0; s < size; s++) {
      this.starts[s] = total;
      total += this.counts[s];
    }
    this.postings = new Int32Array(total);
  }

  place(slot: number, value: number): void {
    this.postings[this.starts[slot] + this.filled[slot]++] = value;
  }

  /** After all placing: the fill counters are no longer needed. */
  seal(): void {
    this.filled = new Int32Array(0);
  }

  /** The slot holding the pair, or -1. */
  find(a: number, b: number): number {
    let slot = this.hash(a, b);
    const keyA = this.keyA;
    for (;;) {
      const k = keyA[slot];
      if (k === -1) return -1;
      if (k === a && this.keyB[slot] === b) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  start(slot: number): number {
    return this.starts[slot];
  }

  end(slot: number): number {
    return this.starts[slot] + this.counts[slot];
  }

  at(k: number): number {
    return this.postings[k];
  }

  count(slot: number): number {
    return this.counts[slot];
  }
}

/** A typed name as hasNameSlipOf compares it: its name id (-1 if no student has it), letters and codes. */
interface SlipProbe {
  name: string;
  id: number;
  letters: number;
  /** Phonetic code ids, for the given name only (-1 for none). */
  code1: number;
  code2: number;
}

function addKey(keys: string[], key: string): void {
  if (key !== '' && !keys.includes(key)) keys.push(key);
}

/**
 * A student's name keys as the index files them, written into `surnames` (current surname whole,
 * its parts when several and its core, every former surname whole and by parts) and `given` (first
 * name whole and its first word, preferred name whole, each word of the middle names). The SIS
 * adapters' candidate rule reads the same keys, so the two agree on who is a candidate.
 */
export function studentNameKeys(student: SisStudent, surnames: string[], given: string[]): void {
  const last = nameFormsOf(student.lastName);
  const first = nameFormsOf(student.firstName);
  surnames.length = 0;
  addKey(surnames, last.compact);
  if (last.parts.length > 1) for (const part of last.parts) addKey(surnames, part);
  if (last.core.length >= 3) addKey(surnames, last.core);
  const previous = student.previousLastNames;
  if (previous !== undefined && previous.length > 0) {
    for (const p of previous) addKey(surnames, nameFormsOf(p).compact);
    for (const p of previous) for (const part of nameFormsOf(p).parts) addKey(surnames, part);
  }
  given.length = 0;
  addKey(given, first.compact);
  if (first.words.length > 1) addKey(given, first.words[0]);
  addKey(given, nameFormsOf(student.preferredFirstName).compact);
  if (student.middleNames) for (const m of nameFormsOf(student.middleNames).words) addKey(given, m);
}

/** A student's birth date as YYYYMMDD (-1 when not written YYYY-MM-DD) and birth year (-1 when unknown). */
export function birthDateKeys(student: SisStudent): { date: number; year: number } {
  const birthDate = (student.birthDate ?? '').trim();
  const date = dateNumber(birthDate);
  return { date, year: date > 0 ? Math.floor(date / 10000) : yearOf(birthDate) };
}

export class StudentIndex {
  private readonly students: SisStudent[];
  private readonly byOen: IdentifierIndex;
  private readonly byNumber: IdentifierIndex;
  /** (birth date YYYYMMDD, name id) → students having that name form (any of theirs) and that birth date. */
  private readonly byBirthDateName: PairLists;
  /** (birth year, surname id) → students. */
  private readonly bySurnameYear: PairLists;
  /** Interned name keys: compact surnames, surname parts, given names. */
  private readonly nameIds = new Map<string, number>();
  /** The interned name keys by id, the letters each holds (letterMask), and their phonetic codes once asked. */
  private readonly names: string[];
  private readonly nameLetters: Int32Array;
  /** Per name id, its two Double Metaphone codes as ids in codeIds (-1 for none, -2 not yet computed). */
  private readonly nameCodes: Int32Array;
  private readonly codeIds = new Map<string, number>();
  /**
   * Per name id, 2 × stamp + 1 when hasNameSlipOf found it a slip for the current request, 2 × stamp
   * when not (a key found no slip as a surname may still sound alike as a given name: see there).
   */
  private readonly slipSeen: Float64Array;
  /**
   * Per student, the ids of its name keys: surnames in nameKeys[nameStart[i] .. givenStart[i]), given
   * names in nameKeys[givenStart[i] .. nameStart[i + 1]).
   */
  private readonly nameStart: Int32Array;
  private readonly givenStart: Int32Array;
  /** Per student, the initials of its surnames (current and former) as letter bits. */
  private readonly lastInitials: Int32Array;
  private readonly nameKeys: Int32Array;
  /** Counts by interned name id: students with this current surname, with this first name. */
  private readonly surnameCounts: Int32Array;
  private readonly givenCounts: Int32Array;
  /** Students with this name among their surname keys (whole, part, core or former). */
  private readonly surnameKeyCounts: Int32Array;
  /** Students by birth date: date number × 2^22 + position, sorted. */
  private readonly byBirthDate: Float64Array;
  /** The first and last birth years in the SIS (lastYear < firstYear when none is known). */
  private firstYear = Number.MAX_SAFE_INTEGER;
  private lastYear = 0;
  /** Initials of each student's given-name keys, as bits (initialBit). */
  private readonly givenInitials: Int32Array;
  /** Students with this first name and surname: (first id, surname id) → count. */
  private readonly fullNames: PairLists;
  /** Visit stamps: one slot per student, so that collecting candidates never allocates a Set. */
  private readonly stamps: Uint32Array;
  /** The request's surname and given-name keys, marked with the current stamp. */
  private readonly surnameMarks: Uint32Array;
  private readonly givenMarks: Uint32Array;
  private stamp = 0;
  readonly frequencies: NameFrequencies;

  constructor(students: SisStudent[]) {
    this.students = students;
    const n = students.length;
    this.stamps = new Uint32Array(n);
    this.nameStart = new Int32Array(n + 1);
    this.givenStart = new Int32Array(n);
    this.lastInitials = new Int32Array(n);
    this.givenInitials = new Int32Array(n);
    this.byOen = new IdentifierIndex(n);
    this.byNumber = new IdentifierIndex(n);
    let keys = new Int32Array(n * 6 + 16);
    const lastIds = new Int32Array(n);
    const firstIds = new Int32Array(n);
    const birthDates = new Int32Array(n);
    const birthYears = new Int32Array(n);
    let used = 0;
    let oens = 0;
    let checked = 0;
    let surnameKeys = 0;
    const surnames: string[] = [];
    const given: string[] = [];
    for (let i = 0; i < n; i++) {
      // The keys come straight from the shared name forms: a full prepared record is built later, and
      // only for the students that turn out to be candidates.
      const student = students[i];
      const last = nameFormsOf(student.lastName);
      const first = nameFormsOf(student.firstName);
      const oen = normaliseIdentifier(student.oen);
      const studentNumber = normaliseIdentifier(student.studentNumber);
      if (oen !== '') {
        this.byOen.add(oen, i);
        oens++;
        if (hasOenCheckDigit(oen)) checked++;
      }
      if (studentNumber !== '') this.byNumber.add(stripZeros(studentNumber), i);
      const born = birthDateKeys(student);
      birthDates[i] = born.date;
      birthYears[i] = born.year;
      if (born.year > 0) {
        if (born.year < this.firstYear) this.firstYear = born.year;
        if (born.year > this.lastYear) this.lastYear = born.year;
      }
      studentNameKeys(student, surnames, given);

      this.nameStart[i] = used;
      if (used + surnames.length + given.length > keys.length) {
        const grown = new Int32Array(keys.length * 2 + surnames.length + given.length);
        grown.set(keys);
        keys = grown;
      }
      for (const key of surnames) {
        keys[used++] = this.intern(key);
        this.lastInitials[i] |= initialBit(key);
      }
      surnameKeys += surnames.length;
      this.givenStart[i] = used;
      for (const key of given) {
        keys[used++] = this.intern(key);
        this.givenInitials[i] |= initialBit(key);
      }

      lastIds[i] = last.compact === '' ? -1 : this.intern(last.compact);
      firstIds[i] = first.compact === '' ? -1 : this.intern(first.compact);
    }
    this.nameStart[n] = used;
    this.nameKeys = keys;
    let dated = 0;
    for (let i = 0; i < n; i++) if (birthDates[i] > 0) dated++;
    const byDate = new Float64Array(n <= POSITION_BITS ? dated : 0);
    for (let i = 0, k = 0; i < n && k < byDate.length; i++)
      if (birthDates[i] > 0) byDate[k++] = birthDates[i] * POSITION_BITS + i;
    this.byBirthDate = byDate.sort();

    // The pair tables: count, allocate, place.
    this.byBirthDateName = new PairLists(used);
    this.bySurnameYear = new PairLists(surnameKeys);
    this.fullNames = new PairLists(n);
    const fullSlots = new Int32Array(n).fill(-1);
    const dateSlots = new Int32Array(used).fill(-1);
    const yearSlots = new Int32Array(used).fill(-1);
    for (let i = 0; i < n; i++) {
      const date = birthDates[i];
      const year = birthYears[i];
      for (let k = this.nameStart[i]; k < this.nameStart[i + 1]; k++) {
        if (date > 0) dateSlots[k] = this.byBirthDateName.slotFor(date, keys[k]);
        if (year > 0 && k < this.givenStart[i]) yearSlots[k] = this.bySurnameYear.slotFor(year, keys[k]);
      }
      if (lastIds[i] >= 0 && firstIds[i] >= 0) fullSlots[i] = this.fullNames.slotFor(firstIds[i], lastIds[i]);
    }
    this.byBirthDateName.allocate();
    this.bySurnameYear.allocate();
    this.fullNames.allocate();
    for (let i = 0; i < n; i++) if (fullSlots[i] >= 0) this.fullNames.place(fullSlots[i], i);
    this.fullNames.seal();
    for (let i = 0; i < n; i++) {
      for (let k = this.nameStart[i]; k < this.nameStart[i + 1]; k++) {
        if (dateSlots[k] >= 0) this.byBirthDateName.place(dateSlots[k], i);
        if (yearSlots[k] >= 0) this.bySurnameYear.place(yearSlots[k], i);
      }
    }
    this.byBirthDateName.seal();
    this.bySurnameYear.seal();
    this.byOen.seal();
    this.byNumber.seal();

    const names = this.nameIds.size;
    // Ids were given in insertion order: the map's keys in order are the names by id (a packed array).
    this.names = [...this.nameIds.keys()];
    this.nameLetters = new Int32Array(names);
    this.nameCodes = new Int32Array(names * 2).fill(-2);
    this.slipSeen = new Float64Array(names);
    for (let id = 0; id < names; id++) this.nameLetters[id] = letterMask(this.names[id]);
    this.surnameMarks = new Uint32Array(names);
    this.givenMarks = new Uint32Array(names);
    this.surnameCounts = new Int32Array(names);
    this.givenCounts = new Int32Array(names);
    this.surnameKeyCounts = new Int32Array(names);
    for (let i = 0; i < n; i++) {
      for (let k = this.nameStart[i]; k < this.givenStart[i]; k++) this.surnameKeyCounts[keys[k]]++;
      if (lastIds[i] >= 0) this.surnameCounts[lastIds[i]]++;
      if (firstIds[i] >= 0) this.givenCounts[firstIds[i]]++;
    }
    const count = (counts: Int32Array, name: string) => {
      const id = this.nameIds.get(name);
      return id === undefined ? 0 : counts[id];
    };
    this.frequencies = {
      population: n,
      oenCheckDigits: oenCheckDigitsKept(oens, checked),
      surnameCount: (name) => count(this.surnameCounts, name),
      givenNameCount: (name) => count(this.givenCounts, name),
      surnameKeyCount: (name) => count(this.surnameKeyCounts, name),
      fullNameCount: (givenName, surname) => {
        const g = this.nameIds.get(givenName);
        const l = this.nameIds.get(surname);
        if (g === undefined || l === undefined) return 0;
        const slot = this.fullNames.find(g, l);
        return slot < 0 ? 0 : this.fullNames.count(slot);
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

  /** The student with this number (leading zeros, spaces and dashes ignored, as in blocking), if any. */
  byStudentNumber(studentNumber: string): SisStudent | undefined {
    const hits: number[] = [];
    this.byNumber.find(stripZeros(normaliseIdentifier(studentNumber)), hits);
    return hits.length === 0 ? undefined : this.students[hits[0]];
  }

  /** The students the blocking keys bring: the rule every SIS adapter follows too (adapters/shared). */
  candidates(keys: BlockingKeys): SisStudent[] {
    return this.collect(keys, false);
  }

  /**
   * The same, and the students only this index finds (the rules below: an OEN one slip away, the typed
   * birth date with both initials or with a name one slip away, the day/month swap with a given name,
   * a rare full name without the birth date, a request without birth date by its surname or one edit of
   * it; beyond-keys.ts states the last three as predicates for other SIS). `etms match` uses it.
   */
  candidatesBeyondKeys(keys: BlockingKeys): SisStudent[] {
    return this.collect(keys, true);
  }

  private collect(keys: BlockingKeys, beyond: boolean): SisStudent[] {
    this.stamp++;
    if (this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.surnameMarks.fill(0);
      this.givenMarks.fill(0);
      this.slipSeen.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    const found: number[] = [];
    const hits: number[] = [];
    if (keys.oen) {
      this.byOen.find(keys.oen, hits);
      // No student holds the number as typed: those holding it with one digit mistyped or two
      // neighbouring digits exchanged (the slips an OEN's check digit exists to catch; 89 lookups).
      if (beyond && hits.length === 0) for (const slip of oenSlips(keys.oen)) this.byOen.find(slip, hits);
    }
    if (keys.studentNumber) this.byNumber.find(stripZeros(keys.studentNumber), hits);
    for (const i of hits) this.take(i, found);

    // Mark the request's name keys, then pair them with the birth dates and years.
    const surnameIds: number[] = [];
    const givenIds: number[] = [];
    /** Every name id of the request once, whatever its role: a birth date goes with any of them. */
    const anyIds: number[] = [];
    const surnameMarks = this.surnameMarks;
    const givenMarks = this.givenMarks;
    for (const key of keys.surnames) {
      const id = this.nameIds.get(key.includes(' ') ? compact(key) : key);
      if (id !== undefined && surnameMarks[id] !== stamp) {
        surnameMarks[id] = stamp;
        surnameIds.push(id);
        anyIds.push(id);
      }
    }
    for (const key of keys.givenNames) {
      const id = this.nameIds.get(key.includes(' ') ? compact(key) : key);
      if (id !== undefined && givenMarks[id] !== stamp) {
        givenMarks[id] = stamp;
        givenIds.push(id);
        if (surnameMarks[id] !== stamp) anyIds.push(id);
      }
    }
    let initials = 0;
    for (const key of keys.surnames) initials |= initialBit(key);
    if (beyond && keys.birthDates.length > 0) this.takeSameDayAlike(keys, initials, found);
    if (beyond && keys.birthDates.length === 0 && keys.birthYears.length === 0)
      this.takeUndatedOneEdit(keys, found);
    if (anyIds.length === 0) return found.map((i) => this.students[i]);
    // A birth date (typed or slipped) with any name form in common.
    const byDate = this.byBirthDateName;
    /** Day and month exchanged: a given name alone is enough there too (beyond-keys.ts). */
    const swapDate = beyond ? dateNumber(dayMonthSwapOf(keys) ?? '') : -1;
    for (let d = 0; d < keys.birthDates.length; d++) {
      const date = dateNumber(keys.birthDates[d]);
      if (date < 0) continue;
      for (const id of anyIds) {
        const slot = byDate.find(date, id);
        if (slot < 0) continue;
        // The typed date, or a slip of it with a surname form in common: every student there.
        if (d === 0 || surnameMarks[id] === stamp || initials === 0 || date === swapDate) {
          for (let k = byDate.start(slot), end = byDate.end(slot); k < end; k++)
            this.take(byDate.at(k), found);
          continue;
        }
        // A slip with only a given name in common: the surname must at least start alike (a mistyped
        // surname keeps its first letter). Otherwise one name and a date one digit off bring, from a
        // large SIS, a dozen strangers per request that no person would want to review.
        for (let k = byDate.start(slot), end = byDate.end(slot); k < end; k++) {
          const i = byDate.at(k);
          if ((initials & this.lastInitials[i]) !== 0) this.take(i, found);
        }
      }
    }
    if (beyond) this.takeRareFullName(surnameIds, givenIds, found);
    if (beyond && keys.birthDates.length === 0 && keys.birthYears.length === 0)
      this.takeUndatedSurname(keys, surnameIds, found);
    for (const year of keys.birthYears) {
      // A surname and a given name in common, with the birth year: a birth date typed beyond a slip.
      for (const id of surnameIds) this.takeWithGiven(year, id, givenMarks, found);
      // First and last name typed the other way round.
      for (const id of givenIds) this.takeWithGiven(year, id, surnameMarks, found);
    }
    return found.map((i) => this.students[i]);
  }

  /**
   * The typed birth date with both names mistyped (Etahn Bartnel for Ethan Bartel) or typed in each
   * other's field: no name form in common, but the initials of both (a slip rarely hits the first
   * letter). A recent cohort puts some 90 students of a 200,000-student SIS on one birth date; the
   * initial of one name keeps a dozen of them, those of both names one or none. The same day also
   * brings the students with one name one slip from a typed one, whatever the other (a married surname
   * with a mistyped given name: beyond-keys.ts, slipOnTypedBirthDate).
   */
  private takeSameDayAlike(keys: BlockingKeys, surnameInitials: number, found: number[]): void {
    const date = dateNumber(keys.birthDates[0]);
    const sorted = this.byBirthDate;
    if (date < 0 || sorted.length === 0) return;
    let givenInitials = 0;
    for (const key of keys.givenNames) givenInitials |= initialBit(key);
    const [typedSurname, typedGiven] = typedNames(keys);
    const typed: SlipProbe[] = [];
    if (typedSurname !== '') typed.push(this.probeOf(typedSurname, false));
    if (typedGiven !== '') typed.push(this.probeOf(typedGiven, true));
    if (surnameInitials === 0 && givenInitials === 0 && typed.length === 0) return;
    // The initials rule (sameDayAlike), shared with the SIS adapters; none without an initial.
    const alike =
      surnameInitials !== 0 || givenInitials !== 0
        ? { birthDate: keys.birthDates[0], date, surnameInitials, givenInitials }
        : undefined;
    const low = date * POSITION_BITS;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < low) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < sorted.length && sorted[k] < low + POSITION_BITS; k++) {
      const i = sorted[k] - low;
      if (
        (alike !== undefined && sameDayAlike(alike, this.lastInitials[i], this.givenInitials[i])) ||
        this.hasNameSlipOf(i, typed)
      )
        this.take(i, found);
    }
  }

  /** A phonetic code as a small number shared by every name carrying it; -1 for no code. */
  private codeId(code: string): number {
    if (code === '') return -1;
    let id = this.codeIds.get(code);
    if (id === undefined) {
      id = this.codeIds.size;
      this.codeIds.set(code, id);
    }
    return id;
  }

  /** A typed name ready for hasNameSlipOf; its phonetic codes only for a given name. */
  private probeOf(name: string, given: boolean): SlipProbe {
    const [primary, alternate] = given ? phoneticKeys(name) : ['', ''];
    return {
      name,
      id: this.nameIds.get(name) ?? -1,
      letters: letterMask(name),
      code1: this.codeId(primary),
      code2: this.codeId(alternate),
    };
  }

  /**
   * slipOnTypedBirthDate (beyond-keys.ts) on numbers, since a date's students are many: a name key
   * with the typed name's id, or letter sets close enough for one slip and then isTypo; for the typed
   * given name, also a given-name key with a phonetic code in common.
   */
  private hasNameSlipOf(i: number, typed: readonly SlipProbe[]): boolean {
    if (this.stamps[i] === this.stamp || typed.length === 0) return false;
    const givenStart = this.givenStart[i];
    for (let k = this.nameStart[i], end = this.nameStart[i + 1]; k < end; k++) {
      const id = this.nameKeys[k];
      // A name key seen for this request already (names repeat among a day's students): its answer.
      const seen = this.slipSeen[id];
      if (seen === 2 * this.stamp + 1) return true;
      if (seen === 2 * this.stamp && k < givenStart) continue;
      if (this.isSlipKey(id, typed, k >= givenStart)) {
        this.slipSeen[id] = 2 * this.stamp + 1;
        return true;
      }
      this.slipSeen[id] = 2 * this.stamp;
    }
    return false;
  }

  /** Whether this name key is a typed name or one slip of it, or, as a given name, sounds like the typed one. */
  private isSlipKey(id: number, typed: readonly SlipProbe[], asGiven: boolean): boolean {
    const key = this.names[id];
    for (const t of typed) {
      if (t.id === id) return true;
      // isTypo allows at most two edits, so at most two letters more or fewer.
      const longer = t.name.length - key.length;
      if (
        longer <= 2 &&
        longer >= -2 &&
        lettersAllowTypo(t.name, key, t.letters, this.nameLetters[id]) &&
        isTypo(t.name, key)
      )
        return true;
      if (t.code1 < 0 || !asGiven) continue;
      const codes = this.nameCodes;
      if (codes[2 * id] === -2) {
        const [primary, alternate] = phoneticKeys(key);
        codes[2 * id] = this.codeId(primary);
        codes[2 * id + 1] = this.codeId(alternate);
      }
      const c1 = codes[2 * id];
      const c2 = codes[2 * id + 1];
      if (c1 >= 0 && (t.code1 === c1 || t.code1 === c2 || t.code2 === c1 || (c2 >= 0 && t.code2 === c2)))
        return true;
    }
    return false;
  }

  /**
   * A request without a birth date whose surname matches none, or not its student's: the students
   * whose surname keys are one edit from it, when few carry them, with a given name of the request's
   * initial (beyond-keys.ts, oneEditNames).
   */
  private takeUndatedOneEdit(keys: BlockingKeys, found: number[]): void {
    const [surname] = typedNames(keys);
    let givenInitials = 0;
    for (const key of keys.givenNames) givenInitials |= initialBit(key);
    if (givenInitials === 0 || this.lastYear < this.firstYear) return;
    const ids: number[] = [];
    let carriers = 0;
    for (const name of oneEditNames(surname)) {
      const id = this.nameIds.get(name);
      if (id === undefined || this.surnameKeyCounts[id] === 0) continue;
      ids.push(id);
      carriers += this.surnameKeyCounts[id];
      if (carriers > ONE_EDIT_SURNAME_MAX_STUDENTS) return;
    }
    this.takeSurnamesAnyYear(ids, givenInitials, found);
  }

  /**
   * A full name as the SIS holds it (first name and surname, or the two the other way round) that few
   * students carry, whatever the birth date: a request with the birth date left out or typed wrong
   * beyond a slip. A common full name is left to the birth date, or it would bring dozens of strangers.
   */
  private takeRareFullName(surnameIds: number[], givenIds: number[], found: number[]): void {
    const table = this.fullNames;
    const takeAll = (first: number, last: number) => {
      const slot = table.find(first, last);
      if (slot < 0 || !isRareFullName(table.count(slot))) return;
      for (let k = table.start(slot), end = table.end(slot); k < end; k++) this.take(table.at(k), found);
    };
    for (const last of surnameIds)
      for (const first of givenIds) {
        takeAll(first, last);
        takeAll(last, first);
      }
  }

  /**
   * A request without a birth date: the students of its surname, any year, whose given name starts
   * with the request's (Nichooas Campbell for Nicholas). Such requests are few (an empty date, an
   * impossible one) and never matched automatically without an identifier, so the reviewer gets them.
   */
  private takeUndatedSurname(keys: BlockingKeys, surnameIds: number[], found: number[]): void {
    let givenInitials = 0;
    for (const key of keys.givenNames) givenInitials |= initialBit(key);
    if (givenInitials === 0 || this.lastYear < this.firstYear) return;
    this.takeSurnamesAnyYear(surnameIds, givenInitials, found);
  }

  /** The students of these surname keys, born any year, whose given name starts with one of the initials. */
  private takeSurnamesAnyYear(surnameIds: readonly number[], givenInitials: number, found: number[]): void {
    const table = this.bySurnameYear;
    for (const id of surnameIds) {
      for (let year = this.firstYear; year <= this.lastYear; year++) {
        const slot = table.find(year, id);
        if (slot < 0) continue;
        for (let k = table.start(slot), end = table.end(slot); k < end; k++) {
          const i = table.at(k);
          if ((this.givenInitials[i] & givenInitials) !== 0) this.take(i, found);
        }
      }
    }
  }

  private take(i: number, found: number[]): void {
    if (this.stamps[i] !== this.stamp) {
      this.stamps[i] = this.stamp;
      found.push(i);
    }
  }

  /** Takes the students of (year, surname id) whose given names carry a key marked in marks. */
  private takeWithGiven(year: number, surnameId: number, marks: Uint32Array, found: number[]): void {
    const table = this.bySurnameYear;
    const slot = table.find(year, surnameId);
    if (slot < 0) return;
    const stamp = this.stamp;
    for (let k = table.start(slot), last = table.end(slot); k < last; k++) {
      const i = table.at(k);
      if (this.stamps[i] === stamp) continue;
      const end = this.nameStart[i + 1];
      for (let g = this.givenStart[i]; g < end; g++) {
        if (marks[this.nameKeys[g]] === stamp) {
          this.stamps[i] = stamp;
          found.push(i);
          break;
        }
      }
    }
  }
}
