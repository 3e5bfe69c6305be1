/**
 * The staff pages' form bodies (application/x-www-form-urlencoded), read by the body mechanism of
 * src/http/refused-body.ts: a body other than a multipart upload that declares more than FORM_BYTES
 * is refused with 413 before any of it is read, whoever sends it (signed in or not) and whatever its
 * type; a form that passes FORM_BYTES while arriving stops being read at that moment and is refused
 * the same way; the connection is closed after either answer. Multipart uploads are the upload
 * routes' own (src/admin/upload.ts).
 */
import { parse } from 'node:querystring';
import type { NextFunction, Request, Response } from 'express';
import { announcesBody, declaresMoreThan, readUpTo, stopReading } from '../http/refused-body.js';
import { FormEncodingRefused, FormTooLarge, FormUnreadable } from './errors.js';

/** The most a page's form may send. */
export const FORM_BYTES = 64 * 1024;
/** The most fields a form may have. */
export const FORM_FIELDS = 200;

export async function readForms(req: Request, _res: Response, next: NextFunction): Promise<void> {
  if (!announcesBody(req) || req.is('multipart/form-data')) return next();
  if (declaresMoreThan(req, FORM_BYTES)) {
    stopReading(req);
    return next(FormTooLarge(`more than ${FORM_BYTES} bytes`));
  }
  if (!req.is('application/x-www-form-urlencoded')) return next();
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  const charset = /;\s*charset\s*=\s*"?([\w-]+)"?/i
    .exec(req.headers['content-type'] ?? '')?.[1]
    ?.toLowerCase();
  if (
    (encoding !== 'identity' && encoding !== '') ||
    (charset && charset !== 'utf-8' && charset !== 'utf8')
  ) {
    stopReading(req);
    return next(
      FormEncodingRefused(charset && charset !== 'utf-8' ? `in ${charset}` : `${encoding}-encoded`),
    );
  }
  let raw: Buffer | undefined;
  try {
    raw = await readUpTo(req, FORM_BYTES);
  } catch (error) {
    return next(FormUnreadable((error as Error).message));
  }
  if (raw === undefined) return next(FormTooLarge(`more than ${FORM_BYTES} bytes`));
  const text = raw.toString('utf8');
  if (text.split('&').length > FORM_FIELDS) return next(FormTooLarge(`more than ${FORM_FIELDS} fields`));
  req.body = text === '' ? {} : parse(text, '&', '=', { maxKeys: 0 });
  next();
}
