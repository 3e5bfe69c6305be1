/**
 * The outbox worker: sends the QUEUED rows of email_log over SMTP (nodemailer).
 *
 * - A worker claims rows with FOR UPDATE SKIP LOCKED, setting them SENDING with its own claim token
 *   and a lease (next_attempt_at = now + lease): two replicas never take the same row.
 * - Only the holder of the claim token may mark a row SENT or put it back; a row left SENDING by a
 *   worker that died is claimed again once its lease has run out.
 * - A temporary failure (4xx, connection trouble) is retried with exponential back-off and jitter
 *   up to mail.maxAttempts; a permanent refusal (5xx) or the last attempt marks the row FAILED.
 * - Without an SMTP host (the demo) nothing is claimed: e-mails stay QUEUED and the worker says so
 *   once in the log.
 * Each message carries a Message-ID derived from its row, so a resend after a lost lease is the
 * same message to the receiving servers.
 */
import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppContext } from '../context.js';

export interface OutboxWorkerOptions {
  /** Identifies this worker in claim tokens (default: a random id). */
  workerId?: string;
  /** Rows claimed at a time. */
  batchSize?: number;
  /** How long a claimed row stays reserved for this worker. */
  leaseSeconds?: number;
  /** Pause between two polls of the outbox when it is empty. */
  pollMs?: number;
  /** First retry delay; doubled at each attempt, capped at maxDelayMs, with jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Random source for the jitter, in [0, 1). */
  random?: () => number;
  /** A ready transporter (tests); by default one is built from config.mail.smtp. */
  transport?: Transporter;
}

export interface OutboxRunResult {
  sent: number;
  retried: number;
  failed: number;
}

export interface OutboxWorker {
  /** True when an SMTP host (or a transport) is configured. */
  readonly configured: boolean;
  /** Claims and sends one batch. */
  runOnce(): Promise<OutboxRunResult>;
  start(): void;
  stop(): Promise<void>;
}

export function createTransportFromConfig(ctx: AppContext): Transporter | undefined {
  const smtp = ctx.config.mail.smtp;
  if (!smtp.host) return undefined;
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTLS,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
}

/** Exponential back-off with jitter: base·2^(attempt−1), capped, then scaled into [50 %, 100 %]. */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + random() * 0.5));
}

function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function messageDomain(from: string): string {
  const m = /@([A-Za-z0-9.-]+)/.exec(from);
  return m ? m[1] : 'etms.invalid';
}

export function createOutboxWorker(ctx: AppContext, options: OutboxWorkerOptions = {}): OutboxWorker {
  const transport = options.transport ?? createTransportFromConfig(ctx);
  const workerId = options.workerId ?? randomUUID();
  const batchSize = options.batchSize ?? 10;
  const leaseMs = (options.leaseSeconds ?? 300) * 1000;
  const pollMs = options.pollMs ?? 5000;
  const baseDelayMs = options.baseDelayMs ?? 30_000;
  const maxDelayMs = options.maxDelayMs ?? 3_600_000;
  const random = options.random ?? Math.random;
  const maxAttempts = ctx.config.mail.maxAttempts;
  const domain = messageDomain(ctx.config.mail.from);
  const emails = ctx.store.emails;
  let saidNotConfigured = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;

  async function runOnce(): Promise<OutboxRunResult> {
    const result: OutboxRunResult = { sent: 0, retried: 0, failed: 0 };
    if (!transport) {
      if (!saidNotConfigured) {
        ctx.log.warn(
          'Mail is not configured (mail.smtp.host is empty): e-mails stay queued in the e-mail log until an SMTP server is set.',
        );
        saidNotConfigured = true;
      }
      return result;
    }
    const now = ctx.clock();
    // A row whose last attempt's worker vanished: nothing is left to try.
    await emails.failAbandoned(now, maxAttempts);
    const token = `${workerId}:${randomUUID()}`;
    const claimed = await emails.claim({
      token,
      now,
      leaseUntil: new Date(now.getTime() + leaseMs),
      maxAttempts,
      limit: batchSize,
    });
    for (const email of claimed) {
      const { id, attempts } = email;
      try {
        const info = await transport.sendMail({
          from: ctx.config.mail.from,
          to: email.recipient,
          subject: email.subject,
          text: email.text,
          html: email.html ?? undefined,
          messageId: `<etms.${id}@${domain}>`,
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
        await emails.markSent(id, token, ctx.clock(), info.messageId ?? null);
        result.sent++;
      } catch (error) {
        const message = String((error as Error).message ?? error).slice(0, 500);
        if (isPermanent(error) || attempts >= maxAttempts) {
          await emails.markFailed(id, token, message);
          result.failed++;
          ctx.log.error({ emailId: id, attempts }, 'An e-mail could not be sent and will not be retried.');
        } else {
          const retryAt = new Date(
            ctx.clock().getTime() + retryDelayMs(attempts, baseDelayMs, maxDelayMs, random),
          );
          await emails.retryAt(id, token, message, retryAt);
          result.retried++;
          ctx.log.warn({ emailId: id, attempts, retryAt }, 'Sending an e-mail failed; it will be retried.');
        }
      }
    }
    return result;
  }

  function schedule(delay: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      const run = runOnce()
        .then((r) => schedule(r.sent + r.retried + r.failed >= batchSize ? 0 : pollMs))
        .catch((error) => {
          ctx.log.error(
            { err: { message: (error as Error).message } },
            'The e-mail outbox worker hit an error; it will try again.',
          );
          schedule(pollMs);
        });
      running = run;
    }, delay);
    timer.unref?.();
  }

  return {
    configured: Boolean(transport),
    runOnce,
    start() {
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
      if (!options.transport) transport?.close();
    },
  };
}
