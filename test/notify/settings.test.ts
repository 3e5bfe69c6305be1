import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frenchTypographyProblems } from '../admin/typography.js';
import { createTestStore, seedSchools, type TestStore } from '../support/db.js';
import {
  emptyNotificationSettings,
  getNotificationSettings,
  parseHour,
  parseNotificationForm,
  saveNotificationSettings,
  settingsEvents,
  type NotificationSettingsInput,
} from '../../src/notify/index.js';

let store: TestStore;
let schools: Awaited<ReturnType<typeof seedSchools>>;

beforeAll(async () => {
  store = await createTestStore('notify_settings');
  schools = await seedSchools(store);
});
afterAll(async () => store?.destroy());

const full = {
  enabled: 'on',
  includeAutoCompleted: 'on',
  days: ['1', '3', '5'],
  hour: '8:00 a.m.',
  timeZone: 'America/Toronto',
  emails: 'support@desk.ocas.ca; requests@desk.ocas.ca',
  pendingThresholdHours: '16',
  notifyEachPending: 'on',
};

function value(form: Record<string, string | string[] | undefined>): NotificationSettingsInput {
  const parsed = parseNotificationForm(form);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}
function errors(form: Record<string, string | string[] | undefined>) {
  const parsed = parseNotificationForm(form);
  if (parsed.ok) throw new Error('expected errors');
  return parsed.errors;
}

describe('notification form', () => {
  it('writes its French errors in French typography, the values typed kept as typed', () => {
    const found = errors({
      ...full,
      days: ['1', '9'],
      hour: '25',
      timeZone: 'Mars/Olympus',
      emails: 'pas une adresse; ok@example.org',
      pendingThresholdHours: 'abc',
    });
    expect(found.map((e) => e.field).sort()).toEqual(
      ['days', 'emails', 'hour', 'pendingThresholdHours', 'timeZone'].sort(),
    );
    for (const e of found) expect(frenchTypographyProblems(e.fr, e.field)).toEqual([]);
    expect(found.find((e) => e.field === 'emails')!.fr).toBe(
      'L’adresse «\u00a0pas une adresse\u00a0» n’est pas une adresse électronique valide.',
    );
  });

  it('reads every field', () => {
    expect(value(full)).toEqual({
      enabled: true,
      includeAutoCompleted: true,
      days: [1, 3, 5],
      hour: 8,
      timeZone: 'America/Toronto',
      emails: ['support@desk.ocas.ca', 'requests@desk.ocas.ca'],
      pendingThresholdHours: 16,
      notifyEachPending: true,
    });
  });

  it('unchecked boxes are off; one day comes as a string; days are sorted without repeats', () => {
    const v = value({
      ...full,
      includeAutoCompleted: undefined,
      notifyEachPending: undefined,
      days: ['6', '0', '6'],
    });
    expect(v).toMatchObject({ includeAutoCompleted: false, notifyEachPending: false, days: [0, 6] });
    expect(value({ ...full, days: '2' }).days).toEqual([2]);
  });

  it('refuses a day outside 0–6', () => {
    expect(errors({ ...full, days: ['1', '7'] })).toEqual([
      expect.objectContaining({ field: 'days', en: expect.stringContaining('"7"') }),
    ]);
  });

  it('reads the hour as the guide writes it, and refuses others', () => {
    expect(parseHour('8:00 a.m.')).toBe(8);
    expect(parseHour('8')).toBe(8);
    expect(parseHour('08:00')).toBe(8);
    expect(parseHour('12:00 a.m.')).toBe(0);
    expect(parseHour('12 p.m.')).toBe(12);
    expect(parseHour('2:00 PM')).toBe(14);
    expect(parseHour('23')).toBe(23);
    for (const bad of ['24', '8:30', '13 p.m.', 'noon', '-1']) expect(parseHour(bad), bad).toBeNull();
    expect(errors({ ...full, hour: '25' })).toEqual([expect.objectContaining({ field: 'hour' })]);
    expect(value({ ...full, hour: '17' }).hour).toBe(17);
  });

  it('validates the time zone (IANA), America/Toronto by default', () => {
    expect(value({ ...full, timeZone: undefined }).timeZone).toBe('America/Toronto');
    expect(value({ ...full, timeZone: 'America/Vancouver' }).timeZone).toBe('America/Vancouver');
    expect(errors({ ...full, timeZone: 'Mars/Olympus_Mons' })).toEqual([
      expect.objectContaining({ field: 'timeZone', en: expect.stringContaining('Mars/Olympus_Mons') }),
    ]);
    expect(errors({ ...full, timeZone: '(GMT-05:00) Eastern Time' })[0].field).toBe('timeZone');
  });

  it('names each bad e-mail address', () => {
    const errs = errors({ ...full, emails: 'ok@school.example; pas-une-adresse; other@board.example;x@y' });
    expect(errs.map((e) => e.field)).toEqual(['emails', 'emails']);
    expect(errs[0].fr).toContain('«\u00a0pas-une-adresse\u00a0»');
    expect(errs[0].en).toContain('"pas-une-adresse"');
    expect(errs[1].en).toContain('"x@y"');
  });

  it('splits addresses on « ; » (and commas or lines), trims and drops repeats', () => {
    expect(
      value({ ...full, emails: ' a@school.example ;; b@school.example,\nA@school.example ' }).emails,
    ).toEqual(['a@school.example', 'b@school.example']);
  });

  it('takes a whole number of business hours ≥ 1 for the threshold', () => {
    expect(value({ ...full, pendingThresholdHours: '8' }).pendingThresholdHours).toBe(8);
    for (const bad of ['0', '1.5', '-8', 'huit']) {
      expect(errors({ ...full, pendingThresholdHours: bad }), bad).toEqual([
        expect.objectContaining({ field: 'pendingThresholdHours' }),
      ]);
    }
    expect(
      value({ ...full, pendingThresholdHours: '', notifyEachPending: undefined }).pendingThresholdHours,
    ).toBeNull();
    expect(errors({ ...full, pendingThresholdHours: '' })).toEqual([
      expect.objectContaining({ field: 'pendingThresholdHours' }),
    ]);
  });

  it('turned on, it needs an address and a day (unless only per-request notices are wanted)', () => {
    const errs = errors({ enabled: 'on' });
    expect(errs.map((e) => e.field).sort()).toEqual(['days', 'emails']);
    expect(
      value({
        enabled: 'on',
        emails: 'a@school.example',
        pendingThresholdHours: '8',
        notifyEachPending: 'on',
      }).days,
    ).toEqual([]);
  });

  it('« Effacer »: the empty form is valid, everything off', () => {
    expect(value({})).toEqual(emptyNotificationSettings());
    expect(emptyNotificationSettings()).toMatchObject({
      enabled: false,
      days: [],
      emails: [],
      pendingThresholdHours: null,
    });
  });
});

