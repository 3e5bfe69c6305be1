/**
 * `etms credential revoke`: the credential is refused from now on (by a server that read it in the
 * last few seconds, within its short credential cache). Revoking twice changes nothing.
 */
import type { AccountsContext, OperatorActor } from './actor.js';
import type { CredentialSummary } from '../store/credentials.js';
import { CredentialNotFound } from './errors.js';

export async function revokeCredential(
  ctx: AccountsContext,
  actor: OperatorActor,
  input: { id: string },
): Promise<{ credential: CredentialSummary; alreadyRevoked: boolean }> {
  const id = input.id.trim();
  const before = await ctx.store.credentials.summary(id);
  if (!before) throw CredentialNotFound(id);
  if (!(await ctx.store.credentials.revoke(id))) return { credential: before, alreadyRevoked: true };
  const now = ctx.clock();
  await ctx.store.accountEvents.append({
    actor: actor.name,
    kind: 'CREDENTIAL_REVOKED',
    credentialId: id,
    at: now,
    details: { kind: before.kind, label: before.label },
  });
  return { credential: { ...before, revokedAt: now }, alreadyRevoked: false };
}
