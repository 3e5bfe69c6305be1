/**
 * Uploading a transcript file: the upload page, the multipart upload (size capped while streaming),
 * and the validation screen when the file disagrees with the request. What happens to the file is
 * the upload commands' (src/requests/upload-transcript.ts, confirm-upload.ts); a refused file leaves
 * the request exactly as it was.
 */
import type { Request, Response, Router } from 'express';
import busboy from 'busboy';
import type { TranscriptRequest } from '../domain/request.js';
import type { EtmsError } from '../errors.js';
import { DIFF_COLUMN_LABELS, type DiffRow } from '../transcript/diff.js';
import { messageEn, messageFr, transcriptProblem } from '../transcript/errors.js';
import { RequestStale, TransitionRefused } from '../domain/errors.js';
import { NotATranscriptFile } from '../requests/errors.js';
import { uploadTranscript } from '../requests/upload-transcript.js';
import { confirmUpload } from '../requests/confirm-upload.js';
import { getPendingUpload } from '../requests/get-pending-upload.js';
import { formatDate, formatName } from './format.js';
import { canUpload, refPath } from './columns.js';
import { diffTable } from './candidates.js';
import { html, type SafeHtml } from './html.js';
import { t, type Lang } from './i18n.js';
import { requestInScope } from './detail-page.js';
import {
  actorOf,
  checkCsrf,
  csrfField,
  noticeQuery,
  renderPage,
  requireStaff,
  safeLocalPath,
  staffOf,
  withQuery,
  type AdminDeps,
} from './web.js';
import { UploadMalformed } from './errors.js';

interface ParsedUpload {
  fields: Record<string, string>;
  file?: { name: string; bytes: Buffer };
  tooLarge: boolean;
}

/** Reads the multipart body; past maxBytes the file's bytes are dropped as they arrive, never kept. */
export function parseUpload(req: Request, maxBytes: number): Promise<ParsedUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: maxBytes, fields: 20, fieldSize: 4096, parts: 30 },
      });
    } catch (error) {
      reject(UploadMalformed((error as Error).message));
      return;
    }
    const result: ParsedUpload = { fields: {}, tooLarge: false };
    parser.on('field', (name, value) => {
      result.fields[name] = value;
    });
    parser.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (!result.tooLarge) chunks.push(chunk);
      });
      stream.on('limit', () => {
        result.tooLarge = true;
        chunks.length = 0;
      });
      stream.on('end', () => {
        if (!result.tooLarge) result.file = { name: info.filename ?? '', bytes: Buffer.concat(chunks) };
      });
    });
    parser.on('error', (error) => reject(UploadMalformed((error as Error).message)));
    parser.on('close', () => resolve(result));
    req.pipe(parser);
  });
}

function uploadPage(
  req: Request,
  res: Response,
  r: TranscriptRequest,
  back: string,
  error?: string,
  status = 200,
): void {
  const staff = staffOf(res);
  const lang = staff.lang;
  const body = html`<section class="card">
    <h1>${t(lang, 'uploadTitle')}</h1>
    <dl class="fields compact">
      <div><dt>${t(lang, 'referenceNumber')}</dt><dd><a href="${refPath(r)}">${r.referenceNumber}</a></dd></div>
      <div><dt>${t(lang, 'studentName')}</dt><dd>${formatName(r)}</dd></div>
      ${r.birthDate ? html`<div><dt>${t(lang, 'colBirthDate')}</dt><dd>${formatDate(r.birthDate)}</dd></div>` : ''}
    </dl>
    <p class="advice">${t(lang, 'xmlAdvice')}</p>
    ${
      canUpload(r.status)
        ? html`<form method="post" action="${refPath(r)}/televerser" enctype="multipart/form-data" class="upload-form stack" data-dropzone>
      ${csrfField(res)}
      <input type="hidden" name="version" value="${r.version}">
      <input type="hidden" name="back" value="${back}">
      <div class="field"><label for="file">${t(lang, 'chooseFile')}</label>
        <input type="file" id="file" name="file" accept=".xml,.pdf,application/xml,text/xml,application/pdf" required${error ? ' aria-describedby="upload-error"' : ''}>
        <span class="drop-hint" hidden>${t(lang, 'dropHint')}</span></div>
      <div class="buttons"><button type="submit" class="primary">${t(lang, 'submit')}</button> <a class="button" href="${back}">${t(lang, 'cancel')}</a></div>
    </form>`
        : html`<p><a class="button" href="${back}">${t(lang, 'back')}</a></p>`
    }
    <p class="hint">${t(lang, 'reuploadNote')}</p>
  </section>`;
  res
    .status(status)
    .type('html')
    .send(
      renderPage(req, res, {
        title: t(lang, 'uploadTitle'),
        body,
        section: 'requests',
        error: error ? html`<span id="upload-error">${error}</span>` : undefined,
      }),
    );
}

function transcriptMessage(error: EtmsError, lang: Lang): string {
  return lang === 'fr' ? messageFr(error) : messageEn(error);
}

