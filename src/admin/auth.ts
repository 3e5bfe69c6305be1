/**
 * Sign-in and sign-out, the language switch and the board's school selector. User names and
 * passwords are case-sensitive; the refusal message is the same whether the user exists, the
 * password is wrong, the account is locked or disabled.
 */
import type { Router, Request, Response } from 'express';
import { html } from './html.js';
import { isLang, t } from './i18n.js';
import { KNOWN_BROWSER_DAYS, signIn } from '../accounts/sign-in.js';
import {
  BROWSER_COOKIE,
  clearCookie,
  LANG_COOKIE,
  LOGIN_CSRF_COOKIE,
  parseCookies,
  randomToken,
  sameToken,
  SESSION_COOKIE,
  setCookie,
} from './session.js';
import {
  checkCsrf,
  langOf,
  noticeQuery,
  readNotice,
  renderPage,
  requireStaff,
  safeLocalPath,
  staffOf,
  type AdminDeps,
} from './web.js';
import { SchoolOutOfScope } from './errors.js';

function signInPage(
  req: Request,
  res: Response,
  options: { csrf: string; error?: string; username?: string; next: string; status?: number },
) {
  const lang = langOf(req, res);
  const { notice } = readNotice(req, lang);
  const expired = req.query.expired === '1' ? t(lang, 'sessionExpired') : undefined;
  const body = html`<section class="card narrow">
    <h1>${t(lang, 'signInTitle')}</h1>
    <form method="post" action="/connexion" class="stack">
      <input type="hidden" name="_csrf" value="${options.csrf}">
      <input type="hidden" name="next" value="${options.next}">
      <div class="field"><label for="username">${t(lang, 'username')}</label>
        <input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${options.username ?? ''}"></div>
      <div class="field"><label for="password">${t(lang, 'password')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required></div>
      <p class="hint">${t(lang, 'caseSensitive')}</p>
      <div class="buttons"><button type="submit" class="primary">${t(lang, 'signIn')}</button></div>
    </form>
  </section>`;
  res
    .status(options.status ?? 200)
    .type('html')
    .send(
      renderPage(req, res, {
        title: t(lang, 'signInTitle'),
        body,
        notice: notice ?? expired,
        error: options.error,
      }),
    );
}

export function mountAuth(router: Router, deps: AdminDeps): void {
  const { ctx, sessions } = deps;

  router.get('/connexion', (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    // Double-submit token: the sign-in form cannot be posted from another site.
    const csrf = randomToken();
    setCookie(res, req, ctx.config, LOGIN_CSRF_COOKIE, csrf, 3600);
    signInPage(req, res, { csrf, next: safeLocalPath(req.query.next) });
  });

  router.post('/connexion', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const lang = langOf(req, res);
    const next = safeLocalPath(body.next);
    const cookieToken = parseCookies(req.headers.cookie)[LOGIN_CSRF_COOKIE];
    const freshCsrf = randomToken();
    const refuse = (message: string, status: number) => {
      setCookie(res, req, ctx.config, LOGIN_CSRF_COOKIE, freshCsrf, 3600);
      signInPage(req, res, {
        csrf: freshCsrf,
        error: message,
        username: typeof body.username === 'string' ? body.username : '',
        next,
        status,
      });
    };
    if (!sameToken(typeof body._csrf === 'string' ? body._csrf : undefined, cookieToken)) {
      refuse(t(lang, 'csrfRefused'), 403);
      return;
    }
    const cookies = parseCookies(req.headers.cookie);
    const browser = /^[A-Za-z0-9_-]{43}$/.test(cookies[BROWSER_COOKIE] ?? '')
      ? cookies[BROWSER_COOKIE]
      : randomToken();
    const outcome = await signIn(
      ctx,
      { address: req.ip, browser },
      {
        username: typeof body.username === 'string' ? body.username : '',
        password: typeof body.password === 'string' ? body.password : '',
      },
    );
    if (!outcome.ok) {
      if (outcome.reason === 'address-limit') {
        res.setHeader('Retry-After', String(outcome.retryAfterSeconds));
        refuse(t(lang, 'tooManySignIns', { minutes: Math.ceil(outcome.retryAfterSeconds / 60) }), 429);
      } else refuse(t(lang, 'badCredentials'), 401);
      return;
    }
    const { user } = outcome;
    // The language the person chose on the sign-in page (the switch sets the cookie) stays after
    // sign-in and becomes their account's preference; without a choice, the account's preference.
    const chosen = cookies[LANG_COOKIE];
    const language = isLang(chosen) ? chosen : user.language;
    if (language !== user.language) await ctx.store.users.setLanguage(user.id, language);
    const token = await sessions.create(user, language, req.get('user-agent'));
    setCookie(res, req, ctx.config, SESSION_COOKIE, token, sessions.cookieSeconds);
    setCookie(res, req, ctx.config, BROWSER_COOKIE, browser, KNOWN_BROWSER_DAYS * 86400);
    clearCookie(res, req, ctx.config, LOGIN_CSRF_COOKIE);
    res.redirect(303, next === '/' ? '/demandes' : next);
  });

  router.post('/deconnexion', requireStaff(deps), async (req, res) => {
    checkCsrf(req, res);
    await sessions.delete(staffOf(res).session.id);
    clearCookie(res, req, ctx.config, SESSION_COOKIE);
    res.redirect(303, `/connexion?${noticeQuery('signedOut')}`);
  });

  // The switch is a plain link on every page: it changes only the display language.
  router.get('/langue/:lang', async (req, res) => {
    const lang = req.params.lang;
    const next = safeLocalPath(req.query.next, '/demandes');
    if (!isLang(lang)) {
      res.redirect(303, next);
      return;
    }
    setCookie(res, req, ctx.config, LANG_COOKIE, lang, 365 * 86400);
    const session = await sessions.find(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    if (session) {
      await sessions.setLanguage(session.id, lang);
      await ctx.store.users.setLanguage(session.user.id, lang);
    }
    res.redirect(303, next);
  });

  router.post('/ecole', requireStaff(deps), async (req, res) => {
    checkCsrf(req, res);
    const staff = staffOf(res);
    const raw = (req.body as Record<string, unknown>)?.school;
    const id = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : null;
    if (staff.user.role === 'SCHOOL') throw SchoolOutOfScope(String(raw ?? ''));
    // The selector narrows what a person sees; it never widens it.
    if (id !== null && !staff.schools.some((s) => s.id === id)) throw SchoolOutOfScope(String(id));
    await sessions.selectSchool(staff.session.id, id);
    const back = safeLocalPath(
      (req.body as Record<string, unknown>)?.back ?? req.get('referer')?.replace(/^https?:\/\/[^/]+/, ''),
      '/demandes',
    );
    res.redirect(303, back.replace(/([?&])page=\d+&?/, '$1'));
  });
}
