import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, seedSchools, type TestStore } from '../support/db.js';
import { aRequest } from '../support/requests.js';
import { parseConfig } from '../../src/config.js';
import { createContext, type AppContext } from '../../src/context.js';
import { createLogger } from '../../src/log.js';
import type { Status } from '../../src/domain/status.js';
import type { CompletionMethod } from '../../src/domain/request.js';
import {
  createOutboxWorker,
  getNotificationSettings,
  queueSummaryNotice,
  saveNotificationSettings,
} from '../../src/notify/index.js';
import { startSmtp, type TestSmtp } from './smtp.js';

let store: TestStore;
let smtp: TestSmtp;
let ctx: AppContext;
let schools: Awaited<ReturnType<typeof seedSchools>>;

// Tuesday 10 March 2026, 08:00 in Toronto (EDT).
const FIRE = new Date('2026-03-10T12:00:00Z');

beforeAll(async () => {
  store = await createTestStore('notify_summary');
  schools = await seedSchools(store);
  smtp = await startSmtp();
  ctx = createContext({
    config: parseConfig({
      http: { publicUrl: 'https://etms.example.org/' },
      mail: { smtp: { host: '127.0.0.1', port: smtp.port } },
    }),
    store,
    log: createLogger({ level: 'silent' }),
  });
  const add = async (
    status: Status,
    bsid: string,
    received: string,
    completed?: string,
    method?: CompletionMethod,
  ) =>
    store.requests.create(
      aRequest({
        status,
        schoolBsid: bsid,
        receivedAt: new Date(received),
        completedAt: completed ? new Date(completed) : null,
        completionMethod: method ?? null,
      }),
    );
  await add('ACTION_REQUIRED', '900001', '2026-03-02T14:00:00Z');
  await add('ACTION_REQUIRED', '900001', '2026-03-10T11:00:00Z');
  await add('AUTO_PROCESS_ERROR', '900002', '2026-03-03T14:00:00Z');
  await add('STUDENT_NOT_FOUND', '900001', '2026-03-09T15:00:00Z');
  await add('ON_HOLD_FINANCIAL', '900002', '2026-03-02T14:00:00Z');
  await add('TRANSCRIPT_UPLOADED', '900001', '2026-03-09T14:00:00Z');
  await add('ACTION_REQUIRED', '900003', '2026-03-02T14:00:00Z'); // another board
  await add('E_TRANSCRIPT_SENT', '900001', '2026-03-09T13:00:00Z', '2026-03-09T20:00:00Z', 'AUTO');
  await add('E_TRANSCRIPT_SENT', '900002', '2026-03-09T13:00:00Z', '2026-03-10T11:59:00Z', 'AUTO');
  await add('E_TRANSCRIPT_SENT', '900001', '2026-03-02T13:00:00Z', '2026-03-07T20:00:00Z', 'AUTO'); // before the last day
  await add('E_TRANSCRIPT_SENT', '900001', '2026-03-09T13:00:00Z', '2026-03-09T21:00:00Z', 'MANUAL_XML'); // not Auto-eTMS
  await add('E_TRANSCRIPT_SENT', '900003', '2026-03-09T13:00:00Z', '2026-03-09T21:00:00Z', 'AUTO'); // another board
  await saveNotificationSettings(
    store,
    { boardId: schools.board.id },
    {
      enabled: true,
      includeAutoCompleted: true,
      days: [1, 2, 3, 4, 5],
      hour: 8,
      timeZone: 'America/Toronto',
      emails: ['support@board.example', 'requests@board.example'],
      pendingThresholdHours: 8,
      notifyEachPending: false,
    },
    'conseil.demo',
  );
});
afterAll(async () => {
  await smtp?.close();
  await store?.destroy();
});

