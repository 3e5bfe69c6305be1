import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStatus } from '../../src/requests/get-status.js';
import { commandBench, type CommandBench } from './support.js';

let bench: CommandBench;
beforeAll(async () => {
  bench = await commandBench('cmd_get_status');
});
afterAll(() => bench?.close());

describe('getStatus', () => {
  it('tells where a request stands, with the labels staff see', async () => {
    const request = await bench.file();
    const view = await getStatus(bench.ctx, bench.intake, { referenceNumber: request.referenceNumber });
    expect(view).toMatchObject({
      referenceNumber: request.referenceNumber,
      status: 'ACTION_REQUIRED',
      statusLabelFr: 'Action requise',
      statusLabelEn: 'Action required',
      tab: 'TO_PROCESS',
    });
    expect(view).not.toHaveProperty('completedAt');
    expect(
      (await getStatus(bench.ctx, bench.agent, { referenceNumber: request.referenceNumber })).status,
    ).toBe('ACTION_REQUIRED');
  });

  it('hides another board’s request from an agent', async () => {
    const request = await bench.file();
    await expect(
      getStatus(bench.ctx, bench.stranger, { referenceNumber: request.referenceNumber }),
    ).rejects.toMatchObject({ code: 'ETMS_E_REQUEST_NOT_FOUND' });
  });
});
