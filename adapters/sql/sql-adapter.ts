/**
 * The SisAdapter shared by the SQL adapters (postgres, mysql, mssql): one checked query per lookup
 * (or per list of birth dates), answers merged and capped, transcripts from the
 * student/courses/requirements/school queries.
 * A driver only has to provide a SqlRunner.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { BlockingKeys, SisAdapter, SisHealth, SisStudent, StudentRecord } from '../../src/sis/index.js';
import { EtmsError, isEtmsError, type ItemOutcome } from '../../src/errors.js';
import { configInvalid, dataInvalid, describeDriverError, sisUnavailable } from '../errors.js';
import {
  candidateRule,
  mergeCandidates,
  planBeyondSearches,
  planLookups,
  requestNames,
  typedBirthDate,
  type Block,
  type BeyondSearch,
  type Lookup,
} from '../shared/candidates.js';
import { RARE_FULL_NAME_STUDENTS } from '../../src/matching/beyond-keys.js';
import { normaliseIdentifier } from '../../src/matching/normalise.js';
import { givenNameKeys } from '../shared/key-index.js';
import { groupBy } from '../../src/collections.js';
import {
  assembleRecord,
  isCalendarDate,
  courseFromRow,
  NO_REQUIREMENTS,
  requirementsFromRow,
  schoolFromRow,
  studentFromRow,
  type Row,
} from '../shared/rows.js';
import { bindQuery, type BoundQuery, type ParamValue } from './guard.js';
import { QUERY_RULES, type GuardedQueries, type QueryKey } from './queries.js';

/** The one thing a SQL driver must do: run a bound query and return its rows (dates as text). */
export interface SqlRunner {
  query(q: BoundQuery): Promise<Row[]>;
  /** A trivial round trip (SELECT 1) to tell whether the SIS answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Where it connects, for messages: host:port/database, never a password. */
  readonly target: string;
}

export interface SqlAdapterOptions {
  kind: string;
  runner: SqlRunner;
  queries: GuardedQueries;
  maxCandidates: number;
  /** Seconds a birth-date answer is reused across requests; 0 or absent: never. */
  birthDateCacheSeconds?: number;
}

/**
 * The birth-year window of a surname read in every year (requests without birth date or year): years
 * of four digits, read as written by every example query's date functions (MariaDB's MAKEDATE takes
 * a year below 100 as 19xx or 20xx, and MAKEDATE(:birth_year_to + 1, 1) must stay below 10000).
 */
const EVERY_BIRTH_YEAR = { birth_year_from: 1000, birth_year_to: 9998 };

/** Set while the searches beyond the keys run: the queries they send are marked so (BoundQuery.beyond). */
const beyondScope = new AsyncLocalStorage<boolean>();

/** Dates kept at most by the birth-date cache (about thirty students each in a large SIS). */
const BIRTH_DATE_CACHE_ENTRIES = 5_000;

/**
 * One birth date's block: its students (narrowed by candidateRule once it leaves the cache) and
 * whether the cap may have cut the answer it came from, so that it cannot stand for the whole date.
 */
interface DateBlock {
  students: SisStudent[];
  full: boolean;
}

interface PlannedQuery {
  by: Lookup['by'];
  key: QueryKey;
  values: Record<string, ParamValue>;
  slip?: boolean;
}

/** The answers of the searches beyond the keys (SqlSisAdapter.searchesBeyond). */
interface BeyondBlocks {
  /** The OEN as typed, when candidatesByOens read it. */
  identified: Block[];
  blocks: Block[];
  /** The OEN slips one query each, to ask only when the OEN as typed found nobody. */
  afterOen?: () => Promise<Block>;
}

