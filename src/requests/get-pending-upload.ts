/** The file a person uploaded that waits on the validation screen, with its comparison to the request. */
import type { AppContext } from '../context.js';
import type { TranscriptRequest } from '../domain/request.js';
import type { DiffRow } from '../transcript/diff.js';
import type { PendingComparison } from '../store/pending-uploads.js';
import { staffRequest, type StaffActor } from './access.js';

const PENDING_ID = /^[A-Za-z0-9_-]{10,40}$/;

export interface PendingUploadView {
  request: TranscriptRequest;
  /** Absent when the file expired, was already handled or belongs to another session. */
  pending?: PendingComparison & { rows: DiffRow[] };
}

export async function getPendingUpload(
  ctx: AppContext,
  staff: StaffActor,
  input: { reference: string; pendingId: unknown },
): Promise<PendingUploadView> {
  const request = await staffRequest(ctx, staff, input.reference);
  if (typeof input.pendingId !== 'string' || !PENDING_ID.test(input.pendingId)) return { request };
  // The comparison only: the file's bytes are read when it is kept (confirmUpload).
  const pending = await ctx.store.pendingUploads.findComparison(input.pendingId, staff.sessionId, request.id);
  // The rows are those uploadTranscript stored with the file.
  return pending ? { request, pending: { ...pending, rows: pending.diff as DiffRow[] } } : { request };
}
