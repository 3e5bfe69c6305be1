/**
 * The queries a board writes for a SQL SIS, the parameters each may use, and their checking at
 * start. Every query returns the column names of the canonical CSV files (use aliases).
 */
import { z } from 'zod';
import { configInvalid } from '../errors.js';
import { guardQuery, type GuardedQuery, type QueryRule, type SqlDialect } from './guard.js';

export const CANDIDATE_PARAMS = [
  'oen',
  'student_number',
  'birth_date',
  'surname',
  'given_name',
  'birth_year_from',
  'birth_year_to',
] as const;
export const TRANSCRIPT_PARAMS = ['student_number'] as const;
/** The student numbers of several transcripts, read together (a list, as birth_dates). */
export const TRANSCRIPT_LIST_PARAMS = ['student_numbers'] as const;
const transcriptList = {
  allowed: TRANSCRIPT_LIST_PARAMS,
  required: TRANSCRIPT_LIST_PARAMS,
  lists: TRANSCRIPT_LIST_PARAMS,
};
/**
 * Parameters that carry a list: the birth dates (YYYY-MM-DD), birth years (YYYY) and name keys
 * (normalised, without spaces) of one request, so that one query answers for all of them;
 * `surnames` and `given_names` are the surname and given-name keys, `names` both together.
 * PostgreSQL receives each as one array; MySQL and SQL Server as one placeholder per value inside
 * IN (…), or NULL for an empty list.
 */
const NAMES_ON_DATES_PARAMS = ['birth_dates', 'names', 'surnames'] as const;
const NAMES_IN_YEARS_PARAMS = ['birth_years', 'surnames', 'given_names'] as const;

export const QUERY_RULES = {
  candidatesByOen: { allowed: CANDIDATE_PARAMS, required: ['oen'] },
  candidatesByStudentNumber: { allowed: CANDIDATE_PARAMS, required: ['student_number'] },
  candidatesByBirthDate: { allowed: CANDIDATE_PARAMS, required: ['birth_date'] },
  candidatesBySurname: { allowed: CANDIDATE_PARAMS, required: ['surname'] },
  candidatesByGivenName: { allowed: CANDIDATE_PARAMS, required: ['given_name', 'birth_date'] },
  /** Everyone born on any of the dates (the date as typed and its day/month swap, in one query). */
  candidatesByBirthDates: { allowed: ['birth_dates'], required: ['birth_dates'], lists: ['birth_dates'] },
  /**
   * Students born on any of the dates with any name key (given, middle, preferred, surname, previous
   * surname) in :names; :surnames (optional) lets the query leave out students that eTMS would drop.
   */
  candidatesByNamesOnBirthDates: {
    allowed: NAMES_ON_DATES_PARAMS,
    required: ['birth_dates', 'names'],
    lists: NAMES_ON_DATES_PARAMS,
  },
  /**
   * Students born in any of the years with a surname key (current or former) in :surnames and a
   * given-name key (first, middle, preferred) in :given_names, or the other way round (a surname
   * key in :given_names and a given-name key in :surnames).
   */
  candidatesByNamesInBirthYears: {
    allowed: NAMES_IN_YEARS_PARAMS,
    required: NAMES_IN_YEARS_PARAMS,
    lists: NAMES_IN_YEARS_PARAMS,
  },
  /**
   * The students holding :oen and, when nobody does, those holding one of :oens (the typed OEN with
   * one digit mistyped or two neighbours exchanged). It may return the :oens holders always: eTMS
   * keeps them only when nobody holds :oen. With it, candidatesByOen is not run.
   */
  candidatesByOens: { allowed: ['oen', 'oens'], required: ['oens'], lists: ['oens'] },
  /**
   * The students born on :birth_date, leaving out if it can those whose surnames cannot start with
   * one of :surname_initials or whose given names with one of :given_initials, the two either way
   * round (single letters, A to Z; all 26 on a side where the request has no name).
   */
  candidatesByInitialsOnBirthDate: {
    allowed: ['birth_date', 'surname_initials', 'given_initials'],
    required: ['birth_date'],
    lists: ['surname_initials', 'given_initials'],
  },
  /**
   * The students whose first name run together is one of :given_names and surname run together one
   * of :surnames, or the other way round, whatever the birth date; it may leave out every student
   * of a full name held by more than :max_sharing students.
   */
  candidatesByFullNames: {
    allowed: ['surnames', 'given_names', 'max_sharing'],
    required: ['surnames', 'given_names'],
    lists: ['surnames', 'given_names'],
  },
  student: { allowed: TRANSCRIPT_PARAMS, required: ['student_number'] },
  courses: { allowed: TRANSCRIPT_PARAMS, required: ['student_number'] },
  requirements: { allowed: TRANSCRIPT_PARAMS, required: ['student_number'] },
  school: { allowed: TRANSCRIPT_PARAMS, required: ['student_number'] },
  /**
   * The four transcript queries for any of :student_numbers at once, each row with its
   * student_number (the school's rows too), so that an agent reads many transcripts in four queries.
   */
  studentsByNumbers: transcriptList,
  coursesByNumbers: transcriptList,
  requirementsByNumbers: transcriptList,
  schoolsByNumbers: transcriptList,
} satisfies Record<string, QueryRule>;

