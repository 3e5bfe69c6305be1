/**
 * What the staff notices count and list, for one school or one board: requests per status, those
 * waiting in « À traiter » or « Incomplet » since before a cut-off, and Auto-eTMS's completions.
 */
import type { Db, Queryable, Row } from './db.js';
import { read } from './row.js';
import { STATUSES, type Status } from '../domain/status.js';

export type NoticeScope = { schoolId: number } | { boardId: number };

/** Statuses in which a request waits on the school: the only ones per-request notices are about. */
export const WAITING_ON_SCHOOL: readonly Status[] = ['ACTION_REQUIRED', 'AUTO_PROCESS_ERROR', 'UPLOAD_ERROR'];

export interface WaitingRequest {
  id: number;
  referenceNumber: string;
  status: Status;
  receivedAt: Date;
}

/** The scope's condition on requests r, its one parameter at $1. */
function whereOf(scope: NoticeScope): { where: string; param: number } {
  return 'schoolId' in scope
    ? { where: 'r.school_id = $1', param: scope.schoolId }
    : { where: 'r.board_id = $1', param: scope.boardId };
}

const count = (rows: Row[]) => read(rows[0]).int('n');

export class NoticeRepository {
  constructor(private readonly db: Db) {}

  /** The scope's name and its board's code (for the board's business calendar). */
  async scopeOf(scope: NoticeScope): Promise<{ name: string; boardCode: string } | undefined> {
    const { rows } =
      'schoolId' in scope
        ? await this.db.query<Row>(
            'SELECT s.name, b.code FROM schools s JOIN boards b ON b.id = s.board_id WHERE s.id = $1',
            [scope.schoolId],
          )
        : await this.db.query<Row>('SELECT name, code FROM boards WHERE id = $1', [scope.boardId]);
    if (!rows[0]) return undefined;
    const r = read(rows[0]);
    return { name: r.text('name'), boardCode: r.text('code') };
  }

  /** Requests per status, from the trigger-kept counters. */
  async countsByStatus(scope: NoticeScope): Promise<Partial<Record<Status, number>>> {
    const { rows } = await this.db.query<Row>(
      'schoolId' in scope
        ? `SELECT c.status, sum(c.n)::bigint AS n FROM request_counts c WHERE c.school_id = $1 GROUP BY c.status`
        : `SELECT c.status, sum(c.n)::bigint AS n FROM request_counts c JOIN schools s ON s.id = c.school_id WHERE s.board_id = $1 GROUP BY c.status`,
      ['schoolId' in scope ? scope.schoolId : scope.boardId],
    );
    const counts: Partial<Record<Status, number>> = {};
    for (const row of rows) {
      const r = read(row);
      counts[r.code('status', STATUSES)] = r.int('n');
    }
    return counts;
  }

  /** Requests in « À traiter » or « Incomplet » received at or before `cutoff`. */
  async waitingCount(scope: NoticeScope, cutoff: Date): Promise<number> {
    const { where, param } = whereOf(scope);
    const { rows } = await this.db.query<Row>(
      `SELECT count(*)::bigint AS n FROM requests r WHERE ${where} AND r.tab IN ('TO_PROCESS', 'INCOMPLETE') AND r.received_at <= $2`,
      [param, cutoff],
    );
    return count(rows);
  }

  /** Requests Auto-eTMS completed after `since`, up to `until`. */
  async autoCompletedCount(scope: NoticeScope, since: Date, until: Date): Promise<number> {
    const { where, param } = whereOf(scope);
    const { rows } = await this.db.query<Row>(
      `SELECT count(*)::bigint AS n FROM requests r
        WHERE ${where} AND r.completion_method = 'AUTO' AND r.status = 'E_TRANSCRIPT_SENT' AND r.completed_at > $2 AND r.completed_at <= $3`,
      [param, since, until],
    );
    return count(rows);
  }

  /** Records the requests a grouped notice named, so none is named twice for this configuration. */
  async markNoticed(requestIds: number[], scopeKey: string, dedupeKey: string, q: Queryable = this.db) {
    await q.query(
      `INSERT INTO pending_notice_marks (request_id, scope_key, dedupe_key)
       SELECT unnest($1::int[]), $2, $3`,
      [requestIds, scopeKey, dedupeKey],
    );
  }

  /**
   * Requests waiting on the school (not on the applicant: financial hold, not found, no data)
   * since before `cutoff` that have no notice of this scope yet (e-mail dedupe key
   * pending:<request>:<scopeKey>), longest waiting first.
   */
  async waitingWithoutNotice(
    scope: NoticeScope,
    cutoff: Date,
    scopeKey: string,
    limit: number,
  ): Promise<WaitingRequest[]> {
    const { where, param } = whereOf(scope);
    const { rows } = await this.db.query<Row>(
      `SELECT r.id, r.reference_number, r.status, r.received_at FROM requests r
        WHERE ${where} AND r.tab IN ('TO_PROCESS', 'INCOMPLETE') AND r.received_at <= $2
          AND r.status = ANY($5::text[])
          AND NOT EXISTS (SELECT 1 FROM pending_notice_marks m WHERE m.request_id = r.id AND m.scope_key = $3)
          AND NOT EXISTS (SELECT 1 FROM email_log e WHERE e.dedupe_key = 'pending:' || r.id || ':' || $3)
        ORDER BY r.received_at, r.id LIMIT $4`,
      [param, cutoff, scopeKey, limit, [...WAITING_ON_SCHOOL]],
    );
    return rows.map((row) => {
      const r = read(row);
      return {
        id: r.int('id'),
        referenceNumber: r.text('reference_number'),
        status: r.code('status', STATUSES),
        receivedAt: r.time('received_at'),
      };
    });
  }
}
