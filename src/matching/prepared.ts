/**
 * A request or an SIS student reduced once to the normalised keys the comparators use. Students are
 * prepared once per object (the index prepares its whole SIS up front) and the result is kept beside
 * the object, so scoring the same student for many requests does not normalise it again.
 */
import type { SisStudent } from './sis-adapter.js';
import { compact, nameWords, normaliseIdentifier, normaliseName, surnameCore, surnameParts } from './normalise.js';
import type { MatchRequest } from './types.js';

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
  studentNumber: string;
  birthDate: string;
  gender: string;
  school: string;
  lastAttended: string;
}

const studentCache = new WeakMap<SisStudent, PreparedRecord>();
const requestCache = new WeakMap<MatchRequest, PreparedRecord>();

function build(
  first: string | undefined,
  middle: string | undefined,
  last: string | undefined,
  previous: string[],
  preferred: string | undefined,
  rest: { oen?: string; studentNumber?: string; birthDate?: string; gender?: string; school?: string; lastAttended?: string },
): PreparedRecord {
  const nLast = normaliseName(last);
  const nFirst = normaliseName(first);
  const nMiddle = normaliseName(middle);
  const nPreferred = normaliseName(preferred);
  const middles = nameWords(nMiddle);
  const prevC: string[] = [];
  for (const p of previous) {
    const c = compact(normaliseName(p));
    if (c !== '' && !prevC.includes(c)) prevC.push(c);
  }
  return {
    last: nLast,
    lastC: compact(nLast),
    lastParts: surnameParts(nLast),
    lastCore: surnameCore(nLast),
    prevC,
    first: nFirst,
    firstC: compact(nFirst),
    firstWords: nameWords(nFirst),
    middles,
    fullGivenC: compact(nFirst) + middles.join(''),
    preferred: nPreferred,
    preferredC: compact(nPreferred),
    oen: normaliseIdentifier(rest.oen),
    studentNumber: normaliseIdentifier(rest.studentNumber),
    birthDate: (rest.birthDate ?? '').trim(),
    gender: (rest.gender ?? '').trim().toUpperCase(),
    school: normaliseIdentifier(rest.school),
    lastAttended: (rest.lastAttended ?? '').trim(),
  };
}

export function prepareStudent(student: SisStudent): PreparedRecord {
  let prepared = studentCache.get(student);
  if (prepared === undefined) {
    prepared = build(student.firstName, student.middleNames, student.lastName, student.previousLastNames ?? [], student.preferredFirstName, {
      oen: student.oen,
      studentNumber: student.studentNumber,
      birthDate: student.birthDate,
      gender: student.gender,
      school: student.schoolBsid,
      lastAttended: student.dateLastAttended,
    });
    studentCache.set(student, prepared);
  }
  return prepared;
}

export function prepareRequest(request: MatchRequest): PreparedRecord {
  let prepared = requestCache.get(request);
  if (prepared === undefined) {
    prepared = build(request.firstName, undefined, request.lastName, request.previousLastName ? [request.previousLastName] : [], undefined, {
      oen: request.oen,
      studentNumber: request.studentNumber,
      birthDate: request.birthDate,
      gender: request.gender,
      school: request.schoolBsid,
      lastAttended: request.dateLastAttended,
    });
    requestCache.set(request, prepared);
  }
  return prepared;
}
