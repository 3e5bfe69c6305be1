/**
 * What every admin route shares: who is signed in and what they may see (their scope), the CSRF
 * check, the page shell (header, navigation, language switch, school selector) and notices.
 */
import type { NextFunction, Request, Response } from 'express';
import type { AppContext } from '../context.js';
import type { Scope } from '../store/requests.js';
import type { School } from '../store/organisations.js';
import type { User } from '../store/users.js';
import { html, raw, type SafeHtml } from './html.js';
import { isLang, t, type Lang, type MessageKey } from './i18n.js';
import {
  LANG_COOKIE,
  parseCookies,
  sameToken,
  SESSION_COOKIE,
  type SessionStore,
  type StaffSession,
} from './session.js';
import { CsrfRefused } from './errors.js';
import { Forbidden } from '../errors.js';
import type { ParkedUploads } from './parked-uploads.js';
import type { UploadReceipts } from './upload.js';
import { STATUSES, statusLabel, type Status } from '../domain/status.js';
import type { BusinessCalendar } from '../domain/business-time.js';
import type { StaffActor } from '../requests/access.js';

export interface Staff {
  session: StaffSession;
  user: User;
  lang: Lang;
  /** What this person may see right now (the selector narrows a board to one school). */
  scope: Scope;
  /** The schools the selector offers (board and admin users), or the user's own school. */
  schools: School[];
  selectedSchool: School | null;
}

export interface AdminDeps {
  ctx: AppContext;
  sessions: SessionStore;
  /** Board id → board code, for the business calendar; refreshed every minute. */
  boardCode(boardId: number): Promise<string>;
  /** The age counter of a board's business calendar (kept between pages). */
  calendar(boardCode: string): BusinessCalendar;
  /** Files of uploads posted after the session expired, until the person signs in again. */
  parked: ParkedUploads;
  /** The uploads being received (per person and in all); one of the upload page's own when absent. */
  uploadReceipts?: UploadReceipts;
  /** Keeps the file of an upload posted after the session expired; true when it was kept. */
  parkExpiredUpload?(req: Request, res: Response, reference: string): Promise<boolean>;
}

/**
 * Where a form posted with an expired session sends the person after signing in again: back to
 * the request, with a message; nothing of the form is applied, an upload's file is kept.
 */
async function afterExpiredPost(deps: AdminDeps, req: Request, res: Response): Promise<string | undefined> {
  const m = /^\/demandes\/([A-Za-z0-9]{1,30})\/(televerser|action|validation\/[\w-]{1,80}|candidat)$/.exec(
    req.path,
  );
  if (!m) return undefined;
  const ref = m[1];
  const page = `/demandes/${ref}`;
  if (m[2] === 'televerser') {
    const kept = (await deps.parkExpiredUpload?.(req, res, ref)) ?? false;
    return withQuery(page, noticeQuery(kept ? 'expiredUploadKept' : 'expiredNothingSaved', { ref }));
  }
  const action = (req.body as Record<string, unknown> | undefined)?.action;
  const chosen =
    m[2] === 'action' && typeof action === 'string' && (STATUSES as readonly string[]).includes(action)
      ? `&choisir=${action}`
      : '';
  return withQuery(page, noticeQuery('expiredNothingSaved', { ref })) + chosen;
}

export function staffOf(res: Response): Staff {
  return res.locals.staff as Staff;
}

/** The signed-in person as the commands on requests know them. */
export function actorOf(res: Response): StaffActor {
  const staff = staffOf(res);
  return { kind: 'STAFF', username: staff.user.username, scope: staff.scope, sessionId: staff.session.id };
}

export function langOf(req: Request, res: Response): Lang {
  const staff = res.locals.staff as Staff | undefined;
  if (staff) return staff.lang;
  const cookie = parseCookies(req.headers.cookie)[LANG_COOKIE];
  return isLang(cookie) ? cookie : 'fr';
}

/** A local path to come back to; anything else (another site, a protocol-relative URL) is dropped. */
export function safeLocalPath(value: unknown, fallback = '/demandes'): string {
  if (typeof value !== 'string' || value.length > 2000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\r\n]/.test(value))
    return fallback;
  return value;
}

