/**
 * The e-mail outbox (email_log): an e-mail is queued by inserting a row, inside the transaction of
 * what caused it; the mailer's workers claim rows with their own token and a lease, so two replicas
 * never take the same row and only the holder of a claim may settle it. A dedupe key makes queuing
 * the same e-mail twice a no-op.
 */
import type { Lang } from '../domain/lang.js';
import type { Db, Queryable, Row } from './db.js';
import { read } from './row.js';

export const EMAIL_KINDS = ['APPLICANT', 'SUMMARY', 'PENDING'] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export interface NewEmail {
  kind: EmailKind;
  /** One address, or several separated by commas. */
  recipient: string;
  language: Lang;
  subject: string;
  text: string;
  html: string | null;
  dedupeKey: string;
  requestId?: number | null;
  scopeKey?: string | null;
  /** When a worker may first send it. */
  notBefore: Date;
}

/** A row claimed by a worker for sending. */
export interface ClaimedEmail {
  id: number;
  recipient: string;
  subject: string;
  text: string;
  html: string | null;
  attempts: number;
}

function toClaimed(row: Row): ClaimedEmail {
  const r = read(row);
  return {
    id: r.int('id'),
    recipient: r.text('recipient'),
    subject: r.text('subject'),
    text: r.text('body_text'),
    html: r.textOrNull('body_html'),
    attempts: r.int('attempts'),
  };
}

export class EmailRepository {
  constructor(private readonly db: Db) {}

  /** Queues an e-mail; false when one with the same dedupe key already exists. */
  async queue(email: NewEmail, q: Queryable = this.db): Promise<boolean> {
    const { rows } = await q.query(
      `INSERT INTO email_log (kind, request_id, recipient, language, subject, body_text, body_html, dedupe_key, scope_key, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [
        email.kind,
        email.requestId ?? null,
        email.recipient,
        email.language,
        email.subject,
        email.text,
        email.html,
        email.dedupeKey,
        email.scopeKey ?? null,
        email.notBefore,
      ],
    );
    return rows.length > 0;
  }

  /** Rows whose last attempt's worker vanished after the last allowed attempt: nothing is left to try. */
  async failAbandoned(now: Date, maxAttempts: number): Promise<void> {
    await this.db.query(
      `UPDATE email_log SET status = 'FAILED', claim_token = NULL, last_error = COALESCE(last_error, 'The worker sending it stopped during the last attempt.')
        WHERE status = 'SENDING' AND next_attempt_at <= $1 AND attempts >= $2`,
      [now, maxAttempts],
    );
  }

  /** Claims up to `limit` rows due by `now` for the holder of `token`, until `leaseUntil`; oldest first. */
  async claim(input: {
    token: string;
    now: Date;
    leaseUntil: Date;
    maxAttempts: number;
    limit: number;
  }): Promise<ClaimedEmail[]> {
    const { rows } = await this.db.query<Row>(
      `UPDATE email_log SET status = 'SENDING', attempts = attempts + 1, claim_token = $1, next_attempt_at = $2
        WHERE id IN (SELECT id FROM email_log
                      WHERE status IN ('QUEUED', 'SENDING') AND next_attempt_at <= $3 AND attempts < $4
                      ORDER BY next_attempt_at, id LIMIT $5
                      FOR UPDATE SKIP LOCKED)
        RETURNING id, recipient, subject, body_text, body_html, attempts`,
      [input.token, input.leaseUntil, input.now, input.maxAttempts, input.limit],
    );
    return rows.map(toClaimed).sort((a, b) => a.id - b.id);
  }

  async markSent(id: number, token: string, at: Date, messageId: string | null): Promise<void> {
    await this.db.query(
      `UPDATE email_log SET status = 'SENT', sent_at = $3, message_id = $4, last_error = NULL, claim_token = NULL
        WHERE id = $1 AND claim_token = $2`,
      [id, token, at, messageId],
    );
  }

  async markFailed(id: number, token: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE email_log SET status = 'FAILED', last_error = $3, claim_token = NULL WHERE id = $1 AND claim_token = $2`,
      [id, token, error],
    );
  }

  async retryAt(id: number, token: string, error: string, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE email_log SET status = 'QUEUED', last_error = $3, next_attempt_at = $4, claim_token = NULL WHERE id = $1 AND claim_token = $2`,
      [id, token, error, at],
    );
  }
}
