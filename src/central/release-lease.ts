/**
 * ReleaseLease: an agent hands a request back, now (shutdown) or after a delay (SIS or central
 * outage: exponential back-off). The request stays « Action requise »; nothing is decided.
 */
import type { AppContext } from '../context.js';
import { requireAgent } from './caller.js';
import type { Caller, ReleaseInput, ReleaseResult } from './exchange-types.js';

export async function releaseLease(
  ctx: AppContext,
  caller: Caller,
  input: ReleaseInput,
): Promise<ReleaseResult> {
  const agent = requireAgent(caller, 'ReleaseLease');
  const delay = Math.max(0, Math.min(24 * 3600, input.delaySeconds ?? 0));
  const now = ctx.clock();
  const { rows } = await ctx.store.db.query(
    `UPDATE requests SET lease_owner = NULL, lease_expires_at = NULL,
        attempts = attempts + CASE WHEN $4::boolean THEN 1 ELSE 0 END,
        next_attempt_at = CASE WHEN $5::float8 > 0 THEN $6::timestamptz ELSE next_attempt_at END
      WHERE reference_number = $1 AND board_id = $2 AND lease_owner = $3 AND status = 'ACTION_REQUIRED'
      RETURNING id`,
    [
      input.referenceNumber,
      agent.boardId,
      input.owner,
      input.failed === true,
      delay,
      new Date(now.getTime() + delay * 1000),
    ],
  );
  if (rows.length > 0 && input.failed) {
    ctx.log.warn(
      { reference: input.referenceNumber, delaySeconds: delay, error: input.error?.slice(0, 300) },
      'request handed back after a failure',
    );
  }
  return { released: rows.length > 0 };
}
