/**
 * The validation screen's answer: the waiting file kept as the request's transcript, or dropped.
 * If the request changed since the file came, the file is dropped and the change refused.
 */
import type { AppContext } from '../context.js';
import type { TranscriptRequest } from '../domain/request.js';
import { RequestStale, TransitionRefused } from '../domain/errors.js';
import type { StaffActor } from './access.js';
import { getPendingUpload } from './get-pending-upload.js';
import { keepUploadedFile } from './keep-upload.js';
import { OtherStudentUnconfirmed } from './errors.js';
import { seemsAnotherStudent } from '../transcript/diff.js';

export interface ConfirmUploadInput {
  reference: string;
  pendingId: unknown;
  /** `confirm-other`: the person confirmed explicitly that a file of another student is right. */
  decision: 'confirm' | 'confirm-other' | 'cancel';
}

export type ConfirmUploadOutcome =
  | { kind: 'kept'; request: TranscriptRequest }
  | { kind: 'cancelled'; request: TranscriptRequest }
  /** Nothing waits under that id for this person any more. */
  | { kind: 'gone'; request: TranscriptRequest };

export async function confirmUpload(
  ctx: AppContext,
  staff: StaffActor,
  input: ConfirmUploadInput,
): Promise<ConfirmUploadOutcome> {
  const { request, pending } = await getPendingUpload(ctx, staff, input);
  if (!pending) return { kind: 'gone', request };
  if (input.decision === 'cancel') {
    await ctx.store.pendingUploads.remove(pending.id);
    return { kind: 'cancelled', request };
  }
  // Another student's file is never saved by the ordinary « Oui »: it needs its own confirmation.
  if (input.decision !== 'confirm-other' && seemsAnotherStudent(pending.rows))
    throw OtherStudentUnconfirmed(request.referenceNumber);
  const file = await ctx.store.pendingUploads.find(pending.id, staff.sessionId, request.id);
  if (!file) return { kind: 'gone', request };
  try {
    const after = await keepUploadedFile(ctx, staff, request, {
      expectedVersion: pending.requestVersion,
      format: pending.format,
      content: file.content,
      pendingId: pending.id,
    });
    return { kind: 'kept', request: after };
  } catch (error) {
    if (RequestStale.is(error) || TransitionRefused.is(error))
      await ctx.store.pendingUploads.remove(pending.id);
    throw error;
  }
}
