import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaseRequests } from '../../src/requests/lease-requests.js';
import { reportError, reportErrors } from '../../src/requests/report-errors.js';
import { releaseLease } from '../../src/requests/release-lease.js';
import { commandBench, type CommandBench } from './support.js';

let bench: CommandBench;
beforeAll(async () => {
  bench = await commandBench('cmd_report_errors');
});
afterAll(() => bench?.close());

async function leased(owner: string, count = 1): Promise<string[]> {
  for (let i = 0; i < count; i++) await bench.file();
  const { requests } = await leaseRequests(bench.ctx, bench.agent, { owner, max: count });
  return requests.map((r) => r.referenceNumber);
}

const report = (referenceNumber: string) => ({
  referenceNumber,
  reasonCode: 'NO_CANDIDATE',
  reasonFr: 'Aucun élève ne correspond',
  reasonEn: 'No student matches',
  matchResult: { outcome: 'none', candidates: [] },
});

describe('reportError', () => {
  it('puts the request in « Erreur d’autotraitement » with the reason; the same report again is kept once', async () => {
    const [reference] = await leased('a1');
    expect(await reportError(bench.ctx, bench.agent, { ...report(reference), owner: 'a1' })).toEqual({
      referenceNumber: reference,
      status: 'AUTO_PROCESS_ERROR',
    });
    const request = (await bench.store.requests.findByReference(reference))!;
    expect([request.autoErrorReason, request.matchResult]).toEqual([
      'Aucun élève ne correspond',
      { outcome: 'none', candidates: [] },
    ]);
    const events = await bench.store.requests.events(request.id);
    expect((await reportError(bench.ctx, bench.agent, { ...report(reference), owner: 'a1' })).status).toBe(
      'AUTO_PROCESS_ERROR',
    );
    expect(await bench.store.requests.events(request.id)).toHaveLength(events.length);
    await expect(
      reportError(bench.ctx, bench.agent, { ...report(reference), reasonFr: 'Autre raison', owner: 'a1' }),
    ).rejects.toMatchObject({ code: 'ETMS_E_REQUEST_NOT_PENDING' });
  });
});

describe('reportErrors', () => {
  it('answers item by item: another board’s request is not found, the others are recorded', async () => {
    const [a, b] = await leased('a2', 2);
    const far = await bench.file({ schoolBsid: '900003' });
    const { results } = await reportErrors(bench.ctx, bench.agent, {
      owner: 'a2',
      reports: [report(a), report(far.referenceNumber), report(b)],
    });
    expect(results.map((r) => ('fault' in r ? r.fault.code : r.status))).toEqual([
      'AUTO_PROCESS_ERROR',
      'ETMS_E_REQUEST_NOT_FOUND',
      'AUTO_PROCESS_ERROR',
    ]);
    expect((await bench.store.requests.get(far.id))?.status).toBe('ACTION_REQUIRED');
  });
});

describe('what an agent may report', () => {
  it('refuses a report on a request whose lease the agent released', async () => {
    const [reference] = await leased('r-released');
    await releaseLease(bench.ctx, bench.agent, { referenceNumber: reference, owner: 'r-released' });
    await expect(
      reportError(bench.ctx, bench.agent, { ...report(reference), owner: 'r-released' }),
    ).rejects.toMatchObject({ code: 'ETMS_E_LEASE_NOT_HELD' });
    expect((await bench.store.requests.findByReference(reference))!.status).toBe('ACTION_REQUIRED');
  });

  it('refuses alone the item whose matchResultJson is not JSON', async () => {
    const [a, b] = await leased('r-json', 2);
    const { matchResult: _m, ...plain } = report(a);
    const { results } = await reportErrors(bench.ctx, bench.agent, {
      owner: 'r-json',
      reports: [
        { ...plain, matchResultJson: '{"outcome": "none", "candidates": [' },
        { ...report(b), matchResult: undefined, matchResultJson: '{"outcome":"none","candidates":[]}' },
      ],
    });
    expect(results[0]).toMatchObject({ referenceNumber: a, fault: { code: 'ETMS_E_INVALID_INPUT' } });
    expect(results[1]).toEqual({ referenceNumber: b, status: 'AUTO_PROCESS_ERROR' });
    const stored = (await bench.store.requests.findByReference(b))!;
    expect(stored.matchResult).toEqual({ outcome: 'none', candidates: [] });
    expect((await bench.store.requests.findByReference(a))!.status).toBe('ACTION_REQUIRED');
  });
});
