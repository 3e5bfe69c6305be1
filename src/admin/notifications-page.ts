/**
 * « Avis sommaires – Configuration »: the guide's fields, per school (school user) or for the board
 * or one of its schools (board user). « Effacer » shows an empty form and saves nothing;
 * « Soumettre » checks and saves. Parsing and storage belong to src/notify/settings.ts.
 */
import type { Request, Response, Router } from 'express';
import {
  emptyNotificationSettings,
  getNotificationSettings,
  parseNotificationForm,
  saveNotificationSettings,
  TIME_ZONES,
  type FieldError,
  type FormValue,
  type NotificationScope,
  type NotificationSettingsInput,
} from '../notify/settings.js';
import { html, raw, type SafeHtml } from './html.js';
import { t, type Lang, type MessageKey } from './i18n.js';
import {
  checkCsrf,
  csrfField,
  noticeQuery,
  readNotice,
  renderPage,
  requireStaff,
  staffOf,
  type AdminDeps,
  type Staff,
} from './web.js';
import { SchoolOutOfScope } from './errors.js';

const DAYS: MessageKey[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

interface Target {
  key: string;
  label: string;
  scope: NotificationScope;
}

/** The configurations this person may edit: their school, or their board and each of its schools. */
async function targetsOf(deps: AdminDeps, staff: Staff): Promise<Target[]> {
  const lang = staff.lang;
  const schools = staff.schools.map((s) => ({
    key: `school:${s.id}`,
    label: s.name,
    scope: { schoolId: s.id },
  }));
  if (staff.user.role === 'SCHOOL') return schools.slice(0, 1);
  if (staff.user.role === 'BOARD') {
    return staff.user.boardId === null
      ? schools
      : [
          {
            key: `board:${staff.user.boardId}`,
            label: t(lang, 'notifBoard'),
            scope: { boardId: staff.user.boardId },
          },
          ...schools,
        ];
  }
  const boards = await deps.ctx.store.organisations.boards();
  return [
    ...boards.map((b) => ({
      key: `board:${b.id}`,
      label: `${b.name} (${t(lang, 'board')})`,
      scope: { boardId: b.id },
    })),
    ...schools,
  ];
}

function pickTarget(targets: Target[], wanted: unknown, staff: Staff): Target {
  if (typeof wanted === 'string' && wanted) {
    const found = targets.find((t) => t.key === wanted);
    if (!found) throw SchoolOutOfScope(wanted);
    return found;
  }
  const selected = staff.selectedSchool
    ? targets.find((t) => t.key === `school:${staff.selectedSchool!.id}`)
    : undefined;
  if (!targets[0]) throw SchoolOutOfScope('');
  return selected ?? targets[0];
}

function hourLabel(hour: number, lang: Lang): string {
  if (lang === 'fr') return `${hour} h 00`;
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}:00 ${hour < 12 ? 'a.m.' : 'p.m.'}`;
}

function settingsForm(
  res: Response,
  lang: Lang,
  target: Target,
  targets: Target[],
  v: NotificationSettingsInput,
  errors: FieldError[],
): SafeHtml {
  const errorFor = (field: string) => errors.filter((e) => e.field === field);
  const describedBy = (field: string) =>
    errorFor(field).length ? raw(` aria-describedby="err-${field}" aria-invalid="true"`) : raw('');
  const fieldErrors = (field: string) =>
    errorFor(field).length
      ? html`<span class="field-error" id="err-${field}">${errorFor(field)
          .map((e) => e[lang])
          .join(' ')}</span>`
      : '';
  const check = (on: boolean) => raw(on ? ' checked' : '');
  return html`
    ${
      targets.length > 1
        ? html`<form method="get" action="/avis" class="school-selector">
          <label for="n-target">${t(lang, 'notifFor')}</label>
          <select id="n-target" name="cible" data-autosubmit>${targets.map((x) => html`<option value="${x.key}"${raw(x.key === target.key ? ' selected' : '')}>${x.label}</option>`)}</select>
          <button type="submit">${t(lang, 'select')}</button></form>`
        : ''
    }
    <form method="post" action="/avis" class="notif-form card" novalidate>
      ${csrfField(res)}
      <input type="hidden" name="cible" value="${target.key}">
      <h2>${target.label}</h2>
      <div class="field"><label class="check"><input type="checkbox" name="enabled" value="on"${check(v.enabled)}> ${t(lang, 'notifEnabled')}</label></div>
      <div class="field"><label class="check"><input type="checkbox" name="includeAutoCompleted" value="on"${check(v.includeAutoCompleted)}> ${t(lang, 'notifAuto')}</label></div>
      <fieldset${describedBy('days')}><legend>${t(lang, 'notifDays')}</legend>
        ${DAYS.map((d, i) => html`<label class="check"><input type="checkbox" name="days" value="${i}"${check(v.days.includes(i))}> ${t(lang, d)}</label>`)}
        ${fieldErrors('days')}
      </fieldset>
      <div class="grid-3">
        <div class="field"><label for="n-hour">${t(lang, 'notifHour')}</label>
          <select id="n-hour" name="hour"${describedBy('hour')}>${Array.from({ length: 24 }, (_, h) => html`<option value="${h}"${raw(v.hour === h ? ' selected' : '')}>${hourLabel(h, lang)}</option>`)}</select>${fieldErrors('hour')}</div>
        <div class="field"><label for="n-zone">${t(lang, 'notifZone')}</label>
          <select id="n-zone" name="timeZone"${describedBy('timeZone')}>${TIME_ZONES.map((z) => html`<option value="${z.id}"${raw(v.timeZone === z.id ? ' selected' : '')}>${z[lang]}</option>`)}
          ${TIME_ZONES.some((z) => z.id === v.timeZone) ? '' : html`<option value="${v.timeZone}" selected>${v.timeZone}</option>`}</select>${fieldErrors('timeZone')}</div>
      </div>
      <div class="field"><label for="n-emails">${t(lang, 'notifEmails')}</label>
        <textarea id="n-emails" name="emails" rows="2" aria-describedby="n-emails-hint${errorFor('emails').length ? ' err-emails' : ''}"${raw(errorFor('emails').length ? ' aria-invalid="true"' : '')}>${v.emails.join('; ')}</textarea>
        <span class="hint" id="n-emails-hint">${t(lang, 'notifEmailsHint')}</span>${fieldErrors('emails')}</div>
      <div class="field inline-field"><label for="n-threshold">${t(lang, 'notifThresholdBefore')}</label>
        <span><input id="n-threshold" name="pendingThresholdHours" inputmode="numeric" size="5" value="${v.pendingThresholdHours ?? ''}"${describedBy('pendingThresholdHours')}> ${t(lang, 'notifThresholdAfter')}</span>${fieldErrors('pendingThresholdHours')}</div>
      <div class="field"><label class="check"><input type="checkbox" name="notifyEachPending" value="on"${check(v.notifyEachPending)}> ${t(lang, 'notifEach')}</label></div>
      <p class="hint">${t(lang, 'notifHelp')}</p>
      <div class="buttons"><a class="button" href="/avis?cible=${encodeURIComponent(target.key)}&amp;effacer=1">${t(lang, 'clear')}</a> <button type="submit" class="primary">${t(lang, 'submit')}</button></div>
    </form>`;
}

function contactForm(res: Response, lang: Lang, target: Target, contact: string): SafeHtml {
  return html`<form method="post" action="/avis/contact" class="card stack contact-form">
    ${csrfField(res)}
    <input type="hidden" name="cible" value="${target.key}">
    <div class="field"><label for="contact">${t(lang, 'applicantContact')}</label>
      <input id="contact" name="contact" maxlength="300" value="${contact}" aria-describedby="contact-hint"></div>
    <p class="hint" id="contact-hint">${t(lang, 'applicantContactHint')}</p>
    <div class="buttons"><button type="submit" class="primary">${t(lang, 'submit')}</button></div>
  </form>`;
}

export function mountNotificationsPage(router: Router, deps: AdminDeps): void {
  const auth = requireStaff(deps);
  const { store } = deps.ctx;

  function page(
    req: Request,
    res: Response,
    target: Target,
    targets: Target[],
    value: NotificationSettingsInput,
    errors: FieldError[],
    status = 200,
    contact?: string,
  ) {
    const lang = staffOf(res).lang;
    const { notice } = readNotice(req, lang);
    const body = html`<h1>${t(lang, 'notifTitle')}</h1><p>${t(lang, 'notifIntro')}</p>${settingsForm(res, lang, target, targets, value, errors)}${contact === undefined ? '' : contactForm(res, lang, target, contact)}`;
    const error = errors.length ? html`<ul>${errors.map((e) => html`<li>${e[lang]}</li>`)}</ul>` : undefined;
    res
      .status(status)
      .type('html')
      .send(
        renderPage(req, res, { title: t(lang, 'notifTitle'), body, section: 'notifications', notice, error }),
      );
  }

  router.get('/avis', auth, async (req, res) => {
    const staff = staffOf(res);
    const targets = await targetsOf(deps, staff);
    const target = pickTarget(targets, req.query.cible, staff);
    const value =
      req.query.effacer === '1'
        ? emptyNotificationSettings()
        : await getNotificationSettings(store, target.scope);
    const board =
      'boardId' in target.scope ? await store.organisations.board(target.scope.boardId) : undefined;
    page(req, res, target, targets, value, [], 200, board ? (board.applicantContact ?? '') : undefined);
  });

  // The board's contact, given in every applicant e-mail beside the school's and board's names.
  router.post('/avis/contact', auth, async (req, res) => {
    checkCsrf(req, res);
    const staff = staffOf(res);
    const form = (req.body ?? {}) as Record<string, FormValue>;
    const targets = await targetsOf(deps, staff);
    const target = pickTarget(targets, form.cible, staff);
    if (!('boardId' in target.scope)) throw SchoolOutOfScope(target.key);
    const typed =
      typeof form.contact === 'string' ? form.contact.replace(/\s+/g, ' ').trim().slice(0, 300) : '';
    await store.organisations.setApplicantContact(target.scope.boardId, typed || null);
    res.redirect(303, `/avis?cible=${encodeURIComponent(target.key)}&${noticeQuery('notifSaved')}`);
  });

  router.post('/avis', auth, async (req, res) => {
    checkCsrf(req, res);
    const staff = staffOf(res);
    const form = (req.body ?? {}) as Record<string, FormValue>;
    const targets = await targetsOf(deps, staff);
    const target = pickTarget(targets, form.cible, staff);
    const parsed = parseNotificationForm(form);
    if (!parsed.ok) {
      // Show what was typed, so the person corrects only the named field.
      const typed = { ...emptyNotificationSettings(), ...echo(form) };
      page(req, res, target, targets, typed, parsed.errors, 400);
      return;
    }
    await saveNotificationSettings(store, target.scope, parsed.value, staff.user.username);
    res.redirect(303, `/avis?cible=${encodeURIComponent(target.key)}&${noticeQuery('notifSaved')}`);
  });
}

/** The submitted values as they were typed (for the form shown again with its errors). */
function echo(form: Record<string, FormValue>): Partial<NotificationSettingsInput> {
  const one = (v: FormValue) => (Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? '')).trim();
  const list = (v: FormValue) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
  const hour = Number(one(form.hour));
  const threshold = Number(one(form.pendingThresholdHours));
  return {
    enabled: one(form.enabled) !== '',
    includeAutoCompleted: one(form.includeAutoCompleted) !== '',
    notifyEachPending: one(form.notifyEachPending) !== '',
    days: list(form.days)
      .map(Number)
      .filter((d) => Number.isInteger(d) && d >= 0 && d <= 6),
    hour: Number.isInteger(hour) && hour >= 0 && hour <= 23 ? hour : 8,
    timeZone: one(form.timeZone) || 'America/Toronto',
    emails: list(form.emails)
      .join(';')
      .split(/[;,\n\r]+/)
      .map((s) => s.trim())
      .filter(Boolean),
    pendingThresholdHours: Number.isInteger(threshold) && threshold > 0 ? threshold : null,
  };
}
