/** The per-address limit on failed machine credentials, on REST and SOAP, shared through the store. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../agent/harness.js';
import { createContext } from '../../src/context.js';
import { CredentialGate } from '../../src/api/credential-gate.js';

let central: TestCentral;
let now: Date;

beforeAll(async () => {
  central = await startTestCentral('api_credential_limit', {
    http: { trustProxy: true },
    security: { exchangeFailuresPerAddress: 3, addressWindowMinutes: 10 },
  });
  now = new Date('2026-03-02T14:00:00Z');
  central.ctx.clock = () => now;
});
afterAll(async () => central?.close());

const rest = (address: string, token?: string) =>
  fetch(`${central.url}/api/v1/requests/H20260302999999`, {
    headers: {
      'x-forwarded-for': address,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  });

const envelope = (id: string, secret: string) =>
  `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:e="urn:ca:on:etms:exchange:v1"><soap:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>${id}</wsse:Username><wsse:Password>${secret}</wsse:Password></wsse:UsernameToken></wsse:Security></soap:Header><soap:Body><e:GetRequestStatus><e:referenceNumber>H20260302999999</e:referenceNumber></e:GetRequestStatus></soap:Body></soap:Envelope>`;

async function soap(address: string, id: string, secret: string) {
  const response = await fetch(`${central.url}/soap/exchange`, {
    method: 'POST',
    body: envelope(id, secret),
    headers: { 'content-type': 'text/xml; charset=utf-8', 'x-forwarded-for': address },
  });
  const text = await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    faultcode: /<faultcode>([^<]+)<\/faultcode>/.exec(text)?.[1],
    code: /<etms:code>([^<]+)<\/etms:code>/.exec(text)?.[1],
  };
}

describe('failed machine credentials per address', () => {
  it('refuses an address over its limit on REST and SOAP alike, with 429 and Retry-After, until its window ends', async () => {
    const good = central.intakeCredential;
    const wrong = `${good.id}.${'x'.repeat(43)}`;
    // Missing, made-up and wrong credentials all count, SOAP and REST together.
    expect((await rest('192.0.2.10')).status).toBe(401);
    expect((await rest('192.0.2.10', 'int-0123456789abcdef.bogus-secret-bogus-secret')).status).toBe(401);
    expect((await soap('192.0.2.10', good.id, 'not-the-secret-at-all')).code).toBe('ETMS_E_UNAUTHENTICATED');
    // A good credential from the address is still served while it is within its limit.
    expect((await rest('192.0.2.10', good.token)).status).toBe(404);
    const limited = await rest('192.0.2.10', wrong);
    expect(limited.status).toBe(429);
    // Every REST operation declares the answer, with its header, in the OpenAPI document.
    const doc = (await (await fetch(`${central.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: object }> }>>;
    };
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(item))
        expect(operation.responses['429']?.headers, `${method} ${path}`).toHaveProperty('Retry-After');
    expect(limited.headers.get('retry-after')).toBe('600');
    expect(((await limited.json()) as { code: string }).code).toBe('ETMS_E_CREDENTIAL_RATE_LIMITED');
    // Now refused whatever it presents, before the credential is even read, on every binding.
    expect((await rest('192.0.2.10', good.token)).status).toBe(429);
    const pesc = await fetch(`${central.url}/api/v1/pesc/transcript-requests`, {
      method: 'POST',
      body: '<TranscriptRequest/>',
      headers: {
        'content-type': 'application/xml',
        authorization: `Bearer ${good.token}`,
        'x-forwarded-for': '192.0.2.10',
      },
    });
    expect(pesc.status).toBe(429);
    expect(pesc.headers.get('retry-after')).toBe('600');
    const fault = await soap('192.0.2.10', good.id, good.secret);
    expect(fault).toMatchObject({ faultcode: 'soap:Client', code: 'ETMS_E_CREDENTIAL_RATE_LIMITED' });
    expect(fault.retryAfter).toBe('600');
    // Other addresses are not concerned.
    expect((await rest('192.0.2.11', good.token)).status).toBe(404);
    expect((await soap('192.0.2.11', good.id, good.secret)).code).toBe('ETMS_E_REQUEST_NOT_FOUND');
    now = new Date(now.getTime() + 10 * 60_000);
    expect((await rest('192.0.2.10', good.token)).status).toBe(404);
  });

  it('shares the count between replicas of one store', async () => {
    const replica = new CredentialGate(createContext({ ...central.ctx, clock: () => now }));
    for (let i = 0; i < 3; i++) expect((await rest('192.0.2.20')).status).toBe(401);
    // The other replica has seen nothing from this address; its first failure finds the address over.
    expect(() => replica.admit('192.0.2.20')).not.toThrow();
    await expect(
      replica.verify('192.0.2.20', central.intakeCredential.id, 'wrong-secret-wrong-secret'),
    ).rejects.toMatchObject({ code: 'ETMS_E_CREDENTIAL_RATE_LIMITED', status: 429 });
    expect(() => replica.admit('192.0.2.20')).toThrow(/refused for 600 s more/);
  });
});
