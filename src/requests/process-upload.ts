/**
 * A file uploaded by staff (« Fichier de relevé de notes téléversé ») is checked again, its
 * deliveries created and the request completed — or sent to « Erreur de téléversement du fichier »
 * with the reason. The request was claimed by the caller (the upload processor, src/central).
 */
import type { AppContext } from '../context.js';
import { SYSTEM_ACTOR } from '../domain/request.js';
import { RequestStale, TransitionRefused } from '../domain/errors.js';
import { checkTranscriptXml } from '../transcript/xml-check.js';
import { checkPdf } from '../transcript/pdf.js';
import {
  CheckBusy,
  messageEn,
  messageFr,
  transcriptProblem,
  ValidatorUnavailable,
} from '../transcript/errors.js';
import { UploadMissing } from './errors.js';
import type { SystemActor } from './access.js';

export type ProcessOutcome = 'sent' | 'failed' | 'skipped';

export interface ProcessUploadInput {
  requestId: number;
  /** The request's version when it was claimed. */
  version: number;
}

export async function processUpload(
  ctx: AppContext,
  _actor: SystemActor,
  input: ProcessUploadInput,
): Promise<ProcessOutcome> {
  const { store } = ctx;
  const { requestId: id, version } = input;
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
          code: UploadMissing.code,
          en: UploadMissing().message,
        },
      });
      return 'failed';
    }
    try {
      if (current.format === 'XML')
        await checkTranscriptXml(content, {
          maxBytes: ctx.config.upload.maxBytes,
          maxDepth: ctx.config.upload.maxDepth,
        });
      else await checkPdf(content, { maxBytes: ctx.config.upload.maxBytes });
    } catch (error) {
      // The validator down or the PDF checks busy: a passing failure, tried again at the next poll.
      if (!transcriptProblem.has(error) || ValidatorUnavailable.is(error) || CheckBusy.is(error)) throw error;
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
      await store.deliveries.createFor(tx, request, current.id);
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
    if (RequestStale.is(error) || TransitionRefused.is(error)) return 'skipped';
    ctx.log.error(
      { err: error, requestId: id },
      'uploaded transcript could not be processed; it will be retried',
    );
    await store.leases.releaseUploaded(id).catch(() => undefined);
    return 'skipped';
  }
}
