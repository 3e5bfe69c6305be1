/**
 * Scoring one SIS student against one request: an agreement level per field, its weight, and the vetoes.
 */
import type { SisStudent } from '../sis/index.js';
import { damerauLevenshtein, jaroWinkler, oneDigitSlip, phoneticKeys } from './comparators.js';
import { birthDateSlipLevel, type BirthDateLevel } from './dates.js';
import { studentNumberLevel, type IdentifierLevel } from './identifiers.js';
import { givenNameRelation, surnameVariants } from './name-variants.js';
import { prepareRequest, prepareStudent, type PreparedRecord } from './prepared.js';
import {
  BIRTH_DATE_ODDS,
  GENDER_ODDS,
  GIVEN_NAME_ODDS,
  LAST_ATTENDED_ODDS,
  OEN_ODDS,
  SCHOOL_ODDS,
  STUDENT_NUMBER_ODDS,
  SURNAME_ODDS,
  FORMER_SURNAME_TYPED_DISCOUNT,
  fullNameShare,
  givenNameShare,
  oddsOf,
  surnamePartShare,
  surnameShare,
  weightOf,
  type LevelOdds,
  type MProbabilities,
} from './weights.js';
import type { FieldComparison, MatchContext, MatchRequest, ScoredCandidate, Veto } from './types.js';
import type { NameFrequencies } from './surname-frequency.js';

export type SurnameLevel = keyof typeof SURNAME_ODDS;
export type GivenNameLevel = keyof typeof GIVEN_NAME_ODDS;

/**
 * Given-name levels that say "the same name" for the sibling rule. A nickname or a spelling variant is
 * not enough there without an identifier: twins may be William and Liam, or Mohammed and Mohamed.
 */
export const SAME_GIVEN_NAME: ReadonlySet<string> = new Set(['exact', 'preferred', 'swapped']);
/** Birth-date levels close enough to be the same day of birth typed with a slip. */
export const NEAR_BIRTH_DATE: ReadonlySet<BirthDateLevel> = new Set([
  'exact',
  'day_month_swap',
  'one_digit',
  'one_year',
]);
/** Surname levels that say the request and the candidate carry the same family name. */
export const SAME_FAMILY: ReadonlySet<string> = new Set([
  'exact',
  'previous',
  'part',
  'variant',
  'typo',
  'phonetic',
]);

/**
 * Spelling slips: one edit for names of 5 letters or more, two from 9. In shorter names one changed
 * letter is another name (Emma, Ella), so only two letters swapped or one doubled letter (Gill, Gilll)
 * count as a slip there.
 */
export function isTypo(a: string, b: string): boolean {
  const min = Math.min(a.length, b.length);
  if (min < 5) return min >= 3 && isShortNameSlip(a, b);
  const limit = min >= 9 ? 2 : 1;
  return damerauLevenshtein(a, b, limit) <= limit;
}

