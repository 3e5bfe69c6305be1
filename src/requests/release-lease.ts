/**
 * ReleaseLease: an agent hands a request back, now (shutdown) or after a delay (SIS or central
 * outage: exponential back-off). The request stays « Action requise »; nothing is decided.
 */
import type { AppContext } from '../context.js';
import { requireAgent } from './access.js';
import type { Caller, ReleaseInput, ReleaseResult } from '../exchange/contract.js';

export async function releaseLease(
  ctx: AppContext,
  caller: Caller,
  input: ReleaseInput,
): Promise<ReleaseResult> {
  const agent = requireAgent(caller, 'ReleaseLease');
  const delay = Math.max(0, Math.min(24 * 3600, input.delaySeconds ?? 0));
  const released = await ctx.store.leases.release({
    referenceNumber: input.referenceNumber,
    boardId: agent.boardId,
    owner: input.owner,
    failed: input.failed === true,
    notBefore: delay > 0 ? new Date(ctx.clock().getTime() + delay * 1000) : undefined,
  });
  if (released && input.failed) {
    ctx.log.warn(
      { reference: input.referenceNumber, delaySeconds: delay, error: input.error?.slice(0, 300) },
      'request handed back after a failure',
    );
  }
  return { released };
}
