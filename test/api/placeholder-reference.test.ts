/**
 * The placeholder reference H00000000000000 (what `etms transcript build` writes when given no
 * reference) names no request: intake refuses it, over the JSON operation and as a PESC
 * RequestTrackingID, and records nothing. So is a reference number whose date names no day
 * (H20241341049906); looking one up answers « not found ».
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../agent/harness.js';
import { ontarioRequest } from '../support/pesc.js';
import { submitRequest } from '../../src/requests/submit-request.js';
import { isPlaceholderReference } from '../../src/requests/placeholder-reference.js';

let central: TestCentral;
beforeAll(async () => {
  central = await startTestCentral('api_placeholder_reference');
});
afterAll(async () => {
  await central?.close();
});

const EXAMPLE = readFileSync(
  path.resolve(import.meta.dirname, '../../wsdl/pesc/examples-TranscriptRequest_v1.4.0.xml'),
  'utf8',
);

async function count(): Promise<number> {
  const { rows } = await central.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM requests');
  return Number(rows[0].n);
}

const caller = { kind: 'INTAKE' as const, credentialId: 'placeholder-test' };
/** A filing without its reference number. */
const input = {
  origin: 'OCAS' as const,
  requestType: 'ORIGINAL' as const,
  requestedAt: '2026-03-02',
  firstName: 'Amélie',
  lastName: 'Tremblay',
  schoolBsid: '900001',
};

describe('the placeholder reference number', () => {
  it('is recognised in any length or case, and real references are not', () => {
    for (const ref of ['H00000000000000', 'h00000000000000', 'H0000', ' H00000000000000 '])
      expect(isPlaceholderReference(ref), ref).toBe(true);
    for (const ref of ['H20240601000777', 'H00000000000001', 'H', '', undefined, null, '00000000000000'])
      expect(isPlaceholderReference(ref), String(ref)).toBe(false);
  });

  it('is refused as a PESC RequestTrackingID with a sentence that says what to send', async () => {
    const before = await count();
    const response = await fetch(`${central.url}/api/v1/pesc/transcript-requests`, {
      method: 'POST',
      body: ontarioRequest(EXAMPLE, 'H00000000000000'),
      headers: {
        'content-type': 'application/xml',
        authorization: `Bearer ${central.intakeCredential.token}`,
      },
    });
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain('ETMS_E_PLACEHOLDER_REFERENCE');
    expect(body).toContain('H00000000000000 is a placeholder');
    expect(await count()).toBe(before);
  });

  it('is refused by SubmitTranscriptRequest; a request without a reference gets a real one', async () => {
    await expect(
      submitRequest(central.ctx, caller, { ...input, referenceNumber: 'H00000000000000' }),
    ).rejects.toMatchObject({ code: 'ETMS_E_PLACEHOLDER_REFERENCE', status: 400 });
    const filed = await submitRequest(central.ctx, caller, input);
    expect(filed.referenceNumber).toMatch(/^H\d{14}$/);
    expect(isPlaceholderReference(filed.referenceNumber)).toBe(false);
  });

  it('is refused with its own code, and so is a reference whose date names no day', async () => {
    const before = await count();
    for (const referenceNumber of [
      'H20241341049906',
      'H20250229000001',
      'H99999999999999',
      'H18991231000001',
    ])
      await expect(submitRequest(central.ctx, caller, { ...input, referenceNumber })).rejects.toMatchObject({
        code: 'ETMS_E_REFERENCE_DATE',
        status: 400,
      });
    expect(await count()).toBe(before);
    // A real day, 29 February of a leap year included, is filed.
    const filed = await submitRequest(central.ctx, caller, { ...input, referenceNumber: 'H20240229000777' });
    expect(filed).toMatchObject({ referenceNumber: 'H20240229000777', created: true });
  });
});

describe('a reference number whose date names no day', () => {
  const intake = () => ({
    'content-type': 'application/json',
    authorization: `Bearer ${central.intakeCredential.token}`,
  });

  it('is refused by the JSON operation with a sentence that says what to send', async () => {
    const before = await count();
    const response = await fetch(`${central.url}/api/v1/requests`, {
      method: 'POST',
      headers: intake(),
      body: JSON.stringify({
        referenceNumber: 'H20241341049906',
        origin: 'OCAS',
        requestType: 'ORIGINAL',
        requestedAt: '2026-03-02',
        firstName: 'Amélie',
        lastName: 'Tremblay',
        schoolBsid: '900001',
      }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('ETMS_E_REFERENCE_DATE');
    expect(body.message).toContain('H20241341049906 does not name a real day');
    expect(body.message).toContain('leave it out and the central assigns one');
    expect(await count()).toBe(before);
  });

  it('is refused as a PESC RequestTrackingID', async () => {
    const before = await count();
    const response = await fetch(`${central.url}/api/v1/pesc/transcript-requests`, {
      method: 'POST',
      body: ontarioRequest(EXAMPLE, 'H99999999999999'),
      headers: { ...intake(), 'content-type': 'application/xml' },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('ETMS_E_REFERENCE_DATE');
    expect(await count()).toBe(before);
  });

  it('is looked up as any unknown reference: not found', async () => {
    const response = await fetch(`${central.url}/api/v1/requests/H20241341049906`, { headers: intake() });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'ETMS_E_REQUEST_NOT_FOUND' });
  });
});