function lookupQuery(l: Lookup): PlannedQuery {
  switch (l.by) {
    case 'oen':
      return { by: l.by, key: 'candidatesByOen', values: { oen: l.oen } };
    case 'studentNumber':
      return { by: l.by, key: 'candidatesByStudentNumber', values: { student_number: l.studentNumber } };
    case 'surname':
      return {
        by: l.by,
        key: 'candidatesBySurname',
        values: { surname: l.surname, birth_year_from: l.birthYearFrom, birth_year_to: l.birthYearTo },
      };
    case 'givenName':
      return {
        by: l.by,
        key: 'candidatesByGivenName',
        values: { given_name: l.givenName, birth_date: l.birthDate },
        slip: l.slip,
      };
    case 'birthDate':
      return { by: l.by, key: 'candidatesByBirthDate', values: { birth_date: l.birthDate }, slip: l.slip };
  }
}

/** Students by birth date, in the order the SIS returned them. */
const byBirthDate = (students: SisStudent[]) => groupBy(students, (s) => s.birthDate);

const ok = <T>(value: T): ItemOutcome<T> => ({ ok: true, value });
/** A student's own bad data fails that student alone; anything else (an outage) fails the call. */
function itemFailure(error: unknown): ItemOutcome<never> {
  if (isEtmsError(error) && !sisUnavailable.is(error)) return { ok: false, error };
  throw error;
}

/** Rows by their student_number column, in the order the SIS returned them. */
function byStudent(rows: Row[]): Map<string, Row[]> {
  const missing = rows.findIndex((row) => row.student_number === undefined || row.student_number === null);
  if (missing >= 0)
    throw dataInvalid(
      `query row ${missing + 1}`,
      'the *ByNumbers queries must return the student_number column',
    );
  return groupBy(rows, (row) => String(row.student_number));
}

/** The queries a record's rows came from, as messages name them. */
const ONE_STUDENT = {
  student: 'student',
  school: 'school',
  courses: 'courses',
  requirements: 'requirements',
};
const BY_NUMBERS = {
  student: 'studentsByNumbers',
  school: 'schoolsByNumbers',
  courses: 'coursesByNumbers',
  requirements: 'requirementsByNumbers',
};

/** One student's record from its rows. */
function recordFromRows(
  r: { studentRows: Row[]; courseRows: Row[]; schoolRows: Row[]; requirementRows: Row[] },
  queries: typeof ONE_STUDENT,
): StudentRecord | undefined {
  const name = (q: keyof typeof ONE_STUDENT) => queries[q];
  if (r.studentRows.length === 0) return undefined;
  if (r.studentRows.length > 1)
    throw dataInvalid(
      `query ${name('student')}`,
      `it returned ${r.studentRows.length} rows for one student number; it must return one`,
    );
  const student = studentFromRow(r.studentRows[0], `query ${name('student')} row 1`);
  if (r.schoolRows.length === 0)
    throw dataInvalid(`query ${name('school')}`, 'it returned no row for a student the student query found');
  const school = schoolFromRow(r.schoolRows[0], `query ${name('school')} row 1`);
  const courses = r.courseRows.map((row, i) => courseFromRow(row, `query ${name('courses')} row ${i + 1}`));
  const requirements =
    r.requirementRows.length > 0
      ? requirementsFromRow(r.requirementRows[0], `query ${name('requirements')} row 1`)
      : NO_REQUIREMENTS;
  return assembleRecord(student, school, courses, requirements);
}

export class SqlSisAdapter implements SisAdapter {
  readonly kind: string;
  private readonly runner: SqlRunner;
  private readonly queries: GuardedQueries;
  private readonly maxCandidates: number;

  constructor(options: SqlAdapterOptions) {
    this.kind = options.kind;
    this.runner = options.runner;
    this.queries = options.queries;
    this.maxCandidates = options.maxCandidates;
    this.cacheMs = (options.birthDateCacheSeconds ?? 0) * 1000;
  }

  private readonly cacheMs: number;
  /** Birth date → everyone born on it (a promise, so that requests asking at once share one query), oldest first. */
  private readonly dateCache = new Map<string, { at: number; block: Promise<DateBlock> }>();

  /** The cached block of a date, when the cache is on and it is still fresh. */
  private cachedDate(date: string): Promise<DateBlock> | undefined {
    if (this.cacheMs <= 0) return undefined;
    const hit = this.dateCache.get(date);
    return hit && Date.now() - hit.at < this.cacheMs ? hit.block : undefined;
  }

