/**
 * The summary report: counts per status bucket split original/reissue, the average processing time
 * in business days, Auto-eTMS's share, totals per school and the weekly volume. Everything is
 * counted by one GROUP BY GROUPING SETS pass in the database; JavaScript only folds the grouped rows.
 */
import { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import type { Scope } from '../store/index.js';
import type { GroupedCount, ProcessingGroup, ReportRange } from '../store/reports.js';
import { HOURS_PER_BUSINESS_DAY, type BusinessCalendar } from '../domain/business-time.js';
import { OUTCOMES, RECEIVED_ROW, SUMMARY_ROWS, outcomeOf, rowKeyOf, type Outcome } from './labels.js';
import { checkRange } from './scope.js';

export interface SummaryRow {
  key: string;
  labelFr: string;
  labelEn: string;
  level: 0 | 1;
  original: number;
  reissue: number;
}

export interface SummaryReport {
  range: { from: string; to: string };
  rows: SummaryRow[];
  total: { original: number; reissue: number };
  /** Business days from reception to completion, averaged over sent requests, one decimal. */
  averageProcessingDays: number;
  /** Completed by Auto-eTMS / all completed electronically or on paper (0..1). */
  autoShare: number;
  perSchool: Array<{ schoolId: number; schoolName: string; original: number; reissue: number }>;
  /** One entry per week (Monday) of the range, every outcome present. */
  weekly: Array<{ weekStart: string; outcomes: Record<string, number> }>;
  /** How many requests the average is taken over. */
  processedCount: number;
}

export interface SummaryQuery {
  scope: Scope;
  from: string;
  to: string;
}

export async function summaryReport(ctx: AppContext, q: SummaryQuery): Promise<SummaryReport> {
  const range: ReportRange = { scope: q.scope, ...checkRange(q.from, q.to) };
  // Three queries over the range, at once on three connections (on a server; one after the other
  // on the embedded database).
  const [groups, processingGroups, received] = await Promise.all([
    ctx.store.reports.groupedCounts(range),
    ctx.store.reports.processingGroups(range, ctx.config.businessTime.timeZone),
    ctx.store.reports.receivedCounts(range),
  ]);
  const counts = groups.filter((g) => g.set === 'bucket');

  const leaves = new Map<string, { original: number; reissue: number }>();
  const schools = new Map<
    number,
    { schoolId: number; schoolName: string; original: number; reissue: number }
  >();
  const total = { original: 0, reissue: 0 };
  const byOutcome = new Map<Outcome, number>();
  for (const row of counts) {
    const n = row.n;
    const side = row.requestType === 'REISSUE' ? 'reissue' : 'original';
    const key = rowKeyOf(row.status, row.completionMethod, row.origin ?? 'OCAS');
    const leaf = leaves.get(key) ?? { original: 0, reissue: 0 };
    leaf[side] += n;
    leaves.set(key, leaf);
    const schoolId = row.schoolId ?? 0;
    const school = schools.get(schoolId) ?? { schoolId, schoolName: '', original: 0, reissue: 0 };
    school[side] += n;
    schools.set(schoolId, school);
    total[side] += n;
    const outcome = outcomeOf(row.status, row.completionMethod);
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + n);
  }
  const receivedLeaf = { original: 0, reissue: 0 };
  for (const row of received) receivedLeaf[row.requestType === 'REISSUE' ? 'reissue' : 'original'] += row.n;
  leaves.set(RECEIVED_ROW.key, receivedLeaf);
  if (schools.size) {
    for (const school of await ctx.store.organisations.schoolsById([...schools.keys()]))
      schools.get(school.id)!.schoolName = school.name;
  }

  const rows: SummaryRow[] = SUMMARY_ROWS.map((def) => {
    const parts = def.children.length ? def.children : [def.key];
    const sum = { original: 0, reissue: 0 };
    for (const key of parts) {
      const leaf = leaves.get(key);
      if (leaf) {
        sum.original += leaf.original;
        sum.reissue += leaf.reissue;
      }
    }
    return { key: def.key, labelFr: def.labelFr, labelEn: def.labelEn, level: def.level, ...sum };
  });

  const auto = byOutcome.get('AUTO') ?? 0;
  const sentElectronicOrPaper = auto + (byOutcome.get('MANUAL') ?? 0) + (byOutcome.get('PAPER') ?? 0);
  const processing = await processingTime(ctx, processingGroups);

  return {
    range: { from: q.from, to: q.to },
    rows,
    total,
    averageProcessingDays: processing.count
      ? Math.round((processing.hours / HOURS_PER_BUSINESS_DAY / processing.count) * 10) / 10
      : 0,
    autoShare: sentElectronicOrPaper ? auto / sentElectronicOrPaper : 0,
    perSchool: [...schools.values()].sort((a, b) => a.schoolName.localeCompare(b.schoolName, 'fr')),
    weekly: weeklyVolume(
      q,
      groups.filter((g) => g.set === 'day'),
    ),
    processedCount: processing.count,
  };
}

