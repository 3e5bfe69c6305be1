/**
 * The state of the requests table as carried in the query string (tab, sort, page and the search
 * criteria of the GET search form), read strictly: an unknown value falls back to the default.
 */
import type { Request } from 'express';
import { DateTime } from 'luxon';
import { STATUSES, TABS, type Status, type Tab } from '../domain/status.js';
import {
  defaultSort,
  SORT_KEYS,
  type SearchCriteria,
  type SortDir,
  type SortKey,
} from '../store/requests.js';
import { t, type Lang } from './i18n.js';

export interface ListState {
  tab?: Tab;
  search: boolean;
  criteria: SearchCriteria;
  sort: SortKey;
  dir: SortDir;
  page: number;
  /** Input problems shown above the table (bad dates are ignored, not guessed). */
  problems: string[];
  /** The search form's values as typed, to fill the form again. */
  form: Record<string, string>;
  statuses: Status[];
  allStatuses: boolean;
}

export const SEARCH_FIELDS = [
  'from',
  'to',
  'application',
  'account',
  'reference',
  'oen',
  'first',
  'last',
  'attendedFrom',
  'attendedTo',
] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

const one = (v: unknown): string =>
  (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '').trim().slice(0, 100);
const many = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

function isoDate(value: string): string | undefined {
  const normal = value.replace(/\//g, '-');
  return /^\d{4}-\d{2}-\d{2}$/.test(normal) && DateTime.fromISO(normal).isValid ? normal : undefined;
}

function isoMonth(value: string): string | undefined {
  const normal = value.replace(/\//g, '-');
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(normal) ? normal : undefined;
}

/** The last page anyone may ask for: 50 rows a page, five million rows. */
export const MAX_PAGE = 100_000;

export function parseListQuery(query: Request['query'], lang: Lang): ListState {
  const tabRaw = one(query.tab);
  const search = one(query.search) === '1';
  const tab: Tab | undefined = search
    ? undefined
    : (TABS as readonly string[]).includes(tabRaw)
      ? (tabRaw as Tab)
      : 'TO_PROCESS';
  const sortRaw = one(query.sort);
  const dirRaw = one(query.dir);
  const fallback = defaultSort(tab);
  const sort = (SORT_KEYS as readonly string[]).includes(sortRaw) ? (sortRaw as SortKey) : fallback.sort;
  const dir: SortDir =
    dirRaw === 'asc' || dirRaw === 'desc'
      ? dirRaw
      : sortRaw && sortRaw !== fallback.sort
        ? 'asc'
        : fallback.dir;
  const form: Record<string, string> = {};
  const problems: string[] = [];
  // A page number is a plain integer up to MAX_PAGE: 1e20 would reach the database as an offset.
  const pageText = one(query.page);
  const pageRaw = /^\d{1,7}$/.test(pageText) ? Number(pageText) : NaN;
  const page = pageRaw > 0 && pageRaw <= MAX_PAGE ? pageRaw : 1;
  if (pageText && page !== pageRaw) problems.push(t(lang, 'badPage', { value: pageText.slice(0, 40) }));
  const criteria: SearchCriteria = {};
  const statuses = many(query.status).filter((s): s is Status => (STATUSES as readonly string[]).includes(s));
  const allStatuses = one(query.allStatuses) === '1';
  if (search) {
    for (const field of SEARCH_FIELDS) form[field] = one(query[field]);
    const date = (field: 'from' | 'to') => {
      if (!form[field]) return undefined;
      const v = isoDate(form[field]);
      if (!v) problems.push(t(lang, 'badDate', { value: form[field] }));
      return v;
    };
    const month = (field: 'attendedFrom' | 'attendedTo') => {
      if (!form[field]) return undefined;
      const v = isoMonth(form[field]);
      if (!v) problems.push(t(lang, 'badMonth', { value: form[field] }));
      return v;
    };
    criteria.createdFrom = date('from');
    criteria.createdTo = date('to');
    criteria.lastAttendedFrom = month('attendedFrom');
    criteria.lastAttendedTo = month('attendedTo');
    // A reversed range matches nothing: said plainly rather than answered with an empty table.
    const slashes = (iso: string) => iso.replace(/-/g, '/');
    if (criteria.createdFrom && criteria.createdTo && criteria.createdFrom > criteria.createdTo)
      problems.push(
        t(lang, 'badDateRange', { from: slashes(criteria.createdFrom), to: slashes(criteria.createdTo) }),
      );
    if (
      criteria.lastAttendedFrom &&
      criteria.lastAttendedTo &&
      criteria.lastAttendedFrom > criteria.lastAttendedTo
    )
      problems.push(
        t(lang, 'badMonthRange', {
          from: slashes(criteria.lastAttendedFrom),
          to: slashes(criteria.lastAttendedTo),
        }),
      );
    criteria.applicationNumber = form.application || undefined;
    criteria.accountNumber = form.account || undefined;
    criteria.referenceNumber = form.reference || undefined;
    criteria.oen = form.oen || undefined;
    criteria.firstName = form.first || undefined;
    criteria.lastName = form.last || undefined;
    if (!allStatuses && statuses.length > 0) criteria.statuses = statuses;
  }
  return { tab, search, criteria, sort, dir, page, problems, form, statuses, allStatuses };
}

/** The query string of a state, with some parts changed (e.g. another page or sort). */
export function listQuery(
  state: ListState,
  change: Partial<Pick<ListState, 'sort' | 'dir' | 'page' | 'tab'>> = {},
  options: { keepPage?: boolean } = {},
): string {
  const params = new URLSearchParams();
  const next = { ...state, ...change };
  if (state.search) {
    params.set('search', '1');
    for (const field of SEARCH_FIELDS) if (state.form[field]) params.set(field, state.form[field]);
    if (state.allStatuses) params.set('allStatuses', '1');
    for (const s of state.statuses) params.append('status', s);
  } else if (next.tab) {
    params.set('tab', next.tab);
  }
  const fallback = defaultSort(next.tab);
  if (next.sort !== fallback.sort || next.dir !== fallback.dir) {
    params.set('sort', next.sort);
    params.set('dir', next.dir);
  }
  if ((options.keepPage ?? true) && next.page > 1) params.set('page', String(next.page));
  return params.toString();
}
