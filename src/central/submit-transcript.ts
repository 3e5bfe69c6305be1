/**
 * SubmitTranscript: an agent sends the transcript it built. The file is validated again here (the
 * central trusts no client), then, in one transaction: stored, deliveries created, request moved to
 * « Relevé électronique envoyé ». A repeated submit with the same key finds the first transcript.
 */
import type { AppContext } from '../context.js';
import { AUTO_ETMS_ACTOR, type TranscriptRequest } from '../domain/request.js';
import type { Row } from '../store/db.js';
import { RequestNotFound } from '../store/errors.js';
import { groupReader } from './group-read.js';
import { requireAgent } from './caller.js';
import { createDeliveries } from './delivery.js';
import { LeaseLost, RequestNotPending, TrackingMismatch } from './errors.js';
import type { Caller, SubmitTranscriptInput, SubmitTranscriptResult } from './exchange-types.js';

export async function submitTranscript(
  ctx: AppContext,
  caller: Caller,
  input: SubmitTranscriptInput,
): Promise<SubmitTranscriptResult> {
  const agent = requireAgent(caller, 'SubmitTranscript');
  const bytes =
    typeof input.transcript === 'string'
      ? Buffer.from(input.transcript, 'utf8')
      : Buffer.from(input.transcript);

  // A repeated submit (the reply was lost) is recognised inside the transaction, by its key.
  const transcript = await groupReader.read(bytes, {
    maxBytes: ctx.config.upload.maxBytes,
    maxDepth: ctx.config.upload.maxDepth,
  });
  if (transcript.transmission.requestTrackingId !== input.referenceNumber) {
    throw TrackingMismatch(input.referenceNumber, transcript.transmission.requestTrackingId);
  }

  return ctx.store.db.transaction(async (tx) => {
    const { rows } = await tx.query<Row>(
      'SELECT id, status, board_id, lease_owner, lease_expires_at, destination_code, origin FROM requests WHERE reference_number = $1 FOR UPDATE',
      [input.referenceNumber],
    );
    const row = rows[0];
    if (!row || Number(row.board_id) !== agent.boardId) throw RequestNotFound(input.referenceNumber);
    if (row.status !== 'ACTION_REQUIRED') {
      const again = await tx.query<Row>(
        'SELECT id, version, request_id FROM transcripts WHERE submission_key = $1',
        [input.submissionKey],
      );
      if (again.rows[0] && Number(again.rows[0].request_id) === Number(row.id)) {
        return {
          referenceNumber: input.referenceNumber,
          status: row.status as SubmitTranscriptResult['status'],
          transcriptId: Number(again.rows[0].id),
          version: Number(again.rows[0].version),
          created: false,
        };
      }
      throw RequestNotPending(input.referenceNumber, String(row.status));
    }
    const leaseLive =
      row.lease_expires_at !== null && (row.lease_expires_at as Date).getTime() > ctx.clock().getTime();
    if (row.lease_owner !== null && row.lease_owner !== input.owner && leaseLive)
      throw LeaseLost(input.referenceNumber);

    const id = Number(row.id);
    const stored = await ctx.store.transcripts.add(
      {
        requestId: id,
        format: 'XML',
        content: bytes,
        source: input.pinned ? 'SIS_PICK' : 'AUTO',
        createdBy: AUTO_ETMS_ACTOR,
        studentNumber: input.studentNumber,
        documentId: transcript.transmission.documentId,
        submissionKey: input.submissionKey,
        requestLocked: true,
      },
      tx,
    );
    await createDeliveries(
      tx,
      { id, destinationCode: (row.destination_code as string | null) ?? null, origin: row.origin as TranscriptRequest['origin'] },
      stored.transcript.id,
      { firstVersion: stored.created && stored.transcript.version === 1 },
    );
    const after = await ctx.store.requests.transition({
      id,
      to: 'E_TRANSCRIPT_SENT',
      actor: AUTO_ETMS_ACTOR,
      completionMethod: 'AUTO',
      reason: input.pinned
        ? 'Relevé envoyé par Auto-eTMS pour l’élève choisi par le personnel / Transcript sent by Auto-eTMS for the student chosen by staff'
        : 'Relevé envoyé par Auto-eTMS à partir du SIÉ / Transcript sent by Auto-eTMS from the SIS',
      details: { transcriptId: stored.transcript.id, version: stored.transcript.version, agent: input.owner },
      tx,
    });
    return {
      referenceNumber: after.referenceNumber,
      status: after.status,
      transcriptId: stored.transcript.id,
      version: stored.transcript.version,
      created: stored.created,
    };
  });
}
