/**
 * The staff admin pages: one router with its own security headers (strict CSP, no inline script or
 * style), form parsing, static assets and HTML error pages; each page lives in its own module.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { secureCookies } from './session.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Mount } from '../http/app.js';
import { isEtmsError } from '../errors.js';
import { RequestNotFound } from '../domain/errors.js';
import { CsrfRefused, FormTooLarge } from './errors.js';
import { readForms } from './form.js';
import { SessionStore, setCookie } from './session.js';
import { errorPage, langOf, safeLocalPath, type AdminDeps } from './web.js';
import { PARKED_COOKIE, ParkedUploads } from './parked-uploads.js';
import { addressKey } from '../accounts/address.js';
import { nulPaths } from '../text/nul.js';
import { mountAuth } from './auth.js';
import { mountRequestsPage } from './requests-page.js';
import { mountDetailPage } from './detail-page.js';
import { mountUpload, parseUpload, uploadBodyLimit } from './upload.js';
import { declaresMoreThan } from '../http/refused-body.js';
import { mountReportsPage } from './reports-page.js';
import { mountNotificationsPage } from './notifications-page.js';
import { mountUsersPage } from './users-page.js';
import { t } from './i18n.js';

const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'assets');

export const mountAdmin: Mount = (app, ctx) => {
  const sessions = new SessionStore(ctx.store, {
    hours: ctx.config.security.sessionHours,
    maxHours: ctx.config.security.sessionMaxHours,
    clock: () => ctx.clock(),
  });
  const parked = new ParkedUploads();
  let boardCache: { at: number; codes: Map<number, string> } | undefined;
  const deps: AdminDeps = {
    ctx,
    sessions,
    async boardCode(boardId) {
      if (!boardCache || Date.now() - boardCache.at > 60_000 || !boardCache.codes.has(boardId)) {
        const boards = await ctx.store.organisations.boards();
        boardCache = { at: Date.now(), codes: new Map(boards.map((b) => [b.id, b.code])) };
      }
      return boardCache.codes.get(boardId) ?? '';
    },
    calendar: (boardCode) => ctx.calendar(boardCode),
    parked,
    async parkExpiredUpload(req, res, reference) {
      if (!req.is('multipart/form-data')) return false;
      const maxBytes = ctx.config.upload.maxBytes;
      if (declaresMoreThan(req, uploadBodyLimit(maxBytes))) return false;
      // Anyone may send a session cookie: a few files are read at once, one per address; the rest
      // are not read at all (the refused body is then cut as any other).
      const address = addressKey(req.ip);
      const done = parked.startReading(address);
      if (!done) return false;
      let upload: Awaited<ReturnType<typeof parseUpload>>;
      try {
        upload = await parseUpload(req, maxBytes);
      } finally {
        done();
      }
      if (upload.tooLarge || !upload.file || upload.file.bytes.length === 0) return false;
      const id = parked.park({
        reference,
        fileName: upload.file.name.slice(0, 200),
        bytes: upload.file.bytes,
        version: upload.fields.version ?? '',
        back: safeLocalPath(upload.fields.back, `/demandes/${reference}`),
        address,
      });
      setCookie(res, req, ctx.config, PARKED_COOKIE, id, parked.ttlMs / 1000);
      return true;
    },
  };

  const router = express.Router();
  router.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
        },
      },
      // Set below, request by request: with `auto`, only what arrived over TLS (directly, or through
      // a proxy trusted by `http.trustProxy`) may pin the browser to HTTPS.
      strictTransportSecurity: false,
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  router.use((req, res, next) => {
    if (secureCookies(ctx.config, req))
      res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  });
  router.use('/assets', express.static(ASSETS_DIR, { maxAge: '1h', index: false, fallthrough: false }));
  router.use(readForms);
  // A NUL character (%00) in an address or a form is no one's typing, and no text column can store
  // it: refused as a bad request before any page reads it.
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (nulPaths(req.query).length > 0 || nulPaths(req.body).length > 0) {
      res
        .status(400)
        .type('html')
        .send(errorPage(req, res, 400, t(langOf(req, res), 'badRequest')));
      return;
    }
    next();
  });

  mountAuth(router, deps);
  mountRequestsPage(router, deps);
  mountDetailPage(router, deps);
  mountUpload(router, deps);
  mountReportsPage(router, deps);
  mountNotificationsPage(router, deps);
  mountUsersPage(router, deps);

  // A page address that does not exist gets a page in the person's language, with the site's header;
  // the machine interfaces (/api, /soap) answer their own way, after this router.
  router.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || /^\/(api|soap)(\/|$)/.test(req.path)) {
      next();
      return;
    }
    res
      .status(404)
      .type('html')
      .send(errorPage(req, res, 404, t(langOf(req, res), 'notFound')));
  });

  // Errors of these pages are shown as pages, in the person's language; codes stay in the log.
  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const lang = langOf(req, res);
    if (isEtmsError(error)) {
      const status = error.status;
      const message = CsrfRefused.is(error)
        ? t(lang, 'csrfRefused')
        : FormTooLarge.is(error)
          ? t(lang, 'formTooLarge')
          : RequestNotFound.is(error) || status === 404
            ? t(lang, 'notFound')
            : status === 403
              ? t(lang, 'forbidden')
              : error.message;
      res
        .status(status)
        .type('html')
        .send(errorPage(req, res, status, message));
      return;
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Express's own refusals (unknown asset, body too large, malformed form).
      res
        .status(status)
        .type('html')
        .send(errorPage(req, res, status, status === 404 ? t(lang, 'notFound') : t(lang, 'badRequest')));
      return;
    }
    ctx.log.error({ err: error, path: req.path }, 'admin page failed');
    res
      .status(500)
      .type('html')
      .send(errorPage(req, res, 500, t(lang, 'serverError')));
  });

  app.use(router);
};

export {
  runUserAdd,
  runUserDisable,
  runUserEnable,
  runUserResetPassword,
  runUserUnlock,
} from './user-commands.js';
