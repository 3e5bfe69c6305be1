/** What happened to staff accounts and machine credentials, kept as append-only events. */
import type { Db, Row } from './db.js';
import { read } from './row.js';

export const ACCOUNT_EVENT_KINDS = [
  'SIGNED_IN',
  'SIGN_IN_REFUSED',
  'LOCKED',
  'UNLOCKED',
  'ENABLED',
  'DISABLED',
  'PASSWORD_RESET',
  'CREATED',
  'CREDENTIAL_CREATED',
  'CREDENTIAL_REVOKED',
] as const;
export type AccountEventKind = (typeof ACCOUNT_EVENT_KINDS)[number];

export interface NewAccountEvent {
  actor: string;
  kind: AccountEventKind;
  userId?: number | null;
  credentialId?: string | null;
  details?: Record<string, unknown>;
  /** When it happened (the caller's clock); the database's now() when absent. */
  at?: Date;
}

export interface AccountEvent {
  id: number;
  at: Date;
  actor: string;
  kind: AccountEventKind;
  userId: number | null;
  credentialId: string | null;
  details: Record<string, unknown> | null;
}

function toEvent(row: Row): AccountEvent {
  const r = read(row);
  return {
    id: r.int('id'),
    at: r.time('at'),
    actor: r.text('actor'),
    kind: r.code('kind', ACCOUNT_EVENT_KINDS),
    userId: r.intOrNull('user_id'),
    credentialId: r.textOrNull('credential_id'),
    details: (r.json('details') as Record<string, unknown> | null) ?? null,
  };
}

export class AccountEventRepository {
  constructor(private readonly db: Db) {}

  async append(event: NewAccountEvent): Promise<void> {
    await this.db.query(
      `INSERT INTO account_events (at, actor, kind, user_id, credential_id, details)
       VALUES (COALESCE($1::timestamptz, now()), $2, $3, $4, $5, $6)`,
      [
        event.at ?? null,
        event.actor,
        event.kind,
        event.userId ?? null,
        event.credentialId ?? null,
        event.details ? JSON.stringify(event.details) : null,
      ],
    );
  }

  /** The events of one user, oldest first. */
  async ofUser(userId: number): Promise<AccountEvent[]> {
    const { rows } = await this.db.query<Row>('SELECT * FROM account_events WHERE user_id = $1 ORDER BY id', [
      userId,
    ]);
    return rows.map(toEvent);
  }

  /** Whether the user signed in from this browser (its token's hash) since that time. */
  async signedInFromBrowser(userId: number, browser: string, since: Date): Promise<boolean> {
    const { rows } = await this.db.query(
      `SELECT 1 FROM account_events
        WHERE user_id = $1 AND kind = 'SIGNED_IN' AND at >= $3 AND details->>'browser' = $2
        LIMIT 1`,
      [userId, browser, since],
    );
    return rows.length > 0;
  }

  /** The events of one machine credential, oldest first. */
  async ofCredential(credentialId: string): Promise<AccountEvent[]> {
    const { rows } = await this.db.query<Row>(
      'SELECT * FROM account_events WHERE credential_id = $1 ORDER BY id',
      [credentialId],
    );
    return rows.map(toEvent);
  }
}
