/** `etms user enable`: lets a disabled staff account sign in again (its failed sign-ins cleared). */
import type { AccountsContext, OperatorActor } from './actor.js';
import { UserNotFound } from '../store/errors.js';

export async function enableUser(
  ctx: AccountsContext,
  actor: OperatorActor,
  input: { username: string },
): Promise<{ username: string; wasDisabled: boolean }> {
  const before = await ctx.store.users.byUsername(input.username);
  if (!before) throw UserNotFound(input.username);
  await ctx.store.users.enable(input.username);
  await ctx.store.accountEvents.append({
    actor: actor.name,
    kind: 'ENABLED',
    userId: before.id,
    at: ctx.clock(),
  });
  return { username: before.username, wasDisabled: before.disabledAt !== null };
}
