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
const NOT_FOUND_OUTCOMES = new Set(['not_found', 'student_not_found', 'absent']);
/** Values that mean the student was found (another value, e.g. a cancelled request, is not counted). */
const FOUND_OUTCOMES = new Set(['found', 'matched', 'sent', 'transcript_sent', 'completed']);

/**
 * Reads a history of closed requests: a CSV with `reference_number` and either
 * - `expected_student_number` or `student_number` (a truth file: empty for an applicant the SIS does
 *   not hold), or
 * - `outcome` (`not_found` / `STUDENT_NOT_FOUND` for « Élève non trouvé », `found` or `sent` for a
 *   request answered with a transcript; other outcomes, such as cancelled, are not counted).
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
      column = header.indexOf('outcome');
      byOutcome = column >= 0;
      if (!byOutcome) column = header.indexOf('expected_student_number');
      if (column < 0) column = header.indexOf('student_number');
      if (column < 0) throw columnMissing(path, 'outcome (or expected_student_number, or student_number)');
      return;
    }
    if (fields.length === 1 && fields[0].trim() === '') return;
    const value = (fields[column] ?? '').trim();
    if (byOutcome) {
      const outcome = value.toLowerCase();
      if (NOT_FOUND_OUTCOMES.has(outcome)) {
        history.requests++;
        history.notFound++;
      } else if (FOUND_OUTCOMES.has(outcome)) history.requests++;
    } else {
      history.requests++;
      if (value === '') history.notFound++;
    }
  });
  if (header === undefined) throw emptyFile(path);
  return history;
}