export function mountUpload(router: Router, deps: AdminDeps): void {
  const auth = requireStaff(deps);
  const { store, config } = deps.ctx;

  router.get('/demandes/:ref/televerser', auth, async (req, res) => {
    const r = await requestInScope(deps, res, req.params.ref);
    uploadPage(req, res, r, safeLocalPath(req.query.back, refPath(r)));
  });

  router.post('/demandes/:ref/televerser', auth, async (req, res) => {
    const staff = staffOf(res);
    const lang = staff.lang;
    const r = await requestInScope(deps, res, req.params.ref);
    const maxBytes = config.upload.maxBytes;
    const declared = Number(req.get('content-length') ?? 0);
    if (declared > maxBytes + 64 * 1024) {
      // Refused before reading: the connection closes instead of taking the rest of the body.
      res.setHeader('Connection', 'close');
      uploadPage(req, res, r, refPath(r), t(lang, 'tooLarge', { mb: (maxBytes / 1048576).toFixed(1) }), 413);
      return;
    }
    const upload = await parseUpload(req, maxBytes);
    checkCsrf(req, res, upload.fields._csrf ?? '');
    const back = safeLocalPath(upload.fields.back, refPath(r));
    const fail = (message: string, status: number) => uploadPage(req, res, r, back, message, status);
    if (upload.tooLarge) return fail(t(lang, 'tooLarge', { mb: (maxBytes / 1048576).toFixed(1) }), 413);
    if (!upload.file || (upload.file.bytes.length === 0 && !upload.file.name))
      return fail(t(lang, 'noFile'), 400);
    const version = Number(upload.fields.version);
    try {
      const outcome = await uploadTranscript(deps.ctx, actorOf(res), {
        reference: r.referenceNumber,
        expectedVersion: Number.isInteger(version) ? version : undefined,
        fileName: upload.file.name,
        content: upload.file.bytes,
      });
      if (outcome.kind === 'to-confirm') {
        res.redirect(303, `${refPath(r)}/validation/${outcome.pendingId}?back=${encodeURIComponent(back)}`);
        return;
      }
      res.redirect(303, withQuery(back, noticeQuery('uploadDone', { ref: r.referenceNumber })));
    } catch (error) {
      if (NotATranscriptFile.is(error)) return fail(t(lang, 'unknownFile'), 400);
      if (transcriptProblem.has(error))
        return fail(transcriptMessage(error, lang), error.status >= 500 ? 503 : error.status);
      if (RequestStale.is(error)) return fail(t(lang, 'staleRequest', { ref: r.referenceNumber }), 409);
      if (TransitionRefused.is(error))
        return fail(t(lang, 'uploadNotAllowed', { ref: r.referenceNumber }), 409);
      throw error;
    }
  });

  function validationPage(
    res: Response,
    r: TranscriptRequest,
    id: string,
    rows: DiffRow[],
    back: string,
  ): SafeHtml {
    const lang = staffOf(res).lang;
    const labels = DIFF_COLUMN_LABELS[lang];
    return html`<h1>${t(lang, 'validationTitle')}</h1>
      <p>${r.referenceNumber} — ${formatName(r)}</p>
      <p>${t(lang, 'validationIntro')}</p>
      ${diffTable(rows, lang)}
      <form method="post" action="${refPath(r)}/validation/${id}" class="buttons confirm">
        ${csrfField(res)}
        <input type="hidden" name="back" value="${back}">
        <button type="submit" name="decision" value="cancel">${labels.cancel}</button>
        <button type="submit" name="decision" value="confirm" class="primary">${labels.save}</button>
      </form>
      <p class="hint">${t(lang, 'reuploadNote')}</p>`;
  }

  router.get('/demandes/:ref/validation/:id', auth, async (req, res) => {
    const lang = staffOf(res).lang;
    const { request: r, pending } = await getPendingUpload(deps.ctx, actorOf(res), {
      reference: String(req.params.ref),
      pendingId: req.params.id,
    });
    const back = safeLocalPath(req.query.back, refPath(r));
    if (!pending) {
      res.redirect(303, withQuery(back, noticeQuery('pendingExpired', { ref: r.referenceNumber })));
      return;
    }
    const body = validationPage(res, r, pending.id, pending.rows, back);
    res
      .type('html')
      .send(renderPage(req, res, { title: t(lang, 'validationTitle'), body, section: 'requests' }));
  });

  router.post('/demandes/:ref/validation/:id', auth, async (req, res) => {
    checkCsrf(req, res);
    const staff = staffOf(res);
    const lang = staff.lang;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const r = await requestInScope(deps, res, req.params.ref);
    const back = safeLocalPath(body.back, refPath(r));
    try {
      const outcome = await confirmUpload(deps.ctx, actorOf(res), {
        reference: r.referenceNumber,
        pendingId: req.params.id,
        decision: body.decision === 'confirm' ? 'confirm' : 'cancel',
      });
      const notice = { gone: 'pendingExpired', cancelled: 'uploadCancelled', kept: 'uploadDone' } as const;
      res.redirect(303, withQuery(back, noticeQuery(notice[outcome.kind], { ref: r.referenceNumber })));
    } catch (error) {
      if (RequestStale.is(error) || TransitionRefused.is(error)) {
        uploadPage(
          req,
          res,
          (await store.requests.get(r.id)) ?? r,
          back,
          t(lang, 'staleRequest', { ref: r.referenceNumber }),
          409,
        );
        return;
      }
      throw error;
    }
  });
}
