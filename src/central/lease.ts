/**
 * LeasePendingRequests: hands an agent the next requests of its board. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so agents and central replicas sharing one PostgreSQL never get the same
 * request; a lease that expires (agent gone) makes the request leasable again.
 */
import type { AppContext } from '../context.js';
import type { Row } from '../store/db.js';
import { compact, requireAgent } from './caller.js';
import type { Caller, LeaseInput, LeaseResult, LeasedRequest } from './exchange-types.js';

export const MAX_LEASE_BATCH = 500;

function toLeased(row: Row): LeasedRequest {
  const text = (v: unknown) => (v === null || v === undefined ? undefined : String(v));
  return compact({
    referenceNumber: row.reference_number as string,
    requestType: row.request_type as LeasedRequest['requestType'],
    sendTiming: row.send_timing as LeasedRequest['sendTiming'],
    firstName: text(row.first_name),
    lastName: text(row.last_name),
    previousLastName: text(row.previous_last_name),
    birthDate: text(row.birth_date),
    gender: text(row.gender) as LeasedRequest['gender'],
    oen: text(row.oen),
    studentNumber: text(row.student_number),
    schoolBsid: row.school_bsid as string,
    dateLastAttended: text(row.date_last_attended),
    destinationCode: text(row.destination_code),
    destinationName: text(row.destination_name),
    pinnedStudentNumber: text(row.pinned_student_number),
    attempts: Number(row.attempts),
    leaseExpiresAt: (row.lease_expires_at as Date).toISOString(),
  });
}

export async function lease(ctx: AppContext, caller: Caller, input: LeaseInput): Promise<LeaseResult> {
  const agent = requireAgent(caller, 'LeasePendingRequests');
  const max = Math.max(1, Math.min(MAX_LEASE_BATCH, Math.floor(input.max)));
  const leaseSeconds = Math.max(
    5,
    Math.min(3600, Math.floor(input.leaseSeconds ?? ctx.config.agent.leaseSeconds)),
  );
  const now = ctx.clock();
  const expires = new Date(now.getTime() + leaseSeconds * 1000);
  const { rows } = await ctx.store.db.query<Row>(
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
    [input.owner, expires, agent.boardId, now, input.includeEndOfTerm === true, max],
  );
  rows.sort(
    (a, b) => String(a.requested_at).localeCompare(String(b.requested_at)) || Number(a.id) - Number(b.id),
  );
  return { leaseSeconds, requests: rows.map(toLeased) };
}
