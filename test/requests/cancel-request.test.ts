import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelRequest } from '../../src/requests/cancel-request.js';
import { commandBench, type CommandBench } from './support.js';

let bench: CommandBench;
beforeAll(async () => {
  bench = await commandBench('cmd_cancel_request');
});
afterAll(() => bench?.close());

describe('cancelRequest', () => {
  it('cancels an open request with the reason given, and answers the same when asked again', async () => {
    const request = await bench.file();
    const input = { referenceNumber: request.referenceNumber, reason: 'Candidature retirée' };
    expect(await cancelRequest(bench.ctx, bench.intake, input)).toEqual({
      referenceNumber: request.referenceNumber,
      status: 'CANCELLED',
    });
    const events = await bench.store.requests.events(request.id);
    expect(events.at(-1)).toMatchObject({ toStatus: 'CANCELLED', reason: 'Candidature retirée' });
    expect((await cancelRequest(bench.ctx, bench.intake, input)).status).toBe('CANCELLED');
    expect(await bench.store.requests.events(request.id)).toHaveLength(events.length);
  });

  it('leaves a request whose transcript went out as it is', async () => {
    const request = await bench.file({ status: 'PAPER_SENT', completionMethod: 'PAPER' });
    await expect(
      cancelRequest(bench.ctx, bench.intake, { referenceNumber: request.referenceNumber }),
    ).rejects.toMatchObject({ code: 'ETMS_E_NOT_CANCELLABLE' });
    expect((await bench.store.requests.get(request.id))?.status).toBe('PAPER_SENT');
  });

  it('is for the intake only, and an unknown reference is not found', async () => {
    const request = await bench.file();
    await expect(
      cancelRequest(bench.ctx, bench.agent, { referenceNumber: request.referenceNumber }),
    ).rejects.toMatchObject({ code: 'ETMS_E_FORBIDDEN' });
    await expect(
      cancelRequest(bench.ctx, bench.intake, { referenceNumber: 'H20990101000001' }),
    ).rejects.toMatchObject({ code: 'ETMS_E_REQUEST_NOT_FOUND' });
  });
});
