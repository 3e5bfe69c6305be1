import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, seedSchools, type TestStore } from '../support/db.js';
import { aRequest } from '../support/requests.js';
import { STATUSES, STATUS_CATALOGUE, canTransition, type Status } from '../../src/domain/status.js';

let store: TestStore;

beforeAll(async () => {
  store = await createTestStore('transitions');
  await seedSchools(store);
});
afterAll(async () => store.destroy());

/** Puts a fresh request in `status` by writing it directly (the demo and imports do the same). */
async function requestIn(status: Status) {
  const { request } = await store.requests.create(aRequest({ status }));
  return request;
}

describe('status transitions', () => {
  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const allowed = canTransition(from, to);
      it(`${from} → ${to} is ${allowed ? 'allowed' : 'refused'}`, async () => {
        const request = await requestIn(from);
        const attempt = store.requests.transition({ id: request.id, to, actor: 'tester', reason: 'test' });
        if (allowed) {
          const after = await attempt;
          expect(after.status).toBe(to);
          expect(after.tab).toBe(STATUS_CATALOGUE[to].tab);
          expect(after.version).toBe(request.version + 1);
          expect(after.lastUpdatedBy).toBe('tester');
          const events = await store.requests.events(request.id);
          expect(events.at(-1)).toMatchObject({
            actor: 'tester',
            fromStatus: from,
            toStatus: to,
            reason: 'test',
          });
        } else {
          await expect(attempt).rejects.toMatchObject({ code: 'ETMS_E_TRANSITION_REFUSED' });
          const unchanged = await store.requests.get(request.id);
          expect(unchanged).toMatchObject({ status: from, version: request.version });
          expect(await store.requests.events(request.id)).toHaveLength(1);
        }
      });
    }
  }

  it('sets the completion date and method on completing statuses and clears them on re-upload', async () => {
    const request = await requestIn('ACTION_REQUIRED');
    const sent = await store.requests.transition({
      id: request.id,
      to: 'PAPER_SENT',
      actor: 'tester',
      completionMethod: 'PAPER',
    });
    expect(sent.completedAt).toBeInstanceOf(Date);
    expect(sent.completionMethod).toBe('PAPER');
    const again = await store.requests.transition({
      id: request.id,
      to: 'TRANSCRIPT_UPLOADED',
      actor: 'tester',
    });
    expect(again.completedAt).toBeNull();
    expect(again.tab).toBe('IN_PROGRESS');
  });

  it('keeps the auto-process reason and candidates for the detail page', async () => {
    const request = await requestIn('ACTION_REQUIRED');
    const after = await store.requests.transition({
      id: request.id,
      to: 'AUTO_PROCESS_ERROR',
      actor: 'Auto-eTMS',
      reason: 'Plusieurs élèves possibles',
      matchResult: { outcome: 'review', candidates: [{ studentNumber: '1', score: 12.5 }] },
    });
    expect(after.autoErrorReason).toBe('Plusieurs élèves possibles');
    expect(after.matchResult).toEqual({
      outcome: 'review',
      candidates: [{ studentNumber: '1', score: 12.5 }],
    });
  });

  it('refuses a stale transition and writes nothing', async () => {
    const request = await requestIn('ACTION_REQUIRED');
    await store.requests.transition({
      id: request.id,
      to: 'ON_HOLD_FINANCIAL',
      actor: 'a',
      expectedVersion: request.version,
    });
    const stale = store.requests.transition({
      id: request.id,
      to: 'STUDENT_NOT_FOUND',
      actor: 'b',
      expectedVersion: request.version,
    });
    await expect(stale).rejects.toMatchObject({ code: 'ETMS_E_REQUEST_STALE', status: 409 });
    const now = await store.requests.get(request.id);
    expect(now?.status).toBe('ON_HOLD_FINANCIAL');
    expect(await store.requests.events(request.id)).toHaveLength(2);
  });

  it('lets exactly one of many concurrent transitions on one request win', async () => {
    const request = await requestIn('ACTION_REQUIRED');
    const targets: Status[] = [
      'PAPER_SENT',
      'STUDENT_NOT_FOUND',
      'NO_ACADEMIC_DATA',
      'ON_HOLD_FINANCIAL',
      'AUTO_PROCESS_ERROR',
      'TRANSCRIPT_UPLOADED',
    ];
    const results = await Promise.allSettled(
      [...targets, ...targets].map((to, i) =>
        store.requests.transition({
          id: request.id,
          to,
          actor: `user${i}`,
          expectedVersion: request.version,
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'ETMS_E_REQUEST_STALE' });
    const events = await store.requests.events(request.id);
    expect(events).toHaveLength(2);
    const final = await store.requests.get(request.id);
    expect(final?.status).toBe((won[0] as PromiseFulfilledResult<{ status: Status }>).value.status);
  });

  it('runs transition listeners inside the transaction: a failing listener undoes the change', async () => {
    const request = await requestIn('ACTION_REQUIRED');
    const local = (await import('../../src/store/requests.js')).RequestRepository;
    const repo = new local(store.db);
    repo.onTransition(async ({ after }) => {
      if (after.status === 'STUDENT_NOT_FOUND') throw new Error('mail queue down');
    });
    await expect(repo.transition({ id: request.id, to: 'STUDENT_NOT_FOUND', actor: 'x' })).rejects.toThrow(
      'mail queue down',
    );
    expect((await store.requests.get(request.id))?.status).toBe('ACTION_REQUIRED');
    expect(await store.requests.events(request.id)).toHaveLength(1);
  });
});
