/**
 * How values read on the pages and in the exports: dates as YYYY/MM/DD, the last year attended as
 * « Jun. 2002 » (French month abbreviations in French), names as « Nom, Prénom », ages in business days.
 */
import { DateTime } from 'luxon';
import type { TranscriptRequest } from '../domain/request.js';
import { slaState, type SlaState } from '../domain/business-time.js';
import type { BusinessCalendar } from '../domain/business-time.js';
import { t, type Lang } from './i18n.js';

const ZONE = 'America/Toronto';

const MONTHS: Record<Lang, string[]> = {
  en: ['Jan.', 'Feb.', 'Mar.', 'Apr.', 'May', 'Jun.', 'Jul.', 'Aug.', 'Sep.', 'Oct.', 'Nov.', 'Dec.'],
  fr: ['Janv.', 'Févr.', 'Mars', 'Avr.', 'Mai', 'Juin', 'Juil.', 'Août', 'Sept.', 'Oct.', 'Nov.', 'Déc.'],
};

/** 'YYYY-MM-DD' or a Date → 'YYYY/MM/DD' (a Date is read in Ontario time). */
export function formatDate(value: string | Date | null | undefined, zone = ZONE): string {
  if (!value) return '';
  if (value instanceof Date) return DateTime.fromJSDate(value, { zone }).toFormat('yyyy/LL/dd');
  return value.slice(0, 10).replace(/-/g, '/');
}

/**
 * A value the matcher recorded for a field, as the pages show it: an ISO date (2003-06-09) or month
 * (2003-06) in the guide's form (2003/06/09, 2003/06), in both languages, like every other date of
 * the pages; anything else as recorded.
 */
export function formatRecordedValue(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value.trim());
  if (!m) return value;
  return m[3] ? `${m[1]}/${m[2]}/${m[3]}` : `${m[1]}/${m[2]}`;
}

export function formatDateTime(value: Date | null | undefined, zone = ZONE): string {
  if (!value) return '';
  return DateTime.fromJSDate(value, { zone }).toFormat('yyyy/LL/dd HH:mm');
}

/** 'YYYY-MM' → « Jun. 2002 » / « Juin 2002 ». */
export function formatMonth(value: string | null | undefined, lang: Lang): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})/.exec(value);
  if (!m) return value;
  const month = MONTHS[lang][Number(m[2]) - 1];
  return month ? `${month} ${m[1]}` : value;
}

/** « Nom, Prénom »; the previous surname, when any, in parentheses. */
export function formatName(
  r: Pick<TranscriptRequest, 'firstName' | 'lastName' | 'previousLastName'>,
): string {
  const last = r.lastName?.trim() ?? '';
  const first = r.firstName?.trim() ?? '';
  const name = last && first ? `${last}, ${first}` : last || first;
  const previous = r.previousLastName?.trim();
  return previous && previous !== last ? `${name} (${previous})` : name;
}

export function requestTypeLabel(type: TranscriptRequest['requestType'], lang: Lang): string {
  return t(lang, type === 'REISSUE' ? 'typeReissue' : 'typeOriginal');
}

export function sendTimingLabel(timing: TranscriptRequest['sendTiming'], lang: Lang): string {
  return t(lang, timing === 'END_OF_TERM' ? 'sendEndOfTerm' : 'sendNow');
}

export function sourceLabel(r: Pick<TranscriptRequest, 'schoolName' | 'schoolCity'>): string {
  return r.schoolCity ? `${r.schoolName}, ${r.schoolCity}` : r.schoolName;
}

export interface Age {
  days: number;
  state: SlaState;
  text: string;
}

/** Business days since the request was received, and its colour against the service deadline. */
export function ageOf(
  calendar: BusinessCalendar,
  deadlineDays: number,
  request: Pick<TranscriptRequest, 'receivedAt'>,
  now: Date,
  lang: Lang,
): Age {
  const days = calendar.businessDaysBetween(request.receivedAt, now);
  const state = slaState(days, deadlineDays);
  const text = state === 'overdue' ? t(lang, 'overdue') : `${days} ${t(lang, days === 1 ? 'day' : 'days')}`;
  return { days, state, text };
}

export function formatMoney(amount: number, lang: Lang): string {
  return lang === 'fr' ? `${amount.toFixed(2).replace('.', ',')} $` : `$${amount.toFixed(2)}`;
}

/**
 * A posterior probability (0 to 1) as a percentage with one decimal: « 99,9 % » in French (comma, no-break
 * space before the sign), « 99.9% » in English. A value short of certainty that would round to 100 is
 * shown « > 99,9 % », and one above nothing that would round to 0 « < 0,1 % »: a person must never read
 * certainty where the matcher has none.
 */
export function formatProbability(p: number, lang: Lang): string {
  const percent = (text: string) => (lang === 'fr' ? `${text.replace('.', ',')}\u00a0%` : `${text}%`);
  const value = Math.min(1, Math.max(0, p)) * 100;
  if (value > 99.95 && value < 100) return `> ${percent('99.9')}`;
  if (value > 0 && value < 0.05) return `< ${percent('0.1')}`;
  return percent(value.toFixed(1));
}

/** A score or weight with one decimal: « 55,5 » in French, « 55.5 » in English. */
export function formatNumber(value: number, lang: Lang, digits = 1): string {
  const text = value.toFixed(digits);
  return lang === 'fr' ? text.replace('.', ',').replace('-', '−') : text;
}
