/**
 * CancelTranscriptRequest and GetRequestStatus by the tracking ID an application centre filed a
 * request under (its own PESC RequestTrackingID), on both bindings: found within the centre (a
 * bound credential's own, else the origin given), another centre's not found, no origin from a
 * credential bound to no centre refused with its code, both identifiers refused by the schema; the
 * answers carry the tracking ID, and the status the reason of an auto-process error in English and
 * its code besides the French.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../agent/harness.js';
import { ontarioRequest } from '../support/pesc.js';
import { createCredential, type NewCredential } from '../../src/api/credentials.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXAMPLE = readFileSync(path.join(ROOT, 'wsdl/pesc/examples-TranscriptRequest_v1.4.0.xml'), 'utf8');
const fromOcas = (trackingId: string) => ontarioRequest(EXAMPLE, trackingId);
const fromOuac = (trackingId: string) =>
  fromOcas(trackingId).replace(
    '<MutuallyDefined>OCAS</MutuallyDefined>',
    '<MutuallyDefined>OUAC</MutuallyDefined>',
  );

let central: TestCentral;
let ocas: NewCredential;
let ouac: NewCredential;
/** Our reference numbers of the requests filed, by centre and tracking ID ("OCAS TRK-A1"). */
const filed = new Map<string, string>();

/** A centre's tracking ID with a slash, a space, a hash and an accent: sent percent-encoded. */
const ODD = 'Réf 2026/07 #1';

async function file(document: string): Promise<string> {
  const response = await fetch(`${central.url}/api/v1/pesc/transcript-requests`, {
    method: 'POST',
    body: document,
    headers: { 'content-type': 'application/xml', authorization: `Bearer ${central.intakeCredential.token}` },
  });
  expect(response.status).toBe(201);
  return /<etms:ReferenceNumber[^>]*>(H\d+)</.exec(await response.text())![1];
}

beforeAll(async () => {
  central = await startTestCentral('api_partner_tracking_lookup');
  ocas = await createCredential(central.store, { kind: 'INTAKE', origin: 'OCAS', label: 'OCAS intake' });
  ouac = await createCredential(central.store, { kind: 'INTAKE', origin: 'OUAC', label: 'OUAC intake' });
  // The same ID from both centres names two requests; a few more for each test.
  for (const id of ['TRK-A1', 'TRK-C1', 'TRK-C2', 'TRK-E1', ODD])
    filed.set(`OCAS ${id}`, await file(fromOcas(id)));
  for (const id of ['TRK-A1', 'TRK-O1']) filed.set(`OUAC ${id}`, await file(fromOuac(id)));
});
afterAll(async () => {
  await central?.close();
});

