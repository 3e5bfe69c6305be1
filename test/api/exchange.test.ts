/**
 * The exchange endpoint: a SOAP client built from ?wsdl alone runs every operation; REST carries
 * the same operations under /api/v1 with OpenAPI validation; credentials are scoped; hostile bodies
 * get faults with stable codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGzip, gzipSync } from 'node:zlib';
import * as soap from 'soap';
import { soapClient as soapClientFor } from '../support/soap-client.js';
import { startTestCentral, type TestCentral } from '../agent/harness.js';
import { createCredential } from '../../src/api/credentials.js';
import { createSisAdapter } from '../../adapters/index.js';
import { buildTranscript, transcriptToXml } from '../../src/transcript/build.js';
import { SIS_FIXTURE } from '../agent/harness.js';
import { aRequest } from '../support/requests.js';
import { SOAP_OPERATIONS } from '../../src/api/operations.js';

let central: TestCentral;

beforeAll(async () => {
  central = await startTestCentral('api_exchange');
});
afterAll(async () => {
  await central?.close();
});

const soapClient = (id: string, secret: string) => soapClientFor(central.url, id, secret);

function faultCode(error: unknown): string | undefined {
  const detail = (
    error as { root?: { Envelope?: { Body?: { Fault?: { detail?: { EtmsFault?: { code?: string } } } } } } }
  ).root?.Envelope?.Body?.Fault?.detail;
  return detail?.EtmsFault?.code;
}

async function callFault(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return faultCode(error);
  }
  return 'no fault';
}

const envelope = (body: string, header = '') =>
  `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:e="urn:ca:on:etms:exchange:v1"><soap:Header>${header}</soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`;

const wsseHeader = (id: string, secret: string) =>
  `<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>${id}</wsse:Username><wsse:Password>${secret}</wsse:Password></wsse:UsernameToken></wsse:Security>`;

async function postSoap(body: string | Buffer, headers: Record<string, string> = {}) {
  const response = await fetch(`${central.url}/soap/exchange`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/xml; charset=utf-8', ...headers },
  });
  const text = await response.text();
  return { status: response.status, text, code: /<etms:code>([^<]+)<\/etms:code>/.exec(text)?.[1] };
}

describe('SOAP binding', () => {
  it('serves a WSDL that names every operation and carries its types inline', async () => {
    const response = await fetch(`${central.url}/soap/exchange?wsdl`);
    const wsdl = await response.text();
    expect(response.status).toBe(200);
    for (const op of SOAP_OPERATIONS) expect(wsdl).toContain(`<wsdl:operation name="${op.name}">`);
    expect(wsdl).toContain('<xsd:element name="SubmitTranscript">');
    expect(wsdl).toContain(`location="${central.url}/soap/exchange"`);
  });

  it('lets a client written from the WSDL alone run every operation', async () => {
    const intake = await soapClient(central.intakeCredential.id, central.intakeCredential.secret);
    const agent = await soapClient(central.agentCredential.id, central.agentCredential.secret);
    const reference = 'H20260302810001';
    const [submitted] = await intake.SubmitTranscriptRequestAsync({
      referenceNumber: reference,
      origin: 'OCAS',
      requestType: 'ORIGINAL',
      requestedAt: '2026-03-02',
      firstName: 'Amélie',
      lastName: 'Tremblay',
      birthDate: '2005-04-17',
      gender: 'F',
      oen: '123456789',
      schoolBsid: '900001',
      amountCollected: 12.5,
      destinationCode: 'SENECA',
    });
    expect(submitted).toMatchObject({ referenceNumber: reference, status: 'ACTION_REQUIRED', created: true });
    const filing = {
      referenceNumber: reference,
      origin: 'OCAS',
      requestType: 'ORIGINAL',
      requestedAt: '2026-03-02',
      firstName: 'Amélie',
      lastName: 'Tremblay',
      birthDate: '2005-04-17',
      gender: 'F',
      oen: '123456789',
      schoolBsid: '900001',
      amountCollected: 12.5,
      destinationCode: 'SENECA',
    };
    const [again] = await intake.SubmitTranscriptRequestAsync(filing);
    expect(again.created).toBe(false);
    expect(await callFault(intake.SubmitTranscriptRequestAsync({ ...filing, birthDate: '1988-01-09' }))).toBe(
      'ETMS_E_REFERENCE_CONFLICT',
    );
    const [status] = await intake.GetRequestStatusAsync({ referenceNumber: reference });
    expect(status).toMatchObject({
      status: 'ACTION_REQUIRED',
      statusLabelFr: 'Action requise',
      tab: 'TO_PROCESS',
    });

    const [leased] = await agent.LeasePendingRequestsAsync({ owner: 'wsdl-client', max: 5 });
    const requests = [leased.request].flat().filter(Boolean);
    expect(requests.map((r: { referenceNumber: string }) => r.referenceNumber)).toContain(reference);

    const [released] = await agent.ReleaseLeaseAsync({
      referenceNumber: reference,
      owner: 'wsdl-client',
      delaySeconds: 0,
    });
    expect(released.released).toBe(true);
    await agent.LeasePendingRequestsAsync({ owner: 'wsdl-client', max: 5 });

    const adapter = await createSisAdapter({ kind: 'csv', dir: SIS_FIXTURE });
    const xml = transcriptToXml(
      buildTranscript((await adapter.transcript('100001'))!, {
        referenceNumber: reference,
        transmission: 'Original',
      }),
    );
    const [sent] = await agent.SubmitTranscriptAsync({
      referenceNumber: reference,
      owner: 'wsdl-client',
      studentNumber: '100001',
      submissionKey: `${reference}:wsdl-client-1`,
      transcriptXml: xml,
    });
    expect(sent).toMatchObject({ referenceNumber: reference, status: 'E_TRANSCRIPT_SENT', created: true });
    const [repeat] = await agent.SubmitTranscriptAsync({
      referenceNumber: reference,
      owner: 'wsdl-client',
      studentNumber: '100001',
      submissionKey: `${reference}:wsdl-client-1`,
      transcriptBase64: Buffer.from(xml).toString('base64'),
    });
    expect(repeat).toMatchObject({ created: false, transcriptId: sent.transcriptId });
    expect(
      await central.store.transcripts.versions((await central.store.requests.findByReference(reference))!.id),
    ).toHaveLength(1);

    const other = 'H20260302810002';
    await intake.SubmitTranscriptRequestAsync({
      referenceNumber: other,
      origin: 'OUAC',
      requestType: 'ORIGINAL',
      requestedAt: '2026-03-01',
      lastName: 'Inconnu',
      schoolBsid: '900002',
    });
    await agent.LeasePendingRequestsAsync({ owner: 'wsdl-client', max: 5 });
    const [reported] = await agent.ReportAutoProcessErrorAsync({
      referenceNumber: other,
      owner: 'wsdl-client',
      reasonCode: 'NOT_FOUND',
      reasonFr: 'Élève non trouvé dans le SIÉ',
      reasonEn: 'Student not found in the SIS',
      matchResultJson: JSON.stringify({ outcome: 'none', score: 0, reason: 'NOT_FOUND', candidates: [] }),
    });
    expect(reported.status).toBe('AUTO_PROCESS_ERROR');
    const stored = (await central.store.requests.findByReference(other))!;
    expect(stored.matchResult).toEqual({ outcome: 'none', score: 0, reason: 'NOT_FOUND', candidates: [] });

    const third = 'H20260302810003';
    await intake.SubmitTranscriptRequestAsync({
      referenceNumber: third,
      origin: 'OCAS',
      requestType: 'REISSUE',
      requestedAt: '2026-03-01',
      lastName: 'Annule',
      schoolBsid: '900001',
    });
    const [cancelled] = await intake.CancelTranscriptRequestAsync({
      referenceNumber: third,
      reason: 'withdrawn',
    });
    expect(cancelled.status).toBe('CANCELLED');
    expect(await callFault(intake.CancelTranscriptRequestAsync({ referenceNumber: reference }))).toBe(
      'ETMS_E_NOT_CANCELLABLE',
    );
  });

  it('refuses calls without a valid credential, and scopes each credential', async () => {
    const nobody = await soap.createClientAsync(`${central.url}/soap/exchange?wsdl`);
    expect(await callFault(nobody.GetRequestStatusAsync({ referenceNumber: 'H20260302810001' }))).toBe(
      'ETMS_E_UNAUTHENTICATED',
    );
    const wrong = await soapClient(central.intakeCredential.id, 'x'.repeat(43));
    expect(await callFault(wrong.GetRequestStatusAsync({ referenceNumber: 'H20260302810001' }))).toBe(
      'ETMS_E_UNAUTHENTICATED',
    );
    const intake = await soapClient(central.intakeCredential.id, central.intakeCredential.secret);
    expect(await callFault(intake.LeasePendingRequestsAsync({ owner: 'x', max: 1 }))).toBe(
      'ETMS_E_FORBIDDEN',
    );
    const agent = await soapClient(central.agentCredential.id, central.agentCredential.secret);
    expect(
      await callFault(
        agent.SubmitTranscriptRequestAsync({
          origin: 'OCAS',
          requestType: 'ORIGINAL',
          requestedAt: '2026-03-02',
          schoolBsid: '900001',
        }),
      ),
    ).toBe('ETMS_E_FORBIDDEN');

    // An agent of another board sees none of this board's requests.
    const far = (await central.store.organisations.boardByCode('B99002'))!;
    const farCredential = await createCredential(central.store, {
      kind: 'AGENT',
      boardId: far.id,
      label: 'far agent',
    });
    const farAgent = await soapClient(farCredential.id, farCredential.secret);
    await central.store.requests.create(
      aRequest({ referenceNumber: 'H20260302810009', schoolBsid: '900001' }),
    );
    expect(await callFault(farAgent.GetRequestStatusAsync({ referenceNumber: 'H20260302810009' }))).toBe(
      'ETMS_E_REQUEST_NOT_FOUND',
    );
    const [leased] = await farAgent.LeasePendingRequestsAsync({ owner: 'far', max: 50 });
    expect([leased.request].flat().filter(Boolean)).toHaveLength(0);
    // Nor can it report or submit for one of them.
    expect(
      await callFault(
        farAgent.ReportAutoProcessErrorAsync({
          referenceNumber: 'H20260302810009',
          owner: 'far',
          reasonCode: 'NOT_FOUND',
          reasonFr: 'Élève non trouvé dans le SIÉ',
          reasonEn: 'Student not found in the SIS',
        }),
      ),
    ).toBe('ETMS_E_REQUEST_NOT_FOUND');
    expect((await central.store.requests.findByReference('H20260302810009'))!.status).toBe('ACTION_REQUIRED');
  });

  it('answers invalid input with ETMS_E_INVALID_INPUT', async () => {
    const intake = await soapClient(central.intakeCredential.id, central.intakeCredential.secret);
    expect(await callFault(intake.GetRequestStatusAsync({ referenceNumber: 'not-a-reference' }))).toBe(
      'ETMS_E_INVALID_INPUT',
    );
    // A date with the right shape that names no day is the client's mistake, never the server's.
    const filing = {
      referenceNumber: 'H20260302810077',
      origin: 'OCAS',
      requestType: 'ORIGINAL',
      requestedAt: '2026-03-02',
      firstName: 'Amélie',
      lastName: 'Tremblay',
      birthDate: '2005-04-17',
      schoolBsid: '900001',
    };
    // The same filing as a raw envelope, as a client not built from the WSDL sends it.
    const submitRaw = (fields: Record<string, string>) =>
      postSoap(
        envelope(
          `<e:SubmitTranscriptRequest>${Object.entries(fields)
            .map(([k, v]) => `<e:${k}>${v}</e:${k}>`)
            .join('')}</e:SubmitTranscriptRequest>`,
          wsseHeader(central.intakeCredential.id, central.intakeCredential.secret),
        ),
        { SOAPAction: 'SubmitTranscriptRequest' },
      );
    for (const impossible of [
      { birthDate: '2001-02-29' },
      { birthDate: '1938-11-31' },
      { requestedAt: '2026-11-31' },
    ]) {
      expect(await callFault(intake.SubmitTranscriptRequestAsync({ ...filing, ...impossible }))).toBe(
        'ETMS_E_INVALID_INPUT',
      );
      const raw = await submitRaw({ ...filing, ...impossible });
      expect(raw.code).toBe('ETMS_E_INVALID_INPUT');
      expect(raw.text).toContain('soap:Client');
    }
    // A real 29 February passes.
    expect(await callFault(intake.SubmitTranscriptRequestAsync({ ...filing, birthDate: '2004-02-29' }))).toBe(
      'no fault',
    );
    // A reference number whose date names no day is refused with its own code, as a client's mistake.
    for (const referenceNumber of ['H20241341049906', 'H99999999999999']) {
      expect(await callFault(intake.SubmitTranscriptRequestAsync({ ...filing, referenceNumber }))).toBe(
        'ETMS_E_REFERENCE_DATE',
      );
      const raw = await submitRaw({ ...filing, referenceNumber });
      expect(raw.code).toBe('ETMS_E_REFERENCE_DATE');
      expect(raw.text).toContain('soap:Client');
    }
  });

  it('refuses XXE and billion-laughs bodies before parsing them', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${envelope('<e:GetRequestStatus><e:referenceNumber>&xxe;</e:referenceNumber></e:GetRequestStatus>').replace('<?xml version="1.0"?>', '')}`;
    const first = await postSoap(xxe);
    expect(first.code).toBe('ETMS_E_XML_DOCTYPE');
    expect(first.text).not.toContain('root:');
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><lolz>&lol9;</lolz>`;
    expect((await postSoap(lol)).code).toBe('ETMS_E_XML_DOCTYPE');
    expect((await postSoap('<soap:Envelope><unclosed>')).code).toBe('ETMS_E_MALFORMED_MESSAGE');
  });

  it('caps the body on its decoded size: an oversize body and a gzip bomb get ETMS_E_BODY_TOO_LARGE', async () => {
    const big = envelope(
      `<e:GetRequestStatus><e:referenceNumber>${'9'.repeat(8 * 1024 * 1024)}</e:referenceNumber></e:GetRequestStatus>`,
    );
    const oversize = await postSoap(big);
    // Refused before the envelope is read: the HTTP status says so (WS-I R1125), the fault the code.
    expect(oversize.status).toBe(413);
    expect(oversize.code).toBe('ETMS_E_BODY_TOO_LARGE');

    // 512 MiB of zeros compress to about half a megabyte.
    const gzip = createGzip({ level: 9 });
    const parts: Buffer[] = [];
    gzip.on('data', (c: Buffer) => parts.push(c));
    const zeros = Buffer.alloc(1024 * 1024);
    // Authenticated, so read up to the normal limit (an unauthenticated one stops after a few KB).
    gzip.write(
      envelope(
        '<e:GetRequestStatus><e:referenceNumber>',
        wsseHeader(central.intakeCredential.id, central.intakeCredential.secret),
      ).split('</e:referenceNumber>')[0],
    );
    for (let i = 0; i < 512; i++) gzip.write(zeros);
    await new Promise((resolve) => gzip.end(resolve));
    const bomb = Buffer.concat(parts);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    const result = await postSoap(bomb, { 'content-encoding': 'gzip' });
    expect(result.status).toBe(413);
    expect(result.code).toBe('ETMS_E_BODY_TOO_LARGE');
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);

    // An honest gzip body is read.
    const honest = gzipSync(
      envelope(
        '<e:GetRequestStatus><e:referenceNumber>H20260302810001</e:referenceNumber></e:GetRequestStatus>',
      ),
    );
    const plain = await postSoap(honest, { 'content-encoding': 'gzip' });
    expect(plain.code).toBe('ETMS_E_UNAUTHENTICATED');
    // An unauthenticated bomb is not inflated past the first few KB.
    const unauthenticated = await postSoap(gzipSync(Buffer.alloc(64 * 1024 * 1024)), {
      'content-encoding': 'gzip',
    });
    expect(unauthenticated.code).toBe('ETMS_E_CREDENTIAL_FIRST');
  });
});

describe('REST binding', () => {
  const rest = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${central.url}/api/v1${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.headers as Record<string, string>),
      },
    });

  it('files, reads and cancels a request with an intake credential', async () => {
    const body = {
      referenceNumber: 'H20260302820001',
      origin: 'OUAC',
      requestType: 'ORIGINAL',
      requestedAt: '2026-03-02',
      lastName: 'Lavoie',
      firstName: 'Émile',
      schoolBsid: '900002',
      sendTiming: 'END_OF_TERM',
    };
    const created = await rest('/requests', {
      method: 'POST',
      body: JSON.stringify(body),
      token: central.intakeCredential.token,
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({
      referenceNumber: 'H20260302820001',
      status: 'ACTION_REQUIRED',
      created: true,
    });
    const again = await rest('/requests', {
      method: 'POST',
      body: JSON.stringify(body),
      token: central.intakeCredential.token,
    });
    expect(again.status).toBe(200);
    const status = await rest('/requests/H20260302820001', { token: central.intakeCredential.token });
    expect(await status.json()).toMatchObject({
      status: 'ACTION_REQUIRED',
      statusLabelEn: 'Action required',
    });
    const gz = await fetch(`${central.url}/api/v1/requests/H20260302820001/cancel`, {
      method: 'POST',
      body: gzipSync(JSON.stringify({ reason: 'withdrawn' })),
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        authorization: `Bearer ${central.intakeCredential.token}`,
      },
    });
    expect(await gz.json()).toEqual({ referenceNumber: 'H20260302820001', status: 'CANCELLED' });
  });

  it('validates input against the OpenAPI schemas and answers stable codes', async () => {
    const bad = await rest('/requests', {
      method: 'POST',
      body: JSON.stringify({
        origin: 'MARS',
        requestType: 'ORIGINAL',
        requestedAt: '2026-3-2',
        schoolBsid: '900001',
        extra: 1,
      }),
      token: central.intakeCredential.token,
    });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { code: string; details: { problems: string[] } };
    expect(problem.code).toBe('ETMS_E_INVALID_INPUT');
    expect(problem.details.problems.length).toBeGreaterThanOrEqual(3);
    for (const impossible of [
      { birthDate: '2001-02-29' },
      { requestedAt: '2026-11-31' },
      { birthDate: '0000-01-01' },
      { birthDate: '9999-12-31' },
      { dateLastAttended: '0000-01' },
    ]) {
      const refused = await rest('/requests', {
        method: 'POST',
        body: JSON.stringify({
          origin: 'OCAS',
          requestType: 'ORIGINAL',
          requestedAt: '2026-03-02',
          schoolBsid: '900001',
          ...impossible,
        }),
        token: central.intakeCredential.token,
      });
      expect(refused.status).toBe(400);
      const refusal = (await refused.json()) as { code: string; details: { problems: string[] } };
      expect(refusal.code).toBe('ETMS_E_INVALID_INPUT');
      expect(refusal.details.problems.join(' ')).toMatch(/birthDate|requestedAt|dateLastAttended/);
    }
    expect((await rest('/requests', { method: 'POST', body: '{}' })).status).toBe(401);
    const unknownSchool = await rest('/requests', {
      method: 'POST',
      body: JSON.stringify({
        origin: 'OCAS',
        requestType: 'ORIGINAL',
        requestedAt: '2026-03-02',
        schoolBsid: '999999',
      }),
      token: central.intakeCredential.token,
    });
    expect(unknownSchool.status).toBe(422);
    expect(((await unknownSchool.json()) as { code: string }).code).toBe('ETMS_E_UNKNOWN_SCHOOL');
    const forbidden = await rest('/agent/leases', {
      method: 'POST',
      body: JSON.stringify({ owner: 'x', max: 1 }),
      token: central.intakeCredential.token,
    });
    expect(forbidden.status).toBe(403);
    const doctype = await rest('/agent/requests/H20260302820001/transcript', {
      method: 'POST',
      token: central.agentCredential.token,
      body: JSON.stringify({
        owner: 'x',
        studentNumber: '1',
        submissionKey: 'abcdefgh-1',
        transcriptXml: '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
      }),
    });
    expect(((await doctype.json()) as { code: string }).code).toMatch(
      /^ETMS_E_(TRANSCRIPT_DOCTYPE|REQUEST_NOT_PENDING)$/,
    );
  });

  it('publishes an OpenAPI 3.1 document and a readable docs page with the same operations as the WSDL', async () => {
    const doc = (await (await rest('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string; description: string }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));
    const ids = operations.map((o) => o.operationId);
    const wsdl = await (await fetch(`${central.url}/soap/exchange?wsdl`)).text();
    const soapOps = [...wsdl.matchAll(/<wsdl:portType[\s\S]*?<\/wsdl:portType>/g)][0][0]
      .match(/operation name="([A-Za-z]+)"/g)!
      .map((m) => m.slice(16, -1));
    // Each SOAP operation is a REST operation of its own name; a few have another route besides
    // (by the application centre's tracking ID), which names the SOAP operation it is a way to.
    expect(ids.filter((id) => soapOps.includes(id)).sort()).toEqual([...soapOps].sort());
    const named = operations.map((o) => /SOAP operation: ([A-Za-z]+)/.exec(o.description)?.[1]);
    expect([...new Set(named)].sort()).toEqual([...soapOps].sort());
    expect(ids.filter((id) => !soapOps.includes(id)).sort()).toEqual([
      'CancelTranscriptRequestByTrackingId',
      'GetRequestStatusByTrackingId',
    ]);
    const page = await (await rest('/docs')).text();
    expect(page).toContain('<h1>eTMS exchange API</h1>');
    for (const id of ids) expect(page).toContain(id);
    expect(page).not.toMatch(/<script|https?:\/\/cdn/i);
  });
});