  /** Keeps the whole block of a date for later requests, when the cache is on. */
  private remember(date: string, block: Promise<DateBlock>): Promise<DateBlock> {
    if (this.cacheMs <= 0) return block;
    this.dateCache.delete(date);
    const entry = { at: Date.now(), block };
    this.dateCache.set(date, entry);
    // A failed query is not remembered: the next request asks the SIS again.
    block.catch(() => {
      if (this.dateCache.get(date) === entry) this.dateCache.delete(date);
    });
    if (this.dateCache.size > BIRTH_DATE_CACHE_ENTRIES)
      this.dateCache.delete(this.dateCache.keys().next().value!);
    return block;
  }

  /** Everyone born on the date, by candidatesByBirthDate. */
  private async dateQuery(date: string): Promise<DateBlock> {
    const students = await this.lookup('candidatesByBirthDate', { birth_date: date });
    return { students, full: students.length >= this.maxCandidates };
  }

  /** Everyone born on the date, through the cache. */
  private dateBlock(date: string): Promise<DateBlock> {
    return this.cachedDate(date) ?? this.remember(date, this.dateQuery(date));
  }

  /**
   * Everyone born on each of the dates, through the cache. With `together`, the dates not cached are
   * read by one candidatesByBirthDates query when it is configured and saves a query. If its answer
   * reaches the cap, who was left out is unknown, so each date is asked on its own when
   * candidatesByBirthDate is configured, and is otherwise marked as possibly cut.
   */
  private wholeDates(dates: string[], together: boolean): Map<string, Promise<DateBlock>> {
    const out = new Map<string, Promise<DateBlock>>();
    const missing: string[] = [];
    for (const date of dates) {
      const hit = this.cachedDate(date);
      if (hit) out.set(date, hit);
      else missing.push(date);
    }
    const single = this.queries.candidatesByBirthDate !== undefined;
    if (missing.length === 0) return out;
    if (!this.queries.candidatesByBirthDates || (single && (!together || missing.length === 1))) {
      for (const date of missing) out.set(date, this.dateBlock(date));
      return out;
    }
    const all = this.lookup('candidatesByBirthDates', { birth_dates: missing }).then((students) => ({
      dates: byBirthDate(students),
      full: students.length >= this.maxCandidates,
    }));
    for (const date of missing) {
      const block = all.then((a) =>
        a.full && single ? this.dateQuery(date) : { students: a.dates.get(date) ?? [], full: a.full },
      );
      out.set(date, this.remember(date, block));
    }
    return out;
  }

  /**
   * The blocks of dates read whole (no candidatesByNamesOnBirthDates), as read: the date as typed and its swap together in one candidatesByBirthDates query when configured, the
   * slip dates one candidatesByBirthDate query each, or in one candidatesByBirthDates query when that
   * is the only birth-date query (thirty dates would soon reach the cap of one list query).
   */
  private wholeDateBlocks(wide: string[], slips: string[]): Map<string, Promise<DateBlock>> {
    const single = this.queries.candidatesByBirthDate !== undefined;
    return new Map([...this.wholeDates(wide, true), ...this.wholeDates(slips, !single)]);
  }

  /**
   * The blocks of dates read by candidatesByNamesOnBirthDates: one query brings the students born on
   * any of the dates who share a name key with the request (a superset of what `accept` keeps),
   * narrowed by `accept`; `surnames` lets the query leave out early the students sharing only a given
   * name whose surnames start otherwise (empty: none left out). Dates in the cache are read from it.
   */
  private nameBlocks(
    dates: string[],
    values: { names: string[]; surnames: string[] },
    accept: (s: SisStudent) => boolean,
  ): Map<string, Promise<DateBlock>> {
    const narrow = (b: DateBlock): DateBlock => ({ students: b.students.filter(accept), full: b.full });
    const out = new Map<string, Promise<DateBlock>>();
    const rest: string[] = [];
    for (const date of dates) {
      const hit = this.cachedDate(date);
      if (hit) out.set(date, hit.then(narrow));
      else rest.push(date);
    }
    if (rest.length === 0) return out;
    // With no name to share nobody is kept: lookup() does not run a query on an empty list.
    const all = this.listLookup('candidatesByNamesOnBirthDates', { birth_dates: rest, ...values }, [
      'birth_dates',
      'names',
    ]).then((a) => ({ dates: byBirthDate(a.students.filter(accept)), full: a.full }));
    for (const date of rest)
      out.set(
        date,
        all.then((a) => ({ students: a.dates.get(date) ?? [], full: a.full })),
      );
    return out;
  }

