import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../agent/harness.js';

let central: TestCentral;
beforeAll(async () => {
  central = await startTestCentral('api_hardening');
});
afterAll(() => central?.close());

let n = 0;
function submit(requestedAt: string, birthDate = '2005-04-17', extra: Record<string, unknown> = {}) {
  n++;
  return fetch(`${central.url}/api/v1/requests`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${central.intakeCredential.token}`,
    },
    body: JSON.stringify({
      referenceNumber: `H20261201${String(900000 + n)}`,
      applicationNumber: `24${String(n).padStart(7, '0')}`,
      origin: 'OCAS',
      requestType: 'ORIGINAL',
      requestedAt,
      firstName: 'Zoé',
      lastName: 'Tremblay',
      birthDate,
      gender: 'F',
      schoolBsid: '900001',
      dateLastAttended: '2023-06',
      amountCollected: 12.5,
      destinationCode: 'SENECA',
      applicantEmail: 'applicant@example.org',
      ...extra,
    }),
  });
}

describe('the exchange API', () => {
  it('refuses a paid date before 2000 or in the future, and takes today', async () => {
    for (const date of ['0001-01-01', '1999-12-31', '2999-01-01']) {
      const res = await submit(date);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'ETMS_E_REQUESTED_AT_RANGE' });
    }
    const tomorrowPlusTwo = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    expect((await submit(tomorrowPlusTwo)).status).toBe(400);
    expect((await submit(new Date().toISOString().slice(0, 10))).status).toBe(201);
  });

  it('refuses a birth date after today, and takes one of today', async () => {
    const today = new Date().toISOString().slice(0, 10);
    for (const date of ['2099-01-01', new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)]) {
      const res = await submit(today, date);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { code: string; message: string };
      expect(body.code).toBe('ETMS_E_BIRTH_DATE_RANGE');
      expect(body.message).toContain('nothing was recorded');
    }
    expect((await submit(today, today)).status).toBe(201);
  });

  it('refuses a NUL character in any text as bad input, naming the field, nothing recorded', async () => {
    const today = new Date().toISOString().slice(0, 10);
    for (const field of ['lastName', 'firstName', 'previousLastName', 'applicantEmail', 'studentNumber']) {
      const res = await submit(today, '2005-04-17', { [field]: 'Trem\u0000blay' });
      expect(res.status, field).toBe(400);
      const body = (await res.json()) as { code: string; message: string };
      expect(body.code).toBe('ETMS_E_INVALID_INPUT');
      expect(body.message).toContain(`/${field} must not contain the character U+0000`);
      expect(await central.store.requests.findByReference(`H20261201${String(900000 + n)}`)).toBeUndefined();
    }
  });

  it('refuses, as SOAP does, every other character XML cannot carry; a tab, an accent or an emoji is text', async () => {
    const today = new Date().toISOString().slice(0, 10);
    for (const [name, code] of [
      ['Trem\u0001blay', 'U+0001'],
      ['Trem\u001bblay', 'U+001B'],
      ['Trem\uffffblay', 'U+FFFF'],
      ['Trem\ud800blay', 'U+D800'],
    ]) {
      const res = await submit(today, '2005-04-17', { lastName: name });
      expect(res.status, code).toBe(400);
      const body = (await res.json()) as { code: string; message: string };
      expect(body.code).toBe('ETMS_E_INVALID_INPUT');
      expect(body.message).toContain(`/lastName must not contain the character ${code}`);
    }
    expect((await submit(today, '2005-04-17', { lastName: 'Tremblay-Côté \u{1F600}' })).status).toBe(201);
  });

  it('answers with no-store and the security headers, student data or not', async () => {
    const created = await submit(new Date().toISOString().slice(0, 10));
    const status = await fetch(`${central.url}/api/v1/requests/H20261201${String(900000 + n)}`, {
      headers: { authorization: `Bearer ${central.intakeCredential.token}` },
    });
    const wsdl = await fetch(`${central.url}/soap/exchange?wsdl`);
    for (const res of [created, status, wsdl]) {
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });
});
