/**
 * Queuing an e-mail in the outbox (see src/store/emails.ts), inside the transaction of what caused
 * it when one is given; the mailer's worker sends it. The same dedupe key twice queues it once.
 */
import type { Queryable } from '../store/db.js';
import type { Store } from '../store/index.js';
import type { EmailKind } from '../store/emails.js';
import type { EmailContent, Lang } from './templates.js';

export type { EmailKind };

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
export function queueEmail(
  store: Pick<Store, 'emails'>,
  email: QueuedEmail,
  tx?: Queryable,
): Promise<boolean> {
  const { content, ...rest } = email;
  return store.emails.queue(
    { ...rest, subject: content.subject, text: content.text, html: content.html },
    tx,
  );
}
