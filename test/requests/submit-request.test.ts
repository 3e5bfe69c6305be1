import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitRequest } from '../../src/requests/submit-request.js';
import { commandBench, type CommandBench } from './support.js';

let bench: CommandBench;
beforeAll(async () => {
  bench = await commandBench('cmd_submit_request');
});
afterAll(() => bench?.close());

const intakeRequest = {
  origin: 'OCAS' as const,
  requestType: 'ORIGINAL' as const,
  requestedAt: '2026-03-02',
  firstName: 'Amélie',
  lastName: 'Tremblay',
  oen: '123-456-789',
  schoolBsid: '900001',
};

describe('submitRequest', () => {
  it('files a request in « Action requise », then finds it again when the same reference comes back', async () => {
    const first = await submitRequest(bench.ctx, bench.intake, {
      ...intakeRequest,
      referenceNumber: 'h20260302810001',
    });
    expect(first).toEqual({ referenceNumber: 'H20260302810001', status: 'ACTION_REQUIRED', created: true });
    const request = await bench.store.requests.findByReference('H20260302810001');
    expect([request?.oen, request?.schoolId]).toEqual(['123456789', bench.north.id]);
    expect((await bench.store.requests.events(request!.id)).map((e) => e.toStatus)).toEqual([
      'ACTION_REQUIRED',
    ]);
    const again = await submitRequest(bench.ctx, bench.intake, {
      ...intakeRequest,
      referenceNumber: 'H20260302810001',
    });
    expect(again.created).toBe(false);
  });

  it('gives a reference number when the intake sends none', async () => {
    const result = await submitRequest(bench.ctx, bench.intake, intakeRequest);
    expect(result.referenceNumber).toMatch(/^H\d{14}$/);
  });

  it('refuses a reference reused with other details, an unknown school and an agent caller', async () => {
    await submitRequest(bench.ctx, bench.intake, { ...intakeRequest, referenceNumber: 'H20260302810002' });
    await expect(
      submitRequest(bench.ctx, bench.intake, {
        ...intakeRequest,
        referenceNumber: 'H20260302810002',
        lastName: 'Gagnon',
      }),
    ).rejects.toMatchObject({ code: 'ETMS_E_REFERENCE_CONFLICT' });
    await expect(
      submitRequest(bench.ctx, bench.intake, { ...intakeRequest, schoolBsid: '999999' }),
    ).rejects.toMatchObject({ code: 'ETMS_E_UNKNOWN_SCHOOL' });
    await expect(submitRequest(bench.ctx, bench.agent, intakeRequest)).rejects.toMatchObject({
      code: 'ETMS_E_FORBIDDEN',
    });
  });
});