describe('summary notice', () => {
  it('is queued once per scope, local date and hour, and remembers when it was sent', async () => {
    const settings = await getNotificationSettings(store, { boardId: schools.board.id });
    expect(await queueSummaryNotice(ctx, settings, FIRE)).toBe(true);
    // A second replica or a restart firing the same hour queues nothing.
    expect(await queueSummaryNotice(ctx, settings, new Date(FIRE.getTime() + 1500))).toBe(false);
    const { rows } = await store.db.query<{ dedupe_key: string; recipient: string }>(
      "SELECT dedupe_key, recipient FROM email_log WHERE kind = 'SUMMARY'",
    );
    expect(rows).toEqual([
      {
        dedupe_key: `summary:board:${schools.board.id}:2026-03-10:08`,
        recipient: 'support@board.example, requests@board.example',
      },
    ]);
    expect(
      (await getNotificationSettings(store, { boardId: schools.board.id })).lastSummaryAt?.toISOString(),
    ).toBe(FIRE.toISOString());
  });

  it('counts pending requests per tab, those waiting past the threshold, and Auto-eTMS completions, with links', async () => {
    const worker = createOutboxWorker(ctx);
    await worker.runOnce();
    await worker.stop();
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0];
    expect(smtp.envelopes[0]).toEqual(['support@board.example', 'requests@board.example']);
    expect(mail.subject).toBe('SGÉRN – Avis sommaire / eTMS – Summary notice – Conseil scolaire d’essai');
    const text = mail.text!;
    expect(text).toContain('À traiter\u00a0: 3  https://etms.example.org/demandes?tab=TO_PROCESS');
    expect(text).toContain('  – Action requise\u00a0: 2');
    expect(text).toContain('  – Erreur d’autotraitement\u00a0: 1');
    expect(text).toContain('Incomplet\u00a0: 2  https://etms.example.org/demandes?tab=INCOMPLETE');
    expect(text).toContain('En cours\u00a0: 1  https://etms.example.org/demandes?tab=IN_PROGRESS');
    expect(text).toContain('To process: 3  https://etms.example.org/demandes?tab=TO_PROCESS');
    expect(text).toContain('Incomplete: 2');
    // Waiting ≥ 8 business hours at Tuesday 08:00: the two of 2 March, the one of 3 March, not those of 9–10 March.
    expect(text).toContain('en attente depuis 8 heures ouvrables ou plus\u00a0: 3');
    expect(text).toContain('waiting 8 business hours or more: 3');
    // First notice: Auto-eTMS completions of the last day, never « since the last notice ».
    expect(text).toMatch(
      /Demandes remplies par Auto-SGÉRN au cours des dernières 24 heures, depuis le .*?\u00a0: 2 {2}https:\/\/etms\.example\.org\/demandes\?tab=COMPLETED/,
    );
    expect(text).toMatch(/Requests completed by Auto-eTMS in the last 24 hours, since .*?: 2/);
    expect(text).not.toContain('dernier avis');
    expect(text).not.toContain('last notice');
    expect(mail.html).toContain('<a href="https://etms.example.org/demandes?tab=TO_PROCESS">');
  });

  it('the next notice counts Auto-eTMS completions since the previous one only', async () => {
    await store.requests.create(
      aRequest({
        status: 'E_TRANSCRIPT_SENT',
        schoolBsid: '900001',
        completedAt: new Date('2026-03-10T18:00:00Z'),
        completionMethod: 'AUTO',
      }),
    );
    const settings = await getNotificationSettings(store, { boardId: schools.board.id });
    expect(await queueSummaryNotice(ctx, settings, new Date('2026-03-11T12:00:00Z'))).toBe(true);
    const { rows } = await store.db.query<{ body_text: string; dedupe_key: string }>(
      "SELECT body_text, dedupe_key FROM email_log WHERE kind = 'SUMMARY' ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0].dedupe_key).toBe(`summary:board:${schools.board.id}:2026-03-11:08`);
    expect(rows[0].body_text).toMatch(/depuis le dernier avis, du .*?\u00a0: 1 /);
  });

  it('leaves Auto-eTMS completions out unless asked, and sends nothing when turned off', async () => {
    const settings = await getNotificationSettings(store, { boardId: schools.board.id });
    expect(
      await queueSummaryNotice(
        ctx,
        { ...settings, includeAutoCompleted: false },
        new Date('2026-03-12T12:00:00Z'),
      ),
    ).toBe(true);
    const { rows } = await store.db.query<{ body_text: string }>(
      "SELECT body_text FROM email_log WHERE kind = 'SUMMARY' ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0].body_text).not.toContain('Auto-eTMS depuis');
    expect(
      await queueSummaryNotice(ctx, { ...settings, enabled: false }, new Date('2026-03-13T12:00:00Z')),
    ).toBe(false);
  });

  it('the repeated 01:00 of the autumn change queues one notice', async () => {
    const settings = await getNotificationSettings(store, { boardId: schools.board.id });
    const night = { ...settings, hour: 1, days: [0] };
    expect(await queueSummaryNotice(ctx, night, new Date('2026-11-01T05:00:00Z'))).toBe(true);
    expect(await queueSummaryNotice(ctx, night, new Date('2026-11-01T06:00:00Z'))).toBe(false);
  });

  it('links to http://localhost:<port> when no public address is configured', async () => {
    const local = createContext({
      config: parseConfig({ http: { port: 3999 } }),
      store,
      log: createLogger({ level: 'silent' }),
    });
    const settings = await getNotificationSettings(store, { boardId: schools.board.id });
    await queueSummaryNotice(local, settings, new Date('2026-03-16T12:00:00Z'));
    const { rows } = await store.db.query<{ body_text: string }>(
      "SELECT body_text FROM email_log WHERE kind = 'SUMMARY' ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0].body_text).toContain('http://localhost:3999/demandes?tab=TO_PROCESS');
  });
});
