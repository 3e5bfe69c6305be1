import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, seedSchools, type TestStore } from '../support/db.js';
import { aRequest } from '../support/requests.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore('events');
  await seedSchools(store);
});
afterAll(async () => store.destroy());

describe('request events are append-only', () => {
  it('records the creation and each change with who, when, from, to and why', async () => {
    const { request } = await store.requests.create(aRequest(), 'intake:OCAS');
    await store.requests.transition({
      id: request.id,
      to: 'ON_HOLD_FINANCIAL',
      actor: 'ecole.demo',
      reason: 'Frais impayés',
    });
    const events = await store.requests.events(request.id);
    expect(events.map((e) => [e.actor, e.fromStatus, e.toStatus])).toEqual([
      ['intake:OCAS', null, 'ACTION_REQUIRED'],
      ['ecole.demo', 'ACTION_REQUIRED', 'ON_HOLD_FINANCIAL'],
    ]);
    expect(events[1].reason).toBe('Frais impayés');
    expect(events[1].at).toBeInstanceOf(Date);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on the event table', async () => {
    const { request } = await store.requests.create(aRequest());
    await expect(
      store.db.query("UPDATE request_events SET actor = 'forger' WHERE request_id = $1", [request.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      store.db.query('DELETE FROM request_events WHERE request_id = $1', [request.id]),
    ).rejects.toThrow(/append-only/);
    await expect(store.db.query('TRUNCATE request_events')).rejects.toThrow(/append-only|cannot truncate/);
    expect(await store.requests.events(request.id)).toHaveLength(1);
  });
});
