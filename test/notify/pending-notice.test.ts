import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createTestStore, seedSchools, type TestStore } from '../support/db.js';
import { aRequest } from '../support/requests.js';
import { parseConfig } from '../../src/config.js';
import { createContext, type AppContext } from '../../src/context.js';
import { createLogger } from '../../src/log.js';
import { BusinessCalendar, ontarioHolidays } from '../../src/domain/business-time.js';
import type { Status } from '../../src/domain/status.js';
import {
  createOutboxWorker,
  getNotificationSettings,
  queuePendingNotices,
  saveNotificationSettings,
  waitedCutoff,
} from '../../src/notify/index.js';
import { startSmtp, type TestSmtp } from './smtp.js';

const toronto = (iso: string) => DateTime.fromISO(iso, { zone: 'America/Toronto' }).toJSDate();

describe('waited business hours (threshold cut-off)', () => {
  const calendar = new BusinessCalendar({ timeZone: 'America/Toronto', closureDays: ['2026-04-07'] });

  it('is the exact latest reception instant that has waited the threshold', () => {
    // Friday noon → Monday noon: 4 + 4 business hours, the weekend not counted.
    expect(waitedCutoff(calendar, toronto('2026-03-16T12:00'), 8).toISOString()).toBe(
      toronto('2026-03-13T12:00').toISOString(),
    );
    // One business day before Tuesday 10:00 is Monday 10:00; the night does not count.
    expect(waitedCutoff(calendar, toronto('2026-03-17T10:00'), 8).toISOString()).toBe(
      toronto('2026-03-16T10:00').toISOString(),
    );
    // Monday 08:00 → 4 hours before is Friday 12:00.
    expect(waitedCutoff(calendar, toronto('2026-03-16T08:00'), 4).toISOString()).toBe(
      toronto('2026-03-13T12:00').toISOString(),
    );
  });

  it('skips each of the nine Ontario holidays', () => {
    const holidays = ontarioHolidays(2026);
    expect(holidays).toHaveLength(9);
    for (const holiday of holidays) {
      let before = DateTime.fromISO(holiday.date, { zone: 'America/Toronto' }).minus({ days: 1 });
      while (!calendar.isBusinessDay(before.toISODate()!)) before = before.minus({ days: 1 });
      let after = DateTime.fromISO(holiday.date, { zone: 'America/Toronto' }).plus({ days: 1 });
      while (!calendar.isBusinessDay(after.toISODate()!)) after = after.plus({ days: 1 });
      const received = before.set({ hour: 12 }).toJSDate();
      const now = after.set({ hour: 12 }).toJSDate();
      // Noon to noon around the holiday: 4 + 4 = 8 business hours, not 16.
      expect(waitedCutoff(calendar, now, 8).getTime(), holiday.en).toBeGreaterThanOrEqual(received.getTime());
      expect(waitedCutoff(calendar, now, 9).getTime(), holiday.en).toBeLessThan(received.getTime());
    }
  });

  it("skips the board's closure days", () => {
    // Monday 15:00, Tuesday closed, Wednesday 15:00: 1 + 0 + 7.
    expect(waitedCutoff(calendar, toronto('2026-04-08T15:00'), 8).toISOString()).toBe(
      toronto('2026-04-06T15:00').toISOString(),
    );
    const open = new BusinessCalendar({ timeZone: 'America/Toronto' });
    expect(waitedCutoff(open, toronto('2026-04-08T15:00'), 8).toISOString()).toBe(
      toronto('2026-04-07T15:00').toISOString(),
    );
  });
});

