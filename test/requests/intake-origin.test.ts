/** An intake credential bound to one application centre files, cancels and reads only its requests. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitRequest } from '../../src/requests/submit-request.js';
import { cancelRequest } from '../../src/requests/cancel-request.js';
import { getStatus } from '../../src/requests/get-status.js';
import type { Caller } from '../../src/exchange/contract.js';
import { commandBench, type CommandBench } from './support.js';

let bench: CommandBench;
beforeAll(async () => {
  bench = await commandBench('cmd_intake_origin');
});
afterAll(() => bench?.close());

const ocas: Caller = { kind: 'INTAKE', credentialId: 'int-ocas', origin: 'OCAS' };
const ouac: Caller = { kind: 'INTAKE', credentialId: 'int-ouac', origin: 'OUAC' };
const filed = {
  requestType: 'ORIGINAL' as const,
  requestedAt: '2026-03-02',
  firstName: 'Amélie',
  lastName: 'Tremblay',
  schoolBsid: '900001',
};

describe('an intake credential bound to an application centre', () => {
  it('files its own centre’s requests and refuses the other’s, naming both', async () => {
    const own = await submitRequest(bench.ctx, ocas, {
      ...filed,
      origin: 'OCAS',
      referenceNumber: 'H20260302820001',
    });
    expect(own.created).toBe(true);
    const refused = submitRequest(bench.ctx, ocas, {
      ...filed,
      origin: 'OUAC',
      referenceNumber: 'H20260302820002',
    });
    await expect(refused).rejects.toMatchObject({
      code: 'ETMS_E_ORIGIN_NOT_ALLOWED',
      status: 403,
      message: expect.stringMatching(/for OCAS only, and the request names OUAC/),
    });
    expect(await bench.store.requests.findByReference('H20260302820002')).toBeUndefined();
  });

  it('cannot cancel or read another centre’s request: it answers "not found", as for an unknown number', async () => {
    const { referenceNumber } = await submitRequest(bench.ctx, ouac, {
      ...filed,
      origin: 'OUAC',
      referenceNumber: 'H20260302820003',
    });
    await expect(cancelRequest(bench.ctx, ocas, { referenceNumber })).rejects.toMatchObject({
      code: 'ETMS_E_REQUEST_NOT_FOUND',
    });
    await expect(getStatus(bench.ctx, ocas, { referenceNumber })).rejects.toMatchObject({
      code: 'ETMS_E_REQUEST_NOT_FOUND',
    });
    const request = await bench.store.requests.findByReference(referenceNumber);
    expect(request?.status).toBe('ACTION_REQUIRED');
    // Its own centre's credential, and an unbound one, still can.
    expect((await getStatus(bench.ctx, ouac, { referenceNumber })).referenceNumber).toBe(referenceNumber);
    expect((await cancelRequest(bench.ctx, bench.intake, { referenceNumber })).status).toBe('CANCELLED');
  });
});
