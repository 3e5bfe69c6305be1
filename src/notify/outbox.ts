/**
 * The e-mail outbox is the email_log table: an e-mail is queued by inserting a row (inside the
 * transaction of what caused it), and the mailer's worker sends it. A dedupe key makes queuing
 * the same e-mail twice a no-op.
 */
import type { Queryable } from '../store/db.js';
import type { EmailContent, Lang } from './templates.js';

export type EmailKind = 'APPLICANT' | 'SUMMARY' | 'PENDING';

export interface QueuedEmail {
  kind: EmailKind;
  /** One address, or several separated by commas (staff notices go to all configured addresses at once). */
  recipient: string;
  language: Lang;
  content: EmailContent;
  dedupeKey: string;
  requestId?: number | null;
  scopeKey?: string | null;
  /** When the worker may first send it. */
  notBefore: Date;
}

/** Queues an e-mail; false when one with the same dedupe key already exists. */
export async function queueEmail(q: Queryable, email: QueuedEmail): Promise<boolean> {
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO email_log (kind, request_id, recipient, language, subject, body_text, body_html, dedupe_key, scope_key, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [
      email.kind,
      email.requestId ?? null,
      email.recipient,
      email.language,
      email.content.subject,
      email.content.text,
      email.content.html,
      email.dedupeKey,
      email.scopeKey ?? null,
      email.notBefore,
    ],
  );
  return rows.length > 0;
}
