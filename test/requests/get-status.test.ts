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

  it('finds a request by the tracking ID its centre filed it under, within that centre only', async () => {
    const filed = await bench.file({ referenceNumber: undefined, partnerTrackingId: 'GS-1', origin: 'OUAC' });
    const ouac = { kind: 'INTAKE', credentialId: 'int-ouac', origin: 'OUAC' } as const;
    const ocas = { kind: 'INTAKE', credentialId: 'int-ocas', origin: 'OCAS' } as const;
    const found = { referenceNumber: filed.referenceNumber, requestTrackingId: 'GS-1' };
    const notFound = { code: 'ETMS_E_REQUEST_NOT_FOUND' };
    // A credential bound to no centre names it; one bound to a centre has its own.
    await expect(getStatus(bench.ctx, bench.intake, { requestTrackingId: 'GS-1' })).rejects.toMatchObject({
      code: 'ETMS_E_ORIGIN_REQUIRED',
    });
    // Read as the intake reads it: the surrounding white space aside.
    expect(
      await getStatus(bench.ctx, bench.intake, { requestTrackingId: ' GS-1 ', origin: 'OUAC' }),
    ).toMatchObject(found);
    expect(await getStatus(bench.ctx, ouac, { requestTrackingId: 'GS-1' })).toMatchObject(found);
    expect(
      await getStatus(bench.ctx, bench.agent, { requestTrackingId: 'GS-1', origin: 'OUAC' }),
    ).toMatchObject(found);
    for (const [caller, input] of [
      [bench.intake, { requestTrackingId: 'GS-1', origin: 'OCAS' }],
      [ocas, { requestTrackingId: 'GS-1' }],
      [ouac, { requestTrackingId: 'GS-1', origin: 'OCAS' }],
      [bench.stranger, { requestTrackingId: 'GS-1', origin: 'OUAC' }],
      [bench.intake, { referenceNumber: filed.referenceNumber, origin: 'OCAS' }],
    ] as const)
      await expect(getStatus(bench.ctx, caller, input)).rejects.toMatchObject(notFound);
    // One of our reference numbers as a tracking ID is that request, within its centre.
    const numbered = await bench.file({ origin: 'OCAS' });
    expect(
      await getStatus(bench.ctx, ocas, { requestTrackingId: numbered.referenceNumber.toLowerCase() }),
    ).toMatchObject({ referenceNumber: numbered.referenceNumber });
    expect(
      await getStatus(bench.ctx, ocas, { requestTrackingId: numbered.referenceNumber }),
    ).not.toHaveProperty('requestTrackingId');
    await expect(
      getStatus(bench.ctx, ouac, { requestTrackingId: numbered.referenceNumber }),
    ).rejects.toMatchObject(notFound);
    // The schema lets one identifier through; a caller in the same process is held to the same.
    await expect(
      getStatus(bench.ctx, ouac, { referenceNumber: filed.referenceNumber, requestTrackingId: 'GS-1' }),
    ).rejects.toMatchObject({ code: 'ETMS_E_INVALID_INPUT' });
  });
});