export type QueryKey = keyof typeof QUERY_RULES;
export const CANDIDATE_QUERY_KEYS = [
  'candidatesByOen',
  'candidatesByStudentNumber',
  'candidatesBySurname',
  'candidatesByGivenName',
  'candidatesByBirthDate',
  'candidatesByBirthDates',
  'candidatesByNamesOnBirthDates',
  'candidatesByNamesInBirthYears',
] as const;

/** The queries of the searches beyond the blocking keys (src/matching/beyond-keys.ts). */
export const BEYOND_QUERY_KEYS: readonly string[] = [
  'candidatesByOens',
  'candidatesByInitialsOnBirthDate',
  'candidatesByFullNames',
];

/** A query as text, or as an array of lines joined with newlines (easier to read in JSON). */
const queryText = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v.join('\n') : v));

export const sqlQueriesSchema = z
  .object({
    candidatesByOen: queryText.optional(),
    candidatesByStudentNumber: queryText.optional(),
    candidatesByBirthDate: queryText.optional(),
    candidatesBySurname: queryText.optional(),
    candidatesByGivenName: queryText.optional(),
    candidatesByBirthDates: queryText.optional(),
    candidatesByNamesOnBirthDates: queryText.optional(),
    candidatesByNamesInBirthYears: queryText.optional(),
    candidatesByOens: queryText.optional(),
    candidatesByInitialsOnBirthDate: queryText.optional(),
    candidatesByFullNames: queryText.optional(),
    student: queryText,
    courses: queryText.optional(),
    requirements: queryText.optional(),
    school: queryText.optional(),
    studentsByNumbers: queryText.optional(),
    coursesByNumbers: queryText.optional(),
    requirementsByNumbers: queryText.optional(),
    schoolsByNumbers: queryText.optional(),
  })
  .strict();

export type SqlQueries = z.output<typeof sqlQueriesSchema>;
export type GuardedQueries = Partial<Record<QueryKey, GuardedQuery>>;

/** Checks every configured query; the first refusal stops the start with a clear EtmsError. */
export function guardQueries(queries: SqlQueries, dialect: SqlDialect): GuardedQueries {
  const out: GuardedQueries = {};
  for (const key of Object.keys(QUERY_RULES) as QueryKey[]) {
    const sql = queries[key];
    if (sql === undefined) continue;
    out[key] = guardQuery(key, sql, dialect, QUERY_RULES[key]);
  }
  if (!CANDIDATE_QUERY_KEYS.some((k) => out[k])) {
    throw configInvalid(`at least one candidate query (${CANDIDATE_QUERY_KEYS.join(', ')}) is needed`);
  }
  return out;
}
