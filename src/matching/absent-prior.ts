/**
 * The share of a board's requests whose applicant is absent from its SIS (« Élève non trouvé »), learnt
 * from the board's own history: the prior of the posterior (thresholds.ts `posteriors`).
 *
 * The estimator. Each closed request is a draw: not found (k of them) or found (n − k). With a
 * Beta(α, β) prior on the share, the posterior mean is (k + α) / (n + α + β). The prior is centred on the
 * shipped value, α / (α + β) = ABSENT_PRIOR = 0.15, with the weight of PRIOR_REQUESTS = 50 requests
 * (α = 7.5, β = 42.5): a history of 10 requests moves it little, one of 2,000 decides it almost alone
 * (2,000 requests with 100 not found give 0.053). The result is then kept within a floor and a ceiling:
 * - ABSENT_PRIOR_FLOOR = 0.05: a lower share makes an automatic match easier by log2 of the odds ratio;
 *   0.05 against 0.15 is 1.75 bits, which keeps the threshold within 2 bits of the one swept on the
 *   labelled sets (thresholds.ts), whatever a short or unusual history says;
 * - ABSENT_PRIOR_CEILING = 0.5: above it most requests would be about people the SIS does not hold, a
 *   sign of a wrong history or a wrong SIS export more than of the board; 0.5 is 2.5 bits stricter.
 */
import { readFile } from 'node:fs/promises';
import { columnMissing, emptyFile, fileNotFound } from './errors.js';
import { decodeUtf8, detectDelimiter, forEachCsvRecord } from './csv.js';
import { ABSENT_PRIOR } from './thresholds.js';
import { statusLabel, type Status } from '../domain/status.js';

export const PRIOR_REQUESTS = 50;
export const ABSENT_PRIOR_FLOOR = 0.05;
export const ABSENT_PRIOR_CEILING = 0.5;

export interface AbsentHistory {
  /** Requests closed with a decision (found or not found). */
  requests: number;
  /** Of them, closed « Élève non trouvé ». */
  notFound: number;
}

/** The smoothed, bounded share of applicants absent from the SIS (see above). */
export function estimateAbsentPrior(history: AbsentHistory | undefined): number {
  if (history === undefined || history.requests <= 0) return ABSENT_PRIOR;
  const alpha = PRIOR_REQUESTS * ABSENT_PRIOR;
  const notFound = Math.min(Math.max(history.notFound, 0), history.requests);
  const mean = (notFound + alpha) / (history.requests + PRIOR_REQUESTS);
  return Math.min(ABSENT_PRIOR_CEILING, Math.max(ABSENT_PRIOR_FLOOR, mean));
}

/** Values of an `outcome` column that mean « Élève non trouvé ». */
const NOT_FOUND_OUTCOMES = new Set(['not_found', 'absent']);
/** Values that mean the student was found (another value, e.g. a cancelled request, is not counted). */
const FOUND_OUTCOMES = new Set(['found', 'matched', 'sent', 'transcript_sent', 'completed']);
/**
 * Request statuses (codes, or their French or English labels as the staff pages' CSV export writes
 * them) that say where a closed request ended: not found, or found (a transcript sent or uploaded, or
 * the student found with no academic data). Requests still open, on hold or cancelled are not counted.
 */
const NOT_FOUND_STATUSES: readonly Status[] = ['STUDENT_NOT_FOUND'];
const FOUND_STATUSES: readonly Status[] = [
  'E_TRANSCRIPT_SENT',
  'PAPER_SENT',
  'TRANSCRIPT_UPLOADED',
  'NO_ACADEMIC_DATA',
];
const statusNames = (statuses: readonly Status[]) =>
  new Set(
    statuses.flatMap((s) => [
      s.toLowerCase(),
      statusLabel(s, 'fr').toLowerCase(),
      statusLabel(s, 'en').toLowerCase(),
    ]),
  );
const NOT_FOUND_VALUES = new Set([...NOT_FOUND_OUTCOMES, ...statusNames(NOT_FOUND_STATUSES)]);
const FOUND_VALUES = new Set([...FOUND_OUTCOMES, ...statusNames(FOUND_STATUSES)]);
/** Columns that hold an outcome or a status, in the order they are looked for. */
const OUTCOME_COLUMNS = ['outcome', 'status', 'état de la demande', 'request status'];

/**
 * Reads a history of closed requests: a CSV with one of
 * - an `outcome` or `status` column, or the staff pages' export of the requests (« Télécharger vers :
 *   CSV », columns « État de la demande » / "Request status"): `not_found`, `STUDENT_NOT_FOUND` or
 *   « Élève non trouvé » for « Élève non trouvé »; `found`, `sent`, a transcript sent or uploaded, or
 *   no academic data, for a student found; other values (open, on hold, cancelled) are not counted;
 * - `expected_student_number` or `student_number` (a truth file: empty for an applicant the SIS does
 *   not hold).
 */
export async function readAbsentHistory(path: string): Promise<AbsentHistory> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw fileNotFound(path);
  }
  const text = decodeUtf8(bytes, path);
  let column = -1;
  let byOutcome = false;
  let header: string[] | undefined;
  const history: AbsentHistory = { requests: 0, notFound: 0 };
  forEachCsvRecord(text, path, detectDelimiter(text), (fields) => {
    if (header === undefined) {
      header = fields.map((f) => f.trim().toLowerCase());
      for (const name of OUTCOME_COLUMNS) if (column < 0) column = header.indexOf(name);
      byOutcome = column >= 0;
      if (!byOutcome) column = header.indexOf('expected_student_number');
      if (column < 0) column = header.indexOf('student_number');
      if (column < 0)
        throw columnMissing(path, 'outcome (or status, « État de la demande », expected_student_number)');
      return;
    }
    if (fields.length === 1 && fields[0].trim() === '') return;
    const value = (fields[column] ?? '').trim();
    if (byOutcome) {
      const outcome = value.toLowerCase();
      if (NOT_FOUND_VALUES.has(outcome)) {
        history.requests++;
        history.notFound++;
      } else if (FOUND_VALUES.has(outcome)) history.requests++;
    } else {
      history.requests++;
      if (value === '') history.notFound++;
    }
  });
  if (header === undefined) throw emptyFile(path);
  return history;
}
