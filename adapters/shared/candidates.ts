/**
 * What every adapter does with BlockingKeys the same way: which lookups to run, in which order of
 * specificity, and how their answers are merged (de-duplicated by student number, capped).
 */
import type { BlockingKeys, SisStudent } from '../../src/sis/index.js';
import { compact, normaliseIdentifier } from '../../src/matching/normalise.js';
import { nameFormsOf } from '../../src/matching/prepared.js';
import { birthDateKeys, studentNameKeys } from '../../src/matching/student-index.js';
import {
  beyondKeyPlan,
  dateNumber,
  initialBit,
  initialLetters,
  initialsOf,
  isRareFullName,
  oenSlips,
  ONE_EDIT_SURNAME_MAX_STUDENTS,
  oneEditNames,
  sameDayAlike,
  slipOnTypedBirthDate,
  dayMonthSwapOf,
  typedNames,
  undatedAlike,
} from '../../src/matching/beyond-keys.js';
import { isCalendarDate } from './rows.js';

export const DEFAULT_MAX_CANDIDATES = 500;

export type Lookup =
  | { by: 'oen'; oen: string }
  | { by: 'studentNumber'; studentNumber: string }
  /** A surname key, or a given-name key looked up as a surname (names typed the other way round). */
  | { by: 'surname'; surname: string; birthYearFrom: number; birthYearTo: number }
  | { by: 'givenName'; givenName: string; birthDate: string; slip: boolean }
  /**
   * `slip`: neither the date as typed nor its day/month swap. Those two are read together when a
   * SIS reads whole dates; every answer is narrowed by candidateRule.
   */
  | { by: 'birthDate'; birthDate: string; slip: boolean };

const uniq = <T>(values: T[]) => [...new Set(values)];

/** The day/month swap of a YYYY-MM-DD date, when it is another calendar date. */
function dayMonthSwap(date: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m || m[2] === m[3]) return undefined;
  const swapped = `${m[1]}-${m[3]}-${m[2]}`;
  return isCalendarDate(swapped) ? swapped : undefined;
}

/** The date as typed (`birthDates[0]`) when it is a calendar date: the one date where any shared name is enough. */
export function typedBirthDate(keys: BlockingKeys): string | undefined {
  const typed = keys.birthDates[0]?.trim() ?? '';
  return isCalendarDate(typed) ? typed : undefined;
}

/**
 * The lookups for one request, most specific first: identifiers, then surname within the
 * birth-year window, then given name on a birth date, then birth date. Each is a superset of some
 * of the students candidateRule keeps, and together they hold all of them; their answers are
 * narrowed by it. Birth dates that are not calendar dates (a typing slip swapped into month 13)
 * cannot match anyone and are dropped. Without a name there is nothing to look up but the
 * identifiers; without a birth year or without either a surname or a given name, no surname block.
 * Surname blocks are asked for the given names too, for names typed the other way round, and for
 * each key as written and without spaces (a SIS query may know only one of the two forms).
 */
export function planLookups(keys: BlockingKeys): Lookup[] {
  const lookups: Lookup[] = [];
  const oen = keys.oen?.trim();
  if (oen) lookups.push({ by: 'oen', oen });
  const studentNumber = keys.studentNumber?.trim();
  if (studentNumber) lookups.push({ by: 'studentNumber', studentNumber });
  const { names, surnames, givenNames } = requestNames(keys);
  if (names.length === 0) return lookups;
  const years = keys.birthYears.filter((y) => Number.isInteger(y));
  if (years.length > 0 && surnames.length > 0 && givenNames.length > 0) {
    const window = { birthYearFrom: Math.min(...years), birthYearTo: Math.max(...years) };
    const written = [...keys.surnames, ...keys.givenNames].map((n) => n.trim()).filter(Boolean);
    for (const surname of uniq([...written, ...surnames, ...givenNames]))
      lookups.push({ by: 'surname', surname, ...window });
  }
  const typed = typedBirthDate(keys);
  const wide = new Set(
    [typed, typed && dayMonthSwap(typed)].filter((d): d is string => d !== undefined && d !== ''),
  );
  const dates = uniq(keys.birthDates.map((d) => d.trim()).filter(isCalendarDate));
  for (const givenName of uniq(keys.givenNames.map((g) => g.trim()).filter(Boolean))) {
    for (const birthDate of dates)
      lookups.push({ by: 'givenName', givenName, birthDate, slip: !wide.has(birthDate) });
  }
  for (const birthDate of dates) lookups.push({ by: 'birthDate', birthDate, slip: !wide.has(birthDate) });
  return lookups;
}

