/**
 * « Rapports »: the date range of payment, the school (board users), « Effacer » / « Générer
 * rapports », the Sommaire and Détaillé sub-tabs, the weekly chart and the PDF / Excel / CSV
 * downloads. The figures come from src/reports; this page only asks and shows.
 */
import type { Request, Response, Router } from 'express';
import { DateTime } from 'luxon';
import {
  summaryReport,
  detailedReport,
  weeklyVolumeSvg,
  exportSummary,
  exportDetailed,
  streamDetailed,
  reportRangeProblem,
  detailedCells,
  DETAILED_COLUMNS,
  REPORT_TEXT,
  formatShare,
  type ExportFormat,
} from '../reports/index.js';
import type { Scope } from '../store/requests.js';
import { html, raw, type SafeHtml } from './html.js';
import { colon, t, type Lang } from './i18n.js';
import { renderPage, requireStaff, staffOf, type AdminDeps, type Staff } from './web.js';
import { SchoolOutOfScope } from './errors.js';

interface ReportForm {
  from: string;
  to: string;
  school: string;
  view: 'summary' | 'detailed';
  page: number;
}

const one = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 40) : '');
const validDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && DateTime.fromISO(v).isValid;

function readForm(req: Request): ReportForm {
  const page = Number(one(req.query.page));
  return {
    from: one(req.query.from).replace(/\//g, '-'),
    to: one(req.query.to).replace(/\//g, '-'),
    school: one(req.query.school),
    view: one(req.query.view) === 'detailed' ? 'detailed' : 'summary',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** The report's scope: the person's own, narrowed to one of their schools when one is chosen. */
function reportScope(staff: Staff, school: string): Scope {
  if (staff.user.role === 'SCHOOL') return staff.scope;
  if (!school) return staff.user.role === 'BOARD' ? { boardId: staff.user.boardId ?? -1 } : { all: true };
  const id = Number(school);
  if (!staff.schools.some((s) => s.id === id)) throw SchoolOutOfScope(school);
  return { schoolId: id };
}

function query(form: ReportForm, change: Partial<ReportForm> = {}): string {
  const next = { ...form, ...change };
  const p = new URLSearchParams({ from: next.from, to: next.to, view: next.view });
  if (next.school) p.set('school', next.school);
  if (next.page > 1) p.set('page', String(next.page));
  return p.toString();
}

function criteriaForm(staff: Staff, form: ReportForm, lang: Lang): SafeHtml {
  const selected =
    form.school ||
    (staff.selectedSchool && staff.user.role !== 'SCHOOL' ? String(staff.selectedSchool.id) : '');
  return html`<form method="get" action="/rapports" class="report-form">
    <fieldset><legend>${t(lang, 'reportRange')}</legend>
      <div class="grid-3">
        <div class="field"><label for="r-from">${t(lang, 'startDate')}${colon(lang)}</label><input type="date" id="r-from" name="from" value="${form.from}" required></div>
        <div class="field"><label for="r-to">${t(lang, 'endDate')}${colon(lang)}</label><input type="date" id="r-to" name="to" value="${form.to}" required></div>
        ${
          staff.user.role !== 'SCHOOL'
            ? html`<div class="field"><label for="r-school">${t(lang, 'reportSchool')}${colon(lang)}</label><select id="r-school" name="school">
              <option value="">${t(lang, 'allSchools')}</option>
              ${staff.schools.map((s) => html`<option value="${s.id}"${raw(selected === String(s.id) ? ' selected' : '')}>${s.name}</option>`)}
            </select></div>`
            : ''
        }
      </div>
      <input type="hidden" name="view" value="${form.view}">
      <p class="hint">${t(lang, 'reportNote')}</p>
      <div class="buttons"><a class="button" href="/rapports">${t(lang, 'clear')}</a> <button type="submit" class="primary">${t(lang, 'generate')}</button></div>
    </fieldset>
  </form>`;
}

function downloads(form: ReportForm, lang: Lang): SafeHtml {
  const link = (format: ExportFormat, label: string) =>
    html`<a href="/rapports/telecharger?${query(form, { page: 1 })}&amp;format=${format}" download>${label}</a>`;
  return html`<p class="downloads">${t(lang, 'download')}${colon(lang)} ${link('pdf', 'PDF')} ${link('xlsx', 'Excel')} ${link('csv', 'CSV')}</p>`;
}

export function mountReportsPage(router: Router, deps: AdminDeps): void {
  const auth = requireStaff(deps);
  const { ctx } = deps;

  router.get('/rapports', auth, async (req: Request, res: Response) => {
    const staff = staffOf(res);
    const lang = staff.lang;
    const form = readForm(req);
    let content: SafeHtml = html`<p class="hint">${t(lang, 'reportNeedsDates')}</p>`;
    let error: string | undefined;
    if (form.from || form.to) {
      if (!validDate(form.from) || !validDate(form.to))
        error = t(lang, 'badDate', { value: `${form.from} – ${form.to}` });
      else if (form.from > form.to) error = t(lang, 'reportBadRange');
      else if (reportRangeProblem(form.from, form.to)) error = t(lang, 'reportRangeTooWide');
    }
    if (!error && form.from && form.to) {
      const scope = reportScope(staff, form.school);
      const subTabs = html`<nav class="tabs sub" aria-label="${t(lang, 'reportsTitle')}"><ul>
        <li><a href="/rapports?${query(form, { view: 'summary', page: 1 })}"${raw(form.view === 'summary' ? ' aria-current="page"' : '')}>${t(lang, 'summary')}</a></li>
        <li><a href="/rapports?${query(form, { view: 'detailed', page: 1 })}"${raw(form.view === 'detailed' ? ' aria-current="page"' : '')}>${t(lang, 'detailed')}</a></li>
      </ul></nav>`;
      if (form.view === 'summary') {
        const s = await summaryReport(ctx, { scope, from: form.from, to: form.to });
        const label = (r: { labelFr: string; labelEn: string }) => (lang === 'fr' ? r.labelFr : r.labelEn);
        const pct = formatShare(s.autoShare, lang);
        content = html`${subTabs}${downloads(form, lang)}
          <p><strong>${t(lang, 'dateRange', { from: form.from.replace(/-/g, '/'), to: form.to.replace(/-/g, '/') })}</strong></p>
          <table class="summary">
            <thead><tr><th scope="col">${t(lang, 'totalTranscripts')}</th><th scope="col" class="num">${t(lang, 'originalRequests')}</th><th scope="col" class="num">${t(lang, 'reissueRequests')}</th></tr></thead>
            <tbody>
              ${s.rows.map((r) => html`<tr class="level-${r.level}"><th scope="row">${label(r)}</th><td class="num">${r.original}</td><td class="num">${r.reissue}</td></tr>`)}
              <tr class="total"><th scope="row">${t(lang, 'grandTotal')}</th><td class="num">${s.total.original}</td><td class="num">${s.total.reissue}</td></tr>
              <tr><th scope="row" colspan="3">${t(lang, 'averageProcessing', { n: s.averageProcessingDays.toLocaleString(lang === 'fr' ? 'fr-CA' : 'en-CA') })}</th></tr>
              <tr><th scope="row">${t(lang, 'autoShare')}</th><td class="num" colspan="2">${pct}</td></tr>
            </tbody>
          </table>
          <table class="summary">
            <thead><tr><th scope="col">${t(lang, 'perSchool')}</th><th scope="col" class="num">${t(lang, 'originalRequests')}</th><th scope="col" class="num">${t(lang, 'reissueRequests')}</th></tr></thead>
            <tbody>
              ${s.perSchool.map((p) => html`<tr><th scope="row">${p.schoolName}</th><td class="num">${p.original}</td><td class="num">${p.reissue}</td></tr>`)}
              <tr class="total"><th scope="row">${t(lang, 'grandTotal')}</th><td class="num">${s.total.original}</td><td class="num">${s.total.reissue}</td></tr>
            </tbody>
          </table>
          <figure class="chart"><figcaption>${REPORT_TEXT.weekly[lang]}</figcaption>${raw(weeklyVolumeSvg(s, lang))}</figure>`;
      } else {
        const page = await detailedReport(ctx, { scope, from: form.from, to: form.to, page: form.page });
        const first = page.total === 0 ? 0 : (page.page - 1) * page.pageSize + 1;
        const last = Math.min(page.total, page.page * page.pageSize);
        const link = (n: number, label: string) =>
          n < 1 || n > page.pageCount || n === page.page
            ? html`<span class="disabled">${label}</span>`
            : html`<a href="/rapports?${query(form, { page: n })}">${label}</a>`;
        const pager = html`<div class="pager-block"><nav class="pager" aria-label="${t(lang, 'pagerLabel')}">${t(lang, 'pages')} | ${link(1, t(lang, 'first'))} ${link(page.page - 1, t(lang, 'previous'))}
          <span class="current" aria-current="page">${page.page}</span> ${link(page.page + 1, t(lang, 'next'))} ${link(page.pageCount, t(lang, 'last'))} |</nav>
          <p class="pager-summary">${t(lang, 'pagerSummary', { size: page.pageSize, page: page.page, pages: page.pageCount, first, last, total: page.total })}</p></div>`;
        content = html`${subTabs}${downloads(form, lang)}${pager}
          <div class="table-wrap"><table class="requests">
            <thead><tr>${DETAILED_COLUMNS.map((c) => html`<th scope="col">${c[lang]}</th>`)}</tr></thead>
            <tbody>${page.rows.length === 0 ? html`<tr><td colspan="${DETAILED_COLUMNS.length}" class="empty">${t(lang, 'noRows')}</td></tr>` : page.rows.map((r) => html`<tr>${detailedCells(r, lang).map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody>
          </table></div>`;
      }
    }
    const body = html`<h1>${t(lang, 'reportsTitle')}</h1>${criteriaForm(staff, form, lang)}${content}`;
    res
      .status(error ? 400 : 200)
      .type('html')
      .send(renderPage(req, res, { title: t(lang, 'reportsTitle'), body, section: 'reports', error }));
  });

  router.get('/rapports/telecharger', auth, async (req: Request, res: Response) => {
    const staff = staffOf(res);
    const form = readForm(req);
    const format = one(req.query.format) as ExportFormat;
    const scope = reportScope(staff, form.school);
    const disposition = (name: string) => `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`;
    if (form.view === 'detailed' && (format === 'csv' || format === 'xlsx')) {
      // Written as the rows are read; a refusal (too many rows) comes before any byte.
      const stream = await streamDetailed(ctx, { scope, from: form.from, to: form.to }, format, staff.lang);
      res.setHeader('Content-Type', stream.contentType);
      res.setHeader('Content-Disposition', disposition(stream.filename));
      await stream.write(res).catch((error: unknown) => {
        ctx.log.warn({ err: error }, 'report download cut short');
        res.destroy();
      });
      return;
    }
    const file =
      form.view === 'detailed'
        ? await exportDetailed(ctx, { scope, from: form.from, to: form.to }, format, staff.lang)
        : await exportSummary(
            await summaryReport(ctx, { scope, from: form.from, to: form.to }),
            format,
            staff.lang,
          );
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', disposition(file.filename));
    res.send(file.body);
  });
}
