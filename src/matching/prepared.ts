/**
 * A request or an SIS student reduced once to the normalised keys the comparators use. Students are
 * prepared once per object (the index prepares its whole SIS up front) and the result is kept beside
 * the object, so scoring the same student for many requests does not normalise it again.
 *
 * Names repeat (a few thousand given names and surnames for 200,000 students), so the normalised forms
 * of each distinct written name are computed once and shared: fewer strings to build, less to collect.
 */
import type { SisStudent } from '../sis/index.js';
import { dayMonthSwap, isIsoMonth } from './dates.js';
import {
  compact,
  hasOenCheckDigit,
  isWellFormedOen,
  nameWords,
  normaliseIdentifier,
  normaliseName,
  surnameCore,
  surnameParts,
} from './normalise.js';
import type { MatchRequest } from './types.js';
import type { NameFrequencies } from './surname-frequency.js';

export interface PreparedRecord {
  last: string;
  lastC: string;
  lastParts: string[];
  lastCore: string;
  /** Compact former surnames (for a request: the previous surname typed). */
  prevC: string[];
  first: string;
  firstC: string;
  firstWords: string[];
  /** Compact middle names, word by word. */
  middles: string[];
  /** First and middle names together, compact: "MARYANNE" for Mary + Anne. */
  fullGivenC: string;
  preferred: string;
  preferredC: string;
  oen: string;
  /** True when oen is 9 digits (isWellFormedOen), computed once. */
  oenWellFormed: boolean;
  /** True when oen carries its check digit (hasOenCheckDigit), computed once. */
  oenChecked: boolean;
  studentNumber: string;
  birthDate: string;
  /** The birth date with day and month exchanged, when that is another real date; else ''. */
  birthDateSwapped: string;
  gender: string;
  school: string;
  /** Every school the student attended besides `school` (normalised BSIDs); empty for a request. */
  otherSchools: readonly string[];
  lastAttended: string;
  /** Date last attended as year * 12 + month, or -1 when absent or not YYYY-MM. */
  lastAttendedMonth: number;
  /** The name shares last computed for this record, and the frequencies they came from. */
  sharesFrom: NameFrequencies | undefined | null;
  lastShare: number;
  firstShare: number;
  preferredShare: number;
  /** The shared forms lastC and firstC come from (their phonetic codes are kept there). */
  lastForms: NameForms;
  firstForms: NameForms;
}

/** The normalised forms of one written name. Shared between records: never mutated. */
export interface NameForms {
  normalised: string;
  compact: string;
  parts: string[];
  core: string;
  words: string[];
  /** Double Metaphone codes of the compact form, filled on first use. */
  phonetic: [string, string] | null;
}

const EMPTY: string[] = [];
const EMPTY_FORMS: NameForms = {
  normalised: '',
  compact: '',
  parts: EMPTY,
  core: '',
  words: EMPTY,
  phonetic: ['', ''],
};
/** Bounded, so that a long-running daemon meeting new names does not grow without limit. */
const NAME_CACHE_LIMIT = 500_000;
const nameCache = new Map<string, NameForms>();

/** The normalised forms of a written name, shared by every record that carries it. */
export function nameFormsOf(raw: string | undefined): NameForms {
  if (!raw) return EMPTY_FORMS;
  let forms = nameCache.get(raw);
  if (forms === undefined) {
    const normalised = normaliseName(raw);
    forms =
      normalised === ''
        ? EMPTY_FORMS
        : {
            normalised,
            compact: compact(normalised),
            parts: surnameParts(normalised),
            core: surnameCore(normalised),
            words: nameWords(normalised),
            phonetic: null,
          };
    if (nameCache.size >= NAME_CACHE_LIMIT) nameCache.clear();
    nameCache.set(raw, forms);
  }
  return forms;
}

const studentCache = new WeakMap<SisStudent, PreparedRecord>();
const requestCache = new WeakMap<MatchRequest, PreparedRecord>();

function monthNumber(value: string): number {
  return value !== '' && isIsoMonth(value) ? Number(value.slice(0, 4)) * 12 + Number(value.slice(5, 7)) : -1;
}

