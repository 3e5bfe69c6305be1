/**
 * Leases on requests: an agent leases its board's pending requests, the upload processor claims the
 * uploaded ones. Rows are claimed with FOR UPDATE SKIP LOCKED, so agents and central replicas
 * sharing one PostgreSQL never get the same request; a lease that expires (its holder gone) makes
 * the request leasable again.
 */
import type { Db, Row } from './db.js';
import { read } from './row.js';
import {
  GENDERS,
  REQUEST_TYPES,
  SEND_TIMINGS,
  type Gender,
  type RequestType,
  type SendTiming,
} from '../domain/request.js';

/** What an agent needs of a leased request to match it and build its transcript. */
export interface LeasedRow {
  id: number;
  referenceNumber: string;
  requestType: RequestType;
  sendTiming: SendTiming;
  firstName: string | null;
  lastName: string | null;
  previousLastName: string | null;
  birthDate: string | null;
  gender: Gender | null;
  oen: string | null;
  studentNumber: string | null;
  schoolBsid: string;
  dateLastAttended: string | null;
  destinationCode: string | null;
  destinationName: string | null;
  pinnedStudentNumber: string | null;
  attempts: number;
  leaseExpiresAt: Date;
  requestedAt: string;
}

function toLeased(row: Row): LeasedRow {
  const r = read(row);
  return {
    id: r.int('id'),
    referenceNumber: r.text('reference_number'),
    requestType: r.code('request_type', REQUEST_TYPES),
    sendTiming: r.code('send_timing', SEND_TIMINGS),
    firstName: r.textOrNull('first_name'),
    lastName: r.textOrNull('last_name'),
    previousLastName: r.textOrNull('previous_last_name'),
    birthDate: r.textOrNull('birth_date'),
    gender: r.codeOrNull('gender', GENDERS),
    oen: r.textOrNull('oen'),
    studentNumber: r.textOrNull('student_number'),
    schoolBsid: r.text('school_bsid'),
    dateLastAttended: r.textOrNull('date_last_attended'),
    destinationCode: r.textOrNull('destination_code'),
    destinationName: r.textOrNull('destination_name'),
    pinnedStudentNumber: r.textOrNull('pinned_student_number'),
    attempts: r.int('attempts'),
    leaseExpiresAt: r.time('lease_expires_at'),
    requestedAt: r.text('requested_at'),
  };
}

export class LeaseRepository {
  constructor(private readonly db: Db) {}

  /**
   * Leases up to `max` requests of a board that wait for Auto-eTMS (« Action requise », not leased,
   * not waiting out a back-off), oldest request first.
   */
  async leasePending(input: {
    owner: string;
    boardId: number;
    now: Date;
    expiresAt: Date;
    includeEndOfTerm: boolean;
    max: number;
  }): Promise<LeasedRow[]> {
    const { rows } = await this.db.query<Row>(
      `UPDATE requests r SET lease_owner = $1, lease_expires_at = $2
        WHERE r.id IN (
          SELECT id FROM requests
           WHERE status = 'ACTION_REQUIRED' AND board_id = $3
             AND (lease_expires_at IS NULL OR lease_expires_at <= $4)
             AND (next_attempt_at IS NULL OR next_attempt_at <= $4)
             AND ($5::boolean OR send_timing <> 'END_OF_TERM')
           ORDER BY requested_at, id
           LIMIT $6
           FOR UPDATE SKIP LOCKED)
        RETURNING r.id, r.reference_number, r.request_type, r.send_timing, r.first_name, r.last_name, r.previous_last_name,
          r.birth_date, r.gender, r.oen, r.student_number, r.school_bsid, r.date_last_attended, r.destination_code,
          r.destination_name, r.pinned_student_number, r.attempts, r.lease_expires_at, r.requested_at`,
      [input.owner, input.expiresAt, input.boardId, input.now, input.includeEndOfTerm, input.max],
    );
    return rows.map(toLeased).sort((a, b) => a.requestedAt.localeCompare(b.requestedAt) || a.id - b.id);
  }

  /**
   * Hands a leased request back (still « Action requise »), counting a failed attempt and holding
   * it back until `notBefore` when asked. False when the owner no longer holds the lease.
   */
  async release(input: {
    referenceNumber: string;
    boardId: number;
    owner: string;
    failed: boolean;
    notBefore?: Date;
  }): Promise<boolean> {
    const { rows } = await this.db.query(
      `UPDATE requests SET lease_owner = NULL, lease_expires_at = NULL,
          attempts = attempts + CASE WHEN $4::boolean THEN 1 ELSE 0 END,
          next_attempt_at = COALESCE($5::timestamptz, next_attempt_at)
        WHERE reference_number = $1 AND board_id = $2 AND lease_owner = $3 AND status = 'ACTION_REQUIRED'
        RETURNING id`,
      [input.referenceNumber, input.boardId, input.owner, input.failed, input.notBefore ?? null],
    );
    return rows.length > 0;
  }

  /** Claims up to `limit` requests whose uploaded file waits to be processed, oldest change first. */
  async claimUploaded(input: {
    owner: string;
    now: Date;
    until: Date;
    limit: number;
  }): Promise<Array<{ id: number; version: number }>> {
    const { rows } = await this.db.query<Row>(
      `UPDATE requests SET lease_owner = $1, lease_expires_at = $2
        WHERE id IN (
          SELECT id FROM requests WHERE status = 'TRANSCRIPT_UPLOADED' AND (lease_expires_at IS NULL OR lease_expires_at <= $3)
           ORDER BY updated_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
        RETURNING id, version`,
      [input.owner, input.until, input.now, input.limit],
    );
    return rows.map((row) => {
      const r = read(row);
      return { id: r.int('id'), version: r.int('version') };
    });
  }

  /** Gives a claimed upload back at once, for the next poll to take again. */
  async releaseUploaded(requestId: number): Promise<void> {
    await this.db.query(
      `UPDATE requests SET lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND status = 'TRANSCRIPT_UPLOADED'`,
      [requestId],
    );
  }
}
