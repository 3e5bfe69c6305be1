/**
 * Staff upload a transcript file for a request (a first file, or a replacement for a request already
 * completed). The file's kind is decided by its content and it is checked in full. A file that
 * disagrees with the request on what the validation screen compares waits server-side, bound to the
 * session, for the person to confirm it; otherwise it is kept at once. A refused file leaves the
 * request exactly as it was.
 */
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { TranscriptRequest } from '../domain/request.js';
import { canTransition } from '../domain/status.js';
import { TransitionRefused } from '../domain/errors.js';
import { checkPdf, sniffTranscriptFile } from '../transcript/pdf.js';
import { checkTranscriptXml } from '../transcript/xml-check.js';
import {
  diffTranscriptWithRequest,
  needsConfirmation,
  requestDetails,
  type DiffRow,
} from '../transcript/diff.js';
import { staffRequest, type StaffActor } from './access.js';
import { keepUploadedFile } from './keep-upload.js';
import { NotATranscriptFile } from './errors.js';

/** How long a file waits on the validation screen. */
export const PENDING_MINUTES = 30;

export interface UploadInput {
  reference: string;
  /** The request's version the person saw; absent, the current one. */
  expectedVersion?: number;
  fileName: string;
  content: Buffer;
}

export type UploadOutcome =
  | { kind: 'kept'; request: TranscriptRequest }
  | { kind: 'to-confirm'; request: TranscriptRequest; pendingId: string; rows: DiffRow[] };

export async function uploadTranscript(
  ctx: AppContext,
  staff: StaffActor,
  input: UploadInput,
): Promise<UploadOutcome> {
  const request = await staffRequest(ctx, staff, input.reference);
  if (!canTransition(request.status, 'TRANSCRIPT_UPLOADED'))
    throw TransitionRefused(request.referenceNumber, request.status, 'TRANSCRIPT_UPLOADED');
  const { maxBytes, maxDepth } = ctx.config.upload;
  const expectedVersion = input.expectedVersion ?? request.version;
  const content = input.content;
  const kind = content.length === 0 ? 'xml' : sniffTranscriptFile(content);
  if (kind === 'unknown') throw NotATranscriptFile();
  if (kind === 'pdf') {
    await checkPdf(content, { maxBytes, owner: staff.username });
    const after = await keepUploadedFile(ctx, staff, request, { expectedVersion, format: 'PDF', content });
    return { kind: 'kept', request: after };
  }
  const transcript = await checkTranscriptXml(content, { maxBytes, maxDepth, owner: staff.username });
  const rows = diffTranscriptWithRequest(requestDetails(request), transcript);
  if (needsConfirmation(rows)) {
    const pendingId = randomBytes(18).toString('base64url');
    await ctx.store.pendingUploads.add({
      id: pendingId,
      sessionId: staff.sessionId,
      requestId: request.id,
      requestVersion: expectedVersion,
      format: 'XML',
      fileName: input.fileName.slice(0, 200),
      content,
      diff: rows,
      minutes: PENDING_MINUTES,
    });
    // Files nobody confirmed or cancelled go, now and then, once expired.
    if (Math.random() < 0.1) await ctx.store.pendingUploads.removeExpired();
    return { kind: 'to-confirm', request, pendingId, rows };
  }
  const after = await keepUploadedFile(ctx, staff, request, { expectedVersion, format: 'XML', content });
  return { kind: 'kept', request: after };
}