  /**
   * A list query. An answer that reaches the cap may have left someone out, so the query is asked
   * again once per value of the first list of `split` that holds several (each birth date, each
   * name…): each of those answers is whole unless it reaches the cap itself (`full`).
   */
  private async listLookup(
    key: QueryKey,
    values: Record<string, ParamValue>,
    split: string[],
  ): Promise<{ students: SisStudent[]; full: boolean }> {
    const students = await this.lookup(key, values);
    if (students.length < this.maxCandidates) return { students, full: false };
    const list = (name: string) => values[name] as string[];
    const by = split.find((name) => list(name).length > 1);
    if (by === undefined) return { students, full: true };
    const parts = await Promise.all(list(by).map((value) => this.lookup(key, { ...values, [by]: [value] })));
    const seen = new Set<string>();
    const merged: SisStudent[] = [];
    for (const part of parts) {
      for (const s of part) {
        if (seen.has(s.studentNumber)) continue;
        seen.add(s.studentNumber);
        merged.push(s);
      }
    }
    return { students: merged, full: parts.some((part) => part.length >= this.maxCandidates) };
  }

  private async run(key: QueryKey, values: Record<string, ParamValue>, limit?: number): Promise<Row[]> {
    const guarded = this.queries[key];
    if (!guarded) throw configInvalid(`the ${this.kind} SIS has no "${key}" query`);
    const bound = bindQuery(guarded, values, limit);
    if (beyondScope.getStore() === true) bound.beyond = true;
    try {
      return await this.runner.query(bound);
    } catch (error) {
      if (error instanceof EtmsError) throw error;
      throw sisUnavailable(
        this.kind,
        `query "${key}" failed at ${this.runner.target}: ${describeDriverError(error)}`,
        error,
      );
    }
  }

  private async lookup(key: QueryKey, values: Record<string, ParamValue>): Promise<SisStudent[]> {
    // A lookup on any of no value (no birth date, no name) matches no one: it is not run.
    const required: readonly string[] = QUERY_RULES[key].required;
    if (required.some((name) => Array.isArray(values[name]) && (values[name] as string[]).length === 0))
      return [];
    // Each answer is capped at the same limit as the whole.
    const rows = await this.run(key, values, this.maxCandidates);
    return rows.map((row, i) => studentFromRow(row, `query ${key} row ${i + 1}`));
  }

