/**
 * ReportAutoProcessError: the agent could not match a request with certainty (or the SIS has no
 * academic data for the student): the request stays in « À traiter » as « Erreur d'autotraitement »
 * with the reason in French and the matcher's candidates for staff to review.
 */
import type { AppContext } from '../context.js';
import { AUTO_ETMS_ACTOR } from '../domain/request.js';
import type { Row } from '../store/db.js';
import { RequestNotFound } from '../store/errors.js';
import { requireAgent } from './caller.js';
import { LeaseLost, RequestNotPending } from './errors.js';
import type { Caller, ReportErrorInput, ReportErrorResult } from './exchange-types.js';

export async function reportError(
  ctx: AppContext,
  caller: Caller,
  input: ReportErrorInput,
): Promise<ReportErrorResult> {
  const agent = requireAgent(caller, 'ReportAutoProcessError');
  return ctx.store.db.transaction(async (tx) => {
    const { rows } = await tx.query<Row>(
      'SELECT id, status, board_id, lease_owner, lease_expires_at, auto_error_reason FROM requests WHERE reference_number = $1 FOR UPDATE',
      [input.referenceNumber],
    );
    const row = rows[0];
    if (!row || Number(row.board_id) !== agent.boardId) throw RequestNotFound(input.referenceNumber);
    if (row.status === 'AUTO_PROCESS_ERROR' && row.auto_error_reason === input.reasonFr) {
      // The same report again (its reply was lost): already recorded.
      return { referenceNumber: input.referenceNumber, status: 'AUTO_PROCESS_ERROR' as const };
    }
    if (row.status !== 'ACTION_REQUIRED') throw RequestNotPending(input.referenceNumber, String(row.status));
    const leaseLive =
      row.lease_expires_at !== null && (row.lease_expires_at as Date).getTime() > ctx.clock().getTime();
    if (row.lease_owner !== null && row.lease_owner !== input.owner && leaseLive)
      throw LeaseLost(input.referenceNumber);
    const after = await ctx.store.requests.transition({
      id: Number(row.id),
      to: 'AUTO_PROCESS_ERROR',
      actor: AUTO_ETMS_ACTOR,
      reason: input.reasonFr,
      autoErrorReason: input.reasonFr,
      matchResult: input.matchResult ?? null,
      details: { reasonCode: input.reasonCode, reasonEn: input.reasonEn, agent: input.owner },
      tx,
    });
    return { referenceNumber: after.referenceNumber, status: after.status };
  });
}
