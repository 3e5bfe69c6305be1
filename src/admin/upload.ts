/**
 * Uploading a transcript file: the upload page, the multipart upload (size capped while streaming),
 * and the validation screen when the file disagrees with the request. What happens to the file is
 * the upload commands' (src/requests/upload-transcript.ts, confirm-upload.ts); a refused file leaves
 * the request exactly as it was.
 */
import type { Request, Response, Router } from 'express';
import busboy from 'busboy';
import { InProgress } from '../collections.js';
import type { TranscriptRequest } from '../domain/request.js';
import type { EtmsError } from '../errors.js';
import { DIFF_COLUMN_LABELS, seemsAnotherStudent, type DiffRow } from '../transcript/diff.js';
import { messageEn, messageFr, transcriptProblem } from '../transcript/errors.js';
import { RequestStale, TransitionRefused } from '../domain/errors.js';
import { NotATranscriptFile, OtherStudentUnconfirmed } from '../requests/errors.js';
import { uploadTranscript } from '../requests/upload-transcript.js';
import { confirmUpload } from '../requests/confirm-upload.js';
import { getPendingUpload } from '../requests/get-pending-upload.js';
import { formatDate, formatName, formatNumber } from './format.js';
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
import { PARKED_COOKIE } from './parked-uploads.js';
import { clearCookie, parseCookies } from './session.js';
import { declaresMoreThan, stopReading } from '../http/refused-body.js';

interface ParsedUpload {
  fields: Record<string, string>;
  file?: { name: string; bytes: Buffer };
  tooLarge: boolean;
}

/** The most an upload's body may take: the file and upload.maxBytes, plus its form fields and part headers. */
export function uploadBodyLimit(maxBytes: number): number {
  return maxBytes + 64 * 1024;
}

/**
 * Reads the multipart body. A body that declares more than uploadBodyLimit is not read at all; one
 * whose file passes maxBytes, or whose body passes uploadBodyLimit, stops being read at that moment
 * (`tooLarge`, with the fields read before it: the answer then closes the connection). A body cut off
 * before its end (the sender gone, or over `http.requestTimeoutSeconds`) drops what it had sent and
 * is refused: nothing waits on the rest, nothing is held.
 */
export function parseUpload(req: Request, maxBytes: number): Promise<ParsedUpload> {
  return new Promise((resolve, reject) => {
    const limit = uploadBodyLimit(maxBytes);
    if (declaresMoreThan(req, limit)) {
      stopReading(req);
      resolve({ fields: {}, tooLarge: true });
      return;
    }
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
    const chunks: Buffer[] = [];
    let settled = false;
    let received = 0;
    const stop = () => {
      settled = true;
      chunks.length = 0;
      req.off('data', count);
      stopReading(req);
      parser.removeAllListeners('file');
      parser.removeAllListeners('field');
    };
    const fail = (why: string) => {
      if (settled) return;
      stop();
      reject(UploadMalformed(why));
    };
    /** Over the limit: nothing more is read, the fields so far are kept for the answer. */
    const tooLarge = () => {
      if (settled) return;
      stop();
      result.tooLarge = true;
      resolve(result);
    };
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) tooLarge();
    };
    parser.on('field', (name, value) => {
      result.fields[name] = value;
    });
    parser.on('file', (_name, stream, info) => {
      stream.on('data', (chunk: Buffer) => {
        if (!settled) chunks.push(chunk);
      });
      stream.on('limit', tooLarge);
      stream.on('end', () => {
        if (!settled)
          result.file = { name: (info.filename ?? '').replace(/\0/g, ''), bytes: Buffer.concat(chunks) };
        chunks.length = 0;
      });
    });
    parser.on('error', (error) => fail((error as Error).message));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      req.off('data', count);
      resolve(result);
    });
    // The connection closed before the whole body came: the parser would wait for it forever.
    req.on('close', () => {
      if (!req.complete) fail('the upload was cut off before its end');
    });
    req.on('error', () => fail('the upload was cut off before its end'));
    req.on('data', count);
    req.pipe(parser);
  });
}

