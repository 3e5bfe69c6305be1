/**
 * Machine credentials: one per agent (scoped to its board) and per intake client. The secret is
 * shown once; the database keeps HMAC-SHA256(salt, secret). Secrets are 256 random bits, so a
 * salted fast hash is as strong as a slow one here, and verifying one per call stays cheap.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/index.js';
import type { Caller } from '../exchange/contract.js';
import type { CredentialKind, StoredCredential } from '../store/credentials.js';
import { UnknownCredentialKind } from './errors.js';
import { ORIGINS, type Origin } from '../domain/request.js';

export type { CredentialKind };

export interface NewCredential {
  id: string;
  secret: string;
  /** What a REST client sends after "Bearer ". */
  token: string;
  kind: CredentialKind;
  boardId: number | null;
  /** The application centre an intake credential files for; null: both. */
  origin: Origin | null;
  label: string;
}

const ID_PATTERN = /^(agt|int)-[0-9a-f]{16}$/;

function hashSecret(salt: string, secret: string): string {
  return createHmac('sha256', Buffer.from(salt, 'base64url')).update(secret, 'utf8').digest('hex');
}

export async function createCredential(
  store: Store,
  input: { kind: CredentialKind; boardId?: number | null; origin?: Origin | null; label: string },
): Promise<NewCredential> {
  if (input.kind !== 'AGENT' && input.kind !== 'INTAKE')
    throw UnknownCredentialKind(`kind must be AGENT or INTAKE`);
  if (input.kind === 'AGENT' && !input.boardId)
    throw UnknownCredentialKind('an AGENT credential needs the board it answers for');
  if (input.origin != null && input.kind !== 'INTAKE')
    throw UnknownCredentialKind('only an INTAKE credential files for an application centre');
  if (input.origin != null && !ORIGINS.includes(input.origin))
    throw UnknownCredentialKind('the application centre is OCAS or OUAC');
  const origin = input.kind === 'INTAKE' ? (input.origin ?? null) : null;
  const label = input.label.trim();
  if (!label) throw UnknownCredentialKind('give it a label saying who uses it');
  const id = `${input.kind === 'AGENT' ? 'agt' : 'int'}-${randomBytes(8).toString('hex')}`;
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16).toString('base64url');
  await store.credentials.add({
    id,
    kind: input.kind,
    boardId: input.kind === 'AGENT' ? (input.boardId ?? null) : null,
    origin,
    label,
    secretHash: `hmac-sha256$${salt}$${hashSecret(salt, secret)}`,
  });
  return {
    id,
    secret,
    token: `${id}.${secret}`,
    kind: input.kind,
    boardId: input.kind === 'AGENT' ? (input.boardId ?? null) : null,
    origin,
    label,
  };
}

export async function revokeCredential(store: Store, id: string): Promise<boolean> {
  const revoked = await store.credentials.revoke(id);
  credentialCache.get(store)?.delete(id);
  return revoked;
}

/** Last-used stamps are written at most once a minute per credential. */
const lastStamp = new Map<string, number>();

/**
 * Credential rows are read again at most every few seconds: an agent calls several times per
 * request, and the secret is still checked against the hash on every call. A revocation here takes
 * effect at once; one made by another process within CREDENTIAL_CACHE_MS.
 */
export const CREDENTIAL_CACHE_MS = 5_000;
const credentialCache = new WeakMap<Store, Map<string, { row: StoredCredential | undefined; at: number }>>();

async function credentialRow(store: Store, id: string): Promise<StoredCredential | undefined> {
  let cache = credentialCache.get(store);
  if (!cache) credentialCache.set(store, (cache = new Map()));
  const now = Date.now();
  const hit = cache.get(id);
  if (hit && now - hit.at < CREDENTIAL_CACHE_MS) return hit.row;
  const row = await store.credentials.find(id);
  // Only known ids are kept, so made-up ids cannot fill the cache.
  if (row) cache.set(id, { row, at: now });
  else cache.delete(id);
  return row;
}

/** The caller for an id and secret, or undefined when unknown, revoked or wrong. */
export async function verifyCredential(
  store: Store,
  id: string,
  secret: string,
): Promise<Caller | undefined> {
  if (!ID_PATTERN.test(id) || secret.length < 16 || secret.length > 200) return undefined;
  const row = await credentialRow(store, id);
  if (!row || row.revokedAt) return undefined;
  const [scheme, salt, expected] = row.secretHash.split('$');
  if (scheme !== 'hmac-sha256' || !salt || !expected) return undefined;
  const actual = Buffer.from(hashSecret(salt, secret), 'hex');
  const wanted = Buffer.from(expected, 'hex');
  if (actual.length !== wanted.length || !timingSafeEqual(actual, wanted)) return undefined;
  const now = Date.now();
  if ((lastStamp.get(id) ?? 0) < now - 60_000) {
    lastStamp.set(id, now);
    await store.credentials.stampUsed(id).catch(() => undefined);
  }
  return row.kind === 'AGENT'
    ? { kind: 'AGENT', credentialId: id, boardId: Number(row.boardId) }
    : { kind: 'INTAKE', credentialId: id, ...(row.origin ? { origin: row.origin } : {}) };
}

/** Splits "Bearer <id>.<secret>". */
export function parseBearer(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Bearer\s+([^.\s]+)\.(\S+)$/i.exec(header ?? '');
  return m ? { id: m[1], secret: m[2] } : undefined;
}
