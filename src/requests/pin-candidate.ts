/**
 * Staff choose the student among the matcher's candidates of an « Erreur d'autotraitement »: the
 * request goes back to Auto-eTMS (« Action requise ») pinned to that student, whose transcript the
 * agent then sends without matching again.
 */
import type { AppContext } from '../context.js';
import type { TranscriptRequest } from '../domain/request.js';
import { candidateOf } from '../domain/match-result.js';
import { TransitionRefused } from '../domain/errors.js';
import { staffRequest, type StaffActor } from './access.js';
import { NotACandidate } from './errors.js';

export interface PinCandidateInput {
  reference: string;
  studentNumber: unknown;
  /** The request's version the person saw. */
  expectedVersion: number;
}

export const PIN_REASON =
  'Élève choisi(e) par le personnel parmi les élèves possibles / Student chosen by staff among the possible students';

export async function pinCandidate(
  ctx: AppContext,
  staff: StaffActor,
  input: PinCandidateInput,
): Promise<TranscriptRequest> {
  const request = await staffRequest(ctx, staff, input.reference);
  const candidate = candidateOf(request.matchResult, input.studentNumber);
  if (!candidate) throw NotACandidate(String(input.studentNumber ?? '').slice(0, 40));
  if (request.status !== 'AUTO_PROCESS_ERROR')
    throw TransitionRefused(request.referenceNumber, request.status, 'ACTION_REQUIRED');
  const studentNumber = candidate.student.studentNumber;
  return ctx.store.requests.transition({
    id: request.id,
    to: 'ACTION_REQUIRED',
    actor: staff.username,
    expectedVersion: input.expectedVersion,
    pinnedStudentNumber: studentNumber,
    reason: PIN_REASON,
    details: { pinnedStudentNumber: studentNumber },
  });
}
