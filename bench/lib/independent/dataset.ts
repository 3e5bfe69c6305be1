/**
 * One labelled data set: a board's SIS export (students) and a season of transcript requests,
 * each request labelled with the student it is about (or none: an applicant absent from the SIS)
 * and the kind of difficulty it carries.
 */
import { type Applicant, type Typed, typeRequest, type TypingContext } from './applicant.js';
import { type Board, makeBoard } from './board.js';
import { addDays, daysBetween, formatYmd, isValidYmd, parseYmd, type Ymd } from './dates.js';
import { GeneratorOptionsInvalid } from './errors.js';
import { nicknames } from './names/nicknames.js';
import { type BoardProfile, PROFILES } from './names/origins.js';
import { spellingVariants } from './names/variants.js';
import { PeopleFactory, type Person, siblingBirth } from './people.js';
import { type Rng, stream, Weighted } from './random.js';
import { type Rates, ratesWith } from './rates.js';
import { RecordKeeper, type StudentRecord } from './records.js';
import { stripAccents } from './text.js';

export interface DataSetOptions {
  /** Students in the SIS export. */
  students: number;
  /** Requests. */
  requests: number;
  /** Same seed, same files. */
  seed: string | number;
  /** Kind of board: its families' origins and the language of its names. Default `public`. */
  profile?: BoardProfile;
  /** The day the SIS was exported (YYYY-MM-DD); requests fall in the application season before it. Default 2026-06-15. */
  exportDate?: string;
  /** Overrides of the error model's rates (see rates.ts). */
  rates?: Partial<Rates>;
  /** Share of the SIS students added as unrelated namesakes of another student (same full name and birth date). Default 0.003. */
  namesakeShare?: number;
}

export const REQUEST_COLUMNS = [
  'reference_number',
  'application_number',
  'account_number',
  'request_type',
  'requested_at',
  'oen',
  'student_number',
  'first_name',
  'last_name',
  'previous_last_name',
  'birth_date',
  'gender',
  'school_bsid',
  'date_last_attended',
] as const;
export type RequestRow = Record<(typeof REQUEST_COLUMNS)[number], string>;

export const TRUTH_COLUMNS = ['reference_number', 'expected_student_number', 'kind'] as const;
export type TruthRow = Record<(typeof TRUTH_COLUMNS)[number], string>;

export const DETAIL_COLUMNS = ['reference_number', 'labels', 'context'] as const;
export type DetailRow = Record<(typeof DETAIL_COLUMNS)[number], string>;

export interface LabelledRequest {
  request: RequestRow;
  truth: TruthRow;
  detail: DetailRow;
}

export interface DataSet {
  board: Board;
  /** SIS records in export order (by student number). */
  students: StudentRecord[];
  /** The requests in order of arrival, generated on demand. */
  requests(): Generator<LabelledRequest>;
}

/**
 * Labels in order of precedence: a request's `kind` is the first of these it carries (`clean`
 * when none). The full list goes to the details file.
 */
export const KIND_PRECEDENCE = [
  'names_swapped',
  'first_other_name',
  'last_married_no_previous',
  'last_married_with_previous',
  'last_changed_at_school',
  'oen_sibling',
  'oen_wrong',
  'first_middle',
  'first_with_middle',
  'first_preferred',
  'first_nickname',
  'dob_year',
  'dob_day_month_swap',
  'dob_day',
  'dob_month',
  'dob_missing',
  'sis_dob_swap',
  'sis_dob_off',
  'last_singh_kaur',
  'last_part',
  'last_form',
  'first_compound',
  'first_missing',
  'last_missing',
  'first_phonetic',
  'last_phonetic',
  'first_typo',
  'last_typo',
  'first_ocr',
  'last_ocr',
  'sis_first_typo',
  'sis_last_typo',
  'sis_truncated',
  'school_unrecorded',
  'school_wrong',
  'school_earlier',
  'school_missing',
  'oen_digit',
  'oen_swap',
  'oen_unknown_to_sis',
  'student_number_slip',
  'student_number_wrong',
  'gender_different',
  'dla_wrong',
  'format_accents',
  'format_case',
  'format_space',
] as const;