/** A request's name key as the matcher's index looks it up: spaces removed ("VAN DER BERG" → VANDERBERG). */
const requestKey = (key: string) => (key.includes(' ') ? compact(key) : key);

/**
 * The request's name keys as candidateRule compares them, each once: `surnames` (current and
 * previous surname forms) and `givenNames`, without spaces, and `names`, both together. A SIS query
 * may narrow by them; what it returns is narrowed again by candidateRule.
 */
export function requestNames(keys: BlockingKeys): {
  names: string[];
  surnames: string[];
  givenNames: string[];
} {
  const surnames = uniq(keys.surnames.map(requestKey).filter(Boolean));
  const givenNames = uniq(keys.givenNames.map(requestKey).filter(Boolean));
  return { names: uniq([...surnames, ...givenNames]), surnames, givenNames };
}

/** A student's name keys as the matcher's index derives them (src/matching/student-index.ts). */
interface StudentKeys {
  /** Current surname whole, its parts (when several) and core, every former surname whole and by parts. */
  surnames: string[];
  /** First name whole and its first word, preferred name whole, each word of the middle names. */
  givenNames: string[];
  /** The initials of `surnames` and of `givenNames`, as letter bits. */
  initials: number;
  givenInitials: number;
  /** Birth date as YYYYMMDD (-1 when not written YYYY-MM-DD) and birth year (-1 when unknown). */
  date: number;
  year: number;
}

/** Worked out once per student object: the csv and OneRoster indexes test the same students again and again. */
const studentKeyCache = new WeakMap<SisStudent, StudentKeys>();

/** The matcher's own keys of a student (StudentIndex files them the same way), with its initials. */
function studentKeys(student: SisStudent): StudentKeys {
  let k = studentKeyCache.get(student);
  if (k !== undefined) return k;
  const surnames: string[] = [];
  const givenNames: string[] = [];
  studentNameKeys(student, surnames, givenNames);
  const initials = initialsOf(surnames);
  k = { surnames, givenNames, initials, givenInitials: initialsOf(givenNames), ...birthDateKeys(student) };
  studentKeyCache.set(student, k);
  return k;
}

/** A student's surname and given-name keys as the matcher's index derives them. */
export function matcherNameKeys(student: SisStudent): {
  surnames: readonly string[];
  givenNames: readonly string[];
} {
  return studentKeys(student);
}

const shares = (names: string[], set: Set<string>) => names.some((n) => set.has(n));

/**
 * Who is a candidate for these keys, besides the OEN and student-number hits: exactly the students
 * the matcher's own index (src/matching/student-index.ts) returns, so every adapter hands the matcher
 * the same students however wide its SIS queries read. A student is kept when it agrees with the
 * request on
 * - the date as typed (`birthDates[0]`) and any name form: given, middle, preferred, current or
 *   former surname, on either side;
 * - another of the birth dates (a slip, the day/month swap) and a name form; when the only names in
 *   common are request given names, one of the student's surnames must also start like one of the
 *   request's surnames (a mistyped surname keeps its first letter), unless the request has none;
 * - a birth year and a surname form and a given name, or the two typed the other way round.
 * A birth date alone, a surname alone, a given name alone are not keys.
 */
export function candidateRule(keys: BlockingKeys): (student: SisStudent) => boolean {
  const { surnames: surnameList, givenNames: givenList } = requestNames(keys);
  const surnames = new Set(surnameList);
  const givenNames = new Set(givenList);
  if (surnames.size === 0 && givenNames.size === 0) return () => false;
  // The initials come from the keys as given, as the matcher's index reads them.
  let initials = 0;
  for (const key of keys.surnames) initials |= initialBit(key);
  const typed = keys.birthDates.length > 0 ? dateNumber(keys.birthDates[0]) : -1;
  const others = new Set(
    keys.birthDates
      .slice(1)
      .map(dateNumber)
      .filter((d) => d >= 0 && d !== typed),
  );
  const years = new Set(keys.birthYears);
  return (student) => {
    const k = studentKeys(student);
    if (k.date > 0 && (k.date === typed || others.has(k.date))) {
      const bySurname = shares(k.surnames, surnames) || shares(k.givenNames, surnames);
      const byGiven = bySurname || shares(k.surnames, givenNames) || shares(k.givenNames, givenNames);
      if (
        k.date === typed
          ? byGiven
          : bySurname || (byGiven && (initials === 0 || (initials & k.initials) !== 0))
      )
        return true;
    }
    if (k.year > 0 && years.has(k.year)) {
      if (shares(k.surnames, surnames) && shares(k.givenNames, givenNames)) return true;
      if (shares(k.surnames, givenNames) && shares(k.givenNames, surnames)) return true;
    }
    return false;
  };
}

