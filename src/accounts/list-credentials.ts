/** `etms credential list`: every machine credential, without its secret. */
import type { AccountsContext, OperatorActor } from './actor.js';
import type { CredentialSummary } from '../store/credentials.js';

export async function listCredentials(
  ctx: AccountsContext,
  _actor: OperatorActor,
  input: { includeRevoked?: boolean } = {},
): Promise<CredentialSummary[]> {
  const all = await ctx.store.credentials.list();
  return input.includeRevoked === false ? all.filter((c) => !c.revokedAt) : all;
}
