/**
 * The SisAdapter shared by the SQL adapters (postgres, mysql, mssql): one checked query per lookup,
 * answers merged and capped, transcripts from the student/courses/requirements/school queries.
 * A driver only has to provide a SqlRunner.
 */
import type { BlockingKeys, SisAdapter, SisHealth, SisStudent } from '../../src/matching/sis-adapter.js';
import type { StudentRecord } from '../../src/transcript/record.js';
import { EtmsError } from '../../src/errors.js';
import { configInvalid, dataInvalid, describeDriverError, sisUnavailable } from '../errors.js';
import { mergeCandidates, planLookups, slipDateRule, type Lookup } from '../shared/candidates.js';
import { givenNameKeys } from '../shared/key-index.js';
import {
  assembleRecord,
  courseFromRow,
  NO_REQUIREMENTS,
  requirementsFromRow,
  schoolFromRow,
  studentFromRow,
  type Row,
} from '../shared/rows.js';
import { bindQuery, type BoundQuery, type ParamValue } from './guard.js';
import type { GuardedQueries, QueryKey } from './queries.js';

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

/** Dates kept at most by the birth-date cache (about thirty students each in a large SIS). */
const BIRTH_DATE_CACHE_ENTRIES = 5_000;

function lookupQuery(l: Lookup): { by: Lookup['by']; key: QueryKey; values: Record<string, ParamValue>; slip?: boolean } {
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
      return { by: l.by, key: 'candidatesByGivenName', values: { given_name: l.givenName, birth_date: l.birthDate }, slip: l.slip };
    case 'birthDate':
      return { by: l.by, key: 'candidatesByBirthDate', values: { birth_date: l.birthDate }, slip: l.slip };
  }
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
  /** Birth date → its answer (a promise, so that requests asking at once share one query), oldest first. */
  private readonly byBirthDate = new Map<string, { at: number; students: Promise<SisStudent[]> }>();

  /** The birth-date lookup, through the cache when one is configured. */
  private birthDateLookup(values: Record<string, ParamValue>): Promise<SisStudent[]> {
    if (this.cacheMs <= 0) return this.lookup('candidatesByBirthDate', values);
    const date = String(values.birth_date);
    const now = Date.now();
    const hit = this.byBirthDate.get(date);
    if (hit && now - hit.at < this.cacheMs) return hit.students;
    this.byBirthDate.delete(date);
    const students = this.lookup('candidatesByBirthDate', values);
    const entry = { at: now, students };
    this.byBirthDate.set(date, entry);
    // A failed query is not remembered: the next request asks the SIS again.
    students.catch(() => {
      if (this.byBirthDate.get(date) === entry) this.byBirthDate.delete(date);
    });
    if (this.byBirthDate.size > BIRTH_DATE_CACHE_ENTRIES) this.byBirthDate.delete(this.byBirthDate.keys().next().value!);
    return students;
  }

  private async run(key: QueryKey, values: Record<string, ParamValue>, limit?: number): Promise<Row[]> {
    const guarded = this.queries[key];
    if (!guarded) throw configInvalid(`the ${this.kind} SIS has no "${key}" query`);
    const bound = bindQuery(guarded, values, limit);
    try {
      return await this.runner.query(bound);
    } catch (error) {
      if (error instanceof EtmsError) throw error;
      throw sisUnavailable(this.kind, `query "${key}" failed at ${this.runner.target}: ${describeDriverError(error)}`, error);
    }
  }

  private async lookup(key: QueryKey, values: Record<string, ParamValue>): Promise<SisStudent[]> {
    // Each answer is capped at the same limit as the whole.
    const rows = await this.run(key, values, this.maxCandidates);
    return rows.map((row, i) => studentFromRow(row, `query ${key} row ${i + 1}`));
  }

  /**
   * Runs the lookups together (the pool bounds concurrency). A given-name block is a subset of the
   * birth-date block for the same date (its query must filter on :birth_date), so when that block
   * was read whole it is narrowed from it locally; the given-name query runs only when a birth-date
   * answer reached the cap, where its order decides who is kept. A slip date's answer keeps only the
   * students slipDateRule accepts, as the matcher's own index does.
   */
  async candidates(keys: BlockingKeys): Promise<SisStudent[]> {
    const lookups = planLookups(keys)
      .map(lookupQuery)
      .filter((l) => this.queries[l.key] !== undefined);
    const onSlipDate = slipDateRule(keys);
    const narrowable = (l: (typeof lookups)[number]) => l.key === 'candidatesByGivenName' && this.queries.candidatesByBirthDate !== undefined;
    const rawCounts: number[] = [];
    const answers: (SisStudent[] | undefined)[] = await Promise.all(
      lookups.map(async (l, i) => {
        if (narrowable(l)) return undefined;
        const students = await (l.key === 'candidatesByBirthDate' ? this.birthDateLookup(l.values) : this.lookup(l.key, l.values));
        rawCounts[i] = students.length;
        return l.slip ? students.filter(onSlipDate) : students;
      }),
    );
    // Per birth date: its answer (a slip date's already narrowed) and whether the cap cut it.
    const byDate = new Map<string, { students: SisStudent[]; full: boolean }>();
    lookups.forEach((l, i) => {
      if (l.key === 'candidatesByBirthDate') byDate.set(String(l.values.birth_date), { students: answers[i]!, full: rawCounts[i] >= this.maxCandidates });
    });
    const capped = lookups.some((l, i) => l.key === 'candidatesByBirthDate' && !l.slip && answers[i]!.length >= this.maxCandidates);
    await Promise.all(
      lookups.map(async (l, i) => {
        if (!narrowable(l)) return;
        const sameDate = byDate.get(String(l.values.birth_date));
        if (sameDate && !sameDate.full && (l.slip || !capped)) {
          answers[i] = sameDate.students.filter((s) => givenNameKeys(s).includes(String(l.values.given_name)));
          return;
        }
        const students = await this.lookup(l.key, l.values);
        answers[i] = l.slip ? students.filter(onSlipDate) : students;
      }),
    );
    return mergeCandidates(
      lookups.map((l, i) => ({ by: l.by, students: answers[i]! })),
      this.maxCandidates,
    );
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
    if (studentRows.length === 0) return undefined;
    if (studentRows.length > 1) throw dataInvalid('query student', `it returned ${studentRows.length} rows for one student number; it must return one`);
    const student = studentFromRow(studentRows[0], 'query student row 1');
    if (schoolRows.length === 0) throw dataInvalid('query school', 'it returned no row for a student the student query found');
    const school = schoolFromRow(schoolRows[0], 'query school row 1');
    const courses = courseRows.map((row, i) => courseFromRow(row, `query courses row ${i + 1}`));
    const requirements = requirementRows.length > 0 ? requirementsFromRow(requirementRows[0], 'query requirements row 1') : NO_REQUIREMENTS;
    return assembleRecord(student, school, courses, requirements);
  }

  async health(): Promise<SisHealth> {
    try {
      await this.runner.ping();
      return { ok: true, detail: `the ${this.kind} SIS answers at ${this.runner.target}` };
    } catch (error) {
      return { ok: false, detail: `the ${this.kind} SIS does not answer at ${this.runner.target}: ${describeDriverError(error)}` };
    }
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}
