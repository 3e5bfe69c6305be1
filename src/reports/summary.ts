/**
 * The summary report: counts per status bucket split original/reissue, the average processing time
 * in business days, Auto-eTMS's share, totals per school and the weekly volume. Everything is
 * counted by one GROUP BY GROUPING SETS pass in the database; JavaScript only folds the grouped rows.
 */
import { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import type { Scope } from '../store/index.js';
import type { CompletionMethod, Origin, RequestType } from '../domain/request.js';
import type { Status } from '../domain/status.js';
import { HOURS_PER_BUSINESS_DAY, type BusinessCalendar } from '../domain/business-time.js';
import { OUTCOMES, SUMMARY_ROWS, outcomeOf, rowKeyOf, type Outcome } from './labels.js';
import { reportFilter } from './scope.js';

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
  const groups = await groupedCounts(ctx, q);
  const counts = groups.filter((g) => g.set === 'bucket');

  const leaves = new Map<string, { original: number; reissue: number }>();
  const schools = new Map<
    number,
    { schoolId: number; schoolName: string; original: number; reissue: number }
  >();
  const total = { original: 0, reissue: 0 };
  const byOutcome = new Map<Outcome, number>();
  for (const row of counts) {
    const n = Number(row.n);
    const side = row.request_type === 'REISSUE' ? 'reissue' : 'original';
    const key = rowKeyOf(row.status, row.completion_method, row.origin);
    const leaf = leaves.get(key) ?? { original: 0, reissue: 0 };
    leaf[side] += n;
    leaves.set(key, leaf);
    const schoolId = Number(row.school_id);
    const school = schools.get(schoolId) ?? { schoolId, schoolName: '', original: 0, reissue: 0 };
    school[side] += n;
    schools.set(schoolId, school);
    total[side] += n;
    const outcome = outcomeOf(row.status, row.completion_method);
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + n);
  }
  if (schools.size) {
    const { rows } = await ctx.store.db.query<{ id: number; name: string }>(
      'SELECT id, name FROM schools WHERE id = ANY($1::int[])',
      [[...schools.keys()]],
    );
    for (const row of rows) schools.get(Number(row.id))!.schoolName = row.name;
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
  const processing = await processingTime(
    ctx,
    groups.filter((g) => g.set === 'processing' && g.processed),
  );

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

interface GroupRow {
  set: 'bucket' | 'day' | 'processing';
  school_id: number;
  request_type: RequestType;
  origin: Origin;
  status: Status;
  completion_method: CompletionMethod | null;
  requested_at: string;
  processed: boolean;
  board_id: number;
  ds: string;
  de: string;
  forward: boolean;
  n: number;
  start_h: number | null;
  end_h: number | null;
  same_h: number | null;
}

/**
 * Two queries over the range, run at once on two connections (on a server; one after the other
 * on the embedded database):
 * - one pass with two groupings (GROUPING SETS): per school, type, origin, status and completion
 *   method (the rows, totals and schools), and per payment date, status and method (the weeks);
 * - per board, received day and completed day of the sent requests (see processingTime), with the
 *   business hours of each request's first and last day summed by the database. A business day is
 *   08:00–16:00 local, so those parts are clipped local times of day.
 */
async function groupedCounts(ctx: AppContext, q: SummaryQuery): Promise<GroupRow[]> {
  const counts = (async () => {
    const f = reportFilter(q.scope, q.from, q.to);
    // Both hash tables fit in memory with a larger work_mem (this transaction only): no sort on disk.
    return ctx.store.db.transaction(async (tx) => {
      await tx.query("SELECT set_config('work_mem', '64MB', true)");
      const { rows } = await tx.query<Omit<GroupRow, 'set'> & { g_bucket: number }>(
        `SELECT GROUPING(r.school_id) AS g_bucket, r.school_id, r.request_type, r.origin, r.status, r.completion_method, r.requested_at,
                count(*)::bigint AS n
           FROM requests r ${f.where}
          GROUP BY GROUPING SETS ((r.school_id, r.request_type, r.origin, r.status, r.completion_method), (r.requested_at, r.status, r.completion_method))`,
        f.params,
      );
      return rows.map((row) => ({ ...row, set: Number(row.g_bucket) === 0 ? 'bucket' : 'day' }) as GroupRow);
    });
  })();
  const processing = (async () => {
    const f = reportFilter(q.scope, q.from, q.to);
    // Local days and times come from the session time zone, set for this transaction only: a cast
    // under the session zone costs far less per row than AT TIME ZONE with a zone name.
    return ctx.store.db.transaction(async (tx) => {
      await tx.query("SELECT set_config('TimeZone', $1, true), set_config('work_mem', '64MB', true)", [
        ctx.config.businessTime.timeZone,
      ]);
      const { rows } = await tx.query<Omit<GroupRow, 'set'>>(
        `SELECT board_id, ds, de, forward, true AS processed, count(*)::bigint AS n,
                sum(LEAST(8, GREATEST(0, 16 - GREATEST(8, hs)))) AS start_h,
                sum(LEAST(8, GREATEST(0, LEAST(16, he) - 8))) AS end_h,
                sum(GREATEST(0, LEAST(16, he) - GREATEST(8, hs))) AS same_h
           FROM (SELECT r.board_id, r.received_at::date AS ds, r.completed_at::date AS de, r.completed_at > r.received_at AS forward,
                        date_part('epoch', r.received_at::time) / 3600 AS hs, date_part('epoch', r.completed_at::time) / 3600 AS he
                   FROM requests r
                   ${f.where} AND r.status IN ('E_TRANSCRIPT_SENT', 'PAPER_SENT') AND r.completed_at IS NOT NULL) t
          GROUP BY board_id, ds, de, forward`,
        f.params,
      );
      return rows.map((row) => ({ ...row, set: 'processing' }) as GroupRow);
    });
  })();
  const [a, b] = await Promise.all([counts, processing]);
  return [...a, ...b];
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

function weeklyVolume(q: SummaryQuery, days: GroupRow[]): SummaryReport['weekly'] {
  const weeks = new Map<string, Record<string, number>>();
  for (const week of weekStarts(q.from, q.to))
    weeks.set(week, Object.fromEntries(OUTCOMES.map((o) => [o, 0])));
  const mondayOf = new Map<string, string>();
  for (const row of days) {
    let monday = mondayOf.get(row.requested_at);
    if (!monday) {
      monday = DateTime.fromISO(row.requested_at, { zone: 'utc' }).startOf('week').toISODate() as string;
      mondayOf.set(row.requested_at, monday);
    }
    const outcomes = weeks.get(monday);
    if (outcomes) outcomes[outcomeOf(row.status, row.completion_method)] += Number(row.n);
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
async function processingTime(ctx: AppContext, rows: GroupRow[]): Promise<{ hours: number; count: number }> {
  if (rows.length === 0) return { hours: 0, count: 0 };
  const boardCodes = await boardCodesOf(ctx, [...new Set(rows.map((r) => Number(r.board_id)))]);
  const ordinals = new Map<number, BusinessOrdinals>();
  let hours = 0;
  let count = 0;
  for (const row of rows) {
    const n = Number(row.n);
    count += n;
    if (!row.forward) continue;
    const boardId = Number(row.board_id);
    let ord = ordinals.get(boardId);
    if (!ord) {
      const mine = rows.filter((r) => Number(r.board_id) === boardId);
      const first = mine.reduce((m, r) => (r.ds < m ? r.ds : m), mine[0].ds);
      const last = mine.reduce((m, r) => (r.de > m ? r.de : m), mine[0].de);
      ord = new BusinessOrdinals(ctx.calendar(boardCodes.get(boardId)), first, last);
      ordinals.set(boardId, ord);
    }
    if (row.ds === row.de) {
      if (ord.isBusinessDay(row.ds)) hours += Number(row.same_h);
      continue;
    }
    if (ord.isBusinessDay(row.ds)) hours += Number(row.start_h);
    if (ord.isBusinessDay(row.de)) hours += Number(row.end_h);
    hours += n * HOURS_PER_BUSINESS_DAY * ord.strictlyBetween(row.ds, row.de);
  }
  return { hours, count };
}

async function boardCodesOf(ctx: AppContext, ids: number[]): Promise<Map<number, string>> {
  const { rows } = await ctx.store.db.query<{ id: number; code: string }>(
    'SELECT id, code FROM boards WHERE id = ANY($1::int[])',
    [ids],
  );
  return new Map(rows.map((r) => [Number(r.id), r.code]));
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
