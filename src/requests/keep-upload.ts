/**
 * What an upload and its confirmation share: the file kept as the request's new transcript version
 * and the move to « Fichier de relevé de notes téléversé », all or nothing.
 */
import type { AppContext } from '../context.js';
import type { TranscriptRequest } from '../domain/request.js';
import type { TranscriptFormat } from '../store/transcripts.js';
import type { StaffActor } from './access.js';

export async function keepUploadedFile(
  ctx: AppContext,
  staff: StaffActor,
  request: TranscriptRequest,
  file: { expectedVersion: number; format: TranscriptFormat; content: Buffer; pendingId?: string },
): Promise<TranscriptRequest> {
  const { store } = ctx;
  const { format } = file;
  return store.db.transaction(async (tx) => {
    const added = await store.transcripts.add(
      { requestId: request.id, format, content: file.content, source: 'UPLOAD', createdBy: staff.username },
      tx,
    );
    const after = await store.requests.transition({
      id: request.id,
      to: 'TRANSCRIPT_UPLOADED',
      actor: staff.username,
      expectedVersion: file.expectedVersion,
      completionMethod: format === 'XML' ? 'MANUAL_XML' : 'PDF',
      reason: `Relevé de notes téléversé (${format}) / Transcript uploaded (${format})`,
      details: {
        transcriptId: added.transcript.id,
        transcriptVersion: added.transcript.version,
        format,
        supersedes: added.superseded?.id ?? null,
      },
      tx,
    });
    if (file.pendingId) await store.pendingUploads.remove(file.pendingId, tx);
    return after;
  });
}
