/** Machine credentials as stored: the kind, the board of an agent, and the salted hash of the secret. */
import type { Db, Row } from './db.js';
import { read } from './row.js';
import { ORIGINS, type Origin } from '../domain/request.js';

export const CREDENTIAL_KINDS = ['AGENT', 'INTAKE'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

export interface StoredCredential {
  kind: CredentialKind;
  boardId: number | null;
  /** The application centre an intake credential files for; null: both. */
  origin: Origin | null;
  secretHash: string;
  revokedAt: Date | null;
}

/** What an operator sees of a credential: never its secret or hash. */
export interface CredentialSummary {
  id: string;
  kind: CredentialKind;
  boardCode: string | null;
  origin: Origin | null;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const originOf = (value: string | null): Origin | null =>
  value !== null && (ORIGINS as readonly string[]).includes(value) ? (value as Origin) : null;

function toSummary(row: Row): CredentialSummary {
  const r = read(row);
  return {
    id: r.text('id'),
    kind: r.code('kind', CREDENTIAL_KINDS),
    boardCode: r.textOrNull('board_code'),
    origin: originOf(r.textOrNull('origin')),
    label: r.text('label'),
    createdAt: r.time('created_at'),
    lastUsedAt: r.timeOrNull('last_used_at'),
    revokedAt: r.timeOrNull('revoked_at'),
  };
}

function toCredential(row: Row): StoredCredential {
  const r = read(row);
  return {
    kind: r.code('kind', CREDENTIAL_KINDS),
    boardId: r.intOrNull('board_id'),
    origin: originOf(r.textOrNull('origin')),
    secretHash: r.text('secret_hash'),
    revokedAt: r.timeOrNull('revoked_at'),
  };
}

export class CredentialRepository {
  constructor(private readonly db: Db) {}

  async add(input: {
    id: string;
    kind: CredentialKind;
    boardId: number | null;
    origin?: Origin | null;
    label: string;
    secretHash: string;
  }): Promise<void> {
    await this.db.query(
      'INSERT INTO machine_credentials (id, kind, board_id, origin, label, secret_hash) VALUES ($1, $2, $3, $4, $5, $6)',
      [input.id, input.kind, input.boardId, input.origin ?? null, input.label, input.secretHash],
    );
  }

  /** False when there was no such credential, or it was already revoked. */
  async revoke(id: string): Promise<boolean> {
    const { rows } = await this.db.query(
      'UPDATE machine_credentials SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id',
      [id],
    );
    return rows.length > 0;
  }

  async find(id: string): Promise<StoredCredential | undefined> {
    const { rows } = await this.db.query<Row>(
      'SELECT kind, board_id, origin, secret_hash, revoked_at FROM machine_credentials WHERE id = $1',
      [id],
    );
    return rows[0] ? toCredential(rows[0]) : undefined;
  }

  /** Every credential, the live ones first, then by creation. */
  async list(): Promise<CredentialSummary[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT c.id, c.kind, b.code AS board_code, c.origin, c.label, c.created_at, c.last_used_at, c.revoked_at
         FROM machine_credentials c LEFT JOIN boards b ON b.id = c.board_id
        ORDER BY c.revoked_at IS NOT NULL, c.created_at, c.id`,
    );
    return rows.map(toSummary);
  }

  /** The summary of one credential. */
  async summary(id: string): Promise<CredentialSummary | undefined> {
    const { rows } = await this.db.query<Row>(
      `SELECT c.id, c.kind, b.code AS board_code, c.origin, c.label, c.created_at, c.last_used_at, c.revoked_at
         FROM machine_credentials c LEFT JOIN boards b ON b.id = c.board_id
        WHERE c.id = $1`,
      [id],
    );
    return rows[0] ? toSummary(rows[0]) : undefined;
  }

  async stampUsed(id: string): Promise<void> {
    await this.db.query('UPDATE machine_credentials SET last_used_at = now() WHERE id = $1', [id]);
  }
}