/** Uploads one person may be sending at once: each holds up to upload.maxBytes while it arrives. */
export const RECEIVING_PER_PERSON = 2;
/** Uploads being received at once, from everyone. */
export const RECEIVING_TOTAL = 16;

/**
 * Counts the uploads being received, per person and in all, so that open upload connections (a
 * slow sender, or many at once) cannot make the process hold more than a bounded number of files.
 */
export class UploadReceipts {
  private readonly uploads: InProgress<number>;

  constructor(
    readonly perPerson = RECEIVING_PER_PERSON,
    readonly max = RECEIVING_TOTAL,
  ) {
    this.uploads = new InProgress(perPerson, max);
  }

  /** Starts receiving one upload of `person`; what ends it, or why it must wait. */
  start(person: number): { end: () => void } | { refused: 'person' | 'all' } {
    const taken = this.uploads.take(person);
    if ('end' in taken) return taken;
    return { refused: taken.refused === 'key' ? 'person' : 'all' };
  }
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

/** Seconds a person refused for uploads already arriving is asked to wait. */
const RECEIPT_RETRY_AFTER_SECONDS = 10;

export function mountUpload(router: Router, deps: AdminDeps): void {
  const auth = requireStaff(deps);
  const { store, config } = deps.ctx;
  const receipts = deps.uploadReceipts ?? new UploadReceipts();

  router.get('/demandes/:ref/televerser', auth, async (req, res) => {
    const r = await requestInScope(deps, res, req.params.ref);
    uploadPage(req, res, r, safeLocalPath(req.query.back, refPath(r)));
  });

  router.post('/demandes/:ref/televerser', auth, async (req, res) => {
    const staff = staffOf(res);
    const lang = staff.lang;
    const r = await requestInScope(deps, res, req.params.ref);
    const maxBytes = config.upload.maxBytes;
    if (declaresMoreThan(req, uploadBodyLimit(maxBytes))) {
      // Refused before reading: the connection closes instead of taking the rest of the body.
      stopReading(req);
      uploadPage(
        req,
        res,
        r,
        refPath(r),
        t(lang, 'tooLarge', { mb: formatNumber(maxBytes / 1048576, lang) }),
        413,
      );
      return;
    }
    const receipt = receipts.start(staff.user.id);
    if ('refused' in receipt) {
      // Refused before reading, as a file too large: the connection closes instead of taking the body.
      stopReading(req);
      res.setHeader('Retry-After', String(RECEIPT_RETRY_AFTER_SECONDS));
      const message =
        receipt.refused === 'person'
          ? t(lang, 'uploadsBusyOwn', { n: receipts.perPerson })
          : t(lang, 'uploadsBusyAll');
      uploadPage(req, res, r, refPath(r), message, 503);
      return;
    }
    let upload: ParsedUpload;
    try {
      upload = await parseUpload(req, maxBytes);
    } finally {
      receipt.end();
    }
    checkCsrf(req, res, upload.fields._csrf ?? '');
    const back = safeLocalPath(upload.fields.back, refPath(r));
    if (upload.tooLarge)
      return uploadPage(
        req,
        res,
        r,
        back,
        t(lang, 'tooLarge', { mb: formatNumber(maxBytes / 1048576, lang) }),
        413,
      );
    await receive(req, res, r, upload.file, upload.fields.version, back);
  });

  /** A file kept while the session had expired: uploaded (or dropped) once signed in again. */
  router.post('/demandes/:ref/reprendre', auth, async (req, res) => {
    checkCsrf(req, res);
    const r = await requestInScope(deps, res, req.params.ref);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const item = deps.parked.take(parseCookies(req.headers.cookie)[PARKED_COOKIE], r.referenceNumber);
    clearCookie(res, req, config, PARKED_COOKIE);
    if (!item || body.decision !== 'upload') {
      res.redirect(303, refPath(r));
      return;
    }
    await receive(req, res, r, { name: item.fileName, bytes: item.bytes }, item.version, item.back);
  });

  async function receive(
    req: Request,
    res: Response,
    r: TranscriptRequest,
    file: { name: string; bytes: Buffer } | undefined,
    versionField: string | undefined,
    back: string,
  ): Promise<void> {
    const lang = staffOf(res).lang;
    const fail = (message: string, status: number) => uploadPage(req, res, r, back, message, status);
    if (!file || (file.bytes.length === 0 && !file.name)) return fail(t(lang, 'noFile'), 400);
    const version = Number(versionField);
    try {
      const outcome = await uploadTranscript(deps.ctx, actorOf(res), {
        reference: r.referenceNumber,
        expectedVersion: versionField && Number.isInteger(version) ? version : undefined,
        fileName: file.name,
        content: file.bytes,
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
  }

  function validationPage(
    res: Response,
    r: TranscriptRequest,
    id: string,
    rows: DiffRow[],
    back: string,
  ): SafeHtml {
    const lang = staffOf(res).lang;
    const labels = DIFF_COLUMN_LABELS[lang];
    const name = formatName(r);
    const other = seemsAnotherStudent(rows);
    return html`<h1>${t(lang, 'validationTitle')}</h1>
      <p>${r.referenceNumber} — ${name}</p>
      ${
        other
          ? html`<div class="alert other-student" role="alert"><strong>${t(lang, 'otherStudentTitle')}</strong><p>${t(lang, 'otherStudentText', { name })}</p></div>`
          : html`<p>${t(lang, 'validationIntro')}</p>`
      }
      ${diffTable(rows, lang)}
      <form method="post" action="${refPath(r)}/validation/${id}" class="confirm${other ? ' stack' : ' buttons'}">
        ${csrfField(res)}
        <input type="hidden" name="back" value="${back}">
        ${
          other
            ? html`<label class="check acknowledge"><input type="checkbox" name="acknowledge" value="1" required> ${t(lang, 'otherStudentAck', { name })}</label>
        <div class="buttons"><button type="submit" name="decision" value="cancel" formnovalidate class="primary">${labels.cancel}</button>
        <button type="submit" name="decision" value="confirm-other" class="danger">${t(lang, 'otherStudentSave')}</button></div>`
            : html`<button type="submit" name="decision" value="cancel">${labels.cancel}</button>
        <button type="submit" name="decision" value="confirm" class="primary">${labels.save}</button>`
        }
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
    const decision =
      body.decision === 'confirm'
        ? 'confirm'
        : body.decision === 'confirm-other' && body.acknowledge === '1'
          ? 'confirm-other'
          : body.decision === 'confirm-other'
            ? 'confirm'
            : 'cancel';
    try {
      const outcome = await confirmUpload(deps.ctx, actorOf(res), {
        reference: r.referenceNumber,
        pendingId: req.params.id,
        decision,
      });
      const notice = { gone: 'pendingExpired', cancelled: 'uploadCancelled', kept: 'uploadDone' } as const;
      res.redirect(303, withQuery(back, noticeQuery(notice[outcome.kind], { ref: r.referenceNumber })));
    } catch (error) {
      if (OtherStudentUnconfirmed.is(error)) {
        // Nothing saved; the same screen again, saying what is missing.
        const { pending } = await getPendingUpload(deps.ctx, actorOf(res), {
          reference: r.referenceNumber,
          pendingId: req.params.id,
        });
        if (pending) {
          res
            .status(409)
            .type('html')
            .send(
              renderPage(req, res, {
                title: t(lang, 'validationTitle'),
                body: validationPage(res, r, pending.id, pending.rows, back),
                section: 'requests',
                error: t(lang, 'otherStudentUnconfirmed'),
              }),
            );
          return;
        }
      }
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
