/**
 * The matcher's public types.
 */
import type { Gender, SisStudent } from '../sis/index.js';
import type { NameFrequencies } from './surname-frequency.js';
import type { ReasonCode } from './reasons.js';
import type { MatchParameters } from './parameters.js';

/** What the applicant typed in a transcript request, as the matcher needs it. */
export interface MatchRequest {
  referenceNumber: string;
  oen?: string;
  studentNumber?: string;
  firstName?: string;
  lastName?: string;
  previousLastName?: string;
  /** YYYY-MM-DD as typed. */
  birthDate?: string;
  gender?: Gender;
  schoolBsid?: string;
  /** YYYY-MM */
  dateLastAttended?: string;
}

export type FieldName =
  'last' | 'first' | 'dob' | 'oen' | 'student_number' | 'gender' | 'school' | 'last_attended';

/** One line of an explanation: how one field of the request compares with the candidate. */
export interface FieldComparison {
  field: FieldName;
  /** Agreement level, e.g. exact, nickname, day_month_swap, one_digit, different, missing. */
  level: string;
  /** This level's match weight (log2 likelihood ratio), rounded to 0.1. */
  weight: number;
  requestValue: string;
  candidateValue: string;
}

/** A hard veto: the candidate may be shown for review but never matched automatically. */
export type Veto = 'oen_conflict' | 'birth_date_conflict' | 'gender_conflict' | 'sibling';

export interface ScoredCandidate {
  student: SisStudent;
  /** Sum of the field weights, rounded to 0.1. */
  score: number;
  fields: FieldComparison[];
  vetoes: Veto[];
  /** This candidate's estimated probability of being the applicant (thresholds.ts). */
  probability?: number;
}

export interface MatchDecision {
  outcome: 'auto' | 'review' | 'none';
  /** The matched student, for auto only. */
  student?: SisStudent;
  /** The best candidate's score (0 when there is none). */
  score: number;
  /** The best candidate's estimated probability of being the applicant (thresholds.ts), when scored. */
  probability?: number;
  /** Up to five candidates, best first. */
  candidates: ScoredCandidate[];
  reason: ReasonCode;
  /** The best candidate's per-field comparison (empty when there is none). */
  explanation: FieldComparison[];
}

/**
 * What the matcher may know beyond the two records: name frequencies from the SIS, and the board's own
 * parameters (trained m-probabilities and share of applicants absent; parameters.ts), else the shipped ones.
 */
export interface MatchContext {
  frequencies?: NameFrequencies;
  parameters?: MatchParameters;
  /**
   * The day the request is decided, YYYY-MM-DD (the applicant's age on it counts for a married
   * surname, decide.ts); today's date in UTC when not given.
   */
  today?: string;
}
