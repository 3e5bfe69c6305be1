import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createTestStore, type TestStore } from '../support/db.js';
import { parseConfig } from '../../src/config.js';
import { createContext, type AppContext } from '../../src/context.js';
import { createLogger } from '../../src/log.js';
import { createOutboxWorker, queueEmail, retryDelayMs } from '../../src/notify/index.js';
import { startSmtp, type TestSmtp } from './smtp.js';

let store: TestStore;
let smtp: TestSmtp;
let ctx: AppContext;
let n = 0;

beforeAll(async () => {
  store = await createTestStore('notify_mailer');
  smtp = await startSmtp();
  ctx = createContext({
    config: parseConfig({
      mail: {
        from: 'eTMS <no-reply@etms.example>',
        smtp: { host: '127.0.0.1', port: smtp.port },
        maxAttempts: 3,
      },
    }),
    store,
    log: createLogger({ level: 'silent' }),
  });
});
afterAll(async () => {
  await smtp?.close();
  await store?.destroy();
});
beforeEach(async () => {
  smtp.messages.length = 0;
  smtp.envelopes.length = 0;
  smtp.refuseNext(0);
  await store.db.exec('DELETE FROM email_log');
});

async function queue(recipient = 'staff@school.example', subject?: string) {
  n++;
  await queueEmail(store, {
    kind: 'SUMMARY',
    recipient,
    language: 'fr',
    content: { subject: subject ?? `Message ${n}`, text: `Corps ${n}\n`, html: `<p>Corps ${n}</p>` },
    dedupeKey: `test:${n}`,
    notBefore: new Date(Date.now() - 1000),
  });
  return `test:${n}`;
}

const rowOf = async (key: string) =>
  (
    await store.db.query<{
      status: string;
      attempts: number;
      message_id: string | null;
      last_error: string | null;
      sent_at: Date | null;
    }>('SELECT status, attempts, message_id, last_error, sent_at FROM email_log WHERE dedupe_key = $1', [key])
  ).rows[0];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the worker until nothing is left to send now or later. */
async function drain(worker: ReturnType<typeof createOutboxWorker>, rounds = 50) {
  for (let i = 0; i < rounds; i++) {
    await worker.runOnce();
    const { rows } = await store.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM email_log WHERE status IN ('QUEUED', 'SENDING')",
    );
    if (Number(rows[0].n) === 0) return;
    await sleep(5);
  }
}

