/** The date range of a report, checked before any query. */
import { DateTime } from 'luxon';
import { InvalidReportRange } from './errors.js';

export function checkRange(from: string, to: string): { from: string; to: string } {
  const a = DateTime.fromISO(from ?? '', { zone: 'utc' });
  const b = DateTime.fromISO(to ?? '', { zone: 'utc' });
  const shape = /^\d{4}-\d{2}-\d{2}$/;
  if (!shape.test(from ?? '') || !shape.test(to ?? '') || !a.isValid || !b.isValid || a > b)
    throw InvalidReportRange(String(from), String(to));
  return { from, to };
}
