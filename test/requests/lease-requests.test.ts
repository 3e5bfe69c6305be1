import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaseRequests } from '../../src/requests/lease-requests.js';
import { commandBench, type CommandBench } from './support.js';

let bench: CommandBench;
beforeAll(async () => {
  bench = await commandBench('cmd_lease_requests');
});
afterAll(() => bench?.close());

describe('leaseRequests', () => {
  it('hands an agent its board’s waiting requests, oldest first, each to one agent only', async () => {
    const newer = await bench.file({ requestedAt: '2026-03-03' });
    const older = await bench.file({ requestedAt: '2026-03-01', studentNumber: '100001' });
    const later = await bench.file({ sendTiming: 'END_OF_TERM' });
    await bench.file({ schoolBsid: '900003' }); // another board's
    await bench.file({ status: 'PAPER_SENT' }); // nothing left to do

    const first = await leaseRequests(bench.ctx, bench.agent, { owner: 'a1', max: 10 });
    expect(first.requests.map((r) => r.referenceNumber)).toEqual([
      older.referenceNumber,
      newer.referenceNumber,
    ]);
    expect(first.requests[0]).toMatchObject({ studentNumber: '100001', schoolBsid: '900001', attempts: 0 });
    expect(first.requests[1]).not.toHaveProperty('studentNumber');
    expect(first.leaseSeconds).toBe(bench.ctx.config.agent.leaseSeconds);

    expect((await leaseRequests(bench.ctx, bench.agent, { owner: 'a2', max: 10 })).requests).toEqual([]);
    const term = await leaseRequests(bench.ctx, bench.agent, {
      owner: 'a2',
      max: 10,
      includeEndOfTerm: true,
    });
    expect(term.requests.map((r) => r.referenceNumber)).toEqual([later.referenceNumber]);
  });

  it('leases again a request whose lease expired, and keeps the lease length within bounds', async () => {
    const request = await bench.file({ requestedAt: '2020-01-01' });
    const short = await leaseRequests(bench.ctx, bench.agent, { owner: 'a3', max: 1, leaseSeconds: 1 });
    expect(short.leaseSeconds).toBe(5);
    expect(short.requests[0].referenceNumber).toBe(request.referenceNumber);
    const later = new Date(Date.now() + 6000);
    const ctx = { ...bench.ctx, clock: () => later };
    const again = await leaseRequests(ctx, bench.agent, { owner: 'a4', max: 1, leaseSeconds: 99_999 });
    expect(again.leaseSeconds).toBe(3600);
    expect(again.requests[0].referenceNumber).toBe(request.referenceNumber);
  });

  it('is for agents only', async () => {
    await expect(leaseRequests(bench.ctx, bench.intake, { owner: 'x', max: 1 })).rejects.toMatchObject({
      code: 'ETMS_E_FORBIDDEN',
    });
  });
});
