/** The detailed report: one line per request of the range, sorted by payment date then reference. */
import type { AppContext } from '../context.js';
import type { Page, Scope } from '../store/index.js';
import type { Row } from '../store/db.js';
import { reportFilter } from './scope.js';

export const DETAILED_PAGE_SIZE = 50;

export interface DetailedRow {
  applicationNumber: string | null;
  referenceNumber: string;
  /** YYYY-MM-DD */
  paymentDate: string;
  firstName: string | null;
  lastName: string | null;
  /** YYYY-MM-DD */
  birthDate: string | null;
  studentNumber: string | null;
  /** The school's name (the guide's « Source »). */
  source: string;
  /** YYYY-MM */
  dateLastAttended: string | null;
  transcriptCount: number;
  amountCollected: number;
}

export interface DetailedQuery {
  scope: Scope;
  from: string;
  to: string;
}

const COLUMNS = `r.application_number, r.reference_number, r.requested_at, r.first_name, r.last_name, r.birth_date,
  r.student_number, s.name AS school_name, r.date_last_attended, r.transcript_count, r.amount_collected`;

function toDetailedRow(row: Row): DetailedRow {
  return {
    applicationNumber: (row.application_number as string) ?? null,
    referenceNumber: row.reference_number as string,
    paymentDate: row.requested_at as string,
    firstName: (row.first_name as string) ?? null,
    lastName: (row.last_name as string) ?? null,
    birthDate: (row.birth_date as string) ?? null,
    studentNumber: (row.student_number as string) ?? null,
    source: row.school_name as string,
    dateLastAttended: (row.date_last_attended as string) ?? null,
    transcriptCount: Number(row.transcript_count),
    amountCollected: Number(row.amount_collected),
  };
}

export async function detailedReport(
  ctx: AppContext,
  q: DetailedQuery & { page: number },
): Promise<Page<DetailedRow>> {
  const f = reportFilter(q.scope, q.from, q.to);
  const counted = await ctx.store.db.query<{ n: number }>(
    `SELECT count(*)::bigint AS n FROM requests r ${f.where}`,
    f.params,
  );
  const total = Number(counted.rows[0].n);
  const pageSize = DETAILED_PAGE_SIZE;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(Number.isFinite(q.page) ? q.page : 1)), pageCount);
  const limit = f.param(pageSize);
  const offset = f.param((page - 1) * pageSize);
  const { rows } = await ctx.store.db.query<Row>(
    `SELECT ${COLUMNS} FROM requests r JOIN schools s ON s.id = r.school_id ${f.where}
      ORDER BY r.requested_at, r.reference_number LIMIT ${limit} OFFSET ${offset}`,
    f.params,
  );
  return { rows: rows.map(toDetailedRow), total, page, pageCount, pageSize };
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
  let after: { date: string; reference: string } | undefined;
  for (;;) {
    const f = reportFilter(q.scope, q.from, q.to);
    if (after) {
      const d = f.param(after.date);
      const ref = f.param(after.reference);
      f.clauses.push(`(r.requested_at, r.reference_number) > (${d}::date, ${ref})`);
    }
    const limit = f.param(batch);
    const { rows } = await ctx.store.db.query<Row>(
      `SELECT ${COLUMNS} FROM requests r JOIN schools s ON s.id = r.school_id ${f.where}
        ORDER BY r.requested_at, r.reference_number LIMIT ${limit}`,
      f.params,
    );
    for (const row of rows) yield toDetailedRow(row);
    if (rows.length < batch) return;
    const last = rows[rows.length - 1];
    after = { date: last.requested_at as string, reference: last.reference_number as string };
  }
}
