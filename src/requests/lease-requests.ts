/**
 * LeasePendingRequests: hands an agent the next requests of its board that wait for Auto-eTMS.
 * Agents and central replicas sharing one PostgreSQL never get the same request; a lease that
 * expires (agent gone) makes the request leasable again.
 */
import type { AppContext } from '../context.js';
import type { LeasedRow } from '../store/leases.js';
import { compact, requireAgent } from './access.js';
import {
  MAX_LEASE_BATCH,
  type Caller,
  type LeaseInput,
  type LeaseResult,
  type LeasedRequest,
} from '../exchange/contract.js';

function toLeased(row: LeasedRow): LeasedRequest {
  return compact({
    referenceNumber: row.referenceNumber,
    requestType: row.requestType,
    sendTiming: row.sendTiming,
    firstName: row.firstName ?? undefined,
    lastName: row.lastName ?? undefined,
    previousLastName: row.previousLastName ?? undefined,
    birthDate: row.birthDate ?? undefined,
    gender: row.gender ?? undefined,
    oen: row.oen ?? undefined,
    studentNumber: row.studentNumber ?? undefined,
    schoolBsid: row.schoolBsid,
    dateLastAttended: row.dateLastAttended ?? undefined,
    destinationCode: row.destinationCode ?? undefined,
    destinationName: row.destinationName ?? undefined,
    pinnedStudentNumber: row.pinnedStudentNumber ?? undefined,
    attempts: row.attempts,
    leaseExpiresAt: row.leaseExpiresAt.toISOString(),
  });
}

export async function leaseRequests(
  ctx: AppContext,
  caller: Caller,
  input: LeaseInput,
): Promise<LeaseResult> {
  const agent = requireAgent(caller, 'LeasePendingRequests');
  const max = Math.max(1, Math.min(MAX_LEASE_BATCH, Math.floor(input.max)));
  const leaseSeconds = Math.max(
    5,
    Math.min(3600, Math.floor(input.leaseSeconds ?? ctx.config.agent.leaseSeconds)),
  );
  const now = ctx.clock();
  const rows = await ctx.store.leases.leasePending({
    owner: input.owner,
    boardId: agent.boardId,
    now,
    expiresAt: new Date(now.getTime() + leaseSeconds * 1000),
    includeEndOfTerm: input.includeEndOfTerm === true,
    max,
  });
  return { leaseSeconds, requests: rows.map(toLeased) };
}
