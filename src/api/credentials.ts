/**
 * Machine credentials: one per agent (scoped to its board) and per intake client. The secret is
 * shown once; the database keeps HMAC-SHA256(salt, secret). Secrets are 256 random bits, so a
 * salted fast hash is as strong as a slow one here, and verifying one per call stays cheap.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/index.js';
import type { Caller } from '../exchange/contract.js';
import { UnknownCredentialKind } from './errors.js';

export type CredentialKind = 'AGENT' | 'INTAKE';

export interface NewCredential {
  id: string;
  secret: string;
  /** What a REST client sends after "Bearer ". */
  token: string;
  kind: CredentialKind;
  boardId: number | null;
  label: string;
}

const ID_PATTERN = /^(agt|int)-[0-9a-f]{16}$/;

function hashSecret(salt: string, secret: string): string {
  return createHmac('sha256', Buffer.from(salt, 'base64url')).update(secret, 'utf8').digest('hex');
}

export async function createCredential(
  store: Store,
  input: { kind: CredentialKind; boardId?: number | null; label: string },
): Promise<NewCredential> {
  if (input.kind !== 'AGENT' && input.kind !== 'INTAKE')
    throw UnknownCredentialKind(`kind must be AGENT or INTAKE`);
  if (input.kind === 'AGENT' && !input.boardId)
    throw UnknownCredentialKind('an AGENT credential needs the board it answers for');
  const label = input.label.trim();
  if (!label) throw UnknownCredentialKind('give it a label saying who uses it');
  const id = `${input.kind === 'AGENT' ? 'agt' : 'int'}-${randomBytes(8).toString('hex')}`;
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16).toString('base64url');
  await store.db.query(
    'INSERT INTO machine_credentials (id, kind, board_id, label, secret_hash) VALUES ($1, $2, $3, $4, $5)',
    [
      id,
      input.kind,
      input.kind === 'AGENT' ? input.boardId : null,
      label,
      `hmac-sha256$${salt}$${hashSecret(salt, secret)}`,
    ],
  );
  return {
    id,
    secret,
    token: `${id}.${secret}`,
    kind: input.kind,
    boardId: input.kind === 'AGENT' ? (input.boardId ?? null) : null,
    label,
  };
}

export async function revokeCredential(store: Store, id: string): Promise<boolean> {
  const { rows } = await store.db.query(
    'UPDATE machine_credentials SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id',
    [id],
  );
  credentialCache.get(store)?.delete(id);
  return rows.length > 0;
}

/** Last-used stamps are written at most once a minute per credential. */
const lastStamp = new Map<string, number>();

interface CredentialRow {
  kind: CredentialKind;
  board_id: number | null;
  secret_hash: string;
  revoked_at: Date | null;
}

/**
 * Credential rows are read again at most every few seconds: an agent calls several times per
 * request, and the secret is still checked against the hash on every call. A revocation here takes
 * effect at once; one made by another process within CREDENTIAL_CACHE_MS.
 */
export const CREDENTIAL_CACHE_MS = 5_000;
const credentialCache = new WeakMap<Store, Map<string, { row: CredentialRow | undefined; at: number }>>();

async function credentialRow(store: Store, id: string): Promise<CredentialRow | undefined> {
  let cache = credentialCache.get(store);
  if (!cache) credentialCache.set(store, (cache = new Map()));
  const now = Date.now();
  const hit = cache.get(id);
  if (hit && now - hit.at < CREDENTIAL_CACHE_MS) return hit.row;
  const { rows } = await store.db.query<CredentialRow>(
    'SELECT kind, board_id, secret_hash, revoked_at FROM machine_credentials WHERE id = $1',
    [id],
  );
  // Only known ids are kept, so made-up ids cannot fill the cache.
  if (rows[0]) cache.set(id, { row: rows[0], at: now });
  else cache.delete(id);
  return rows[0];
}

/** The caller for an id and secret, or undefined when unknown, revoked or wrong. */
export async function verifyCredential(
  store: Store,
  id: string,
  secret: string,
): Promise<Caller | undefined> {
  if (!ID_PATTERN.test(id) || secret.length < 16 || secret.length > 200) return undefined;
  const row = await credentialRow(store, id);
  if (!row || row.revoked_at) return undefined;
  const [scheme, salt, expected] = row.secret_hash.split('$');
  if (scheme !== 'hmac-sha256' || !salt || !expected) return undefined;
  const actual = Buffer.from(hashSecret(salt, secret), 'hex');
  const wanted = Buffer.from(expected, 'hex');
  if (actual.length !== wanted.length || !timingSafeEqual(actual, wanted)) return undefined;
  const now = Date.now();
  if ((lastStamp.get(id) ?? 0) < now - 60_000) {
    lastStamp.set(id, now);
    await store.db
      .query('UPDATE machine_credentials SET last_used_at = now() WHERE id = $1', [id])
      .catch(() => undefined);
  }
  return row.kind === 'AGENT'
    ? { kind: 'AGENT', credentialId: id, boardId: Number(row.board_id) }
    : { kind: 'INTAKE', credentialId: id };
}

/** Splits "Bearer <id>.<secret>". */
export function parseBearer(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Bearer\s+([^.\s]+)\.(\S+)$/i.exec(header ?? '');
  return m ? { id: m[1], secret: m[2] } : undefined;
}
