import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createTestStore, seedSchools, type TestStore } from '../support/db.js';
import { parseConfig } from '../../src/config.js';
import { createContext, type AppContext } from '../../src/context.js';
import { createLogger } from '../../src/log.js';
import {
  nextSummaryTimes,
  saveNotificationSettings,
  startNotifications,
  type NotificationSettingsInput,
} from '../../src/notify/index.js';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const every = [0, 1, 2, 3, 4, 5, 6];

describe('summary schedule across daylight-saving changes', () => {
  it('08:00 in Toronto stays 08:00 through 8 March 2026 (13:00 UTC before, 12:00 UTC after)', () => {
    const times = nextSummaryTimes(
      { days: every, hour: 8, minute: 0, timeZone: 'America/Toronto' },
      new Date('2026-03-06T00:00:00Z'),
      4,
    );
    expect(iso(times)).toEqual([
      '2026-03-06T13:00:00.000Z',
      '2026-03-07T13:00:00.000Z',
      '2026-03-08T12:00:00.000Z',
      '2026-03-09T12:00:00.000Z',
    ]);
  });

  it('08:00 in Toronto stays 08:00 through 1 November 2026 (12:00 UTC before, 13:00 UTC after)', () => {
    const times = nextSummaryTimes(
      { days: every, hour: 8, minute: 0, timeZone: 'America/Toronto' },
      new Date('2026-10-30T00:00:00Z'),
      4,
    );
    expect(iso(times)).toEqual([
      '2026-10-30T12:00:00.000Z',
      '2026-10-31T12:00:00.000Z',
      '2026-11-01T13:00:00.000Z',
      '2026-11-02T13:00:00.000Z',
    ]);
  });

  it('fires only on the chosen days, at the chosen hour, in the chosen zone', () => {
    const times = nextSummaryTimes(
      { days: [1, 3, 5], hour: 17, minute: 0, timeZone: 'America/Vancouver' },
      new Date('2026-03-07T00:00:00Z'),
      4,
    );
    for (const t of times) {
      const local = DateTime.fromJSDate(t, { zone: 'America/Vancouver' });
      expect(local.hour).toBe(17);
      expect(local.minute).toBe(0);
      expect([1, 3, 5]).toContain(local.weekday);
    }
    // Friday 6 March 17:00 PST, then Monday, Wednesday, Friday 17:00 PDT (daylight time since the 8th).
    expect(iso(times)).toEqual([
      '2026-03-07T01:00:00.000Z',
      '2026-03-10T00:00:00.000Z',
      '2026-03-12T00:00:00.000Z',
      '2026-03-14T00:00:00.000Z',
    ]);
  });

  it('the repeated 01:00 of the autumn change fires twice, both on the same local date and hour', () => {
    // 01:00 happens twice on 1 November 2026 in Toronto; both fires carry the same dedupe key
    // (local date and hour), so the notice is queued once (see summary-notice.test.ts).
    const times = nextSummaryTimes(
      { days: [0], hour: 1, minute: 0, timeZone: 'America/Toronto' },
      new Date('2026-10-31T12:00:00Z'),
      3,
    );
    expect(iso(times)).toEqual([
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-08T06:00:00.000Z',
    ]);
    const keys = times.map((t) =>
      DateTime.fromJSDate(t, { zone: 'America/Toronto' }).toFormat('yyyy-LL-dd HH'),
    );
    expect(new Set(keys)).toEqual(new Set(['2026-11-01 01', '2026-11-08 01']));
  });
});

describe('startNotifications', () => {
  let store: TestStore;
  let ctx: AppContext;
  let schools: Awaited<ReturnType<typeof seedSchools>>;
  const settings = (over: Partial<NotificationSettingsInput>): NotificationSettingsInput => ({
    enabled: true,
    includeAutoCompleted: false,
    days: [1, 2, 3, 4, 5],
    hour: 8,
    timeZone: 'America/Toronto',
    emails: ['staff@school.example'],
    pendingThresholdHours: null,
    notifyEachPending: false,
    ...over,
  });

  beforeAll(async () => {
    store = await createTestStore('notify_schedule');
    schools = await seedSchools(store);
    ctx = createContext({ config: parseConfig({}), store, log: createLogger({ level: 'silent' }) });
    await saveNotificationSettings(store, { schoolId: schools.north.id }, settings({}), 'ecole.demo');
    await saveNotificationSettings(
      store,
      { schoolId: schools.south.id },
      settings({ enabled: false }),
      'ecole.demo',
    );
  });
  afterAll(async () => store?.destroy());

  it('schedules enabled configurations at their local hour and follows saved changes', async () => {
    const notifications = await startNotifications(ctx, { outbox: false });
    try {
      const north = `school:${schools.north.id}`;
      const south = `school:${schools.south.id}`;
      let fires = notifications.nextFires();
      expect([...fires.keys()]).toEqual([north]);
      const first = DateTime.fromJSDate(fires.get(north)!, { zone: 'America/Toronto' });
      expect(first.hour).toBe(8);
      expect(first.weekday).toBeLessThanOrEqual(5);
      expect(first.toMillis()).toBeGreaterThan(Date.now());

      // Saving in this process reschedules at once.
      await saveNotificationSettings(
        store,
        { schoolId: schools.north.id },
        settings({ hour: 15, days: [6], timeZone: 'America/Winnipeg' }),
        'ecole.demo',
      );
      await saveNotificationSettings(
        store,
        { schoolId: schools.south.id },
        settings({ hour: 9 }),
        'ecole.demo',
      );
      await new Promise((r) => setTimeout(r, 200));
      fires = notifications.nextFires();
      const moved = DateTime.fromJSDate(fires.get(north)!, { zone: 'America/Winnipeg' });
      expect([moved.hour, moved.weekday]).toEqual([15, 6]);
      expect(DateTime.fromJSDate(fires.get(south)!, { zone: 'America/Toronto' }).hour).toBe(9);

      // Changes made by another replica are picked up by the reload.
      await store.db.query('UPDATE notification_settings SET enabled = false WHERE scope_key = $1', [south]);
      await notifications.reload();
      expect([...notifications.nextFires().keys()]).toEqual([north]);
    } finally {
      await notifications.stop();
    }
  });
});