  /**
   * Runs the lookups together (the pool bounds concurrency) and narrows every answer but the
   * identifiers' by candidateRule, so the matcher gets the students its own index would give,
   * whichever queries are configured; those only decide how many rows are read.
   * - Birth dates: with candidatesByNamesOnBirthDates, one query for the date as typed with all the
   *   request's name keys and one for the other dates with :surnames; without it, dates are read
   *   whole (wholeDateBlocks).
   * - Surname and given name in the birth years: candidatesByNamesInBirthYears when configured,
   *   else candidatesBySurname once per surname and given-name key.
   * A given-name block is a subset of the block of the same date (its query must filter on
   * :birth_date), so it is narrowed from that block locally; the given-name query runs only when
   * the date's answer reached the cap, where its order decides who is kept.
   */
  async candidates(keys: BlockingKeys): Promise<SisStudent[]> {
    const q = this.queries;
    const namesOnDates = q.candidatesByNamesOnBirthDates !== undefined;
    const namesInYears = q.candidatesByNamesInBirthYears !== undefined;
    const lookups = planLookups(keys)
      .map(lookupQuery)
      .filter((l) => {
        if (l.by === 'birthDate')
          return namesOnDates || (q.candidatesByBirthDate ?? q.candidatesByBirthDates) !== undefined;
        if (l.by === 'surname') return !namesInYears && q.candidatesBySurname !== undefined;
        // candidatesByOens answers for the OEN as typed too (searchesBeyond).
        if (l.by === 'oen') return q.candidatesByOens === undefined && q.candidatesByOen !== undefined;
        return q[l.key] !== undefined;
      });
    const accept = candidateRule(keys);
    const { names, surnames, givenNames } = requestNames(keys);
    const dateOf = (l: PlannedQuery) => String(l.values.birth_date);
    const dates = lookups.filter((l) => l.by === 'birthDate');
    let blocks: Map<string, Promise<DateBlock>>;
    /** The dates read whole, as read (without candidatesByNamesOnBirthDates). */
    let whole = new Map<string, Promise<DateBlock>>();
    if (namesOnDates) {
      // On the date as typed any shared name keeps a student; on the others :surnames may narrow first.
      const typed = typedBirthDate(keys);
      blocks = new Map([
        ...this.nameBlocks(
          dates.filter((l) => dateOf(l) === typed).map(dateOf),
          { names, surnames: [] },
          accept,
        ),
        ...this.nameBlocks(dates.filter((l) => dateOf(l) !== typed).map(dateOf), { names, surnames }, accept),
      ]);
    } else {
      whole = this.wholeDateBlocks(
        dates.filter((l) => !l.slip).map(dateOf),
        dates.filter((l) => l.slip).map(dateOf),
      );
      const narrow = (b: DateBlock): DateBlock => ({ students: b.students.filter(accept), full: b.full });
      blocks = new Map([...whole].map(([date, block]) => [date, block.then(narrow)]));
    }
    const years = [...new Set(keys.birthYears.filter((y) => Number.isInteger(y)))].map(String);
    const inYears: Promise<Block[]> = namesInYears
      ? this.listLookup(
          'candidatesByNamesInBirthYears',
          { birth_years: years, surnames, given_names: givenNames },
          ['surnames', 'given_names', 'birth_years'],
        ).then((a) => [{ by: 'surname', students: a.students.filter(accept) }])
      : Promise.resolve([]);
    const identifier = (l: PlannedQuery) => l.by === 'oen' || l.by === 'studentNumber';
    const narrowable = (l: PlannedQuery) => l.by === 'givenName' && blocks.has(dateOf(l));
    const asked = async (l: PlannedQuery) => {
      const students = await this.lookup(l.key, l.values);
      return identifier(l) ? students : students.filter(accept);
    };
    // Awaited together, so that a failure of any is reported as soon as it happens.
    const [answers, yearBlocks, beyond]: [(SisStudent[] | undefined)[], Block[], BeyondBlocks] =
      await Promise.all([
        Promise.all(
          lookups.map(async (l) => {
            if (l.by === 'birthDate') return (await blocks.get(dateOf(l))!).students;
            return narrowable(l) ? undefined : asked(l);
          }),
        ),
        inYears,
        beyondScope.run(true, () => this.searchesBeyond(planBeyondSearches(keys), whole)),
      ]);
    // Every block has settled by now (each has its birth-date lookup above).
    const settled = new Map<string, DateBlock>();
    for (const [date, block] of blocks) settled.set(date, await block);
    // Each student of a date is tested against every given name: its keys are worked out once.
    const givenKeys = new Map<SisStudent, string[]>();
    const keysOf = (s: SisStudent) => givenKeys.get(s) ?? givenKeys.set(s, givenNameKeys(s)).get(s)!;
    await Promise.all(
      lookups.map(async (l, i) => {
        if (!narrowable(l)) return;
        const sameDate = settled.get(dateOf(l))!;
        if (!sameDate.full) {
          answers[i] = sameDate.students.filter((s) => keysOf(s).includes(String(l.values.given_name)));
          return;
        }
        answers[i] = await asked(l);
      }),
    );
    // The birth-year block where the surname blocks would be: after the identifiers (planned first).
    const found: Block[] = lookups.map((l, i) => ({ by: l.by, students: answers[i]! }));
    const ids = lookups.filter(identifier).length;
    // The OEN slips, asked one by one only once the OEN as typed has found nobody.
    const typedOen = answers[lookups.findIndex((l) => l.by === 'oen')] ?? [];
    const afterOen = beyond.afterOen;
    const slips =
      afterOen === undefined || typedOen.length > 0 ? [] : [await beyondScope.run(true, () => afterOen())];
    return mergeCandidates(
      [
        ...beyond.identified,
        ...found.slice(0, ids),
        ...yearBlocks,
        ...found.slice(ids),
        ...beyond.blocks,
        ...slips,
      ],
      this.maxCandidates,
    );
  }