export type AbsentKind = keyof Rates['absentKinds'];

const DEFAULT_EXPORT_DATE = '2026-06-15';
const MAX_STUDENTS = 5_000_000;
const MAX_REQUESTS = 5_000_000;

/** Share of a season's applicants by age at the SIS export (most apply from grade 12). */
export function applicationWeight(age: number): number {
  if (age < 17) return 0;
  if (age === 17) return 0.05;
  if (age === 18) return 40;
  if (age === 19) return 12;
  if (age === 20) return 7;
  if (age <= 25) return 3;
  if (age <= 35) return 1.6;
  if (age <= 50) return 0.45;
  return 0.1;
}

/** Normalised name-and-birth-date key, to find students who share them. */
export function identityKey(first: string, last: string, birth: string): string {
  return `${letters(first)}|${letters(last)}|${birth}`;
}

function letters(s: string): string {
  const lower = s.toLowerCase();
  return /^[a-z]*$/.test(lower) ? lower : stripAccents(lower).replace(/[^a-z]/g, '');
}

function checkOptions(o: DataSetOptions): { exportDate: Ymd; namesakeShare: number; rates: Rates } {
  const count = (name: string, n: number, min: number, max: number) => {
    if (!Number.isInteger(n) || n < min || n > max) {
      throw GeneratorOptionsInvalid(`${name} must be a whole number from ${min} to ${max}, not ${n}`);
    }
  };
  count('students', o.students, 20, MAX_STUDENTS);
  count('requests', o.requests, 0, MAX_REQUESTS);
  if (o.seed === '' || (typeof o.seed === 'number' && !Number.isFinite(o.seed))) {
    throw GeneratorOptionsInvalid('seed must be a number or a non-empty text');
  }
  if (o.profile !== undefined && !PROFILES.includes(o.profile)) {
    throw GeneratorOptionsInvalid(`profile must be public, catholic or french, not ${String(o.profile)}`);
  }
  const exportText = o.exportDate ?? DEFAULT_EXPORT_DATE;
  const exportDate = parseYmd(exportText);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(exportText) ||
    !isValidYmd(exportDate) ||
    exportDate.y < 1990 ||
    exportDate.y > 2100
  ) {
    throw GeneratorOptionsInvalid(
      `exportDate must be a date YYYY-MM-DD between 1990 and 2100, not ${exportText}`,
    );
  }
  const namesakeShare = o.namesakeShare ?? 0.003;
  if (!(namesakeShare >= 0 && namesakeShare <= 0.2)) {
    throw GeneratorOptionsInvalid(`namesakeShare must be a share from 0 to 0.2, not ${namesakeShare}`);
  }
  let rates: Rates;
  try {
    rates = ratesWith(o.rates);
  } catch (error) {
    throw GeneratorOptionsInvalid((error as Error).message);
  }
  const kinds = Object.values(rates.absentKinds).reduce((a, b) => a + b, 0);
  if (!(kinds > 0) && rates.absentShare > 0) {
    throw GeneratorOptionsInvalid(
      'absentKinds must give at least one kind of absent applicant a positive weight',
    );
  }
  return { exportDate, namesakeShare, rates };
}