describe('outbox worker over SMTP', () => {
  it('sends a queued e-mail once, to its recipients, and records the Message-ID', async () => {
    const key = await queue('a@school.example, b@board.example', 'Avis – été');
    const worker = createOutboxWorker(ctx);
    expect(await worker.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await worker.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    await worker.stop();
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0];
    expect(smtp.envelopes[0]).toEqual(['a@school.example', 'b@board.example']);
    expect(mail.subject).toBe('Avis – été');
    expect(mail.from?.value[0].address).toBe('no-reply@etms.example');
    expect(mail.text).toContain('Corps');
    expect(mail.html).toContain('<p>Corps');
    const row = await rowOf(key);
    expect(row).toMatchObject({ status: 'SENT', attempts: 1 });
    expect(row.message_id).toBe(mail.messageId);
    expect(row.message_id).toMatch(/^<etms\.\d+@etms\.example>$/);
  });

  it('retries a temporary refusal (451) with back-off and sends exactly once', async () => {
    const key = await queue();
    smtp.refuseNext(2, 451);
    const worker = createOutboxWorker(ctx, { baseDelayMs: 1, maxDelayMs: 4 });
    expect(await worker.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const afterFirst = await rowOf(key);
    expect(afterFirst).toMatchObject({ status: 'QUEUED', attempts: 1 });
    expect(afterFirst.last_error).toContain('451');
    await drain(worker);
    await worker.stop();
    expect(smtp.messages).toHaveLength(1);
    expect(await rowOf(key)).toMatchObject({ status: 'SENT', attempts: 3, last_error: null });
  });

  it('gives up after mail.maxAttempts temporary refusals, and at once on a permanent one', async () => {
    const temporary = await queue();
    smtp.refuseNext(100, 451);
    const worker = createOutboxWorker(ctx, { baseDelayMs: 1, maxDelayMs: 2 });
    await drain(worker);
    expect(await rowOf(temporary)).toMatchObject({ status: 'FAILED', attempts: 3 });
    const permanent = await queue();
    smtp.refuseNext(1, 550);
    await worker.runOnce();
    expect(await rowOf(permanent)).toMatchObject({ status: 'FAILED', attempts: 1 });
    await worker.stop();
    expect(smtp.messages).toHaveLength(0);
  });

  it('two workers racing over the same outbox never send a row twice', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 30; i++) keys.push(await queue(`r${i}@school.example`));
    const a = createOutboxWorker(ctx, { workerId: 'a', batchSize: 4 });
    const b = createOutboxWorker(ctx, { workerId: 'b', batchSize: 4 });
    for (let round = 0; round < 20; round++)
      await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    await Promise.all([a.stop(), b.stop()]);
    expect(smtp.messages).toHaveLength(30);
    expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(30);
    expect(new Set(smtp.envelopes.map((e) => e[0])).size).toBe(30);
    for (const key of keys) expect(await rowOf(key)).toMatchObject({ status: 'SENT', attempts: 1 });
  });

  it('a row left SENDING by a worker that died is sent again only after its lease', async () => {
    const key = await queue();
    await store.db.query(
      `UPDATE email_log SET status = 'SENDING', attempts = 1, claim_token = 'dead', next_attempt_at = $2 WHERE dedupe_key = $1`,
      [key, new Date(Date.now() + 60_000)],
    );
    const worker = createOutboxWorker(ctx);
    expect((await worker.runOnce()).sent).toBe(0);
    expect(smtp.messages).toHaveLength(0);
    await store.db.query(`UPDATE email_log SET next_attempt_at = $2 WHERE dedupe_key = $1`, [
      key,
      new Date(Date.now() - 1000),
    ]);
    expect((await worker.runOnce()).sent).toBe(1);
    await worker.stop();
    expect(smtp.messages).toHaveLength(1);
    expect(await rowOf(key)).toMatchObject({ status: 'SENT', attempts: 2 });
    // The dead worker coming back cannot overwrite the outcome: its claim token no longer matches.
    await store.db.query(
      `UPDATE email_log SET status = 'QUEUED' WHERE dedupe_key = $1 AND claim_token = 'dead'`,
      [key],
    );
    expect((await rowOf(key)).status).toBe('SENT');
  });

  it('without an SMTP host, e-mails stay queued and the worker says so once', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const demo = createContext({
      config: parseConfig({}),
      store,
      log: createLogger({ level: 'warn' }, sink),
    });
    const key = await queue();
    const worker = createOutboxWorker(demo);
    expect(worker.configured).toBe(false);
    await worker.runOnce();
    await worker.runOnce();
    await worker.stop();
    expect(await rowOf(key)).toMatchObject({ status: 'QUEUED', attempts: 0 });
    expect(lines.filter((l) => l.includes('Mail is not configured'))).toHaveLength(1);
  });

  it('the started worker sends on its own and stops cleanly', async () => {
    const key = await queue();
    const worker = createOutboxWorker(ctx, { pollMs: 10 });
    worker.start();
    for (let i = 0; i < 200 && (await rowOf(key)).status !== 'SENT'; i++) await sleep(10);
    await worker.stop();
    expect(await rowOf(key)).toMatchObject({ status: 'SENT' });
    expect(smtp.messages).toHaveLength(1);
  });
});

describe('retry delay', () => {
  it('doubles per attempt up to the cap, with jitter between half and all of it', () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0.999999)).toBe(1000);
    expect(retryDelayMs(3, 1000, 60_000, () => 0.999999)).toBe(4000);
    expect(retryDelayMs(3, 1000, 60_000, () => 0)).toBe(2000);
    expect(retryDelayMs(20, 1000, 60_000, () => 0.999999)).toBe(60_000);
  });
});
