/**
 * What a request's destination is told when the request ends without a transcript. The key is kept
 * with the queued response (deliveries.response_status); src/pesc/response.ts writes it as a PESC
 * Transcript Response. A status change that reaches one of these statuses tells the destination,
 * whoever makes it (staff, the application system's cancellation); the Auto-eTMS agent never ends a
 * request: what it cannot process stays open for staff (« Erreur d'autotraitement »).
 */
import type { TranscriptRequest } from './request.js';
import { readMatchResult } from './match-result.js';
import type { Status } from './status.js';

/** The statuses that end a request (or stop it) without a transcript, and what they tell. */
export const OUTCOME_STATUSES = [
  'STUDENT_NOT_FOUND',
  'NO_ACADEMIC_DATA',
  'ON_HOLD_FINANCIAL',
  'PAPER_SENT',
  'CANCELLED',
] as const;
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

/**
 * A response key: the status itself, or MULTIPLE_MATCH when the request is closed as « Élève non
 * trouvé » after the matcher found several possible students and none was chosen.
 */
export type DestinationOutcome = OutcomeStatus | 'MULTIPLE_MATCH';
export const DESTINATION_OUTCOMES: readonly DestinationOutcome[] = [...OUTCOME_STATUSES, 'MULTIPLE_MATCH'];

/** The matcher's reasons that mean "several possible students" (src/matching/reasons.ts). */
const SEVERAL_STUDENTS: readonly string[] = ['AMBIGUOUS', 'VETO_SIBLING'];

export function isDestinationOutcome(value: unknown): value is DestinationOutcome {
  return typeof value === 'string' && (DESTINATION_OUTCOMES as readonly string[]).includes(value);
}

/** What the destination is told when the request moves from `before` to `to`; undefined: nothing. */
export function destinationOutcome(
  before: Pick<TranscriptRequest, 'status' | 'matchResult' | 'pinnedStudentNumber'>,
  to: Status,
): DestinationOutcome | undefined {
  if (before.status === to || !(OUTCOME_STATUSES as readonly string[]).includes(to)) return undefined;
  if (to === 'STUDENT_NOT_FOUND' && !before.pinnedStudentNumber) {
    const reason = readMatchResult(before.matchResult).reason;
    if (reason && SEVERAL_STUDENTS.includes(reason)) return 'MULTIPLE_MATCH';
  }
  return to as OutcomeStatus;
}