/** Builds the SIS at once and prepares the requests, which are generated as they are read. */
export function buildDataSet(options: DataSetOptions): DataSet {
  const { exportDate, namesakeShare, rates } = checkOptions(options);
  const profile = options.profile ?? 'public';
  const seed = options.seed;
  const exportYear = exportDate.y;
  const board = makeBoard(stream(seed, 'board'), options.students, exportYear);
  const factory = new PeopleFactory(board, {
    profile,
    firstBirthYear: exportYear - 66,
    lastBirthYear: exportYear - 15,
    exportYear,
    exportMonth: exportDate.m,
  });

  // The SIS: households, then unrelated namesakes of some students.
  const peopleRng = stream(seed, 'people');
  const namesakes = Math.round(options.students * namesakeShare);
  const people: Person[] = [];
  while (people.length < options.students - namesakes) {
    for (const child of factory.household(peopleRng, factory.drawCohort(peopleRng))) {
      if (people.length < options.students - namesakes) people.push(child);
    }
  }
  const namesakeRng = stream(seed, 'namesakes');
  const modelCount = people.length;
  for (let i = 0; i < namesakes; i++)
    people.push(factory.namesake(namesakeRng, people[namesakeRng.int(0, modelCount - 1)]));
  const present = new Set(people.map((p) => p.id));
  for (const p of people) p.siblings = p.siblings.filter((id) => present.has(id));

  const keeper = new RecordKeeper(board);
  const recordsRng = stream(seed, 'records');
  const students = people.map((p) => keeper.record(recordsRng, p));
  students.sort((a, b) => {
    const x = a.row.student_number;
    const y = b.row.student_number;
    return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
  });

  return {
    board,
    students,
    requests: () => requestsFor({ options, rates, profile, exportDate, board, factory, keeper, students }),
  };
}

interface RequestSetting {
  options: DataSetOptions;
  rates: Rates;
  profile: BoardProfile;
  exportDate: Ymd;
  board: Board;
  factory: PeopleFactory;
  keeper: RecordKeeper;
  students: StudentRecord[];
}

type Slot =
  { type: 'present'; student: StudentRecord } | { type: 'repeat' } | { type: 'absent'; kind: AbsentKind };