  /**
   * The searches beyond the blocking keys that `etms match` runs (src/matching/beyond-keys.ts), each
   * read by its own query when configured, else by the key queries, and narrowed by its rule:
   * - OEN slips: candidatesByOens, in the same round trip as the OEN as typed; without it, one
   *   candidatesByOen per slip (89), asked only when the OEN as typed found nobody (`afterOen`);
   * - the typed date with names starting alike: candidatesByInitialsOnBirthDate; without it the
   *   typed date read whole (shared with the date's own block when the config reads dates whole);
   * - rare full names: candidatesByFullNames (no other query can count a full name in the SIS);
   * - undated requests: candidatesBySurname for each surname key over every birth year.
   * A search whose queries are not configured is left out.
   */
  private async searchesBeyond(
    searches: BeyondSearch[],
    whole: Map<string, Promise<DateBlock>>,
  ): Promise<BeyondBlocks> {
    const q = this.queries;
    const out: BeyondBlocks = { identified: [], blocks: [] };
    const read = async (search: BeyondSearch, students: Promise<SisStudent[]>) =>
      out.blocks.push({ by: search.lookup.by, students: search.keep(await students) });
    const pending: Promise<unknown>[] = [];
    /** A date read whole, once: from the dates already read so, else by the birth-date queries. */
    const wholeRead = new Map<string, Promise<SisStudent[]> | undefined>();
    const wholeDate = (date: string): Promise<SisStudent[]> | undefined => {
      if (wholeRead.has(date)) return wholeRead.get(date);
      const block =
        whole.get(date) ??
        ((q.candidatesByBirthDate ?? q.candidatesByBirthDates)
          ? this.wholeDates([date], true).get(date)
          : undefined);
      const students = block?.then((b) => b.students);
      wholeRead.set(date, students);
      return students;
    };
    /** The typed date is read whole anyway when a typed name may be slipped on it. */
    const typedWhole = searches.some((s) => s.lookup.by === 'typedDateSlip');
    for (const search of searches) {
      const l = search.lookup;
      switch (l.by) {
        case 'oenSlips':
          if (q.candidatesByOens) {
            pending.push(
              this.lookup('candidatesByOens', { oen: l.oen, oens: l.slips }).then((students) => {
                // The OEN as typed is an identifier block, as candidatesByOen's answer would be.
                out.identified.push({
                  by: 'oen',
                  students: students.filter((s) => normaliseIdentifier(s.oen) === l.oen),
                });
                out.blocks.push({ by: l.by, students: search.keep(students) });
              }),
            );
          } else if (q.candidatesByOen) {
            out.afterOen = async () => {
              const answers = await Promise.all(
                l.slips.map((oen) => this.lookup('candidatesByOen', { oen })),
              );
              return { by: l.by, students: search.keep(answers.flat()) };
            };
          }
          break;
        case 'sameDay': {
          if (!isCalendarDate(l.birthDate)) break;
          if (q.candidatesByInitialsOnBirthDate && !(typedWhole && wholeDate(l.birthDate))) {
            const values = {
              birth_date: l.birthDate,
              surname_initials: l.surnameInitials,
              given_initials: l.givenInitials,
            };
            pending.push(read(search, this.lookup('candidatesByInitialsOnBirthDate', values)));
            break;
          }
          const date = wholeDate(l.birthDate);
          if (date) pending.push(read(search, date));
          break;
        }
        case 'fullNames':
          if (q.candidatesByFullNames) {
            const values = {
              surnames: l.surnames,
              given_names: l.givenNames,
              max_sharing: RARE_FULL_NAME_STUDENTS,
            };
            pending.push(
              read(
                search,
                this.listLookup('candidatesByFullNames', values, ['surnames', 'given_names']).then(
                  (a) => a.students,
                ),
              ),
            );
          }
          break;
        case 'typedDateSlip': {
          // Everyone born that day: a slip may change any letter, no query narrows it.
          if (!isCalendarDate(l.birthDate)) break;
          const date = wholeDate(l.birthDate);
          if (date) pending.push(read(search, date));
          break;
        }
        case 'swapGiven':
          if (!isCalendarDate(l.birthDate)) break;
          if (q.candidatesByNamesOnBirthDates) {
            const values = { birth_dates: [l.birthDate], names: l.givenNames, surnames: [] };
            pending.push(read(search, this.lookup('candidatesByNamesOnBirthDates', values)));
          } else {
            const date = wholeDate(l.birthDate);
            if (date) pending.push(read(search, date));
          }
          break;
        case 'undatedSurname':
        case 'oneEditSurnames':
          if (q.candidatesBySurname) {
            const answers = l.surnames.map((surname) =>
              this.lookup('candidatesBySurname', { surname, ...EVERY_BIRTH_YEAR }),
            );
            pending.push(
              read(
                search,
                Promise.all(answers).then((a) => a.flat()),
              ),
            );
          }
          break;
      }
    }
    await Promise.all(pending);
    return out;
  }

