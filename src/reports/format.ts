/** How report figures are written, the same on the page and in every download. */
import type { Lang } from '../domain/lang.js';

export type { Lang } from '../domain/lang.js';

const MONTHS: Record<Lang, string[]> = {
  fr: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juill.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
  en: ['Jan.', 'Feb.', 'Mar.', 'Apr.', 'May', 'Jun.', 'Jul.', 'Aug.', 'Sep.', 'Oct.', 'Nov.', 'Dec.'],
};

/** 2024-04-24 → 2024/04/24, as the guide shows dates. */
export function formatDate(iso: string | null): string {
  return iso ? iso.replace(/-/g, '/') : '';
}

/** 2022-03 → « mars 2022 » / "Mar. 2022" (date last attended). */
export function formatMonth(yearMonth: string | null, lang: Lang): string {
  if (!yearMonth) return '';
  const [year, month] = yearMonth.split('-');
  const name = MONTHS[lang][Number(month) - 1];
  return name ? `${name} ${year}` : yearMonth;
}

/** 2026-03-02 → « 2 mars 2026 » / "Mar. 2, 2026" (charts); without the year: « 2 mars » / "Mar. 2". */
export function formatDay(iso: string, lang: Lang, withYear = true): string {
  const [year, month, day] = iso.slice(0, 10).split('-');
  const name = MONTHS[lang][Number(month) - 1];
  if (!name || !day) return formatDate(iso);
  const d = String(Number(day));
  if (lang === 'fr') return withYear ? `${d}\u00a0${name} ${year}` : `${d}\u00a0${name}`;
  return withYear ? `${name} ${d}, ${year}` : `${name} ${d}`;
}

export function formatMoney(amount: number, lang: Lang): string {
  const fixed = amount.toFixed(2);
  return lang === 'fr' ? `${fixed.replace('.', ',')} $` : `$${fixed}`;
}

/** One decimal, the report's precision for the average processing time. */
export function formatDays(days: number, lang: Lang): string {
  const fixed = days.toFixed(1);
  return lang === 'fr' ? fixed.replace('.', ',') : fixed;
}

/** 0.753 → « 75 % » (a no-break space, so the sign never starts a line) / "75%". */
export function formatShare(share: number, lang: Lang): string {
  const percent = Math.round(share * 100);
  return lang === 'fr' ? `${percent}\u00a0%` : `${percent}%`;
}
