/**
 * A no-upload action staff take on an open request (« Relevé de notes papier envoyé », « Élève non
 * trouvé », « Aucune donnée scolaire », « En attente (raison financière) »): the request moves to
 * that status, refused if the request changed since the person saw it.
 */
import type { AppContext } from '../context.js';
import type { TranscriptRequest } from '../domain/request.js';
import { canTransition, NO_UPLOAD_ACTIONS, statusLabel, type NoUploadAction } from '../domain/status.js';
import { TransitionRefused } from '../domain/errors.js';
import { staffRequest, type StaffActor } from './access.js';
import { NoActionChosen } from './errors.js';

export interface TakeActionInput {
  reference: string;
  /** The action as chosen in the form. */
  action: unknown;
  /** The request's version the person saw. */
  expectedVersion: number;
}

const isAction = (value: unknown): value is NoUploadAction =>
  typeof value === 'string' && (NO_UPLOAD_ACTIONS as readonly string[]).includes(value);

export async function takeAction(
  ctx: AppContext,
  staff: StaffActor,
  input: TakeActionInput,
): Promise<TranscriptRequest> {
  const request = await staffRequest(ctx, staff, input.reference);
  if (typeof input.action !== 'string' || input.action === '') throw NoActionChosen(request.referenceNumber);
  if (!isAction(input.action) || !canTransition(request.status, input.action))
    throw TransitionRefused(request.referenceNumber, request.status, input.action.slice(0, 40));
  const to = input.action;
  const after = await ctx.store.requests.transition({
    id: request.id,
    to,
    actor: staff.username,
    expectedVersion: input.expectedVersion,
    completionMethod: to === 'PAPER_SENT' ? 'PAPER' : undefined,
    reason: `${statusLabel(to, 'fr')} / ${statusLabel(to, 'en')}`,
  });
  return after;
}