async function rest(
  method: 'GET' | 'POST',
  route: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${central.url}/api/v1${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const byTracking = (id: string, origin?: string, then = '') =>
  `/requests/by-tracking-id/${encodeURIComponent(id)}${then}${origin ? `?origin=${origin}` : ''}`;

/** A SOAP call: the answer's fields by element name, or the fault's code. */
async function soap(
  operation: string,
  args: string,
  credential: { id: string; secret: string },
): Promise<{ code?: string; fields: Record<string, string> }> {
  const envelope =
    `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:e="urn:ca:on:etms:exchange:v1"><soap:Header>` +
    `<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>${credential.id}</wsse:Username><wsse:Password>${credential.secret}</wsse:Password></wsse:UsernameToken></wsse:Security>` +
    `</soap:Header><soap:Body><e:${operation}>${args}</e:${operation}></soap:Body></soap:Envelope>`;
  const response = await fetch(`${central.url}/soap/exchange`, {
    method: 'POST',
    body: envelope,
    headers: { 'content-type': 'text/xml; charset=utf-8' },
  });
  const text = await response.text();
  const code = /<etms:code>([^<]+)<\/etms:code>/.exec(text)?.[1];
  const answer = new RegExp(`<e:${operation}Response>([\\s\\S]*)</e:${operation}Response>`).exec(text)?.[1];
  const fields = Object.fromEntries(
    [...(answer ?? '').matchAll(/<e:(\w+)>([^<]*)<\/e:\1>/g)].map((m) => [m[1], m[2]]),
  );
  if (code === undefined) expect(response.status).toBe(200);
  return { code, fields };
}

describe('GetRequestStatus by the application centre’s tracking ID', () => {
  it('finds the centre’s own request over REST: a bound credential’s centre, else the origin given', async () => {
    const own = await rest('GET', byTracking('TRK-A1'), ocas.token);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      referenceNumber: filed.get('OCAS TRK-A1'),
      requestTrackingId: 'TRK-A1',
      status: 'ACTION_REQUIRED',
    });
    expect((await rest('GET', byTracking('TRK-A1'), ouac.token)).body.referenceNumber).toBe(
      filed.get('OUAC TRK-A1'),
    );
    const unbound = central.intakeCredential.token;
    expect((await rest('GET', byTracking('TRK-A1', 'OUAC'), unbound)).body.referenceNumber).toBe(
      filed.get('OUAC TRK-A1'),
    );
    // A bound credential may name its own centre.
    expect((await rest('GET', byTracking('TRK-A1', 'OCAS'), ocas.token)).status).toBe(200);
    // Any 1 to 35 characters, percent-encoded in the path.
    const odd = await rest('GET', byTracking(ODD, 'OCAS'), unbound);
    expect(odd.body).toMatchObject({ referenceNumber: filed.get(`OCAS ${ODD}`), requestTrackingId: ODD });
    // The reference-number route answers with the centre's ID too.
    const byNumber = await rest('GET', `/requests/${filed.get('OCAS TRK-A1')}`, unbound);
    expect(byNumber.body).toMatchObject({ requestTrackingId: 'TRK-A1' });
  });

  it('finds it over SOAP, with origin for a credential bound to no centre', async () => {
    const own = await soap('GetRequestStatus', '<e:requestTrackingId>TRK-A1</e:requestTrackingId>', ocas);
    expect(own.code).toBeUndefined();
    expect(own.fields).toMatchObject({
      referenceNumber: filed.get('OCAS TRK-A1'),
      requestTrackingId: 'TRK-A1',
    });
    const unbound = await soap(
      'GetRequestStatus',
      '<e:origin>OUAC</e:origin><e:requestTrackingId>TRK-A1</e:requestTrackingId>',
      central.intakeCredential,
    );
    expect(unbound.fields.referenceNumber).toBe(filed.get('OUAC TRK-A1'));
  });

  it('answers another centre’s request, or an unknown ID, as not found, as an unknown number', async () => {
    const notFound = { status: 404, body: expect.objectContaining({ code: 'ETMS_E_REQUEST_NOT_FOUND' }) };
    // TRK-O1 was filed by OUAC only.
    expect(await rest('GET', byTracking('TRK-O1'), ocas.token)).toMatchObject(notFound);
    // A bound credential naming the other centre.
    expect(await rest('GET', byTracking('TRK-A1', 'OUAC'), ocas.token)).toMatchObject(notFound);
    expect(await rest('GET', byTracking('TRK-O1', 'OCAS'), central.intakeCredential.token)).toMatchObject(
      notFound,
    );
    expect(await rest('GET', byTracking('NO-SUCH-ID'), ocas.token)).toMatchObject(notFound);
    expect(await rest('POST', byTracking('TRK-O1', undefined, '/cancel'), ocas.token)).toMatchObject(
      notFound,
    );
    expect(
      (await soap('GetRequestStatus', '<e:requestTrackingId>TRK-O1</e:requestTrackingId>', ocas)).code,
    ).toBe('ETMS_E_REQUEST_NOT_FOUND');
    expect(
      (
        await soap(
          'CancelTranscriptRequest',
          '<e:requestTrackingId>TRK-A1</e:requestTrackingId><e:origin>OUAC</e:origin>',
          ocas,
        )
      ).code,
    ).toBe('ETMS_E_REQUEST_NOT_FOUND');
    // A reference number of another centre than the one named.
    expect(
      (
        await soap(
          'GetRequestStatus',
          `<e:referenceNumber>${filed.get('OCAS TRK-A1')}</e:referenceNumber><e:origin>OUAC</e:origin>`,
          central.intakeCredential,
        )
      ).code,
    ).toBe('ETMS_E_REQUEST_NOT_FOUND');
    // Nothing was cancelled.
    expect((await central.store.requests.findByPartnerTracking('TRK-A1', 'OUAC'))?.status).toBe(
      'ACTION_REQUIRED',
    );
  });

  it('refuses a tracking ID without origin from a credential bound to no centre, with its code', async () => {
    const refused = await rest('GET', byTracking('TRK-A1'), central.intakeCredential.token);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('ETMS_E_ORIGIN_REQUIRED');
    expect(String(refused.body.message)).toMatch(/origin \(OCAS or OUAC\)/);
    expect(
      (await rest('POST', byTracking('TRK-C1', undefined, '/cancel'), central.intakeCredential.token)).body
        .code,
    ).toBe('ETMS_E_ORIGIN_REQUIRED');
    // An agent's credential is bound to a board, not to a centre.
    expect((await rest('GET', byTracking('TRK-A1'), central.agentCredential.token)).body.code).toBe(
      'ETMS_E_ORIGIN_REQUIRED',
    );
    expect(
      (
        await soap(
          'GetRequestStatus',
          '<e:requestTrackingId>TRK-A1</e:requestTrackingId>',
          central.intakeCredential,
        )
      ).code,
    ).toBe('ETMS_E_ORIGIN_REQUIRED');
    expect((await central.store.requests.findByPartnerTracking('TRK-C1', 'OCAS'))?.status).toBe(
      'ACTION_REQUIRED',
    );
  });

  it('refuses both identifiers, or neither, by the schema', async () => {
    const both = await soap(
      'GetRequestStatus',
      `<e:referenceNumber>${filed.get('OCAS TRK-A1')}</e:referenceNumber><e:requestTrackingId>TRK-A1</e:requestTrackingId>`,
      ocas,
    );
    expect(both.code).toBe('ETMS_E_INVALID_INPUT');
    expect((await soap('GetRequestStatus', '<e:origin>OCAS</e:origin>', ocas)).code).toBe(
      'ETMS_E_INVALID_INPUT',
    );
    expect(
      (
        await soap(
          'CancelTranscriptRequest',
          `<e:referenceNumber>${filed.get('OCAS TRK-C1')}</e:referenceNumber><e:requestTrackingId>TRK-C1</e:requestTrackingId>`,
          ocas,
        )
      ).code,
    ).toBe('ETMS_E_INVALID_INPUT');
    // REST: the path names the request; the body cannot name another.
    const body = await rest('POST', byTracking('TRK-C1', undefined, '/cancel'), ocas.token, {
      referenceNumber: filed.get('OCAS TRK-C1'),
    });
    expect(body).toMatchObject({ status: 400, body: { code: 'ETMS_E_INVALID_INPUT' } });
    // More than the 35 characters PESC allows, or a control character.
    expect((await rest('GET', byTracking('X'.repeat(36)), ocas.token)).body.code).toBe(
      'ETMS_E_INVALID_INPUT',
    );
    expect((await rest('GET', byTracking('TRK\tA1'), ocas.token)).body.code).toBe('ETMS_E_INVALID_INPUT');
    expect((await rest('GET', byTracking('   '), ocas.token)).body.code).toBe('ETMS_E_INVALID_INPUT');
    expect((await rest('GET', byTracking('TRK-A1', 'XYZ'), ocas.token)).body.code).toBe(
      'ETMS_E_INVALID_INPUT',
    );
    expect((await central.store.requests.findByPartnerTracking('TRK-C1', 'OCAS'))?.status).toBe(
      'ACTION_REQUIRED',
    );
  });

  it('answers a path whose percent-encoding names no character as the caller’s mistake', async () => {
    for (const [method, broken] of [
      ['GET', '/requests/by-tracking-id/TRK%A1'],
      ['POST', '/requests/by-tracking-id/%E0%A4%A/cancel'],
      ['GET', '/requests/H2026%ZZ'],
    ] as const)
      expect(await rest(method, broken, ocas.token)).toMatchObject({
        status: 400,
        body: { code: 'ETMS_E_MALFORMED_MESSAGE' },
      });
  });
});

