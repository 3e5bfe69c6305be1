/** `etms user unlock`: clears a staff account's failed sign-ins and lifts its lock, if any. */
import type { AccountsContext, OperatorActor } from './actor.js';

export async function unlockUser(
  ctx: AccountsContext,
  actor: OperatorActor,
  input: { username: string },
): Promise<{ username: string; liftedLock: Date | null }> {
  const now = ctx.clock();
  const { user, liftedLock } = await ctx.store.users.unlock(input.username, now);
  await ctx.store.accountEvents.append({
    actor: actor.name,
    kind: 'UNLOCKED',
    userId: user.id,
    at: now,
    details: liftedLock ? { lockedUntil: liftedLock.toISOString() } : {},
  });
  return { username: user.username, liftedLock };
}