function* requestsFor(s: RequestSetting): Generator<LabelledRequest> {
  const { options, rates, exportDate, board, students } = s;
  const seed = options.seed;
  const rng = stream(seed, 'requests');
  const typingRng = stream(seed, 'typing');
  const exportYear = exportDate.y;
  const total = options.requests;
  if (total === 0) return;

  // Who applies: a weighted draw without replacement (Efraimidis–Spirakis keys), by age.
  const cohort = new Map<number, number>();
  for (const st of students) cohort.set(st.person.birth.y, (cohort.get(st.person.birth.y) ?? 0) + 1);
  const weightOf = (st: StudentRecord) =>
    applicationWeight(exportYear - st.person.birth.y) / (cohort.get(st.person.birth.y) ?? 1);
  const absentCount = Math.round(total * rates.absentShare);
  const presentCount = total - absentCount;
  const eligible = students.filter((st) => weightOf(st) > 0);
  const keyed = eligible.map((st) => ({ st, key: Math.log(1 - rng.next()) / weightOf(st) }));
  keyed.sort((a, b) => b.key - a.key);
  const distinct = Math.min(eligible.length, presentCount - Math.round(presentCount * rates.repeatShare));
  const chosen = keyed.slice(0, distinct).map((k) => k.st);
  const models = new Weighted(eligible, eligible.map(weightOf));

  const kindWeights = rates.absentKinds;
  const slots: Slot[] = [];
  for (const st of chosen) slots.push({ type: 'present', student: st });
  while (slots.length < presentCount) slots.push({ type: 'repeat' });
  for (let i = 0; i < absentCount; i++) slots.push({ type: 'absent', kind: rng.choose(kindWeights) });
  rng.shuffle(slots);

  // Arrival dates across the application season, in order.
  const seasonStart: Ymd = { y: exportYear - 1, m: 10, d: 1 };
  const seasonDays = Math.max(1, daysBetween(seasonStart, exportDate));
  const offsets = Array.from({ length: total }, () => rng.int(0, seasonDays - 1)).sort((a, b) => a - b);
  const perDay = new Map<number, number>();
  let application = rng.int(100_000_000, 200_000_000);
  const accounts = new Map<number, string>();
  const usedAccounts = new Set<string>();
  const seen: StudentRecord[] = [];

  const byPerson = new Map<number, StudentRecord>();
  const identities = new Map<string, number>();
  for (const st of students) {
    byPerson.set(st.person.id, st);
    const key = identityKey(st.row.first_name, st.row.last_name, st.row.birth_date);
    identities.set(key, (identities.get(key) ?? 0) + 1);
  }

  const ctx: TypingContext = {
    rates,
    board,
    profile: s.profile,
    year: exportYear,
    unusedStudentNumber: (r, like) => s.keeper.unusedStudentNumber(r, like),
    marriedNames: new Map(),
  };

  for (let i = 0; i < total; i++) {
    const slot = slots[i];
    const day = addDays(seasonStart, offsets[i]);
    const dayKey = offsets[i];
    const seq = perDay.get(dayKey) ?? rng.int(0, 40_000);
    perDay.set(dayKey, seq + 1);
    const requestedAt = formatYmd(day);
    const reference = `H${requestedAt.replace(/-/g, '')}${String(seq).padStart(6, '0')}`;
    application += rng.int(1, 40);

    let applicant: Applicant;
    let expected = '';
    let absentKind = '';
    const marks: string[] = [];
    const context: string[] = [];
    let requestType = rng.chance(0.03) ? 'REISSUE' : 'ORIGINAL';
    if (slot.type === 'absent') {
      const made = absentApplicant(rng, s, models, slot.kind);
      applicant = made.applicant;
      absentKind = made.kind;
    } else {
      let st: StudentRecord;
      if (slot.type === 'present') st = slot.student;
      else {
        st = seen.length > 0 ? rng.pick(seen) : rng.pick(chosen.length > 0 ? chosen : eligible);
        requestType = rng.chance(0.7) ? 'REISSUE' : 'ORIGINAL';
        context.push('repeat');
      }
      seen.push(st);
      const siblings = st.person.siblings.map((id) => byPerson.get(id)).filter((o) => o !== undefined);
      applicant = {
        person: st.person,
        record: st.row,
        siblingOen: siblings.find((o) => o.row.oen)?.row.oen,
        lifeEvents: true,
      };
      expected = st.row.student_number;
      const born = formatYmd(st.person.birth);
      if (st.person.twin && siblings.some((o) => formatYmd(o.person.birth) === born))
        context.push('twin_in_sis');
      if ((identities.get(identityKey(st.row.first_name, st.row.last_name, st.row.birth_date)) ?? 0) > 1) {
        context.push('namesake_in_sis');
      }
      marks.push(...st.marks);
    }

    const typed = typeRequest(typingRng, ctx, applicant);
    const labels = [...typed.labels, ...marks];
    let kind = absentKind;
    if (!expected) {
      if (
        (identities.get(identityKey(typed.typed.first_name, typed.typed.last_name, typed.typed.birth_date)) ??
          0) > 0
      ) {
        context.push('same_name_and_birth_date_as_a_student');
      }
    } else kind = `+${KIND_PRECEDENCE.find((k) => labels.includes(k)) ?? 'clean'}`;

    let account = accounts.get(applicant.person.id);
    if (!account) {
      do account = String(rng.int(10_000_000, 99_999_999));
      while (usedAccounts.has(account));
      usedAccounts.add(account);
      accounts.set(applicant.person.id, account);
    }

    yield {
      request: requestRow(reference, String(application), account, requestType, requestedAt, typed.typed),
      truth: { reference_number: reference, expected_student_number: expected, kind },
      detail: { reference_number: reference, labels: labels.join(';'), context: context.join(';') },
    };
  }
}