describe('CancelTranscriptRequest by the application centre’s tracking ID', () => {
  it('cancels over REST and SOAP, answering with the tracking ID, and again as a repeat', async () => {
    const cancelled = await rest(
      'POST',
      byTracking('TRK-C1', 'OCAS', '/cancel'),
      central.intakeCredential.token,
      {
        reason: 'withdrawn',
      },
    );
    expect(cancelled).toEqual({
      status: 200,
      body: { referenceNumber: filed.get('OCAS TRK-C1'), status: 'CANCELLED', requestTrackingId: 'TRK-C1' },
    });
    expect((await rest('POST', byTracking('TRK-C1', undefined, '/cancel'), ocas.token)).body.status).toBe(
      'CANCELLED',
    );

    const soapCancelled = await soap(
      'CancelTranscriptRequest',
      '<e:requestTrackingId>TRK-C2</e:requestTrackingId><e:reason>withdrawn</e:reason>',
      ocas,
    );
    expect(soapCancelled).toEqual({
      code: undefined,
      fields: { referenceNumber: filed.get('OCAS TRK-C2'), status: 'CANCELLED', requestTrackingId: 'TRK-C2' },
    });
    for (const id of ['TRK-C1', 'TRK-C2'])
      expect((await central.store.requests.findByPartnerTracking(id, 'OCAS'))?.status).toBe('CANCELLED');
    // The same ID from the other centre is another request, untouched.
    expect((await central.store.requests.findByPartnerTracking('TRK-A1', 'OUAC'))?.status).toBe(
      'ACTION_REQUIRED',
    );
  });
});