function build(
  first: string | undefined,
  middle: string | undefined,
  last: string | undefined,
  previous: string[],
  preferred: string | undefined,
  rest: {
    oen?: string;
    studentNumber?: string;
    birthDate?: string;
    gender?: string;
    school?: string;
    schoolsAttended?: readonly string[];
    lastAttended?: string;
  },
): PreparedRecord {
  const fLast = nameFormsOf(last);
  const fFirst = nameFormsOf(first);
  const fPreferred = nameFormsOf(preferred);
  const middles = middle ? nameFormsOf(middle).words : EMPTY;
  let prevC = EMPTY;
  for (const p of previous) {
    const c = nameFormsOf(p).compact;
    if (c !== '' && !prevC.includes(c)) {
      if (prevC === EMPTY) prevC = [];
      prevC.push(c);
    }
  }
  const birthDate = (rest.birthDate ?? '').trim();
  const lastAttended = (rest.lastAttended ?? '').trim();
  const oen = normaliseIdentifier(rest.oen);
  const school = normaliseIdentifier(rest.school);
  let otherSchools: readonly string[] = EMPTY;
  for (const s of rest.schoolsAttended ?? EMPTY) {
    const bsid = normaliseIdentifier(s);
    if (bsid === '' || bsid === school || otherSchools.includes(bsid)) continue;
    if (otherSchools === EMPTY) otherSchools = [];
    (otherSchools as string[]).push(bsid);
  }
  return {
    last: fLast.normalised,
    lastC: fLast.compact,
    lastParts: fLast.parts,
    lastCore: fLast.core,
    prevC,
    first: fFirst.normalised,
    firstC: fFirst.compact,
    firstWords: fFirst.words,
    middles,
    fullGivenC: middles.length === 0 ? fFirst.compact : fFirst.compact + middles.join(''),
    preferred: fPreferred.normalised,
    preferredC: fPreferred.compact,
    oen,
    oenWellFormed: isWellFormedOen(oen),
    oenChecked: hasOenCheckDigit(oen),
    studentNumber: normaliseIdentifier(rest.studentNumber),
    birthDate,
    birthDateSwapped: birthDate === '' ? '' : (dayMonthSwap(birthDate) ?? ''),
    gender: (rest.gender ?? '').trim().toUpperCase(),
    school: school === '' && otherSchools.length > 0 ? otherSchools[0] : school,
    otherSchools,
    lastAttended,
    lastAttendedMonth: monthNumber(lastAttended),
    // NaN, not 0: the fields hold fractions, and a field first holding a small integer would change
    // representation on the first write, moving every record to a new shape.
    sharesFrom: null,
    lastShare: NaN,
    firstShare: NaN,
    preferredShare: NaN,
    lastForms: fLast,
    firstForms: fFirst,
  };
}

export function prepareStudent(student: SisStudent): PreparedRecord {
  let prepared = studentCache.get(student);
  if (prepared === undefined) {
    prepared = build(
      student.firstName,
      student.middleNames,
      student.lastName,
      student.previousLastNames ?? EMPTY,
      student.preferredFirstName,
      {
        oen: student.oen,
        studentNumber: student.studentNumber,
        birthDate: student.birthDate,
        gender: student.gender,
        school: student.schoolBsid,
        schoolsAttended: student.schoolsAttended,
        lastAttended: student.dateLastAttended,
      },
    );
    studentCache.set(student, prepared);
  }
  return prepared;
}

export function prepareRequest(request: MatchRequest): PreparedRecord {
  let prepared = requestCache.get(request);
  if (prepared === undefined) {
    prepared = build(
      request.firstName,
      undefined,
      request.lastName,
      request.previousLastName ? [request.previousLastName] : EMPTY,
      undefined,
      {
        oen: request.oen,
        studentNumber: request.studentNumber,
        birthDate: request.birthDate,
        gender: request.gender,
        school: request.schoolBsid,
        lastAttended: request.dateLastAttended,
      },
    );
    requestCache.set(request, prepared);
  }
  return prepared;
}