  async transcript(studentNumber: string): Promise<StudentRecord | undefined> {
    if (!this.queries.courses || !this.queries.school) {
      throw configInvalid(`transcripts from the ${this.kind} SIS need the "courses" and "school" queries`);
    }
    const values = { student_number: studentNumber };
    // All four together: one round trip of latency instead of two; for an unknown number the
    // others simply come back empty.
    const [studentRows, courseRows, schoolRows, requirementRows] = await Promise.all([
      this.run('student', values),
      this.run('courses', values),
      this.run('school', values),
      this.queries.requirements ? this.run('requirements', values) : Promise.resolve([]),
    ]);
    return recordFromRows({ studentRows, courseRows, schoolRows, requirementRows }, ONE_STUDENT);
  }

  /**
   * Several transcripts with the four *ByNumbers queries (four queries for all of them), rows split
   * by their student_number; without those queries, one transcript() per student. A student whose
   * rows are unusable fails alone; a query that fails rejects the whole call.
   */
  async transcripts(studentNumbers: string[]): Promise<ItemOutcome<StudentRecord | undefined>[]> {
    const q = this.queries;
    if (!q.studentsByNumbers || !q.coursesByNumbers || !q.schoolsByNumbers) {
      return Promise.all(studentNumbers.map((n) => this.transcript(n).then(ok, itemFailure)));
    }
    const values = { student_numbers: [...new Set(studentNumbers)] };
    const [students, courses, schools, requirements] = await Promise.all([
      this.run('studentsByNumbers', values).then(byStudent),
      this.run('coursesByNumbers', values).then(byStudent),
      this.run('schoolsByNumbers', values).then(byStudent),
      q.requirementsByNumbers
        ? this.run('requirementsByNumbers', values).then(byStudent)
        : new Map<string, Row[]>(),
    ]);
    return studentNumbers.map((n) => {
      try {
        const rows = (m: Map<string, Row[]>) => m.get(n) ?? [];
        return ok(
          recordFromRows(
            {
              studentRows: rows(students),
              courseRows: rows(courses),
              schoolRows: rows(schools),
              requirementRows: rows(requirements),
            },
            BY_NUMBERS,
          ),
        );
      } catch (error) {
        return itemFailure(error);
      }
    });
  }

  async health(): Promise<SisHealth> {
    try {
      await this.runner.ping();
      return { ok: true, detail: `the ${this.kind} SIS answers at ${this.runner.target}` };
    } catch (error) {
      return {
        ok: false,
        detail: `the ${this.kind} SIS does not answer at ${this.runner.target}: ${describeDriverError(error)}`,
      };
    }
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}