describe('the status of a request Auto-eTMS could not process', () => {
  it('gives the reason in French and English, and its code', async () => {
    const agent = central.agentCredential.token;
    const reference = filed.get('OCAS TRK-E1')!;
    const leased = await rest('POST', '/agent/leases', agent, {
      owner: 'tracking-test',
      max: 50,
      // The example asks to send after the grades are posted.
      includeEndOfTerm: true,
    });
    expect(leased.status).toBe(200);
    expect(
      (leased.body.requests as Array<{ referenceNumber: string }>).map((r) => r.referenceNumber),
    ).toContain(reference);
    const reported = await rest('POST', `/agent/requests/${reference}/auto-process-error`, agent, {
      owner: 'tracking-test',
      reasonCode: 'AMBIGUOUS',
      reasonFr: 'Plusieurs élèves possibles',
      reasonEn: 'Several possible students',
    });
    expect(reported.body.status).toBe('AUTO_PROCESS_ERROR');

    const expected = {
      referenceNumber: reference,
      status: 'AUTO_PROCESS_ERROR',
      autoErrorReason: 'Plusieurs élèves possibles',
      autoErrorReasonEn: 'Several possible students',
      autoErrorCode: 'AMBIGUOUS',
      requestTrackingId: 'TRK-E1',
    };
    expect((await rest('GET', byTracking('TRK-E1'), ocas.token)).body).toMatchObject(expected);
    expect((await rest('GET', `/requests/${reference}`, agent)).body).toMatchObject(expected);
    const overSoap = await soap(
      'GetRequestStatus',
      `<e:referenceNumber>${reference}</e:referenceNumber>`,
      ocas,
    );
    expect(overSoap.fields).toMatchObject(expected);
  });
});