/** Mondays from the week holding `from` to the week holding `to`. */
export function weekStarts(from: string, to: string): string[] {
  const out: string[] = [];
  let cursor = DateTime.fromISO(from, { zone: 'utc' }).startOf('week');
  const end = DateTime.fromISO(to, { zone: 'utc' });
  while (cursor <= end) {
    out.push(cursor.toISODate() as string);
    cursor = cursor.plus({ weeks: 1 });
  }
  return out;
}

function weeklyVolume(q: SummaryQuery, days: GroupedCount[]): SummaryReport['weekly'] {
  const weeks = new Map<string, Record<string, number>>();
  for (const week of weekStarts(q.from, q.to))
    weeks.set(week, Object.fromEntries(OUTCOMES.map((o) => [o, 0])));
  const mondayOf = new Map<string, string>();
  for (const row of days) {
    const day = row.requestedAt ?? '';
    let monday = mondayOf.get(day);
    if (!monday) {
      monday = DateTime.fromISO(day, { zone: 'utc' }).startOf('week').toISODate() as string;
      mondayOf.set(day, monday);
    }
    const outcomes = weeks.get(monday);
    if (outcomes) outcomes[outcomeOf(row.status, row.completionMethod)] += row.n;
  }
  return [...weeks.entries()].map(([weekStart, outcomes]) => ({ weekStart, outcomes }));
}

/**
 * Total business hours from reception to completion of the requests sent (electronically or on
 * paper; cancellations are not processing): the part of the first day after reception, the part
 * of the last day before completion (both summed by the database), and eight per business day
 * strictly between, from a table of business-day ordinals — so the work grows with the number of
 * distinct (received day, completed day) pairs, not with the number of requests.
 */
async function processingTime(
  ctx: AppContext,
  rows: ProcessingGroup[],
): Promise<{ hours: number; count: number }> {
  if (rows.length === 0) return { hours: 0, count: 0 };
  const boards = await ctx.store.organisations.boardsById([...new Set(rows.map((r) => r.boardId))]);
  const boardCodes = new Map(boards.map((b) => [b.id, b.code]));
  const ordinals = new Map<number, BusinessOrdinals>();
  let hours = 0;
  let count = 0;
  for (const row of rows) {
    const n = row.n;
    count += n;
    if (!row.forward) continue;
    const boardId = row.boardId;
    let ord = ordinals.get(boardId);
    if (!ord) {
      const mine = rows.filter((r) => r.boardId === boardId);
      const first = mine.reduce((m, r) => (r.ds < m ? r.ds : m), mine[0].ds);
      const last = mine.reduce((m, r) => (r.de > m ? r.de : m), mine[0].de);
      ord = new BusinessOrdinals(ctx.calendar(boardCodes.get(boardId)), first, last);
      ordinals.set(boardId, ord);
    }
    if (row.ds === row.de) {
      if (ord.isBusinessDay(row.ds)) hours += row.sameH;
      continue;
    }
    if (ord.isBusinessDay(row.ds)) hours += row.startH;
    if (ord.isBusinessDay(row.de)) hours += row.endH;
    hours += n * HOURS_PER_BUSINESS_DAY * ord.strictlyBetween(row.ds, row.de);
  }
  return { hours, count };
}

/** Business days counted from a start date: ordinal(d) = business days before d. */
class BusinessOrdinals {
  private readonly before = new Map<string, number>();
  private readonly business = new Set<string>();
  constructor(calendar: BusinessCalendar, first: string, last: string) {
    let cursor = DateTime.fromISO(first, { zone: 'utc' });
    const end = DateTime.fromISO(last, { zone: 'utc' });
    let n = 0;
    while (cursor <= end) {
      const day = cursor.toISODate() as string;
      this.before.set(day, n);
      if (calendar.isBusinessDay(day)) {
        this.business.add(day);
        n++;
      }
      cursor = cursor.plus({ days: 1 });
    }
  }
  isBusinessDay(day: string): boolean {
    return this.business.has(day);
  }
  /** Business days after `a` and before `b` (a < b). */
  strictlyBetween(a: string, b: string): number {
    return (this.before.get(b) ?? 0) - (this.before.get(a) ?? 0) - (this.business.has(a) ? 1 : 0);
  }
}
