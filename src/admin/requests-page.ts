/**
 * « Demandes »: the four tabs with their counts, 50 rows a page with the guide's pager, sorting by
 * each column, the search form (basic and « Plus d'options de recherche ») and the CSV/PDF exports.
 */
import type { Request, Response, Router } from 'express';
import { DateTime } from 'luxon';
import type { TranscriptRequest } from '../domain/request.js';
import { statusesInTab, statusLabel, TAB_LABELS, TABS, type Tab } from '../domain/status.js';
import type { Scope } from '../store/requests.js';
import { ageOf, type Age } from './format.js';
import { columnsFor, type CellEnv, type Column } from './columns.js';
import { html, raw, type SafeHtml } from './html.js';
import { colon, t, type Lang } from './i18n.js';
import { listQuery, parseListQuery, type ListState } from './list-query.js';
import { sendCsv, sendPdf } from './exports.js';
import { definitionsBlock } from './detail-page.js';
import { readNotice, renderPage, requireStaff, staffOf, type AdminDeps, type Staff } from './web.js';

/** Ages for a page of rows: board codes looked up once per board. */
export async function ageEnv(deps: AdminDeps, lang: Lang, now: Date) {
  const ages = new Map<number, Age>();
  const codes = new Map<number, string>();
  const deadline = deps.ctx.config.businessTime.serviceDeadlineDays;
  return {
    /** Ages of one batch of rows (an export calls it batch by batch, so memory stays flat). */
    async prepare(rows: TranscriptRequest[]) {
      ages.clear();
      for (const r of rows) {
        if (!codes.has(r.boardId)) codes.set(r.boardId, await deps.boardCode(r.boardId));
        if (!ages.has(r.id))
          ages.set(r.id, ageOf(deps.calendar(codes.get(r.boardId)!), deadline, r, now, lang));
      }
    },
    age(r: TranscriptRequest): Age {
      return ages.get(r.id) ?? ageOf(deps.calendar(codes.get(r.boardId) ?? ''), deadline, r, now, lang);
    },
  };
}

const seesSeveralSchools = (staff: Staff) => !('schoolId' in staff.scope);

function tabsNav(state: ListState, counts: Record<Tab, number>, lang: Lang): SafeHtml {
  return html`<nav class="tabs" aria-label="${t(lang, 'tabs')}"><ul>
    ${TABS.map((tab) => {
      const current = !state.search && state.tab === tab;
      const href = `/demandes?${listQuery({ ...state, search: false, tab, form: {}, statuses: [], allStatuses: false }, { tab, page: 1, ...defaultsFor(tab) })}`;
      return html`<li><a href="${href}"${raw(current ? ' aria-current="page"' : '')}>${TAB_LABELS[tab][lang]} <span class="count">(${counts[tab]})</span></a></li>`;
    })}
  </ul></nav>`;
}

function defaultsFor(tab: Tab) {
  return tab === 'COMPLETED'
    ? { sort: 'completedAt' as const, dir: 'desc' as const }
    : { sort: 'requestedAt' as const, dir: 'asc' as const };
}

function pager(
  state: ListState,
  page: { page: number; pageCount: number; total: number; pageSize: number },
  lang: Lang,
): SafeHtml {
  const link = (n: number, label: string, rel?: string) =>
    n === page.page || n < 1 || n > page.pageCount
      ? html`<span class="disabled" aria-disabled="true">${label}</span>`
      : html`<a href="/demandes?${listQuery(state, { page: n })}"${raw(rel ? ` rel="${rel}"` : '')}>${label}</a>`;
  const start = Math.max(1, Math.min(page.page - 4, page.pageCount - 8));
  const end = Math.min(page.pageCount, start + 8);
  const numbers: SafeHtml[] = [];
  for (let n = start; n <= end; n++) {
    numbers.push(
      n === page.page
        ? html`<span class="current" aria-current="page">${n}</span>`
        : html`<a href="/demandes?${listQuery(state, { page: n })}" aria-label="Page ${n}">${n}</a>`,
    );
  }
  const first = page.total === 0 ? 0 : (page.page - 1) * page.pageSize + 1;
  const last = Math.min(page.total, page.page * page.pageSize);
  const summary = t(lang, 'pagerSummary', {
    size: page.pageSize,
    page: page.page,
    pages: page.pageCount,
    first,
    last,
    total: page.total,
  });
  return html`<div class="pager-block">
    <nav class="pager" aria-label="${t(lang, 'pagerLabel')}">${t(lang, 'pages')} <span class="sep">|</span>
      ${link(1, t(lang, 'first'))} ${link(page.page - 1, t(lang, 'previous'), 'prev')}
      ${numbers}
      ${link(page.page + 1, t(lang, 'next'), 'next')} ${link(page.pageCount, t(lang, 'last'))} <span class="sep">|</span></nav>
    <p class="pager-summary">${summary}</p>
  </div>`;
}

