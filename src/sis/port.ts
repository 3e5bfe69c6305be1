/**
 * The port through which Auto-eTMS reaches a board's student information system (SIS).
 * Every adapter in adapters/ implements it; the matcher and the agent only know this folder.
 */
import type { ItemOutcome } from '../errors.js';
import type { StudentRecord } from './record.js';
import type { SisStudent } from './student.js';

/**
 * What the matcher asks the SIS for: every student that agrees with the request on at least one
 * of these keys. Keys are already normalised by src/matching (upper-case ASCII, no punctuation),
 * so an adapter only has to compare them with its own normalised columns.
 */
export interface BlockingKeys {
  /** OEN as typed when it is 9 digits. */
  oen?: string;
  /** Student number as typed (leading zeros kept). */
  studentNumber?: string;
  /** Birth dates (YYYY-MM-DD): as typed, day/month swapped, and other plausible typing slips. */
  birthDates: string[];
  /** Normalised surnames: the typed surname, the previous surname and the parts of a multi-part surname. */
  surnames: string[];
  /** Normalised given names (typed first name and its known variants); used with surnames for swaps. */
  givenNames: string[];
  /** Birth years to pair with a surname block: typed year and neighbours. */
  birthYears: number[];
}

export interface SisHealth {
  ok: boolean;
  /** One line a person can act on when ok is false. */
  detail: string;
  /** Number of students when the adapter can tell cheaply. */
  students?: number;
}

export interface SisAdapter {
  /** A short name for logs and the admin pages, e.g. "csv", "postgres". */
  readonly kind: string;
  candidates(keys: BlockingKeys): Promise<SisStudent[]>;
  /** The full academic record for a student number, or undefined when the SIS has no such student. */
  transcript(studentNumber: string): Promise<StudentRecord | undefined>;
  /**
   * transcript() for several students in a few queries, when the adapter can: one outcome per
   * number, in order. A student whose rows are unusable fails alone; an unreachable SIS rejects.
   */
  transcripts?(studentNumbers: string[]): Promise<ItemOutcome<StudentRecord | undefined>[]>;
  health(): Promise<SisHealth>;
  close(): Promise<void>;
}
