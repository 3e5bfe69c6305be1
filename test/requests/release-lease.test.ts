import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaseRequests } from '../../src/requests/lease-requests.js';
import { releaseLease } from '../../src/requests/release-lease.js';
import { commandBench, type CommandBench } from './support.js';

let bench: CommandBench;
beforeAll(async () => {
  bench = await commandBench('cmd_release_lease');
});
afterAll(() => bench?.close());

const lease = async (owner: string) =>
  (await leaseRequests(bench.ctx, bench.agent, { owner, max: 1 })).requests.map((r) => r.referenceNumber);

describe('releaseLease', () => {
  it('hands a request back at once: another agent leases it next', async () => {
    const request = await bench.file();
    expect(await lease('a1')).toEqual([request.referenceNumber]);
    const input = { referenceNumber: request.referenceNumber, owner: 'a1' };
    expect(await releaseLease(bench.ctx, bench.agent, { ...input, owner: 'someone-else' })).toEqual({
      released: false,
    });
    expect(await releaseLease(bench.ctx, bench.agent, input)).toEqual({ released: true });
    expect(await lease('a2')).toEqual([request.referenceNumber]);
    await releaseLease(bench.ctx, bench.agent, { referenceNumber: request.referenceNumber, owner: 'a2' });
  });

  it('after a failure, counts the attempt and holds the request back for the delay asked', async () => {
    const [reference] = await lease('a3');
    expect(
      await releaseLease(bench.ctx, bench.agent, {
        referenceNumber: reference,
        owner: 'a3',
        failed: true,
        delaySeconds: 60,
      }),
    ).toEqual({ released: true });
    expect(await lease('a4')).toEqual([]);
    const later = new Date(Date.now() + 61_000);
    const leased = await leaseRequests({ ...bench.ctx, clock: () => later }, bench.agent, {
      owner: 'a4',
      max: 1,
    });
    expect(leased.requests.map((r) => [r.referenceNumber, r.attempts])).toEqual([[reference, 1]]);
  });

  it('does not release another board’s request', async () => {
    const request = await bench.file({ requestedAt: '2019-01-01' });
    const [reference] = await lease('a5');
    expect(reference).toBe(request.referenceNumber);
    expect(
      await releaseLease(bench.ctx, bench.stranger, { referenceNumber: reference, owner: 'a5' }),
    ).toEqual({
      released: false,
    });
  });
});
