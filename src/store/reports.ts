/**
 * The report queries, over the requests of one scope whose payment date (requested_at) falls in an
 * inclusive range: the detailed report's rows, by page or by keyset batches, and the grouped counts
 * the summary report folds. Values always go in as parameters.
 */
import type { Db, Queryable, Row } from './db.js';
import { read } from './row.js';
import type { Scope } from './requests.js';
import { COMPLETION_METHODS, ORIGINS, REQUEST_TYPES } from '../domain/request.js';
import type { CompletionMethod, Origin, RequestType } from '../domain/request.js';
import { STATUSES, type Status } from '../domain/status.js';

export interface ReportRange {
  scope: Scope;
  /** YYYY-MM-DD, checked by the caller. */
  from: string;
  to: string;
}

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

/** Requests counted per school, type, origin, status and completion method ('bucket'), or per payment date, status and method ('day'). */
export interface GroupedCount {
  set: 'bucket' | 'day';
  schoolId: number | null;
  requestType: RequestType | null;
  origin: Origin | null;
  status: Status;
  completionMethod: CompletionMethod | null;
  requestedAt: string | null;
  n: number;
}

/**
 * Sent requests per board and (received day, completed day), with the business hours of their first
 * and last days summed: a business day is 08:00–16:00 local, so those parts are clipped local times.
 */
export interface ProcessingGroup {
  boardId: number;
  /** Received and completed days, local (YYYY-MM-DD). */
  ds: string;
  de: string;
  forward: boolean;
  n: number;
  startH: number;
  endH: number;
  sameH: number;
}