describe('per-request pending notices', () => {
  let store: TestStore;
  let smtp: TestSmtp;
  let ctx: AppContext;
  let schools: Awaited<ReturnType<typeof seedSchools>>;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    store = await createTestStore('notify_pending');
    schools = await seedSchools(store);
    smtp = await startSmtp();
    ctx = createContext({
      config: parseConfig({
        http: { publicUrl: 'https://etms.example.org' },
        businessTime: { closureDays: { B99001: ['2026-04-07'] } },
        mail: { smtp: { host: '127.0.0.1', port: smtp.port } },
      }),
      store,
      log: createLogger({ level: 'silent' }),
    });
    const make = async (
      name: string,
      received: string,
      status: Status = 'ACTION_REQUIRED',
      schoolBsid = '900001',
    ) => {
      const { request } = await store.requests.create(
        aRequest({ receivedAt: toronto(received), status, schoolBsid, requestedAt: received.slice(0, 10) }),
      );
      ids[name] = request.id;
    };
    await make('weekend', '2026-03-13T12:00');
    await make('holiday', '2026-04-02T12:00', 'AUTO_PROCESS_ERROR');
    await make('closure', '2026-04-06T15:00', 'UPLOAD_ERROR');
    await make('old', '2026-03-02T09:00');
    await make('oldAuto', '2026-03-02T10:00', 'AUTO_PROCESS_ERROR');
    // Waiting on the applicant, not on the school: never a notice.
    await make('onHold', '2026-03-02T09:00', 'ON_HOLD_FINANCIAL');
    await make('notFound', '2026-03-02T09:00', 'STUDENT_NOT_FOUND');
    await make('inProgress', '2026-03-02T09:00', 'TRANSCRIPT_UPLOADED');
    await make('completed', '2026-03-02T09:00', 'CANCELLED');
    await make('otherSchool', '2026-03-02T09:00', 'ACTION_REQUIRED', '900002');
    await saveNotificationSettings(
      store,
      { schoolId: schools.north.id },
      {
        enabled: true,
        includeAutoCompleted: false,
        days: [],
        hour: 8,
        timeZone: 'America/Toronto',
        emails: ['a@school.example', 'b@school.example'],
        pendingThresholdHours: 8,
        notifyEachPending: true,
      },
      'ecole.demo',
    );
  });
  afterAll(async () => {
    await smtp?.close();
    await store?.destroy();
  });

  /** The requests named by notices so far, in the order of the notices. */
  const queuedFor = async (scopeKey?: string) =>
    (
      await store.db.query<{ request_id: number }>(
        `SELECT m.request_id FROM pending_notice_marks m JOIN email_log e ON e.dedupe_key = m.dedupe_key
          WHERE e.kind = 'PENDING' ${scopeKey ? 'AND m.scope_key = $1' : ''} ORDER BY e.id, m.request_id`,
        scopeKey ? [scopeKey] : [],
      )
    ).rows.map((r) => Number(r.request_id));
  const pendingMails = async () =>
    (await store.db.query<{ n: string }>("SELECT count(*) AS n FROM email_log WHERE kind = 'PENDING'"))
      .rows[0].n;

  it('names each request waiting on the school once, when it has waited the threshold in business hours, grouped per run', async () => {
    const settings = await getNotificationSettings(store, { schoolId: schools.north.id });
    const steps: Array<[string, string[]]> = [
      ['2026-03-16T11:59', ['old', 'oldAuto']], // one message for both; the weekend request has 4 + 3.98 hours
      ['2026-03-16T12:00', ['weekend']],
      ['2026-04-06T11:59', []], // Good Friday does not count
      ['2026-04-06T12:00', ['holiday']],
      ['2026-04-08T14:59', []], // Tuesday 7 April is a closure day
      ['2026-04-08T15:00', ['closure']],
      ['2026-06-01T12:00', []], // never twice
    ];
    const seen: number[] = [];
    let mails = 0;
    for (const [now, expected] of steps) {
      await queuePendingNotices(ctx, settings, toronto(now));
      const all = await queuedFor();
      expect(all.slice(seen.length), now).toEqual(expected.map((name) => ids[name]));
      seen.push(...all.slice(seen.length));
      // At most one message per run, however many requests it names.
      const after = Number(await pendingMails());
      expect(after - mails, now).toBe(expected.length ? 1 : 0);
      mails = after;
    }
    expect(seen).not.toContain(ids.onHold);
    expect(seen).not.toContain(ids.notFound);
    expect(seen).not.toContain(ids.inProgress);
    expect(seen).not.toContain(ids.completed);
    expect(seen).not.toContain(ids.otherSchool);
    const marks = await store.db.query<{ request_id: number; scope_key: string }>(
      'SELECT request_id, scope_key FROM pending_notice_marks WHERE request_id = $1',
      [ids.weekend],
    );
    expect(marks.rows.map((m) => [Number(m.request_id), m.scope_key])).toEqual([
      [ids.weekend, `school:${schools.north.id}`],
    ]);
  });

  it('sends the notice to every configured address, with the reference and a link to the request', async () => {
    const worker = createOutboxWorker(ctx);
    await worker.runOnce();
    await worker.stop();
    const request = (await store.requests.get(ids.weekend))!;
    const mail = smtp.messages.find((m) => m.subject?.includes(request.referenceNumber))!;
    expect(mail.subject).toBe(
      `SGÉRN – Demande en attente / eTMS – Request waiting – ${request.referenceNumber}`,
    );
    expect(smtp.envelopes[smtp.messages.indexOf(mail)]).toEqual(['a@school.example', 'b@school.example']);
    expect(mail.text).toContain(`https://etms.example.org/demandes/${request.referenceNumber}`);
    expect(mail.text).toContain('(seuil\u00a0: 8)');
    expect(mail.text).toContain(`${request.referenceNumber} (Action requise), 8 heures ouvrables`);
    expect(mail.text).toContain(`${request.referenceNumber} (Action required), 8 business hours`);
    expect(mail.text).not.toContain('Tremblay');
    // The two requests of one run travel in one message to the same recipients.
    const old = (await store.requests.get(ids.old))!;
    const oldAuto = (await store.requests.get(ids.oldAuto))!;
    const grouped = smtp.messages.filter((m) => m.text?.includes(old.referenceNumber));
    expect(grouped).toHaveLength(1);
    expect(grouped[0].subject).toBe('SGÉRN – 2 demandes en attente / eTMS – 2 requests waiting');
    expect(grouped[0].text).toContain(oldAuto.referenceNumber);
  });

  it('sends nothing when turned off or when per-request notices are not wanted', async () => {
    const { request } = await store.requests.create(
      aRequest({ receivedAt: toronto('2026-05-01T09:00'), requestedAt: '2026-05-01' }),
    );
    const base = await getNotificationSettings(store, { schoolId: schools.north.id });
    expect(await queuePendingNotices(ctx, { ...base, enabled: false }, toronto('2026-06-01T12:00'))).toBe(0);
    expect(
      await queuePendingNotices(ctx, { ...base, notifyEachPending: false }, toronto('2026-06-01T12:00')),
    ).toBe(0);
    expect(await queuePendingNotices(ctx, { ...base, emails: [] }, toronto('2026-06-01T12:00'))).toBe(0);
    expect(await queuedFor()).not.toContain(request.id);
    expect(await queuePendingNotices(ctx, base, toronto('2026-06-01T12:00'))).toBe(1);
  });

  it("a board configuration covers every school of the board, separately from the school's own", async () => {
    const board = await saveNotificationSettings(
      store,
      { boardId: schools.board.id },
      {
        enabled: true,
        includeAutoCompleted: false,
        days: [1],
        hour: 8,
        timeZone: 'America/Toronto',
        emails: ['board@board.example'],
        pendingThresholdHours: 8,
        notifyEachPending: true,
      },
      'conseil.demo',
    );
    await queuePendingNotices(ctx, board, toronto('2026-06-01T12:00'));
    const forBoard = await queuedFor(board.scopeKey);
    expect(forBoard).toContain(ids.otherSchool);
    expect(forBoard).toContain(ids.weekend);
    expect(forBoard).not.toContain(ids.inProgress);
  });
});