describe('notification settings storage', () => {
  it("nothing is stored until saved; saving replaces the scope's settings", async () => {
    const scope = { schoolId: schools.north.id };
    const before = await getNotificationSettings(store, scope);
    expect(before).toMatchObject({
      saved: false,
      scopeKey: `school:${schools.north.id}`,
      enabled: false,
      hour: 8,
      timeZone: 'America/Toronto',
    });
    parseNotificationForm(full); // parsing alone stores nothing
    expect((await getNotificationSettings(store, scope)).saved).toBe(false);

    const heard: string[] = [];
    const listener = (key: string) => heard.push(key);
    settingsEvents.on('saved', listener);
    const saved = await saveNotificationSettings(store, scope, value(full), 'ecole.demo');
    settingsEvents.off('saved', listener);
    expect(heard).toEqual([`school:${schools.north.id}`]);
    expect(saved).toMatchObject({
      ...value(full),
      saved: true,
      schoolId: schools.north.id,
      boardId: null,
      updatedBy: 'ecole.demo',
    });
    expect(await getNotificationSettings(store, scope)).toEqual(saved);

    // « Effacer » then « Soumettre »: the cleared form replaces it, notifications off.
    const cleared = await saveNotificationSettings(store, scope, value({}), 'ecole.demo');
    expect(cleared).toMatchObject({
      enabled: false,
      days: [],
      emails: [],
      pendingThresholdHours: null,
      notifyEachPending: false,
    });
    const { rows } = await store.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM notification_settings',
    );
    expect(Number(rows[0].n)).toBe(1);
  });

  it('a board and its school each have their own settings', async () => {
    await saveNotificationSettings(
      store,
      { boardId: schools.board.id },
      value({ ...full, hour: '14' }),
      'conseil.demo',
    );
    expect((await getNotificationSettings(store, { boardId: schools.board.id })).hour).toBe(14);
    expect((await getNotificationSettings(store, { schoolId: schools.north.id })).hour).toBe(8);
  });

  it('refuses a scope that is neither a school nor a board', async () => {
    await expect(getNotificationSettings(store, {} as { schoolId: number })).rejects.toMatchObject({
      code: 'ETMS_E_NOTIFICATION_SCOPE',
    });
  });
});
