/** `etms user disable`: the account can no longer sign in, and its open sessions end. */
import type { AccountsContext, OperatorActor } from './actor.js';
import { UserNotFound } from '../store/errors.js';

export async function disableUser(
  ctx: AccountsContext,
  actor: OperatorActor,
  input: { username: string },
): Promise<{ username: string }> {
  const before = await ctx.store.users.byUsername(input.username);
  if (!before) throw UserNotFound(input.username);
  await ctx.store.users.disable(input.username);
  await ctx.store.accountEvents.append({
    actor: actor.name,
    kind: 'DISABLED',
    userId: before.id,
    at: ctx.clock(),
  });
  return { username: before.username };
}
