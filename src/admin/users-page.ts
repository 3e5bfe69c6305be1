/**
 * Administrators' pages: the users (list, add, disable/enable, reset password) and the schools
 * (list, add). Only the ADMIN role reaches them.
 */
import type { Request, Response, Router } from 'express';
import { isEtmsError } from '../errors.js';
import type { Role } from '../store/users.js';
import { html, raw } from './html.js';
import { t, type Lang } from './i18n.js';
import {
  checkCsrf,
  csrfField,
  noticeQuery,
  readNotice,
  renderPage,
  requireRole,
  requireStaff,
  staffOf,
  type AdminDeps,
} from './web.js';

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const ROLES: Role[] = ['SCHOOL', 'BOARD', 'ADMIN'];

export function mountUsersPage(router: Router, deps: AdminDeps): void {
  const { store } = deps.ctx;
  const guard = [requireStaff(deps), requireRole('ADMIN')];

  async function usersPage(req: Request, res: Response, error?: string, status = 200) {
    const lang: Lang = staffOf(res).lang;
    const [users, boards, schools] = await Promise.all([
      store.users.list(),
      store.organisations.boards(),
      store.organisations.allSchools(),
    ]);
    const boardName = new Map(boards.map((b) => [b.id, b.name]));
    const schoolName = new Map(schools.map((s) => [s.id, s.name]));
    const now = deps.ctx.clock();
    const { notice, error: noticeError } = readNotice(req, lang);
    const form = (req.body ?? {}) as Record<string, unknown>;
    const body = html`<h1>${t(lang, 'usersTitle')}</h1>
      <div class="table-wrap"><table class="plain">
        <thead><tr><th scope="col">${t(lang, 'username')}</th><th scope="col">${t(lang, 'displayName')}</th><th scope="col">${t(lang, 'role')}</th><th scope="col">${t(lang, 'board')} / ${t(lang, 'school')}</th><th scope="col">${t(lang, 'state')}</th><th scope="col">${t(lang, 'actionLegend')}</th></tr></thead>
        <tbody>${users.map((u) => {
          const state = u.disabledAt
            ? t(lang, 'disabled')
            : u.lockedUntil && u.lockedUntil > now
              ? t(lang, 'locked')
              : t(lang, 'active');
          const action = `/admin/utilisateurs/${encodeURIComponent(u.username)}`;
          return html`<tr><td>${u.username}</td><td>${u.displayName}</td><td>${t(lang, `role${u.role}`)}</td>
            <td>${u.schoolId ? schoolName.get(u.schoolId) : u.boardId ? boardName.get(u.boardId) : t(lang, 'none')}</td><td>${state}</td>
            <td class="user-actions">
              <form method="post" action="${action}/${u.disabledAt ? 'activer' : 'desactiver'}" class="inline">${csrfField(res)}<button type="submit">${t(lang, u.disabledAt ? 'enable' : 'disable')}<span class="visually-hidden"> ${u.username}</span></button></form>
              <form method="post" action="${action}/mot-de-passe" class="inline">${csrfField(res)}
                <label for="pw-${u.id}" class="visually-hidden">${t(lang, 'newPassword')} (${u.username})</label>
                <input type="password" id="pw-${u.id}" name="password" autocomplete="new-password" placeholder="${t(lang, 'newPassword')}" required minlength="10">
                <button type="submit">${t(lang, 'resetPassword')}</button></form>
            </td></tr>`;
        })}</tbody>
      </table></div>
      <section class="card"><h2>${t(lang, 'addUser')}</h2>
        <form method="post" action="/admin/utilisateurs" class="stack">${csrfField(res)}
          <div class="grid-3">
            <div class="field"><label for="u-name">${t(lang, 'username')}</label><input id="u-name" name="username" required value="${str(form.username)}" autocomplete="off"></div>
            <div class="field"><label for="u-display">${t(lang, 'displayName')}</label><input id="u-display" name="displayName" value="${str(form.displayName)}"></div>
            <div class="field"><label for="u-email">${t(lang, 'email')}</label><input id="u-email" name="email" type="email" value="${str(form.email)}"></div>
            <div class="field"><label for="u-role">${t(lang, 'role')}</label><select id="u-role" name="role">${ROLES.map((r) => html`<option value="${r}"${raw(str(form.role) === r ? ' selected' : '')}>${t(lang, `role${r}`)}</option>`)}</select></div>
            <div class="field"><label for="u-board">${t(lang, 'board')}</label><select id="u-board" name="boardId"><option value="">${t(lang, 'none')}</option>${boards.map((b) => html`<option value="${b.id}">${b.name} (${b.code})</option>`)}</select></div>
            <div class="field"><label for="u-school">${t(lang, 'school')}</label><select id="u-school" name="schoolId"><option value="">${t(lang, 'none')}</option>${schools.map((s) => html`<option value="${s.id}">${s.name} (${s.bsid})</option>`)}</select></div>
            <div class="field"><label for="u-pw">${t(lang, 'password')}</label><input id="u-pw" name="password" type="password" required autocomplete="new-password" aria-describedby="pw-help"><span id="pw-help" class="hint">${t(lang, 'passwordPolicy')}</span></div>
            <div class="field"><label for="u-lang">${t(lang, 'fLanguage')}</label><select id="u-lang" name="language"><option value="fr">${t(lang, 'languageFr')}</option><option value="en">${t(lang, 'languageEn')}</option></select></div>
          </div>
          <div class="buttons"><button type="submit" class="primary">${t(lang, 'add')}</button></div>
        </form></section>`;
    res
      .status(status)
      .type('html')
      .send(
        renderPage(req, res, {
          title: t(lang, 'usersTitle'),
          body,
          section: 'users',
          notice,
          error: error ?? noticeError,
        }),
      );
  }

  router.get('/admin/utilisateurs', ...guard, (req, res) => usersPage(req, res));

  router.post('/admin/utilisateurs', ...guard, async (req, res) => {
    checkCsrf(req, res);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const lang = staffOf(res).lang;
    const role = str(b.role) as Role;
    const schoolId = /^\d+$/.test(str(b.schoolId)) ? Number(str(b.schoolId)) : null;
    const boardId = /^\d+$/.test(str(b.boardId)) ? Number(str(b.boardId)) : null;
    if (!ROLES.includes(role)) return usersPage(req, res, t(lang, 'forbidden'), 400);
    if (role === 'SCHOOL' && !schoolId) return usersPage(req, res, t(lang, 'roleNeedsSchool'), 400);
    if (role === 'BOARD' && !boardId) return usersPage(req, res, t(lang, 'roleNeedsBoard'), 400);
    try {
      const school = schoolId ? await store.organisations.school(schoolId) : undefined;
      const user = await store.users.create({
        username: str(b.username),
        displayName: str(b.displayName) || undefined,
        email: str(b.email) || null,
        role,
        schoolId: role === 'SCHOOL' ? (school?.id ?? null) : null,
        boardId: role === 'SCHOOL' ? (school?.boardId ?? null) : role === 'BOARD' ? boardId : null,
        language: str(b.language) === 'en' ? 'en' : 'fr',
        password: typeof b.password === 'string' ? b.password : '',
      });
      res.redirect(303, `/admin/utilisateurs?${noticeQuery('userAdded', { user: user.username })}`);
    } catch (error) {
      if (isEtmsError(error)) return usersPage(req, res, error.message, error.status);
      throw error;
    }
  });

  const userAction = (
    path: string,
    run: (username: string, body: Record<string, unknown>) => Promise<void>,
    notice: 'userDisabled' | 'userEnabled' | 'passwordReset',
  ) =>
    router.post(`/admin/utilisateurs/:username/${path}`, ...guard, async (req, res) => {
      checkCsrf(req, res);
      const username = String(req.params.username);
      try {
        await run(username, (req.body ?? {}) as Record<string, unknown>);
        res.redirect(303, `/admin/utilisateurs?${noticeQuery(notice, { user: username })}`);
      } catch (error) {
        if (isEtmsError(error)) return usersPage(req, res, error.message, error.status);
        throw error;
      }
    });
  userAction('desactiver', (u) => store.users.disable(u), 'userDisabled');
  userAction('activer', (u) => store.users.enable(u), 'userEnabled');
  userAction(
    'mot-de-passe',
    (u, b) => store.users.resetPassword(u, typeof b.password === 'string' ? b.password : ''),
    'passwordReset',
  );

  async function schoolsPage(req: Request, res: Response, error?: string, status = 200) {
    const lang: Lang = staffOf(res).lang;
    const [boards, schools] = await Promise.all([
      store.organisations.boards(),
      store.organisations.allSchools(),
    ]);
    const boardOf = new Map(boards.map((b) => [b.id, b]));
    const { notice } = readNotice(req, lang);
    const body = html`<h1>${t(lang, 'schoolsTitle')}</h1>
      <div class="table-wrap"><table class="plain">
        <thead><tr><th scope="col">${t(lang, 'bsid')}</th><th scope="col">${t(lang, 'schoolName')}</th><th scope="col">${t(lang, 'city')}</th><th scope="col">${t(lang, 'board')}</th></tr></thead>
        <tbody>${schools.map((s) => html`<tr><td>${s.bsid}</td><td>${s.name}</td><td>${s.city ?? ''}</td><td>${boardOf.get(s.boardId)?.name ?? ''} (${boardOf.get(s.boardId)?.code ?? ''})</td></tr>`)}</tbody>
      </table></div>
      <section class="card"><h2>${t(lang, 'addSchool')}</h2>
        <form method="post" action="/admin/ecoles" class="stack">${csrfField(res)}
          <div class="grid-3">
            <div class="field"><label for="s-bsid">${t(lang, 'bsid')}</label><input id="s-bsid" name="bsid" required pattern="[0-9A-Za-z]{1,12}"></div>
            <div class="field"><label for="s-name">${t(lang, 'schoolName')}</label><input id="s-name" name="name" required></div>
            <div class="field"><label for="s-city">${t(lang, 'city')}</label><input id="s-city" name="city"></div>
            <div class="field"><label for="s-board">${t(lang, 'boardCode')}</label><input id="s-board" name="boardCode" required list="board-codes"><datalist id="board-codes">${boards.map((b) => html`<option value="${b.code}">${b.name}</option>`)}</datalist></div>
            <div class="field"><label for="s-boardname">${t(lang, 'boardName')}</label><input id="s-boardname" name="boardName"></div>
          </div>
          <div class="buttons"><button type="submit" class="primary">${t(lang, 'add')}</button></div>
        </form></section>`;
    res
      .status(status)
      .type('html')
      .send(
        renderPage(req, res, { title: t(lang, 'schoolsTitle'), body, section: 'schools', notice, error }),
      );
  }

  router.get('/admin/ecoles', ...guard, (req, res) => schoolsPage(req, res));

  router.post('/admin/ecoles', ...guard, async (req, res) => {
    checkCsrf(req, res);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const lang = staffOf(res).lang;
    const bsid = str(b.bsid);
    const name = str(b.name);
    const code = str(b.boardCode);
    if (!/^[0-9A-Za-z]{1,12}$/.test(bsid) || !name || !code)
      return schoolsPage(req, res, t(lang, 'schoolFieldsMissing'), 400);
    const existing = await store.organisations.boardByCode(code);
    const board = existing ?? (await store.organisations.upsertBoard(code, str(b.boardName) || code));
    await store.organisations.upsertSchool(board.id, bsid, name, str(b.city) || null);
    res.redirect(303, `/admin/ecoles?${noticeQuery('schoolAdded', { school: bsid })}`);
  });
}