/**
 * What a search beyond the blocking keys reads (src/matching/beyond-keys.ts: the searches `etms
 * match` adds for a request its keys leave unmatched). Each is read wide and narrowed by its
 * search's `keep`, so the adapters find the students the matcher's own index adds.
 */
export type BeyondLookup =
  /** The students holding the typed OEN or one of its slips: the slips count only when nobody holds it. */
  | { by: 'oenSlips'; oen: string; slips: string[] }
  /**
   * The students born on the typed date (a query may leave out those whose names cannot start with
   * these letters; every letter on a side where the request has no name).
   */
  | { by: 'sameDay'; birthDate: string; surnameInitials: string[]; givenInitials: string[] }
  /**
   * The students whose first name is a given-name key and surname a surname key, or the two the
   * other way round, whatever the birth date: every such student, or more than
   * RARE_FULL_NAME_STUDENTS of each full name (a common full name brings no one).
   */
  | { by: 'fullNames'; surnames: string[]; givenNames: string[] }
  /** The students of each surname key, every birth year (requests without birth date or year). */
  | { by: 'undatedSurname'; surnames: string[] }
  /** Everyone born on the typed date (a name one slip from a typed one, whatever the other). */
  | { by: 'typedDateSlip'; birthDate: string }
  /** The students born on the day/month swap of the typed date with one of these name keys. */
  | { by: 'swapGiven'; birthDate: string; givenNames: string[] }
  /** The students of each surname, every birth year: the typed surname's one-edit neighbours. */
  | { by: 'oneEditSurnames'; surnames: string[] };

export interface BeyondSearch {
  lookup: BeyondLookup;
  /** The students read for the lookup that the matcher's index adds for these keys. */
  keep(students: SisStudent[]): SisStudent[];
}

/** The letters A to Z as initial bits. */
const EVERY_LETTER = (1 << 26) - 1;

/** A student's first name and surname run together, as the index counts full names ('' when either is empty). */
function fullNameOf(student: SisStudent): { first: string; last: string } {
  return { first: nameFormsOf(student.firstName).compact, last: nameFormsOf(student.lastName).compact };
}

/** Students once each, by student number, in order. */
function distinct(students: SisStudent[]): SisStudent[] {
  const seen = new Set<string>();
  return students.filter((s) => !seen.has(s.studentNumber) && seen.add(s.studentNumber));
}

/**
 * The searches beyond the blocking keys for these keys (beyondKeyPlan), each with what to read and
 * the rule that narrows it (the matcher's own: sameDayAlike, isRareFullName, undatedAlike).
 */
