/** The detailed report: one line per request of the range, sorted by payment date then reference. */
import type { AppContext } from '../context.js';
import type { Page, Scope } from '../store/index.js';
import type { DetailedRow } from '../store/reports.js';
import { checkRange } from './scope.js';

export type { DetailedRow };

export const DETAILED_PAGE_SIZE = 50;

export interface DetailedQuery {
  scope: Scope;
  from: string;
  to: string;
}

export async function detailedReport(
  ctx: AppContext,
  q: DetailedQuery & { page: number },
): Promise<Page<DetailedRow>> {
  const range = { scope: q.scope, ...checkRange(q.from, q.to) };
  const total = await ctx.store.reports.count(range);
  const pageSize = DETAILED_PAGE_SIZE;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(Number.isFinite(q.page) ? q.page : 1)), pageCount);
  const rows = await ctx.store.reports.detailedPage(range, pageSize, (page - 1) * pageSize);
  return { rows, total, page, pageCount, pageSize };
}

/**
 * Every row of the range, read in batches by keyset (payment date, reference), so an export of
 * hundreds of thousands of requests never holds more than one batch of rows from the database.
 */
export async function* detailedRows(
  ctx: AppContext,
  q: DetailedQuery,
  batch = 5000,
): AsyncGenerator<DetailedRow> {
  const range = { scope: q.scope, ...checkRange(q.from, q.to) };
  let after: DetailedRow | undefined;
  for (;;) {
    const rows = await ctx.store.reports.detailedAfter(range, after, batch);
    yield* rows;
    if (rows.length < batch) return;
    after = rows[rows.length - 1];
  }
}
