/**
 * The columns of the requests table, tab by tab as the guide lists them, shared by the page and the
 * CSV/PDF exports so the three never disagree.
 */
import type { TranscriptRequest } from '../domain/request.js';
import { canTransition, NO_UPLOAD_ACTIONS, statusLabel, type Status, type Tab } from '../domain/status.js';
import type { SortKey } from '../store/requests.js';
import type { Age } from './format.js';
import {
  formatDate,
  formatMonth,
  formatName,
  requestTypeLabel,
  sendTimingLabel,
  sourceLabel,
} from './format.js';
import { html, raw, type SafeHtml } from './html.js';
import { actorIn } from './reason-text.js';
import { t, type Lang, type MessageKey } from './i18n.js';

export interface CellEnv {
  lang: Lang;
  age(r: TranscriptRequest): Age;
  csrf: string;
  /** The list URL to come back to after an action. */
  back: string;
}

export interface Column {
  id: string;
  label: MessageKey;
  sort?: SortKey;
  /** Text for the exports (undefined: not exported). */
  text?: (r: TranscriptRequest, env: CellEnv) => string;
  cell: (r: TranscriptRequest, env: CellEnv) => SafeHtml;
}

export const refPath = (r: Pick<TranscriptRequest, 'referenceNumber'>) =>
  `/demandes/${encodeURIComponent(r.referenceNumber)}`;

/** The no-upload actions this request may take now, in the guide's order. */
export function allowedActions(status: Status): Status[] {
  return NO_UPLOAD_ACTIONS.filter((a) => canTransition(status, a));
}

export function canUpload(status: Status): boolean {
  return canTransition(status, 'TRANSCRIPT_UPLOADED');
}

const isCompleted = (r: TranscriptRequest) => r.tab === 'COMPLETED';

export function actionSelect(
  r: TranscriptRequest,
  env: CellEnv,
  idPrefix = 'action',
  selected?: string,
): SafeHtml {
  const actions = allowedActions(r.status);
  if (actions.length === 0) return html`<span class="muted">${t(env.lang, 'none')}</span>`;
  const id = `${idPrefix}-${r.referenceNumber}`;
  return html`<form method="post" action="${refPath(r)}/action" class="row-action">
    <input type="hidden" name="_csrf" value="${env.csrf}">
    <input type="hidden" name="version" value="${r.version}">
    <input type="hidden" name="back" value="${env.back}">
    <label for="${id}" class="visually-hidden">${t(env.lang, 'actionFor')} ${r.referenceNumber}</label>
    <select id="${id}" name="action">
      <option value="">${t(env.lang, 'selectAction')}</option>
      ${actions.map((a) => html`<option value="${a}"${raw(a === selected ? ' selected' : '')}>${statusLabel(a, env.lang)}</option>`)}
    </select>
    <button type="submit">${t(env.lang, 'submit')}</button>
  </form>`;
}

function uploadLink(r: TranscriptRequest, env: CellEnv, label: MessageKey): SafeHtml {
  if (!canUpload(r.status)) return html`<span class="muted">${t(env.lang, 'none')}</span>`;
  const href = `${refPath(r)}/televerser?back=${encodeURIComponent(env.back)}`;
  return html`<a href="${href}">${t(env.lang, label)}<span class="visually-hidden"> ${r.referenceNumber}</span></a>`;
}