export function planBeyondSearches(keys: BlockingKeys): BeyondSearch[] {
  const plan = beyondKeyPlan(keys);
  const searches: BeyondSearch[] = [];
  const typedOen = plan.oen?.trim();
  if (typedOen) {
    const slips = new Set(oenSlips(typedOen));
    const oenOf = (s: SisStudent) => normaliseIdentifier(s.oen);
    searches.push({
      lookup: { by: 'oenSlips', oen: typedOen, slips: [...slips] },
      keep: (students) =>
        students.some((s) => oenOf(s) === typedOen) ? [] : students.filter((s) => slips.has(oenOf(s))),
    });
  }
  const sameDay = plan.sameDay;
  if (sameDay) {
    searches.push({
      lookup: {
        by: 'sameDay',
        birthDate: sameDay.birthDate,
        // A side without a name leaves no one out: every letter (the rule reads 0 as "any").
        surnameInitials: initialLetters(sameDay.surnameInitials || EVERY_LETTER),
        givenInitials: initialLetters(sameDay.givenInitials || EVERY_LETTER),
      },
      keep: (students) =>
        students.filter((s) => {
          const k = studentKeys(s);
          return k.date === sameDay.date && sameDayAlike(sameDay, k.initials, k.givenInitials);
        }),
    });
  }
  const full = plan.fullNames;
  if (full) {
    const surnames = new Set(full.surnames);
    const given = new Set(full.givenNames);
    const asked = (s: SisStudent) => {
      const { first, last } = fullNameOf(s);
      return (
        first !== '' &&
        last !== '' &&
        ((given.has(first) && surnames.has(last)) || (surnames.has(first) && given.has(last)))
      );
    };
    searches.push({
      lookup: { by: 'fullNames', surnames: full.surnames, givenNames: full.givenNames },
      keep: (students) => {
        const held = distinct(students).filter(asked);
        const counts = new Map<string, number>();
        const nameOf = (s: SisStudent) => {
          const { first, last } = fullNameOf(s);
          return `${first}:${last}`;
        };
        for (const s of held) counts.set(nameOf(s), (counts.get(nameOf(s)) ?? 0) + 1);
        return held.filter((s) => isRareFullName(counts.get(nameOf(s))!));
      },
    });
  }
  const undated = plan.undatedSurname;
  if (undated) {
    const surnames = new Set(undated.surnames);
    searches.push({
      lookup: { by: 'undatedSurname', surnames: undated.surnames },
      keep: (students) =>
        students.filter((s) => {
          const k = studentKeys(s);
          return k.year > 0 && shares(k.surnames, surnames) && undatedAlike(undated, k.givenInitials);
        }),
    });
  }
  const [typedSurname, typedGiven] = typedNames(keys);
  const typedDate = keys.birthDates[0];
  const typedNumber = typedDate === undefined ? -1 : dateNumber(typedDate);
  if (typedNumber >= 0 && (typedSurname !== '' || typedGiven !== '')) {
    searches.push({
      lookup: { by: 'typedDateSlip', birthDate: typedDate },
      keep: (students) =>
        students.filter((s) => {
          const k = studentKeys(s);
          return (
            k.date === typedNumber &&
            slipOnTypedBirthDate([typedSurname, typedGiven], k.surnames, k.givenNames)
          );
        }),
    });
  }
  const swap = dayMonthSwapOf(keys);
  const { givenNames } = requestNames(keys);
  if (swap !== undefined && keys.birthDates.includes(swap) && givenNames.length > 0) {
    const swapNumber = dateNumber(swap);
    const given = new Set(givenNames);
    searches.push({
      lookup: { by: 'swapGiven', birthDate: swap, givenNames },
      keep: (students) =>
        students.filter((s) => {
          const k = studentKeys(s);
          return k.date === swapNumber && (shares(k.givenNames, given) || shares(k.surnames, given));
        }),
    });
  }
  const givenInitials = initialsOf(keys.givenNames);
  if (keys.birthDates.length === 0 && keys.birthYears.length === 0 && givenInitials !== 0) {
    const names = oneEditNames(typedSurname);
    if (names.length > 0) {
      searches.push({
        lookup: { by: 'oneEditSurnames', surnames: names },
        keep: (students) => {
          const read = distinct(students);
          // Carriers counted per surname and summed, as the index counts them.
          let carriers = 0;
          for (const name of names)
            carriers += read.filter((s) => studentKeys(s).surnames.includes(name)).length;
          if (carriers > ONE_EDIT_SURNAME_MAX_STUDENTS) return [];
          const set = new Set(names);
          return read.filter((s) => {
            const k = studentKeys(s);
            return k.year > 0 && shares(k.surnames, set) && undatedAlike({ givenInitials }, k.givenInitials);
          });
        },
      });
    }
  }
  return searches;
}

export interface Block {
  by: Lookup['by'] | BeyondLookup['by'];
  students: SisStudent[];
}

/**
 * Merges lookup answers into one list, each student once, at most `max`. Order decides who is kept
 * when the cap bites, so it follows the evidence: students found by OEN or student number first,
 * then students found by more blocks (a surname and a birth date beat either alone), then by the
 * smallest block that found them (a rare surname is more telling than a shared birth date).
 */
export function mergeCandidates(blocks: Block[], max: number): SisStudent[] {
  const seen = new Map<
    string,
    { student: SisStudent; identifier: boolean; hits: number; smallest: number; order: number }
  >();
  let order = 0;
  for (const block of blocks) {
    const identifier = block.by === 'oen' || block.by === 'studentNumber';
    for (const student of block.students) {
      const entry = seen.get(student.studentNumber);
      if (entry) {
        entry.hits++;
        entry.identifier ||= identifier;
        entry.smallest = Math.min(entry.smallest, block.students.length);
      } else {
        seen.set(student.studentNumber, {
          student,
          identifier,
          hits: 1,
          smallest: block.students.length,
          order: order++,
        });
      }
    }
  }
  return [...seen.values()]
    .sort(
      (a, b) =>
        Number(b.identifier) - Number(a.identifier) ||
        b.hits - a.hits ||
        a.smallest - b.smallest ||
        a.order - b.order,
    )
    .slice(0, max)
    .map((e) => e.student);
}