function requestRow(
  reference: string,
  application: string,
  account: string,
  requestType: string,
  requestedAt: string,
  t: Typed,
): RequestRow {
  return {
    reference_number: reference,
    application_number: application,
    account_number: account,
    request_type: requestType,
    requested_at: requestedAt,
    oen: t.oen,
    student_number: t.student_number,
    first_name: t.first_name,
    last_name: t.last_name,
    previous_last_name: t.previous_last_name,
    birth_date: t.birth_date,
    gender: t.gender,
    school_bsid: t.school_bsid,
    date_last_attended: t.date_last_attended,
  };
}

/** Another first name that means the same person to a reader: a spelling variant or a nickname. */
function nameVariant(rng: Rng, first: string): string | undefined {
  const options = [...spellingVariants(first), ...(nicknames[first] ?? [])];
  return options.length > 0 ? rng.pick(options) : undefined;
}

/** A birth date close to `birth`: a few days, a month or a year away, or day and month swapped. */
function nearBirth(rng: Rng, birth: Ymd): Ymd {
  for (;;) {
    const k = rng.choose({ days: 0.4, year: 0.3, month: 0.15, swap: 0.15 });
    let d: Ymd;
    if (k === 'days') d = addDays(birth, rng.int(1, 3) * (rng.chance(0.5) ? 1 : -1));
    else if (k === 'year') d = { ...birth, y: birth.y + (rng.chance(0.5) ? 1 : -1) };
    else if (k === 'month') d = { ...birth, m: birth.m + (rng.chance(0.5) ? 1 : -1) };
    else d = { y: birth.y, m: birth.d, d: birth.m };
    if (isValidYmd(d) && formatYmd(d) !== formatYmd(birth)) return d;
  }
}

function absentApplicant(
  rng: Rng,
  s: RequestSetting,
  models: Weighted<StudentRecord>,
  kind: AbsentKind,
): { applicant: Applicant; kind: string } {
  const { factory, board } = s;
  const exportYear = s.exportDate.y;
  const someSchool = () => board.all.draw(rng).bsid;
  if (kind === 'stranger') {
    const year = models.draw(rng).person.birth.y;
    const person = factory.stranger(rng, year);
    return { applicant: { person, lifeEvents: true, school: someSchool() }, kind: '-stranger' };
  }
  let model = models.draw(rng);
  if (kind === 'twin') {
    for (let i = 0; i < 10 && model.person.twin; i++) model = models.draw(rng);
  }
  const m = model.person;
  const modelSchool = m.schools[m.schools.length - 1];
  switch (kind) {
    case 'doppelganger_exact': {
      const person = factory.namesake(rng, m);
      return {
        applicant: { person, lifeEvents: false, school: someSchool() },
        kind: '-doppelganger/exact',
      };
    }
    case 'doppelganger_near': {
      const person = factory.namesake(rng, m);
      const variant = rng.chance(0.5) ? nameVariant(rng, m.first) : undefined;
      let sub = 'near_name';
      if (variant) person.first = variant;
      else {
        person.birth = nearBirth(rng, m.birth);
        sub = 'near_birth_date';
      }
      return {
        applicant: { person, lifeEvents: false, school: someSchool() },
        kind: `-doppelganger/${sub}`,
      };
    }
    case 'twin': {
      const person = factory.relative(rng, m, m.birth, true);
      return {
        applicant: { person, lifeEvents: true, school: rng.chance(0.5) ? modelSchool : someSchool() },
        kind: '-relative/twin',
      };
    }
    case 'sibling': {
      let birth = siblingBirth(rng, m.birth, rng.int(1, 5) * (rng.chance(0.5) ? 1 : -1));
      if (exportYear - birth.y < 17) birth = siblingBirth(rng, m.birth, -rng.int(1, 5));
      const person = factory.relative(rng, m, birth, false);
      return {
        applicant: { person, lifeEvents: true, school: rng.chance(0.5) ? modelSchool : someSchool() },
        kind: '-relative/sibling',
      };
    }
  }
}