export async function resolveStaff(deps: AdminDeps, session: StaffSession): Promise<Staff> {
  const { user } = session;
  const orgs = deps.ctx.store.organisations;
  let schools: School[];
  let scope: Scope;
  let selectedSchool: School | null;
  if (user.role === 'SCHOOL') {
    const own = user.schoolId === null ? undefined : await orgs.school(user.schoolId);
    schools = own ? [own] : [];
    selectedSchool = own ?? null;
    // A school user without a school sees nothing: an impossible id, never "everything".
    scope = { schoolId: own?.id ?? -1 };
  } else if (user.role === 'BOARD') {
    schools = user.boardId === null ? [] : await orgs.schoolsOfBoard(user.boardId);
    selectedSchool = schools.find((s) => s.id === session.selectedSchoolId) ?? null;
    scope = selectedSchool ? { schoolId: selectedSchool.id } : { boardId: user.boardId ?? -1 };
  } else {
    schools = await orgs.allSchools();
    selectedSchool = schools.find((s) => s.id === session.selectedSchoolId) ?? null;
    scope = selectedSchool ? { schoolId: selectedSchool.id } : { all: true };
  }
  return { session, user, lang: session.language, scope, schools, selectedSchool };
}

/** Signed-in staff only; a GET without a session goes to the sign-in page and comes back after. */
export function requireStaff(deps: AdminDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    const session = await deps.sessions.find(token);
    res.setHeader('Cache-Control', 'no-store');
    if (!session) {
      if (req.method === 'GET' || req.method === 'HEAD') {
        res.redirect(
          303,
          `/connexion?next=${encodeURIComponent(safeLocalPath(req.originalUrl))}${token ? '&expired=1' : ''}`,
        );
      } else {
        // Only a browser that had a session gets here with its cookie (a post from another site
        // carries no SameSite=Lax cookie): back to sign-in, then to the request, nothing applied.
        const next = token ? await afterExpiredPost(deps, req, res) : undefined;
        if (next) res.redirect(303, `/connexion?next=${encodeURIComponent(next)}&expired=1`);
        else
          res
            .status(401)
            .type('html')
            .send(errorPage(req, res, 401, t(langOf(req, res), 'sessionExpired')));
      }
      return;
    }
    res.locals.staff = await resolveStaff(deps, session);
    next();
  };
}

export function requireRole(...roles: User['role'][]) {
  return (_req: Request, res: Response, next: NextFunction) => {
    if (!roles.includes(staffOf(res).user.role)) throw Forbidden();
    next();
  };
}

/** Every POST carries the session's CSRF token (hidden field `_csrf` or header x-csrf-token). */
export function checkCsrf(req: Request, res: Response, submitted?: string): void {
  const staff = staffOf(res);
  const value =
    submitted ?? (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
  if (!sameToken(typeof value === 'string' ? value : undefined, staff.session.csrf)) throw CsrfRefused();
}

export function csrfField(res: Response): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${staffOf(res).session.csrf}">`;
}

export type Section = 'requests' | 'reports' | 'notifications' | 'users' | 'schools' | 'none';

export interface PageOptions {
  title: string;
  body: SafeHtml;
  section?: Section;
  /** Show the board's school selector (requests and reports). */
  selector?: boolean;
  notice?: SafeHtml | string | null;
  error?: SafeHtml | string | null;
  /** Print view: no navigation, no forms. */
  print?: boolean;
}

function languageLink(req: Request, lang: Lang): SafeHtml {
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  const href = `/langue/${other}?next=${encodeURIComponent(safeLocalPath(req.originalUrl, '/'))}`;
  return html`<a class="lang-switch" href="${href}" lang="${other}" hreflang="${other}">${t(lang, 'switchLanguage')}</a>`;
}

function selectorForm(req: Request, res: Response, lang: Lang): SafeHtml {
  const staff = staffOf(res);
  if (staff.user.role === 'SCHOOL') {
    const school = staff.selectedSchool;
    return school
      ? html`<p class="school-name"><span class="label">${t(lang, 'schoolSelector')}</span> <strong>${school.name}</strong></p>`
      : html``;
  }
  return html`<form class="school-selector" method="post" action="/ecole">
    ${csrfField(res)}
    <input type="hidden" name="back" value="${safeLocalPath(req.originalUrl)}">
    <label for="school-select">${t(lang, 'schoolSelector')}</label>
    <select id="school-select" name="school" data-autosubmit>
      <option value="">${t(lang, 'allSchools')}</option>
      ${staff.schools.map((s) => html`<option value="${s.id}"${raw(staff.selectedSchool?.id === s.id ? ' selected' : '')}>${s.name}${s.city ? ` (${s.city})` : ''}</option>`)}
    </select>
    <button type="submit">${t(lang, 'select')}</button>
  </form>`;
}