function headerCell(col: Column, state: ListState, lang: Lang): SafeHtml {
  if (!col.sort) return html`<th scope="col">${t(lang, col.label)}</th>`;
  const active = state.sort === col.sort;
  const nextDir = active && state.dir === 'asc' ? 'desc' : 'asc';
  const href = `/demandes?${listQuery(state, { sort: col.sort, dir: nextDir, page: 1 })}`;
  const ariaSort = active ? (state.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  const arrow = active ? (state.dir === 'asc' ? '▲' : '▼') : '';
  const sr = active ? `, ${t(lang, state.dir === 'asc' ? 'sortedAscending' : 'sortedDescending')}` : '';
  return html`<th scope="col" aria-sort="${ariaSort}"><a href="${href}" class="sort${active ? ' active' : ''}">${t(lang, col.label)}<span class="arrow" aria-hidden="true">${arrow}</span><span class="visually-hidden">${sr}</span></a></th>`;
}

function searchForm(state: ListState, lang: Lang): SafeHtml {
  const v = (name: string) => state.form[name] ?? '';
  const input = (name: string, label: Parameters<typeof t>[1], hint?: string) =>
    html`<div class="field"><label for="s-${name}">${t(lang, label)}</label><input id="s-${name}" name="${name}" value="${v(name)}"${raw(hint ? ` placeholder="${hint}"` : '')}></div>`;
  // Date pickers, as on the reports page; a typed date that is not one is reported, never guessed.
  const dateInput = (name: 'from' | 'to', label: Parameters<typeof t>[1]) =>
    html`<div class="field"><label for="s-${name}">${t(lang, label)}</label><input type="date" id="s-${name}" name="${name}" value="${v(name)}"${raw(state.problems.length && v(name) ? ' aria-invalid="true"' : '')}></div>`;
  const checked = (status: string) => state.allStatuses || state.statuses.includes(status as never);
  const moreOpen = Boolean(
    v('attendedFrom') || v('attendedTo') || state.statuses.length || state.allStatuses,
  );
  return html`<details class="search-panel"${raw(state.search ? ' open' : '')}>
    <summary>${t(lang, 'search')}</summary>
    <form method="get" action="/demandes" class="search-form" role="search">
      <input type="hidden" name="search" value="1">
      <fieldset class="date-range"><legend>${t(lang, 'receivedBetween')}</legend>
        ${dateInput('from', 'startDate')}
        ${dateInput('to', 'endDate')}
      </fieldset>
      <div class="grid-3">
        ${input('application', 'applicationNumber')}
        ${input('account', 'accountNumber')}
        ${input('oen', 'oen')}
        ${input('reference', 'referenceOrTracking')}
        ${input('first', 'firstName')}
        ${input('last', 'lastName')}
      </div>
      <p class="hint">${t(lang, 'nameSearchHint')}</p>
      <details class="more-options"${raw(moreOpen ? ' open' : '')}>
        <summary>${t(lang, 'moreOptions')}</summary>
        <fieldset class="range"><legend>${t(lang, 'lastAttendedRange')}</legend>
          <label class="visually-hidden" for="s-attendedFrom">${t(lang, 'lastAttendedRange')} (${t(lang, 'startDate')})</label>
          <input id="s-attendedFrom" name="attendedFrom" value="${v('attendedFrom')}" placeholder="${t(lang, 'monthHint')}">
          <span>${t(lang, 'to')}</span>
          <label class="visually-hidden" for="s-attendedTo">${t(lang, 'lastAttendedRange')} (${t(lang, 'endDate')})</label>
          <input id="s-attendedTo" name="attendedTo" value="${v('attendedTo')}" placeholder="${t(lang, 'monthHint')}">
        </fieldset>
        <fieldset class="statuses"><legend>${t(lang, 'showStatus')}</legend>
          <label class="check"><input type="checkbox" name="allStatuses" value="1" data-select-all="status"${raw(state.allStatuses ? ' checked' : '')}> ${t(lang, 'selectAll')}</label>
          ${TABS.map(
            (
              tab,
            ) => html`<div class="status-group"><span class="group-label">${TAB_LABELS[tab][lang]}${colon(lang)}</span>
              ${statusesInTab(tab).map((s) => html`<label class="check"><input type="checkbox" name="status" value="${s}"${raw(checked(s) ? ' checked' : '')}> ${statusLabel(s, lang)}</label>`)}
            </div>`,
          )}
        </fieldset>
      </details>
      <div class="buttons"><a class="button" href="/demandes?search=1">${t(lang, 'clear')}</a> <button type="submit" class="primary">${t(lang, 'doSearch')}</button></div>
    </form>
  </details>`;
}

async function loadPage(deps: AdminDeps, scope: Scope, state: ListState) {
  // A search whose dates could not be read lists nothing: the error is the answer, not every request.
  const unread = state.search && state.problems.length > 0;
  const empty = { rows: [] as TranscriptRequest[], total: 0, page: 1, pageCount: 1, pageSize: 50 };
  const [counts, page] = await Promise.all([
    deps.ctx.store.requests.countsByTab(scope),
    unread
      ? Promise.resolve(empty)
      : deps.ctx.store.requests.list({
          scope,
          tab: state.tab,
          criteria: state.search ? state.criteria : undefined,
          sort: state.sort,
          dir: state.dir,
          page: state.page,
        }),
  ]);
  return { counts, page };
}

export function mountRequestsPage(router: Router, deps: AdminDeps): void {
  const auth = requireStaff(deps);

  router.get('/', auth, (_req, res) => res.redirect(303, '/demandes'));

  router.get('/demandes', auth, async (req: Request, res: Response) => {
    const staff = staffOf(res);
    const lang = staff.lang;
    const state = parseListQuery(req.query, lang);
    const { counts, page } = await loadPage(deps, staff.scope, state);
    state.page = page.page;
    const now = deps.ctx.clock();
    const ages = await ageEnv(deps, lang, now);
    await ages.prepare(page.rows);
    const back = `/demandes?${listQuery(state)}`;
    const env: CellEnv = { lang, age: (r) => ages.age(r), csrf: staff.session.csrf, back };
    const columns = columnsFor(state.tab, seesSeveralSchools(staff));
    const exportQuery = listQuery(state, {}, { keepPage: false });
    const { notice, error } = readNotice(req, lang);
    const title = state.search ? t(lang, 'searchResults') : TAB_LABELS[state.tab!][lang];
    const body = html`<h1 class="visually-hidden">${t(lang, 'requestsTitle')}</h1>
      ${searchForm(state, lang)}
      ${state.problems.length ? html`<div class="alert" role="alert"><ul>${state.problems.map((p) => html`<li>${p}</li>`)}</ul></div>` : ''}
      ${tabsNav(state, counts, lang)}
      <section class="table-section" aria-labelledby="table-title">
        <h2 id="table-title" class="table-title">${title}</h2>
        ${pager(state, page, lang)}
        <p class="downloads">${t(lang, 'downloadTo')} <a href="/demandes/export.csv?${exportQuery}" download>CSV</a> <a href="/demandes/export.pdf?${exportQuery}" download>PDF</a></p>
        <div class="table-wrap">
        <table class="requests">
          <thead><tr>${columns.map((c) => headerCell(c, state, lang))}</tr></thead>
          <tbody>
            ${
              page.rows.length === 0
                ? html`<tr><td colspan="${columns.length}" class="empty">${t(lang, 'noRows')}</td></tr>`
                : page.rows.map(
                    (r) =>
                      html`<tr>${columns.map((c) => html`<td data-col="${c.id}">${c.cell(r, env)}</td>`)}</tr>`,
                  )
            }
          </tbody>
        </table>
        </div>
        ${page.rows.length > 10 ? pager(state, page, lang) : ''}
      </section>
      ${state.tab === 'COMPLETED' ? '' : definitionsBlock(lang)}`;
    res
      .status(state.problems.length ? 400 : 200)
      .type('html')
      .send(renderPage(req, res, { title, body, section: 'requests', selector: true, notice, error }));
  });

  router.get('/demandes/export.:format', auth, async (req: Request, res: Response, next) => {
    const format = req.params.format;
    if (format !== 'csv' && format !== 'pdf') {
      next();
      return;
    }
    const staff = staffOf(res);
    const lang = staff.lang;
    const state = parseListQuery(req.query, lang);
    // A search the page refuses is refused here too: never every request in place of the few asked for.
    if (state.search && state.problems.length > 0) {
      res
        .status(400)
        .type('text/plain; charset=utf-8')
        .send(`${state.problems.join('\n')}\n`);
      return;
    }
    const now = deps.ctx.clock();
    const ages = await ageEnv(deps, lang, now);
    const env: CellEnv = { lang, age: (r) => ages.age(r), csrf: '', back: '' };
    const columns = columnsFor(state.tab, seesSeveralSchools(staff));
    const board =
      staff.user.boardId !== null ? await deps.ctx.store.organisations.board(staff.user.boardId) : undefined;
    const heading = staff.selectedSchool?.name ?? board?.name ?? t(lang, 'productLong');
    const subtitle = state.search ? t(lang, 'searchResults') : TAB_LABELS[state.tab!][lang];
    const stamp = DateTime.fromJSDate(now, { zone: deps.ctx.config.businessTime.timeZone });
    const source = {
      rows: deps.ctx.store.requests.all({
        scope: staff.scope,
        tab: state.tab,
        criteria: state.search ? state.criteria : undefined,
        sort: state.sort,
        dir: state.dir,
      }),
      columns,
      prepare: (rows: TranscriptRequest[]) => ages.prepare(rows),
      env,
      lang,
      heading,
      subtitle,
      generatedAt: stamp.toFormat('yyyy/LL/dd HH:mm'),
      filename: `etms-${state.search ? 'recherche' : state.tab!.toLowerCase()}-${stamp.toFormat('yyyyLLdd')}`,
    };
    if (format === 'csv') await sendCsv(res, source);
    else await sendPdf(res, source);
  });
}
