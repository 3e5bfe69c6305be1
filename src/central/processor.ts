/**
 * The central processor: files uploaded by staff (« Fichier de relevé de notes téléversé ») are
 * checked again, their deliveries created and the request completed, or sent to « Erreur de
 * téléversement du fichier » with the reason. It polls every few seconds so a request only shows
 * momentarily in « En cours »; rows are claimed with SKIP LOCKED so replicas share the work.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import { isEtmsError } from '../errors.js';
import { SYSTEM_ACTOR } from '../domain/request.js';
import type { Row } from '../store/db.js';
import { readTranscriptXml } from '../transcript/read.js';
import { checkPdf } from '../transcript/pdf.js';
import { messageEn, messageFr } from '../transcript/errors.js';
import { createDeliveries } from './delivery.js';

const CLAIM_SECONDS = 120;

export interface ProcessSummary {
  sent: number;
  failed: number;
  skipped: number;
}

/** Claims and processes up to `limit` uploaded requests; returns what happened to them. */
export async function processUploads(
  ctx: AppContext,
  options: { owner?: string; limit?: number } = {},
): Promise<ProcessSummary> {
  const owner = options.owner ?? `central:${hostname()}:${process.pid}`;
  const now = ctx.clock();
  const { rows } = await ctx.store.db.query<Row>(
    `UPDATE requests SET lease_owner = $1, lease_expires_at = $2
      WHERE id IN (
        SELECT id FROM requests WHERE status = 'TRANSCRIPT_UPLOADED' AND (lease_expires_at IS NULL OR lease_expires_at <= $3)
         ORDER BY updated_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
      RETURNING id, version`,
    [owner, new Date(now.getTime() + CLAIM_SECONDS * 1000), now, options.limit ?? 20],
  );
  const summary: ProcessSummary = { sent: 0, failed: 0, skipped: 0 };
  for (const row of rows) {
    const outcome = await processOne(ctx, Number(row.id), Number(row.version));
    summary[outcome]++;
  }
  return summary;
}

async function processOne(ctx: AppContext, id: number, version: number): Promise<keyof ProcessSummary> {
  const { store } = ctx;
  const current = await store.transcripts.current(id);
  const content = current ? await store.transcripts.content(current.id) : undefined;
  try {
    if (!current || !content) {
      await store.requests.transition({
        id,
        to: 'UPLOAD_ERROR',
        actor: SYSTEM_ACTOR,
        expectedVersion: version,
        reason: 'Aucun fichier de relevé n’a été trouvé pour cette demande; téléversez-le de nouveau.',
        details: {
          code: 'ETMS_E_UPLOAD_MISSING',
          en: 'No transcript file was found for this request; upload it again.',
        },
      });
      return 'failed';
    }
    try {
      if (current.format === 'XML')
        await readTranscriptXml(content, {
          maxBytes: ctx.config.upload.maxBytes,
          maxDepth: ctx.config.upload.maxDepth,
        });
      else await checkPdf(content, { maxBytes: ctx.config.upload.maxBytes });
    } catch (error) {
      if (
        !isEtmsError(error) ||
        !error.code.startsWith('ETMS_E_TRANSCRIPT_') ||
        error.code === 'ETMS_E_TRANSCRIPT_VALIDATOR'
      )
        throw error;
      await store.requests.transition({
        id,
        to: 'UPLOAD_ERROR',
        actor: SYSTEM_ACTOR,
        expectedVersion: version,
        reason: messageFr(error),
        details: { code: error.code, en: messageEn(error), transcriptId: current.id },
      });
      return 'failed';
    }
    await store.db.transaction(async (tx) => {
      const request = (await store.requests.get(id, tx))!;
      await createDeliveries(tx, request, current.id);
      await store.requests.transition({
        id,
        to: 'E_TRANSCRIPT_SENT',
        actor: SYSTEM_ACTOR,
        expectedVersion: version,
        completionMethod: current.format === 'XML' ? 'MANUAL_XML' : 'PDF',
        reason:
          'Fichier téléversé vérifié et mis en transmission / Uploaded file checked and queued for transmission',
        details: { transcriptId: current.id, version: current.version },
        tx,
      });
    });
    return 'sent';
  } catch (error) {
    // Changed meanwhile (a newer upload, a cancellation): the next poll sees the new state.
    if (isEtmsError(error, 'ETMS_E_REQUEST_STALE') || isEtmsError(error, 'ETMS_E_TRANSITION_REFUSED'))
      return 'skipped';
    ctx.log.error(
      { err: error, requestId: id },
      'uploaded transcript could not be processed; it will be retried',
    );
    await store.db
      .query(
        'UPDATE requests SET lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND status = $2',
        [id, 'TRANSCRIPT_UPLOADED'],
      )
      .catch(() => undefined);
    return 'skipped';
  }
}

/** Runs processUploads every `intervalMs` until stopped. */
export function startProcessor(
  ctx: AppContext,
  options: { intervalMs?: number } = {},
): { stop(): Promise<void> } {
  const owner = `central:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const intervalMs = options.intervalMs ?? 2000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      try {
        // Keep going while there is a backlog, then wait for the next poll.
        for (;;) {
          const summary = await processUploads(ctx, { owner });
          if (
            stopped ||
            summary.sent + summary.failed + summary.skipped === 0 ||
            summary.sent + summary.failed === 0
          )
            break;
        }
      } catch (error) {
        ctx.log.error({ err: error }, 'upload processor poll failed; retrying at the next poll');
      }
      if (!stopped) timer = setTimeout(tick, intervalMs);
    })();
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
