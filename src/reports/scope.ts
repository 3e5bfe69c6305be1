/** The date range of a report, checked before any query. */
import { DateTime } from 'luxon';
import { InvalidReportRange, ReportRangeTooWide } from './errors.js';

/** Reports cover at most this many years, between these dates: a range beyond is no report anyone reads. */
export const REPORT_MAX_YEARS = 5;
export const REPORT_EARLIEST = '2000-01-01';
export const REPORT_LATEST = '2100-12-31';

/** What is wrong with a range: not two dates in order, or wider than the reports cover; undefined when fine. */
export function reportRangeProblem(from: string, to: string): 'invalid' | 'too-wide' | undefined {
  const shape = /^\d{4}-\d{2}-\d{2}$/;
  if (!shape.test(from ?? '') || !shape.test(to ?? '')) return 'invalid';
  const a = DateTime.fromISO(from, { zone: 'utc' });
  const b = DateTime.fromISO(to, { zone: 'utc' });
  if (!a.isValid || !b.isValid || a > b) return 'invalid';
  if (from < REPORT_EARLIEST || to > REPORT_LATEST || b > a.plus({ years: REPORT_MAX_YEARS }))
    return 'too-wide';
  return undefined;
}

export function checkRange(from: string, to: string): { from: string; to: string } {
  const problem = reportRangeProblem(from, to);
  if (problem === 'invalid') throw InvalidReportRange(String(from), String(to));
  if (problem === 'too-wide') throw ReportRangeTooWide(from, to);
  return { from, to };
}