function nav(res: Response, lang: Lang, section: Section): SafeHtml {
  const staff = staffOf(res);
  const items: Array<[Section, string, MessageKey]> = [
    ['requests', '/demandes', 'navRequests'],
    ['reports', '/rapports', 'navReports'],
    ['notifications', '/avis', 'navNotifications'],
  ];
  if (staff.user.role === 'ADMIN')
    items.push(['users', '/admin/utilisateurs', 'navUsers'], ['schools', '/admin/ecoles', 'navSchools']);
  return html`<nav class="main-nav" aria-label="${t(lang, 'mainNav')}"><ul>
    ${items.map(([key, href, label]) => html`<li><a href="${href}"${raw(key === section ? ' aria-current="page"' : '')}>${t(lang, label)}</a></li>`)}
  </ul></nav>`;
}

export function renderPage(req: Request, res: Response, options: PageOptions): string {
  const lang = langOf(req, res);
  const staff = res.locals.staff as Staff | undefined;
  const section = options.section ?? 'none';
  const header = html`<header class="site-header">
    <div class="brand"><a href="/demandes"><span class="brand-mark" aria-hidden="true">é</span> <span class="brand-name">${t(lang, 'product')}</span></a>
      <span class="brand-long">${t(lang, 'productLong')}</span></div>
    <div class="header-tools">
      ${languageLink(req, lang)}
      ${
        staff
          ? html`<span class="who">${t(lang, 'signedInAs')} <strong>${staff.user.displayName}</strong></span>
          <form method="post" action="/deconnexion" class="inline">${csrfField(res)}<button type="submit" class="link-button">${t(lang, 'signOut')}</button></form>`
          : ''
      }
    </div>
  </header>`;
  const doc = html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} – ${t(lang, 'product')}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/etms.css">
<script src="/assets/etms.js" defer></script>
</head>
<body class="${options.print ? 'print-view' : ''}">
<a class="skip-link" href="#main">${t(lang, 'skipToContent')}</a>
${options.print ? '' : header}
${staff && !options.print ? nav(res, lang, section) : ''}
<main id="main" tabindex="-1">
${staff && options.selector && !options.print ? selectorForm(req, res, lang) : ''}
${options.notice ? html`<div class="notice" role="status">${options.notice}</div>` : ''}
${options.error ? html`<div class="alert" role="alert">${options.error}</div>` : ''}
${options.body}
</main>
<footer class="site-footer"><p>${t(lang, 'productLong')}</p></footer>
</body>
</html>`;
  return doc.value;
}

export function errorPage(req: Request, res: Response, status: number, message: string): string {
  const lang = langOf(req, res);
  return renderPage(req, res, {
    title: t(lang, 'errorTitle'),
    body: html`<h1>${t(lang, 'errorTitle')} ${status}</h1><p>${message}</p><p><a href="/demandes">${t(lang, 'back')}</a></p>`,
  });
}

/** Notices travel in the redirect's query string as a key from this list, never as free text. */
const NOTICE_KEYS = [
  'actionDone',
  'actionMissing',
  'actionRefused',
  'staleRequest',
  'uploadDone',
  'uploadCancelled',
  'pendingExpired',
  'pickDone',
  'signedOut',
  'notifSaved',
  'userAdded',
  'userDisabled',
  'userEnabled',
  'passwordReset',
  'schoolAdded',
  'expiredUploadKept',
  'expiredNothingSaved',
] as const satisfies readonly MessageKey[];
const ERROR_NOTICES = new Set<string>([
  'actionMissing',
  'actionRefused',
  'staleRequest',
  'pendingExpired',
  'expiredNothingSaved',
]);

export function noticeQuery(
  key: (typeof NOTICE_KEYS)[number],
  vars: { ref?: string; status?: Status; user?: string; school?: string } = {},
): string {
  const params = new URLSearchParams({ notice: key });
  for (const [k, v] of Object.entries(vars)) if (v) params.set(k, v);
  return params.toString();
}

export function withQuery(path: string, query: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}${query}`;
}

/** The notice of a redirect, split into a confirmation or an error message. */
export function readNotice(req: Request, lang: Lang): { notice?: string; error?: string } {
  const key = req.query.notice;
  if (typeof key !== 'string' || !(NOTICE_KEYS as readonly string[]).includes(key)) return {};
  const str = (name: string, pattern: RegExp) => {
    const v = req.query[name];
    return typeof v === 'string' && pattern.test(v) ? v : '';
  };
  const status = str('status', /^[A-Z_]+$/);
  const text = t(lang, key as MessageKey, {
    ref: str('ref', /^[A-Z0-9]{1,30}$/),
    status: (STATUSES as readonly string[]).includes(status) ? statusLabel(status as Status, lang) : '',
    user: str('user', /^[A-Za-z0-9._@-]{1,64}$/),
    school: str('school', /^[A-Za-z0-9]{1,12}$/),
  });
  return ERROR_NOTICES.has(key) ? { error: text } : { notice: text };
}