const requestedAt: Column = {
  id: 'requestedAt',
  label: 'colRequestedAt',
  sort: 'requestedAt',
  text: (r) => formatDate(r.requestedAt),
  cell: (r) => html`${formatDate(r.requestedAt)}`,
};
const age: Column = {
  id: 'age',
  label: 'colAge',
  sort: 'age',
  text: (r, env) => (isCompleted(r) ? '' : env.age(r).text),
  cell: (r, env) => {
    if (isCompleted(r)) return html``;
    const a = env.age(r);
    return html`<span class="age age-${a.state}"${raw(a.state === 'overdue' ? ` title="${a.days} ${t(env.lang, 'days')}"` : '')}>${a.text}</span>`;
  },
};
const reference: Column = {
  id: 'referenceNumber',
  label: 'colReference',
  sort: 'referenceNumber',
  text: (r) => r.referenceNumber,
  cell: (r) => html`<a href="${refPath(r)}">${r.referenceNumber}</a>`,
};
const name: Column = {
  id: 'name',
  label: 'colName',
  sort: 'name',
  text: (r) => formatName(r),
  cell: (r) => html`<a href="${refPath(r)}#eleve">${formatName(r)}</a>`,
};
const requestType: Column = {
  id: 'requestType',
  label: 'colRequestType',
  sort: 'requestType',
  text: (r, env) => requestTypeLabel(r.requestType, env.lang),
  cell: (r, env) => html`${requestTypeLabel(r.requestType, env.lang)}`,
};
const source: Column = {
  id: 'source',
  label: 'colSource',
  sort: 'source',
  text: (r) => sourceLabel(r),
  // One line: the school's name, cut with an ellipsis when long; the full name and city in the title.
  cell: (r) => html`<span class="clip" title="${sourceLabel(r)}">${r.schoolName}</span>`,
};
const lastAttended: Column = {
  id: 'dateLastAttended',
  label: 'colLastAttended',
  sort: 'dateLastAttended',
  text: (r, env) => formatMonth(r.dateLastAttended, env.lang),
  cell: (r, env) => html`${formatMonth(r.dateLastAttended, env.lang)}`,
};
const sendTiming: Column = {
  id: 'sendTiming',
  label: 'colSendTiming',
  sort: 'sendTiming',
  text: (r, env) => sendTimingLabel(r.sendTiming, env.lang),
  cell: (r, env) =>
    html`<span title="${sendTimingLabel(r.sendTiming, env.lang)}">${t(env.lang, r.sendTiming === 'END_OF_TERM' ? 'sendEndOfTermShort' : 'sendNowShort')}</span>`,
};
const status: Column = {
  id: 'status',
  label: 'colStatus',
  sort: 'status',
  text: (r, env) => statusLabel(r.status, env.lang),
  cell: (r, env) =>
    html`<span class="status status-${r.status.toLowerCase()}">${statusLabel(r.status, env.lang)}</span>`,
};
const upload: Column = {
  id: 'upload',
  label: 'colUpload',
  cell: (r, env) => uploadLink(r, env, isCompleted(r) ? 'reupload' : 'upload'),
};
const action: Column = {
  id: 'action',
  label: 'colAction',
  cell: (r, env) => actionSelect(r, env),
};
const lastUpdatedBy: Column = {
  id: 'lastUpdatedBy',
  label: 'colLastUpdatedBy',
  sort: 'lastUpdatedBy',
  text: (r, env) => actorIn(r.lastUpdatedBy, env.lang),
  cell: (r, env) => html`${actorIn(r.lastUpdatedBy, env.lang)}`,
};
const completedAt: Column = {
  id: 'completedAt',
  label: 'colCompletedAt',
  sort: 'completedAt',
  text: (r) => formatDate(r.completedAt),
  cell: (r) => html`${formatDate(r.completedAt)}`,
};
const reupload: Column = {
  id: 'reupload',
  label: 'colReupload',
  cell: (r, env) => uploadLink(r, env, 'reupload'),
};

/** The table of a tab (or of a search across tabs); Source only for those who see several schools. */
export function columnsFor(tab: Tab | undefined, showSource: boolean): Column[] {
  const cols =
    tab === 'COMPLETED'
      ? [
          requestedAt,
          reference,
          name,
          requestType,
          source,
          lastAttended,
          lastUpdatedBy,
          completedAt,
          status,
          reupload,
        ]
      : tab === undefined
        ? [
            requestedAt,
            age,
            reference,
            name,
            requestType,
            source,
            lastAttended,
            sendTiming,
            status,
            completedAt,
            upload,
            action,
          ]
        : [
            requestedAt,
            age,
            reference,
            name,
            requestType,
            source,
            lastAttended,
            sendTiming,
            status,
            upload,
            action,
          ];
  return showSource ? cols : cols.filter((c) => c.id !== 'source');
}

/** Extra details in the CSV: « tous les détails de demande de relevé de notes ». */
export const EXPORT_DETAILS: Array<{
  label: MessageKey;
  text: (r: TranscriptRequest, lang: Lang) => string;
}> = [
  { label: 'colApplicationNumber', text: (r) => r.applicationNumber ?? '' },
  { label: 'colAccountNumber', text: (r) => r.accountNumber ?? '' },
  { label: 'fLastName', text: (r) => r.lastName ?? '' },
  { label: 'fFirstName', text: (r) => r.firstName ?? '' },
  { label: 'fPreviousLastName', text: (r) => r.previousLastName ?? '' },
  { label: 'colBirthDate', text: (r) => formatDate(r.birthDate) },
  { label: 'colGender', text: (r) => r.gender ?? '' },
  { label: 'colOen', text: (r) => r.oen ?? '' },
  { label: 'colStudentNumber', text: (r) => r.studentNumber ?? '' },
  { label: 'colOrigin', text: (r) => r.origin },
  { label: 'colDestination', text: (r) => r.destinationName ?? r.destinationCode ?? '' },
  { label: 'colLastUpdatedBy', text: (r) => r.lastUpdatedBy },
  { label: 'colCompletedAt', text: (r) => formatDate(r.completedAt) },
];