function isShortNameSlip(a: string, b: string): boolean {
  if (a.length === b.length) {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  if (longer.length !== shorter.length + 1) return false;
  let i = 0;
  while (i < shorter.length && longer[i] === shorter[i]) i++;
  // The extra letter must repeat its neighbour, and the rest must agree.
  const doubled = (i > 0 && longer[i] === longer[i - 1]) || longer[i] === longer[i + 1];
  return doubled && longer.slice(i + 1) === shorter.slice(i);
}

interface SurnameResult {
  level: SurnameLevel;
  /** The compact name whose frequency scales the weight. */
  shareOf: string;
  /**
   * `previous` on one of the student's former surnames only: the student's current surname is nowhere
   * in the request (FORMER_SURNAME_TYPED_DISCOUNT).
   */
  formerOnly?: boolean;
}

function lastPhonetic(p: PreparedRecord): [string, string] {
  const forms = p.lastForms;
  return forms.phonetic ?? (forms.phonetic = phoneticKeys(forms.compact));
}

function firstPhonetic(p: PreparedRecord): [string, string] {
  const forms = p.firstForms;
  return forms.phonetic ?? (forms.phonetic = phoneticKeys(forms.compact));
}

/** soundsAlike on codes already computed. */
function codesAlike(a: [string, string], b: [string, string]): boolean {
  const [pa, sa] = a;
  const [pb, sb] = b;
  if (pa === '' || pb === '') return false;
  return pa === pb || pa === sb || sa === pb || (sa !== '' && sa === sb);
}

export function surnameLevel(r: PreparedRecord, s: PreparedRecord): SurnameResult {
  if (r.lastC === '' || s.lastC === '') {
    // A request without a surname but with the previous one still matches on it.
    if (r.lastC === '' && r.prevC.length > 0 && r.prevC.includes(s.lastC))
      return { level: 'previous', shareOf: s.lastC };
    return { level: 'missing', shareOf: '' };
  }
  if (r.lastC === s.lastC) return { level: 'exact', shareOf: s.lastC };
  if (r.prevC.includes(s.lastC)) return { level: 'previous', shareOf: s.lastC };
  for (const p of r.prevC)
    if (s.prevC.includes(p)) return { level: 'previous', shareOf: p, formerOnly: true };
  if (s.prevC.includes(r.lastC)) return { level: 'previous', shareOf: r.lastC, formerOnly: true };
  if (r.lastParts.length > 1 || s.lastParts.length > 1) {
    for (const part of r.lastParts) if (s.lastParts.includes(part)) return { level: 'part', shareOf: part };
    // A request surname made of the current and the former one: "Smith Jones" for Smith, formerly Jones.
    for (const part of r.lastParts) if (s.prevC.includes(part)) return { level: 'part', shareOf: part };
  }
  if (r.lastCore.length >= 3 && r.lastCore === s.lastCore) return { level: 'part', shareOf: r.lastCore };
  if (surnameVariants(r.lastC, s.lastC)) return { level: 'variant', shareOf: s.lastC };
  if (isTypo(r.lastC, s.lastC)) return { level: 'typo', shareOf: s.lastC };
  if (codesAlike(lastPhonetic(r), lastPhonetic(s))) return { level: 'phonetic', shareOf: s.lastC };
  if (jaroWinkler(r.lastC, s.lastC) >= 0.88) return { level: 'similar', shareOf: s.lastC };
  return { level: 'different', shareOf: s.lastC };
}

export function givenNameLevel(r: PreparedRecord, s: PreparedRecord): GivenNameLevel {
  if (r.firstC === '' || (s.firstC === '' && s.preferredC === '')) return 'missing';
  if (r.firstC === s.firstC || r.firstC === s.fullGivenC) return 'exact';
  if (s.preferredC !== '' && r.firstC === s.preferredC) return 'preferred';
  const relation =
    givenNameRelation(r.first, s.first) ??
    (r.firstWords.length > 1 || s.firstWords.length > 1
      ? givenNameRelation(r.firstWords[0], s.firstWords[0])
      : undefined) ??
    (s.preferred !== '' ? givenNameRelation(r.first, s.preferred) : undefined);
  if (relation !== undefined) return relation;
  if (s.middles.includes(r.firstC) || (r.firstWords.length > 1 && s.middles.includes(r.firstWords[0])))
    return 'middle';
  if (
    (r.firstWords.length > 1 || s.firstWords.length > 1) &&
    (s.firstWords.includes(r.firstWords[0]) || r.firstWords.includes(s.firstWords[0]))
  )
    return 'part';
  if (isTypo(r.firstC, s.firstC)) return 'typo';
  if (codesAlike(firstPhonetic(r), firstPhonetic(s))) return 'phonetic';
  if (jaroWinkler(r.firstC, s.firstC) >= 0.88) return 'similar';
  return 'different';
}

/** Request first/last typed the other way round: first ≈ SIS surname and last ≈ SIS given name. */
function isSwapped(r: PreparedRecord, s: PreparedRecord): boolean {
  if (r.firstC === '' || r.lastC === '' || s.firstC === '' || s.lastC === '') return false;
  const firstAsLast = r.firstC === s.lastC || isTypo(r.firstC, s.lastC);
  if (!firstAsLast) return false;
  return (
    r.lastC === s.firstC || isTypo(r.lastC, s.firstC) || givenNameRelation(r.last, s.first) !== undefined
  );
}

/** Name levels too weak to say the names agree, as namesWeak reads them in compareRecords. */
const WEAK_SURNAME: ReadonlySet<string> = new Set(['different', 'similar', 'phonetic']);
const WEAK_GIVEN_NAME: ReadonlySet<string> = new Set(['different', 'similar', 'phonetic', 'part']);

/**
 * One name typed in the other's field, the other name typed and agreeing with nothing: the request's
 * surname is the student's first name ('last': Waller Hugh for Hugh Moody), or its given name the
 * student's surname ('first': Weller Ebony for Flynn Weller), as typed or with one slip. That name
 * then agrees at the `swapped` level, weighed by its own frequency as the student's given name or
 * surname; the other keeps its level. Undefined when neither, or both (isSwapped covers both).
 */
export function oneNameSwapped(
  r: PreparedRecord,
  s: PreparedRecord,
  last: string,
  first: string,
): 'last' | 'first' | undefined {
  if (!WEAK_SURNAME.has(last) || !WEAK_GIVEN_NAME.has(first)) return undefined;
  const lastAsFirst =
    r.lastC !== '' && s.firstC !== '' && (r.lastC === s.firstC || isTypo(r.lastC, s.firstC));
  const firstAsLast =
    r.firstC !== '' && s.lastC !== '' && (r.firstC === s.lastC || isTypo(r.firstC, s.lastC));
  if (lastAsFirst === firstAsLast) return undefined;
  return lastAsFirst ? 'last' : 'first';
}

/** The request's surname field read as a given name against the student's first name. */
function swappedGivenNameLevel(r: PreparedRecord, s: PreparedRecord): GivenNameLevel {
  if (r.lastC === '') return 'missing';
  return givenNameRelation(r.last, s.first) ?? 'different';
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function display(value: string | undefined): string {
  return (value ?? '').trim();
}

function genderLevel(r: string, s: string): keyof typeof GENDER_ODDS {
  if (r === '' || s === '' || r === 'X' || s === 'X') return 'missing';
  return r === s ? 'same' : 'different';
}

type Levels<T> = { [K in keyof T]: number };
function weightTable<T extends Record<string, LevelOdds>>(
  field: Parameters<typeof oddsOf>[0],
  odds: T,
  m: MProbabilities | undefined,
): Levels<T> {
  const out = {} as Levels<T>;
  for (const key of Object.keys(odds) as Array<keyof T & string>)
    out[key] = round1(weightOf(oddsOf(field, key, m)));
  return out;
}

/** The fixed weights of the fields whose u does not depend on a name's frequency. */
export interface WeightTables {
  dob: Levels<typeof BIRTH_DATE_ODDS>;
  oen: Levels<typeof OEN_ODDS>;
  studentNumber: Levels<typeof STUDENT_NUMBER_ODDS>;
  gender: Levels<typeof GENDER_ODDS>;
  school: Levels<typeof SCHOOL_ODDS>;
  attended: Levels<typeof LAST_ATTENDED_ODDS>;
}

function weightTables(m: MProbabilities | undefined): WeightTables {
  return {
    dob: weightTable('dob', BIRTH_DATE_ODDS, m),
    oen: weightTable('oen', OEN_ODDS, m),
    studentNumber: weightTable('student_number', STUDENT_NUMBER_ODDS, m),
    gender: weightTable('gender', GENDER_ODDS, m),
    school: weightTable('school', SCHOOL_ODDS, m),
    attended: weightTable('last_attended', LAST_ATTENDED_ODDS, m),
  };
}

const SHIPPED_TABLES = weightTables(undefined);
/** Tables per loaded parameter set, computed once each (a parameter file is loaded once per run). */
const TABLES = new WeakMap<MProbabilities, WeightTables>();

/** The weight tables for these m-probabilities (the shipped ones when none are given). */
export function tablesFor(m: MProbabilities | undefined): WeightTables {
  if (m === undefined) return SHIPPED_TABLES;
  let tables = TABLES.get(m);
  if (tables === undefined) {
    tables = weightTables(m);
    TABLES.set(m, tables);
  }
  return tables;
}

/** Levels and weights of one comparison, before it is written out as an explanation. */
export interface Comparison {
  last: SurnameLevel;
  first: GivenNameLevel;
  dob: BirthDateLevel;
  oen: keyof typeof OEN_ODDS;
  studentNumber: keyof typeof STUDENT_NUMBER_ODDS;
  gender: keyof typeof GENDER_ODDS;
  school: keyof typeof SCHOOL_ODDS;
  attended: keyof typeof LAST_ATTENDED_ODDS;
  lastWeight: number;
  firstWeight: number;
  score: number;
  vetoes: Veto[];
  /** The weights the other fields were scored with. */
  tables: WeightTables;
}

/** Compares two prepared records: the work of scoring without the explanation's strings. */
export function compareRecords(r: PreparedRecord, s: PreparedRecord, ctx: MatchContext = {}): Comparison {
  const freq = ctx.frequencies;
  const m = ctx.parameters?.m;
  const tables = tablesFor(m);
  let last = surnameLevel(r, s);
  let first = givenNameLevel(r, s);
  const namesWeak =
    (last.level === 'different' || last.level === 'similar' || last.level === 'phonetic') &&
    (first === 'different' || first === 'similar' || first === 'phonetic' || first === 'part');
  // One name only in the other's field: it agrees as swapped, weighed by the share of the name it
  // agrees with (the student's given name for the surname field, and the other way round).
  let alone: 'last' | 'first' | undefined;
  if (namesWeak && isSwapped(r, s)) {
    last = { level: 'swapped', shareOf: s.lastC };
    first = 'swapped';
  } else {
    alone = oneNameSwapped(r, s, last.level, first);
    if (alone === 'last') last = { level: 'swapped', shareOf: s.lastC };
    else if (alone === 'first') first = 'swapped';
  }

  refreshShares(s, freq);
  const lastShare =
    alone === 'last'
      ? s.firstShare
      : last.shareOf === ''
        ? 1
        : last.level === 'part' || last.level === 'previous'
          ? surnamePartShare(last.shareOf, freq)
          : last.shareOf === s.lastC
            ? s.lastShare
            : surnameShare(last.shareOf, freq);
  const lastWeight = round1(
    weightOf(oddsOf('last', last.level, m), lastShare) -
      (last.formerOnly === true ? FORMER_SURNAME_TYPED_DISCOUNT : 0),
  );
  const firstShare =
    alone === 'first' ? s.lastShare : first === 'preferred' ? s.preferredShare : s.firstShare;
  let firstWeight = weightOf(oddsOf('first', first, m), firstShare);
  if (first === 'exact' && (last.level === 'exact' || last.level === 'previous' || last.level === 'part')) {
    // Names that travel together (a given name common in one community) are not independent evidence;
    // the same holds when the surname agrees as a former surname or a part (the request's full name is
    // then the given name with that surname, as borne by the students counted here).
    const pair = fullNameShare(s.firstC, last.shareOf, freq);
    const product = lastShare * firstShare;
    if (pair !== undefined && pair > product)
      firstWeight = Math.max(1, firstWeight - Math.log2(pair / product));
  }
  firstWeight = round1(firstWeight);

  const dob: BirthDateLevel =
    r.birthDate === '' || s.birthDate === ''
      ? 'missing'
      : r.birthDate === s.birthDate
        ? 'exact'
        : birthDateSlipLevel(r.birthDate, r.birthDateSwapped, s.birthDate);
  // oenLevel, with the request's well-formedness computed once. Where the SIS's OENs carry the check
  // digit, a typed number that fails it is a slip: one edit from the student's OEN, a slip of theirs;
  // further from it, a slip of another number (someone else's OEN: one slip is some 7 % of typed OENs,
  // two slips in one's own a few in a thousand), weighed as a different number but not a veto, since
  // two slips do happen. A number that is not 9 digits is a slip when one edit away, else no evidence.
  // Where the SIS's numbers carry no check digit, nothing tells another person's number from one typed
  // or remembered wrong: a different number is then no evidence either way.
  const noEvidence = !r.oenWellFormed || freq?.oenCheckDigits === false;
  const failsCheck = freq?.oenCheckDigits === true && !r.oenChecked;
  const oen: IdentifierLevel =
    r.oen === '' || s.oen === ''
      ? 'missing'
      : r.oen === s.oen
        ? 'exact'
        : noEvidence || failsCheck
          ? damerauLevenshtein(r.oen, s.oen, 1) <= 1
            ? 'one_digit'
            : noEvidence || !s.oenWellFormed
              ? 'missing'
              : 'different'
          : oneDigitSlip(r.oen, s.oen)
            ? 'one_digit'
            : 'different';
  const studentNumber = studentNumberLevel(r.studentNumber, s.studentNumber);
  const gender = genderLevel(r.gender, s.gender);
  // Any school the student attended is "the same": students move between a board's schools and the
  // request names the one the applicant remembers.
  const school =
    r.school === '' || s.school === ''
      ? 'missing'
      : r.school === s.school || s.otherSchools.includes(r.school)
        ? 'same'
        : 'different';
  const attended =
    r.lastAttendedMonth < 0 || s.lastAttendedMonth < 0
      ? 'missing'
      : Math.abs(r.lastAttendedMonth - s.lastAttendedMonth) <= 12
        ? 'close'
        : 'different';

  const vetoes: Veto[] = [];
  // oenConflict: both well formed and different, in an SIS whose OENs are real ones. Where the SIS's
  // numbers carry no check digit (it keeps some other number in the column), a different number is
  // evidence against, weighed with the rest, not proof of another person.
  if (
    oen === 'different' &&
    !failsCheck &&
    r.oenWellFormed &&
    s.oenWellFormed &&
    freq?.oenCheckDigits !== false
  )
    vetoes.push('oen_conflict');
  // The same OEN and the same names: a birth date typed wrong, since no two people share an OEN.
  if (dob === 'different' && !(oen === 'exact' && namesAgree(last.level, first)))
    vetoes.push('birth_date_conflict');
  // Another gender vetoes a candidate whose first name is not the request's: a brother and a sister
  // share a surname and may share a birthday. With the same first name, the other person the veto
  // guards against would carry that name too, and so most likely the student's gender: a box ticked
  // wrong, or a gender changed since school, is as likely. The field's weight still counts.
  if (gender === 'different' && GIVEN_NAME_RANK[first] > 0) vetoes.push('gender_conflict');
  if (
    isSiblingPattern(
      last.level,
      first,
      dob,
      oen === 'exact' || studentNumber === 'exact',
      (first === 'typo' && isKeyingSlip(r.firstC, s.firstC) && !areTwoGivenNames(r.firstC, s.firstC, freq)) ||
        typedOwnGivenNames(r, s, first),
      oen === 'exact' && dob === 'exact',
    )
  ) {
    vetoes.push('sibling');
  } else if (
    alone === 'first' &&
    isSiblingPattern(
      'exact',
      swappedGivenNameLevel(r, s),
      dob,
      oen === 'exact' || studentNumber === 'exact',
      false,
      oen === 'exact' && dob === 'exact',
    )
  ) {
    // The family name typed in the given-name field and another given name in the surname field: read
    // the other way round, the same surname and birth date with another first name, a brother or sister.
    vetoes.push('sibling');
  }

  const score = round1(
    lastWeight +
      firstWeight +
      tables.dob[dob] +
      tables.oen[oen] +
      tables.studentNumber[studentNumber] +
      tables.gender[gender] +
      tables.school[school] +
      tables.attended[attended],
  );
  return {
    last: last.level,
    first,
    dob,
    oen,
    studentNumber,
    gender,
    school,
    attended,
    lastWeight,
    firstWeight,
    score,
    vetoes,
    tables,
  };
}

/** Computes the student's name shares once per frequency table, since a student is scored for many requests. */
function refreshShares(s: PreparedRecord, freq: NameFrequencies | undefined): void {
  if (s.sharesFrom === freq) return;
  s.lastShare = s.lastC === '' ? 1 : surnameShare(s.lastC, freq);
  s.firstShare = givenNameShare(s.firstC, freq);
  s.preferredShare = givenNameShare(s.preferredC, freq);
  s.sharesFrom = freq;
}

/** Writes a comparison out as a scored candidate with its per-field explanation. */
export function toScoredCandidate(
  request: MatchRequest,
  student: SisStudent,
  c: Comparison,
): ScoredCandidate {
  const previousShown =
    c.last === 'previous' && student.previousLastNames.length > 0
      ? ` (${student.previousLastNames.join('; ')})`
      : '';
  const requestLast =
    display(request.lastName) +
    (c.last === 'previous' && request.previousLastName ? ` (${display(request.previousLastName)})` : '');
  // One name alone typed in the other field: show the student's name it agrees with.
  const lastAlone = c.last === 'swapped' && c.first !== 'swapped';
  const firstAlone = c.first === 'swapped' && c.last !== 'swapped';
  const candidateFirst = firstAlone
    ? display(student.lastName)
    : c.first === 'preferred'
      ? display(student.preferredFirstName)
      : c.first === 'middle'
        ? `${display(student.firstName)} ${display(student.middleNames)}`.trim()
        : display(student.firstName);
  const fields: FieldComparison[] = [
    {
      field: 'last',
      level: c.last,
      weight: c.lastWeight,
      requestValue: requestLast,
      candidateValue: lastAlone ? display(student.firstName) : display(student.lastName) + previousShown,
    },
    {
      field: 'first',
      level: c.first,
      weight: c.firstWeight,
      requestValue: display(request.firstName),
      candidateValue: candidateFirst,
    },
    {
      field: 'dob',
      level: c.dob,
      weight: c.tables.dob[c.dob],
      requestValue: display(request.birthDate),
      candidateValue: display(student.birthDate),
    },
    {
      field: 'oen',
      level: c.oen,
      weight: c.tables.oen[c.oen],
      requestValue: display(request.oen),
      candidateValue: display(student.oen),
    },
    {
      field: 'student_number',
      level: c.studentNumber,
      weight: c.tables.studentNumber[c.studentNumber],
      requestValue: display(request.studentNumber),
      candidateValue: display(student.studentNumber),
    },
    {
      field: 'gender',
      level: c.gender,
      weight: c.tables.gender[c.gender],
      requestValue: display(request.gender),
      candidateValue: display(student.gender),
    },
    {
      field: 'school',
      level: c.school,
      weight: c.tables.school[c.school],
      requestValue: display(request.schoolBsid),
      candidateValue: display(student.schoolBsid),
    },
    {
      field: 'last_attended',
      level: c.attended,
      weight: c.tables.attended[c.attended],
      requestValue: display(request.dateLastAttended),
      candidateValue: display(student.dateLastAttended),
    },
  ];
  return { student, score: c.score, fields, vetoes: c.vetoes };
}

/**
 * Scores one SIS student against one request. The score is the sum of the field weights; vetoes are
 * listed beside it and forbid an automatic match whatever the score.
 */
export function scoreCandidate(
  request: MatchRequest,
  student: SisStudent,
  ctx: MatchContext = {},
): ScoredCandidate {
  return toScoredCandidate(
    request,
    student,
    compareRecords(prepareRequest(request), prepareStudent(student), ctx),
  );
}

/**
 * The request's first name is the student's own given names, which a twin's would not be: the first
 * name followed by the middle name(s) the record holds (Jennifer Kathryn for Jennifer Kathryn Kelly).
 * A middle name alone is not (one twin's middle name is sometimes the other's first: Joseph Lucas and
 * Lucas), nor the first part of a compound name (Marie for Marie-Claude, whose twin may be Marie-Ève).
 */
function typedOwnGivenNames(r: PreparedRecord, s: PreparedRecord, first: GivenNameLevel): boolean {
  if (first !== 'part' || s.firstWords.length === 0) return false;
  const rest = r.firstWords.slice(s.firstWords.length);
  return (
    rest.length > 0 &&
    s.firstWords.every((word, i) => r.firstWords[i] === word) &&
    rest.every((word, i) => s.middles[i] === word)
  );
}

/**
 * Twins and siblings share a surname and (for twins) a birth date: when the first name is not the same
 * name, the candidate may be the applicant's brother or sister. Only an identifier that agrees exactly
 * (the OEN, or the student number, which a twin does not share) can tell a nickname (Bill for William;
 * twins may be William and Liam), a middle name or a spelling variant (Mohammed and Mohamed) from a
 * sibling's name; a plainly different first name, never. The exceptions (`ownName`): a keying slip
 * (isKeyingSlip: Jonh or Olivai is not a name parents give a twin, unless both names are
 * ones students carry: areTwoGivenNames) and the student's own given names
 * (typedOwnGivenNames).
 */
function isSiblingPattern(
  last: string,
  first: GivenNameLevel,
  dob: BirthDateLevel,
  identified: boolean,
  ownName: boolean,
  oenAndBirthDate: boolean,
): boolean {
  if (!SAME_FAMILY.has(last) || !NEAR_BIRTH_DATE.has(dob)) return false;
  // A first name left empty says nothing about a brother or sister.
  if (first === 'missing' || SAME_GIVEN_NAME.has(first) || ownName) return false;
  // Twins share a surname and a birth date, never an OEN: with both exact, another first name is a
  // preferred, changed or mistyped one, unless the SIS holds a sibling whose first name fits the request
  // better (decide.ts checks the other candidates for that).
  if (oenAndBirthDate) return false;
  const slipOfSameName =
    first === 'variant' ||
    first === 'nickname' ||
    first === 'typo' ||
    first === 'part' ||
    first === 'middle' ||
    first === 'phonetic' ||
    first === 'similar';
  return !(slipOfSameName && identified);
}

/**
/** Surname of the same family and a first name that is the same name or a slip of it (or the two swapped). */
export function namesAgree(last: string, first: GivenNameLevel): boolean {
  return (
    (SAME_FAMILY.has(last) && GIVEN_NAME_RANK[first] <= 1) || (last === 'swapped' && first === 'swapped')
  );
}

/**
 * How well a first name fits, best first: the same name (0), a form or slip of it (1), a sound-alike (2),
 * nothing (3). A sibling whose first name ranks better than the best candidate's takes its place.
 */
export const GIVEN_NAME_RANK: Record<GivenNameLevel, number> = {
  exact: 0,
  preferred: 0,
  swapped: 0,
  variant: 1,
  nickname: 1,
  middle: 1,
  part: 1,
  typo: 1,
  phonetic: 2,
  similar: 2,
  different: 3,
  missing: 3,
};

/**
 * A first name one keystroke away from the SIS one (a letter dropped, doubled, swapped with its
 * neighbour or struck for another) with its first letter kept. Names twins are given differ in their
 * first letter when they rhyme (Kaylee and Haylee, Jayden and Hayden), which this leaves to review.
 */
export function isKeyingSlip(typed: string, recorded: string): boolean {
  if (typed.length < 3 || recorded.length < 3 || typed.charCodeAt(0) !== recorded.charCodeAt(0)) return false;
  return damerauLevenshtein(typed, recorded, 1) <= 1;
}

/**
 * Students of the SIS who must carry a first name for it to be a name in its own right rather than a
 * slip: two, so that one record's own misspelling (Hannha, a clerk's) does not make it a name.
 */
export const GIVEN_NAME_MIN_CARRIERS = 2;

/**
 * The typed and the recorded first names are both given names students carry: Christian and
 * Christina, Julian and Julia, Mario and Marco, Jasneet and Jasmeet are one keystroke apart and the
 * names of twins, not a slip of one name. When either is carried by fewer students (Hannha typed by a
 * clerk, Jonh by an applicant), it is the slip. Without the SIS's counts nothing says which is a name.
 */
export function areTwoGivenNames(
  typed: string,
  recorded: string,
  freq: NameFrequencies | undefined,
): boolean {
  return (
    freq !== undefined &&
    freq.givenNameCount(typed) >= GIVEN_NAME_MIN_CARRIERS &&
    freq.givenNameCount(recorded) >= GIVEN_NAME_MIN_CARRIERS
  );
}