/** Builds WHERE clauses; values go into params, never into the SQL text. */
class Filter {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];
  add(sql: (p: string) => string, value: unknown): void {
    this.params.push(value);
    this.clauses.push(sql(`$${this.params.length}`));
  }
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
  get where(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

function rangeFilter({ scope, from, to }: ReportRange): Filter {
  const filter = new Filter();
  if ('schoolId' in scope) filter.add((p) => `r.school_id = ${p}`, scope.schoolId);
  else if ('boardId' in scope) filter.add((p) => `r.board_id = ${p}`, scope.boardId);
  filter.add((p) => `r.requested_at >= ${p}::date`, from);
  filter.add((p) => `r.requested_at <= ${p}::date`, to);
  return filter;
}

const DETAILED_COLUMNS = `r.application_number, r.reference_number, r.requested_at, r.first_name, r.last_name, r.birth_date,
  r.student_number, s.name AS school_name, r.date_last_attended, r.transcript_count, r.amount_collected`;

function toDetailedRow(row: Row): DetailedRow {
  const r = read(row);
  return {
    applicationNumber: r.textOrNull('application_number'),
    referenceNumber: r.text('reference_number'),
    paymentDate: r.text('requested_at'),
    firstName: r.textOrNull('first_name'),
    lastName: r.textOrNull('last_name'),
    birthDate: r.textOrNull('birth_date'),
    studentNumber: r.textOrNull('student_number'),
    source: r.text('school_name'),
    dateLastAttended: r.textOrNull('date_last_attended'),
    transcriptCount: r.int('transcript_count'),
    amountCollected: r.num('amount_collected'),
  };
}

/** Runs `work` in a transaction whose hash tables may use more memory (this transaction only). */
async function withWorkMem<T>(
  db: Db,
  settings: string,
  params: unknown[],
  work: (tx: Queryable) => Promise<T>,
) {
  return db.transaction(async (tx) => {
    await tx.query(settings, params);
    return work(tx);
  });
}

export class ReportRepository {
  constructor(private readonly db: Db) {}

  async count(range: ReportRange): Promise<number> {
    const f = rangeFilter(range);
    const { rows } = await this.db.query<Row>(
      `SELECT count(*)::bigint AS n FROM requests r ${f.where}`,
      f.params,
    );
    return read(rows[0]).int('n');
  }

  /** One page of the detailed report, in (payment date, reference) order. */
  async detailedPage(range: ReportRange, limit: number, offset: number): Promise<DetailedRow[]> {
    const f = rangeFilter(range);
    const { rows } = await this.db.query<Row>(
      `SELECT ${DETAILED_COLUMNS} FROM requests r JOIN schools s ON s.id = r.school_id ${f.where}
        ORDER BY r.requested_at, r.reference_number LIMIT ${f.param(limit)} OFFSET ${f.param(offset)}`,
      f.params,
    );
    return rows.map(toDetailedRow);
  }

  /** Up to `limit` rows of the detailed report after the row (payment date, reference) `after`. */
  async detailedAfter(
    range: ReportRange,
    after: { paymentDate: string; referenceNumber: string } | undefined,
    limit: number,
  ): Promise<DetailedRow[]> {
    const f = rangeFilter(range);
    if (after) {
      const d = f.param(after.paymentDate);
      const ref = f.param(after.referenceNumber);
      f.clauses.push(`(r.requested_at, r.reference_number) > (${d}::date, ${ref})`);
    }
    const { rows } = await this.db.query<Row>(
      `SELECT ${DETAILED_COLUMNS} FROM requests r JOIN schools s ON s.id = r.school_id ${f.where}
        ORDER BY r.requested_at, r.reference_number LIMIT ${f.param(limit)}`,
      f.params,
    );
    return rows.map(toDetailedRow);
  }

  /**
   * One pass with two groupings (GROUPING SETS): per school, type, origin, status and completion
   * method, and per payment date, status and method. Both hash tables fit in memory with a larger
   * work_mem: no sort on disk.
   */
  async groupedCounts(range: ReportRange): Promise<GroupedCount[]> {
    const f = rangeFilter(range);
    const rows = await withWorkMem(
      this.db,
      "SELECT set_config('work_mem', '64MB', true)",
      [],
      async (tx) =>
        (
          await tx.query<Row>(
            `SELECT GROUPING(r.school_id) AS g_bucket, r.school_id, r.request_type, r.origin, r.status, r.completion_method, r.requested_at,
                  count(*)::bigint AS n
             FROM requests r ${f.where}
            GROUP BY GROUPING SETS ((r.school_id, r.request_type, r.origin, r.status, r.completion_method), (r.requested_at, r.status, r.completion_method))`,
            f.params,
          )
        ).rows,
    );
    return rows.map((row) => {
      const r = read(row);
      return {
        set: r.int('g_bucket') === 0 ? 'bucket' : 'day',
        schoolId: r.intOrNull('school_id'),
        requestType: r.codeOrNull('request_type', REQUEST_TYPES),
        origin: r.codeOrNull('origin', ORIGINS),
        status: r.code('status', STATUSES),
        completionMethod: r.codeOrNull('completion_method', COMPLETION_METHODS),
        requestedAt: r.textOrNull('requested_at'),
        n: r.int('n'),
      };
    });
  }

  /**
   * Terminé requests the destination has received: a transcript (or, for a paper transcript or a
   * cancellation, the PESC response saying so) whose delivery is marked sent. Counted per request
   * type; a request delivered to several places counts once.
   */
  async receivedCounts(range: ReportRange): Promise<Array<{ requestType: RequestType; n: number }>> {
    const f = rangeFilter(range);
    const { rows } = await this.db.query<Row>(
      `SELECT r.request_type, count(*)::bigint AS n FROM requests r ${f.where}
          AND r.status IN ('E_TRANSCRIPT_SENT', 'PAPER_SENT', 'CANCELLED')
          AND EXISTS (SELECT 1 FROM deliveries d WHERE d.request_id = r.id AND d.status = 'SENT'
                        AND d.kind IN ('TRANSCRIPT', 'RESPONSE'))
        GROUP BY r.request_type`,
      f.params,
    );
    return rows.map((row) => {
      const r = read(row);
      return { requestType: r.code('request_type', REQUEST_TYPES), n: r.int('n') };
    });
  }

  /**
   * The sent requests (electronically or on paper) per board and local (received, completed) days.
   * Local days and times come from the session time zone, set for this transaction only: a cast
   * under the session zone costs far less per row than AT TIME ZONE with a zone name.
   */
  async processingGroups(range: ReportRange, timeZone: string): Promise<ProcessingGroup[]> {
    const f = rangeFilter(range);
    const rows = await withWorkMem(
      this.db,
      "SELECT set_config('TimeZone', $1, true), set_config('work_mem', '64MB', true)",
      [timeZone],
      async (tx) =>
        (
          await tx.query<Row>(
            `SELECT board_id, ds, de, forward, count(*)::bigint AS n,
                    sum(LEAST(8, GREATEST(0, 16 - GREATEST(8, hs)))) AS start_h,
                    sum(LEAST(8, GREATEST(0, LEAST(16, he) - 8))) AS end_h,
                    sum(GREATEST(0, LEAST(16, he) - GREATEST(8, hs))) AS same_h
               FROM (SELECT r.board_id, r.received_at::date AS ds, r.completed_at::date AS de, r.completed_at > r.received_at AS forward,
                            date_part('epoch', r.received_at::time) / 3600 AS hs, date_part('epoch', r.completed_at::time) / 3600 AS he
                       FROM requests r
                       ${f.where} AND r.status IN ('E_TRANSCRIPT_SENT', 'PAPER_SENT') AND r.completed_at IS NOT NULL) t
              GROUP BY board_id, ds, de, forward`,
            f.params,
          )
        ).rows,
    );
    return rows.map((row) => {
      const r = read(row);
      return {
        boardId: r.int('board_id'),
        ds: r.text('ds'),
        de: r.text('de'),
        forward: r.bool('forward'),
        n: r.int('n'),
        startH: r.num('start_h'),
        endH: r.num('end_h'),
        sameH: r.num('same_h'),
      };
    });
  }
}
