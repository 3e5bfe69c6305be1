/**
 * The REST binding against its own OpenAPI document, checked by a validator we did not write
 * (@apidevtools/swagger-parser): every response of a whole lifecycle, successes and errors, has a
 * status the document declares for its operation and a body that fits the declared schema. Also:
 * the reference number comes from the path only, unknown methods answer 405 with Allow, 401 carries
 * WWW-Authenticate, errors are application/problem+json, and a reference filed again with other
 * data is a conflict.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { startTestCentral, type TestCentral } from '../agent/harness.js';
import { transcriptFor } from '../requests/support.js';
import { createCredential } from '../../src/api/credentials.js';

let central: TestCentral;
let doc: {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, Response_> }>>;
  components: { schemas: Record<string, unknown> };
};
interface Response_ {
  content?: Record<string, { schema: { $ref: string } }>;
}
const ajv = new Ajv2020({ strict: false, allErrors: true });

beforeAll(async () => {
  central = await startTestCentral('api_rest_contract');
  doc = (await (await fetch(`${central.url}/api/v1/openapi.json`)).json()) as typeof doc;
  ajv.addSchema({ $id: 'urn:etms:openapi', components: doc.components });
});
afterAll(async () => {
  await central?.close();
});

const checked: string[] = [];

/** Calls the API and checks the answer against the document: declared status, media type, schema. */
async function call(
  method: 'GET' | 'POST',
  path: string,
  options: { token?: string; body?: unknown; raw?: string } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${central.url}/api/v1${path}`, {
    method,
    headers: {
      ...(options.body !== undefined || options.raw !== undefined
        ? { 'content-type': 'application/json' }
        : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const body = (await response.json()) as Record<string, unknown>;
  const template = Object.keys(doc.paths).find((p) =>
    new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path.split('?')[0]),
  );
  expect(template, `${path} is in the document`).toBeDefined();
  const operation = doc.paths[template!][method.toLowerCase()];
  expect(operation, `${method} ${template} is in the document`).toBeDefined();
  const declared = operation.responses[String(response.status)];
  expect(declared, `${operation.operationId} declares ${response.status}`).toBeDefined();
  const mediaType = response.headers.get('content-type')!.split(';')[0];
  const content = declared.content?.[mediaType];
  expect(content, `${operation.operationId} ${response.status} is declared as ${mediaType}`).toBeDefined();
  const validate = ajv.getSchema(`urn:etms:openapi${content!.schema.$ref}`)!;
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  checked.push(`${operation.operationId} ${response.status}`);
  return { status: response.status, body, headers: response.headers };
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 for a validator we did not write', async () => {
    const copy = structuredClone(doc);
    await expect(SwaggerParser.validate(copy as never)).resolves.toBeTruthy();
  });

  it('declares on every operation each status an error of the exchange, the store or a transcript check may answer', async () => {
    const modules = await Promise.all([
      import('../../src/errors.js'),
      import('../../src/api/errors.js'),
      import('../../src/exchange/errors.js'),
      import('../../src/requests/errors.js'),
      import('../../src/domain/errors.js'),
      import('../../src/store/errors.js'),
    ]);
    const { TRANSCRIPT_KINDS } = await import('../../src/transcript/errors.js');
    const kinds = [...modules.flatMap((m) => Object.values(m)), ...Object.values(TRANSCRIPT_KINDS)].filter(
      (k): k is { code: string; status: number } =>
        typeof k === 'function' && typeof (k as { code?: unknown }).code === 'string',
    );
    const statuses = new Set(kinds.map((k) => String(k.status)));
    expect(statuses).toContain('503');
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(methods))
        for (const status of statuses)
          expect(Object.keys(operation.responses), `${method} ${path}`).toContain(status);
  });
});

describe('every response fits the document', () => {
  it('runs the whole lifecycle and its errors within the declared statuses and schemas', async () => {
    const intake = central.intakeCredential.token;
    const agent = central.agentCredential.token;
    const reference = 'H20260302860001';
    const filing = {
      referenceNumber: reference,
      origin: 'OCAS',
      requestType: 'ORIGINAL',
      requestedAt: '2026-03-02',
      firstName: 'Amélie',
      lastName: 'Tremblay',
      birthDate: '2005-04-17',
      schoolBsid: '900001',
    };
    expect((await call('POST', '/requests', { token: intake, body: filing })).status).toBe(201);
    expect((await call('POST', '/requests', { token: intake, body: filing })).status).toBe(200);
    const conflict = await call('POST', '/requests', {
      token: intake,
      body: { ...filing, lastName: 'Haddad' },
    });
    expect([conflict.status, conflict.body.code]).toEqual([409, 'ETMS_E_REFERENCE_CONFLICT']);
    expect((await call('POST', '/requests', { token: intake, body: { origin: 'MARS' } })).status).toBe(400);
    expect((await call('POST', '/requests', { token: intake, raw: '{not json' })).status).toBe(400);
    expect((await call('POST', '/requests', { body: filing })).status).toBe(401);
    expect(
      (await call('POST', '/agent/leases', { token: intake, body: { owner: 'x', max: 1 } })).status,
    ).toBe(403);
    expect((await call('GET', `/requests/${reference}`, { token: intake })).status).toBe(200);
    expect((await call('GET', '/requests/H20260302869999', { token: intake })).status).toBe(404);
    // A credential bound to OUAC neither files for OCAS nor sees OCAS's requests.
    const ouac = (await createCredential(central.store, { kind: 'INTAKE', origin: 'OUAC', label: 'OUAC' }))
      .token;
    const other = await call('POST', '/requests', {
      token: ouac,
      body: { ...filing, referenceNumber: 'H20260302860002' },
    });
    expect([other.status, other.body.code]).toEqual([403, 'ETMS_E_ORIGIN_NOT_ALLOWED']);
    expect((await call('GET', `/requests/${reference}`, { token: ouac })).status).toBe(404);
    // By the tracking ID the centre filed it under (here our number, as a centre may send it).
    const byTracking = `/requests/by-tracking-id/${reference}`;
    expect((await call('GET', `${byTracking}?origin=OCAS`, { token: intake })).body.referenceNumber).toBe(
      reference,
    );
    const unnamed = await call('GET', byTracking, { token: intake });
    expect([unnamed.status, unnamed.body.code]).toEqual([400, 'ETMS_E_ORIGIN_REQUIRED']);
    expect((await call('GET', byTracking, { token: ouac })).status).toBe(404);
    expect((await call('POST', `${byTracking}/cancel`, { token: ouac, body: {} })).status).toBe(404);

    const lease = await call('POST', '/agent/leases', { token: agent, body: { owner: 'rest-a', max: 10 } });
    expect(
      (lease.body.requests as Array<{ referenceNumber: string }>).map((r) => r.referenceNumber),
    ).toContain(reference);
    const submission = {
      owner: 'rest-a',
      studentNumber: '100001',
      submissionKey: `${reference}:rest`,
      transcriptXml: (await transcriptFor(reference)).toString('utf8'),
    };
    const lost = await call('POST', `/agent/requests/${reference}/transcript`, {
      token: agent,
      body: { ...submission, owner: 'rest-b' },
    });
    expect([lost.status, lost.body.code]).toEqual([409, 'ETMS_E_LEASE_LOST']);
    const refused = await call('POST', `/agent/requests/${reference}/transcript`, {
      token: agent,
      body: { ...submission, transcriptXml: (await transcriptFor('H20260302869998')).toString('utf8') },
    });
    expect([refused.status, refused.body.code]).toEqual([422, 'ETMS_E_TRANSCRIPT_TRACKING_MISMATCH']);
    const notXml = await call('POST', `/agent/requests/${reference}/transcript`, {
      token: agent,
      body: { ...submission, transcriptXml: '<x/>' },
    });
    expect(notXml.status).toBe(400);
    expect(
      (await call('POST', `/agent/requests/${reference}/transcript`, { token: agent, body: submission }))
        .status,
    ).toBe(201);
    expect(
      (await call('POST', `/agent/requests/${reference}/transcript`, { token: agent, body: submission }))
        .status,
    ).toBe(200);
    const late = await call('POST', `/requests/${reference}/cancel`, { token: intake, body: {} });
    expect([late.status, late.body.code]).toEqual([409, 'ETMS_E_NOT_CANCELLABLE']);

    // Batches, a release and a report.
    await call('POST', '/requests', {
      token: intake,
      body: { ...filing, referenceNumber: 'H20260302860002' },
    });
    await call('POST', '/requests', {
      token: intake,
      body: { ...filing, referenceNumber: 'H20260302860003' },
    });
    await call('POST', '/agent/leases', { token: agent, body: { owner: 'rest-a', max: 10 } });
    const batch = await call('POST', '/agent/transcripts', {
      token: agent,
      body: {
        owner: 'rest-a',
        submissions: [
          {
            referenceNumber: 'H20260302860002',
            studentNumber: '100001',
            submissionKey: 'H20260302860002:rest',
            transcriptXml: (await transcriptFor('H20260302860002')).toString('utf8'),
          },
        ],
      },
    });
    expect(batch.body.results).toMatchObject([{ status: 'E_TRANSCRIPT_SENT' }]);
    const reports = await call('POST', '/agent/auto-process-errors', {
      token: agent,
      body: {
        owner: 'rest-a',
        reports: [
          { referenceNumber: 'H20260302860002', reasonCode: 'X_Y', reasonFr: 'fr', reasonEn: 'en' },
          { referenceNumber: 'H20260302860003', reasonCode: 'X_Y', reasonFr: 'fr', reasonEn: 'en' },
        ],
      },
    });
    expect((reports.body.results as Array<{ fault?: unknown }>).map((r) => r.fault !== undefined)).toEqual([
      true,
      false,
    ]);
    await call('POST', '/requests', {
      token: intake,
      body: { ...filing, referenceNumber: 'H20260302860004' },
    });
    await call('POST', '/agent/leases', { token: agent, body: { owner: 'rest-a', max: 10 } });
    const released = await call('POST', '/agent/requests/H20260302860004/release', {
      token: agent,
      body: { owner: 'rest-a' },
    });
    expect(released.body).toEqual({ released: true });
    const afterRelease = await call('POST', '/agent/requests/H20260302860004/auto-process-error', {
      token: agent,
      body: { owner: 'rest-a', reasonCode: 'X_Y', reasonFr: 'fr', reasonEn: 'en' },
    });
    expect([afterRelease.status, afterRelease.body.code]).toEqual([409, 'ETMS_E_LEASE_NOT_HELD']);
    expect((await call('POST', '/requests/H20260302860004/cancel', { token: intake, body: {} })).status).toBe(
      200,
    );
    expect(checked.length).toBeGreaterThan(20);
  });
});

describe('HTTP and problem details', () => {
  it('takes the reference number from the path only', async () => {
    const intake = central.intakeCredential.token;
    for (const ref of ['H20260302860010', 'H20260302860011'])
      await call('POST', '/requests', {
        token: intake,
        body: {
          referenceNumber: ref,
          origin: 'OCAS',
          requestType: 'ORIGINAL',
          requestedAt: '2026-03-02',
          schoolBsid: '900001',
        },
      });
    const twice = await call('POST', '/requests/H20260302860010/cancel', {
      token: intake,
      body: { referenceNumber: 'H20260302860011', reason: 'x' },
    });
    expect([twice.status, twice.body.code]).toEqual([400, 'ETMS_E_INVALID_INPUT']);
    for (const ref of ['H20260302860010', 'H20260302860011'])
      expect((await central.store.requests.findByReference(ref))!.status).toBe('ACTION_REQUIRED');
  });

  it('answers 405 with Allow, 401 with WWW-Authenticate, errors as application/problem+json', async () => {
    const wrongMethod = await fetch(`${central.url}/api/v1/requests`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    const unauthenticated = await fetch(`${central.url}/api/v1/requests/H20260302860010`);
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(unauthenticated.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await unauthenticated.json()).toMatchObject({
      type: 'urn:etms:error:ETMS_E_UNAUTHENTICATED',
      title: 'ETMS_E_UNAUTHENTICATED',
      status: 401,
      code: 'ETMS_E_UNAUTHENTICATED',
      instance: '/api/v1/requests/H20260302860010',
    });
  });

  it('answers a body in another media type 415 with Accept, before reading it', async () => {
    const intake = central.intakeCredential.token;
    const send = (type: string, body: string, path = '/requests') =>
      fetch(`${central.url}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${intake}` },
        body,
      });
    const json = JSON.stringify({
      referenceNumber: 'H20260302860020',
      origin: 'OCAS',
      requestType: 'ORIGINAL',
      requestedAt: '2026-03-02',
      schoolBsid: '900001',
    });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const refused = await send(type, json);
      expect(refused.status, type).toBe(415);
      expect(refused.headers.get('accept')).toBe('application/json');
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await refused.json()).toMatchObject({ code: 'ETMS_E_UNSUPPORTED_MEDIA_TYPE', status: 415 });
    }
    expect(await central.store.requests.findByReference('H20260302860020')).toBeUndefined();
    // Refused on its header alone: a body far over the limit is not read to find out it is too large.
    const huge = await send('text/plain', 'x'.repeat(9 * 1024 * 1024));
    expect(huge.status).toBe(415);
    // The status is declared in the document, with the Accept header.
    const declared = doc.paths['/requests'].post.responses['415'] as unknown as {
      headers?: Record<string, unknown>;
    };
    expect(declared.headers).toHaveProperty('Accept');
    // No body at all needs no media type.
    const cancel = await send('text/plain', '', '/requests/H20260302860020/cancel');
    expect(cancel.status).toBe(404);
  });
});
