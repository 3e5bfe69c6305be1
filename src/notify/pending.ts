/**
 * « Waiting N business hours or more »: the latest reception instant that has waited at least N
 * business hours by now. Business hours only grow as the reception goes back in time, so the
 * instant is found by bisection, and a request qualifies when received at or before it — one
 * indexed comparison in SQL instead of a business-time computation per request.
 */
import type { BusinessCalendar } from '../domain/business-time.js';

const DAY_MS = 86_400_000;

export function waitedCutoff(calendar: BusinessCalendar, now: Date, hours: number): Date {
  const waited = (at: number) => calendar.businessHoursBetween(new Date(at), now);
  const end = now.getTime();
  // Far enough back: about three calendar days per business day, then doubled until it has waited enough.
  let span = Math.max(7 * DAY_MS, Math.ceil(hours / 8) * 3 * DAY_MS + 14 * DAY_MS);
  let lo = end - span;
  for (let guard = 0; waited(lo) < hours && guard < 6; guard++) {
    span *= 2;
    lo = end - span;
  }
  if (waited(lo) < hours) return new Date(lo);
  let hi = end; // waited(hi) = 0 < hours (hours ≥ 1)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (waited(mid) >= hours) lo = mid;
    else hi = mid;
  }
  return new Date(lo);
}
