/**
 * SOAP 1.1 conformance of the exchange endpoint, over raw HTTP: the body's element is the operation
 * (a SOAPAction naming another is a Client fault and nothing runs), internal errors never leak,
 * versions, namespaces and mustUnderstand headers are checked, every fault is HTTP 500 (WS-I R1126)
 * save a refusal made before the envelope is read (415 for a media type not SOAP's), UTF-16
 * envelopes are read (R1012), the credential is verified before the body is read, and the
 * WSDL's address never comes from the Host header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { startTestCentral, type TestCentral } from '../agent/harness.js';
import { Writable } from 'node:stream';
import { PRE_AUTH_BYTES } from '../../src/api/soap.js';
import { createHttpApp } from '../../src/http/app.js';
import { mountApi } from '../../src/api/index.js';
import express from 'express';
import { createLogger, noteAnswerFault } from '../../src/log.js';
import { accessLog } from '../../src/observability/access-log.js';

let central: TestCentral;

beforeAll(async () => {
  central = await startTestCentral('api_soap_conformance');
});
afterAll(async () => {
  await central?.close();
});

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const EXCHANGE = 'urn:ca:on:etms:exchange:v1';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

function security(id: string, secret: string, extra = ''): string {
  return `<wsse:Security xmlns:wsse="${WSSE}"${extra}><wsse:UsernameToken><wsse:Username>${id}</wsse:Username><wsse:Password>${secret}</wsse:Password></wsse:UsernameToken></wsse:Security>`;
}

const intakeHeader = () => security(central.intakeCredential.id, central.intakeCredential.secret);

function envelope(body: string, header = intakeHeader(), ns = SOAP11): string {
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${ns}" xmlns:e="${EXCHANGE}"><soap:Header>${header}</soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

async function post(body: string | Buffer, headers: Record<string, string> = {}) {
  const response = await fetch(`${central.url}/soap/exchange`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/xml; charset=utf-8', ...headers },
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    faultcode: /<faultcode>([^<]+)<\/faultcode>/.exec(text)?.[1],
    faultstring: /<faultstring>([^<]*)<\/faultstring>/.exec(text)?.[1],
    code: /<etms:code>([^<]+)<\/etms:code>/.exec(text)?.[1],
  };
}

async function fileRequest(reference: string): Promise<void> {
  const filed = await post(
    envelope(
      `<e:SubmitTranscriptRequest><e:referenceNumber>${reference}</e:referenceNumber><e:origin>OCAS</e:origin><e:requestType>ORIGINAL</e:requestType><e:requestedAt>2026-03-02</e:requestedAt><e:lastName>Haddad</e:lastName><e:schoolBsid>900001</e:schoolBsid></e:SubmitTranscriptRequest>`,
    ),
  );
  expect(filed.status).toBe(200);
}

const status = (reference: string) =>
  `<e:GetRequestStatus><e:referenceNumber>${reference}</e:referenceNumber></e:GetRequestStatus>`;

describe('the operation is the body’s element', () => {
  it('refuses a SOAPAction that names another operation, and runs nothing', async () => {
    await fileRequest('H20260302820001');
    const answer = await post(envelope(status('H20260302820001')), {
      soapaction: `"${EXCHANGE}/CancelTranscriptRequest"`,
    });
    expect(answer.status).toBe(500);
    expect(answer.faultcode).toBe('soap:Client');
    expect(answer.code).toBe('ETMS_E_SOAP_ACTION_MISMATCH');
    // The fault says which SOAPAction the body's operation has.
    expect(answer.text).toContain(`whose SOAPAction is ${EXCHANGE}/GetRequestStatus`);
    const bare = await post(envelope(status('H20260302820001')), { soapaction: 'CancelTranscriptRequest' });
    expect(bare.code).toBe('ETMS_E_SOAP_ACTION_MISMATCH');
    expect((await central.store.requests.findByReference('H20260302820001'))!.status).toBe('ACTION_REQUIRED');
  });

  it('accepts the matching SOAPAction, its bare operation name, an empty one or none', async () => {
    await fileRequest('H20260302820002');
    for (const soapaction of [`"${EXCHANGE}/GetRequestStatus"`, 'GetRequestStatus', '""', undefined]) {
      const answer = await post(envelope(status('H20260302820002')), soapaction ? { soapaction } : {});
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('<e:statusLabelFr>Action requise</e:statusLabelFr>');
    }
  });
});

describe('the action of an application/soap+xml Content-Type', () => {
  const soap12Type = (action: string) => `application/soap+xml; charset=utf-8; action="${action}"`;
  const cancel = (reference: string) =>
    `<e:CancelTranscriptRequest><e:referenceNumber>${reference}</e:referenceNumber><e:reason>retirée</e:reason></e:CancelTranscriptRequest>`;

  it('refuses an action naming another operation than the body’s, as a SOAPAction, and runs nothing', async () => {
    await fileRequest('H20260302820011');
    for (const action of [`${EXCHANGE}/GetRequestStatus`, 'GetRequestStatus']) {
      const answer = await post(envelope(cancel('H20260302820011')), { 'content-type': soap12Type(action) });
      expect(answer.status).toBe(500);
      expect(answer.faultcode).toBe('soap:Client');
      expect(answer.code).toBe('ETMS_E_SOAP_ACTION_MISMATCH');
      expect(answer.text).toContain(`whose SOAPAction is ${EXCHANGE}/CancelTranscriptRequest`);
      expect(answer.faultstring).toContain('action of application/soap+xml');
    }
    // A SOAPAction header that agrees does not excuse an action parameter that does not.
    const both = await post(envelope(cancel('H20260302820011')), {
      'content-type': `application/soap+xml; action=GetRequestStatus; charset=utf-8`,
      soapaction: `"${EXCHANGE}/CancelTranscriptRequest"`,
    });
    expect(both.code).toBe('ETMS_E_SOAP_ACTION_MISMATCH');
    expect((await central.store.requests.findByReference('H20260302820011'))!.status).toBe('ACTION_REQUIRED');
  });

  it('runs the operation when the action names it, or is empty', async () => {
    await fileRequest('H20260302820012');
    for (const type of [
      soap12Type(`${EXCHANGE}/GetRequestStatus`),
      `application/soap+xml;action=GetRequestStatus`,
      soap12Type(''),
      // Another media type's parameter of that name is not SOAP's action.
      `text/xml; charset=utf-8; action="${EXCHANGE}/CancelTranscriptRequest"`,
    ]) {
      const answer = await post(envelope(status('H20260302820012')), { 'content-type': type });
      expect(answer.status, type).toBe(200);
      expect(answer.text).toContain('<e:statusLabelFr>Action requise</e:statusLabelFr>');
    }
    const cancelled = await post(envelope(cancel('H20260302820012')), {
      'content-type': soap12Type(`${EXCHANGE}/CancelTranscriptRequest`),
    });
    expect(cancelled.status).toBe(200);
    expect((await central.store.requests.findByReference('H20260302820012'))!.status).toBe('CANCELLED');
  });
});

describe('faults say what is wrong, never how the server failed', () => {
  it('answers an unknown SOAPAction, an empty Body and an unknown element with stable codes', async () => {
    const unknownAction = await post(envelope(status('H20260302820002')), { soapaction: '"urn:nothing"' });
    const emptyBody = await post(envelope(''));
    const unknownElement = await post(envelope('<e:DropEverything/>'));
    for (const answer of [unknownAction, emptyBody, unknownElement]) {
      expect(answer.status).toBe(500);
      expect(answer.faultcode).toBe('soap:Client');
      expect(answer.text).not.toMatch(/TypeError|Cannot read|undefined/);
    }
    expect(unknownAction.code).toBe('ETMS_E_SOAP_ACTION_MISMATCH');
    expect(emptyBody.code).toBe('ETMS_E_SOAP_OPERATION_UNKNOWN');
    expect(unknownElement.code).toBe('ETMS_E_SOAP_OPERATION_UNKNOWN');
  });

  it('refuses an element the WSDL does not declare, as REST refuses the property, and files nothing', async () => {
    const reference = 'H20260302870001';
    const typo = await post(
      envelope(
        `<e:SubmitTranscriptRequest><e:referenceNumber>${reference}</e:referenceNumber><e:origin>OCAS</e:origin><e:requestType>ORIGINAL</e:requestType><e:requestedAt>2026-03-02</e:requestedAt><e:lastName>Haddad</e:lastName><e:birthdate>2005-04-17</e:birthdate><e:schoolBsid>900001</e:schoolBsid></e:SubmitTranscriptRequest>`,
      ),
    );
    expect([typo.status, typo.faultcode, typo.code]).toEqual([500, 'soap:Client', 'ETMS_E_INVALID_INPUT']);
    expect(typo.faultstring).toContain('additional properties (birthdate)');
    expect(await central.store.requests.findByReference(reference)).toBeUndefined();
    // In a batch item too.
    const agent = security(central.agentCredential.id, central.agentCredential.secret);
    const item = await post(
      envelope(
        `<e:ReportAutoProcessErrors><e:owner>agent-1</e:owner><e:report><e:referenceNumber>${reference}</e:referenceNumber><e:reasonCode>NO_MATCH</e:reasonCode><e:reasonFr>Aucun</e:reasonFr><e:reasonEn>None</e:reasonEn><e:reasonDe>Keiner</e:reasonDe></e:report></e:ReportAutoProcessErrors>`,
        agent,
      ),
    );
    expect(item.code).toBe('ETMS_E_INVALID_INPUT');
    expect(item.faultstring).toContain('additional properties (reasonDe)');
  });

  it('refuses a character XML does not allow, written or referenced, and files nothing', async () => {
    const file = (reference: string, lastName: string) =>
      post(
        envelope(
          `<e:SubmitTranscriptRequest><e:referenceNumber>${reference}</e:referenceNumber><e:origin>OCAS</e:origin><e:requestType>ORIGINAL</e:requestType><e:requestedAt>2026-03-02</e:requestedAt><e:lastName>${lastName}</e:lastName><e:schoolBsid>900001</e:schoolBsid></e:SubmitTranscriptRequest>`,
        ),
      );
    const refused = [
      ['H20260302870011', 'A\u0001B'],
      ['H20260302870012', 'A\uFFFFB'],
      ['H20260302870013', 'A&#11;B'],
      ['H20260302870014', 'A&#xFFFE;B'],
      ['H20260302870015', 'A&#xD800;B'],
    ];
    for (const [reference, lastName] of refused) {
      const answer = await file(reference, lastName);
      expect([answer.faultcode, answer.code], lastName).toEqual(['soap:Client', 'ETMS_E_MALFORMED_MESSAGE']);
      expect(await central.store.requests.findByReference(reference)).toBeUndefined();
    }
    // Characters XML allows are read, referenced or not.
    expect((await file('H20260302870016', 'A&#x1F600;&#9;B\u00e9')).status).toBe(200);
    expect((await central.store.requests.findByReference('H20260302870016'))?.lastName).toContain(
      '\u{1F600}',
    );
  });

  it('escapes fault strings once', async () => {
    const answer = await post(envelope(status('H20260302829999')));
    expect(answer.code).toBe('ETMS_E_REQUEST_NOT_FOUND');
    expect(answer.text).not.toContain('&amp;apos;');
    expect(answer.text).not.toContain('&amp;quot;');
  });
});

describe('processing instructions', () => {
  it('reads an envelope with instructions wherever XML allows them, as if they were not there', async () => {
    await fileRequest('H20260302820021');
    const stylesheet = envelope(status('H20260302820021')).replace(
      '?><soap:Envelope',
      '?><?xml-stylesheet href="a"?>\n<soap:Envelope',
    );
    const inBody = envelope(`<?foo bar?>${status('H20260302820021')}<?foo don't "stop" <here>?>`);
    const inHeader = envelope(status('H20260302820021'), `<?h?>${intakeHeader()}<?h?>`);
    // An instruction inside a value leaves the value whole.
    const inValue = envelope(
      '<e:GetRequestStatus><e:referenceNumber>H202603<?x?>02820021</e:referenceNumber></e:GetRequestStatus>',
    );
    const after = `${envelope(status('H20260302820021'))}\n<?after?>`;
    for (const text of [stylesheet, inBody, inHeader, inValue, after]) {
      const answer = await post(text);
      expect(answer.code, text).toBeUndefined();
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('<e:statusLabelFr>Action requise</e:statusLabelFr>');
    }
    // The same with a SubmitTranscriptRequest, whose answer is unchanged.
    const submit = await post(
      envelope(
        `<?a?><e:SubmitTranscriptRequest><e:referenceNumber>H20260302820022</e:referenceNumber><?b?><e:origin>OCAS</e:origin><e:requestType>ORIGINAL</e:requestType><e:requestedAt>2026-03-02</e:requestedAt><e:lastName>Haddad</e:lastName><e:schoolBsid>900001</e:schoolBsid></e:SubmitTranscriptRequest>`,
      ),
    );
    expect(submit.status).toBe(200);
    expect((await central.store.requests.findByReference('H20260302820022'))?.lastName).toBe('Haddad');
  });

  it('still refuses an XML declaration anywhere but at the very start, and an instruction named xml', async () => {
    const misplaced = [
      `<?pi x?>${envelope(status('H20260302820021'))}`,
      `\n${envelope(status('H20260302820021'))}`,
      envelope(`<?xml version="1.0"?>${status('H20260302820021')}`),
      envelope(`<?XML version="1.0"?>${status('H20260302820021')}`),
      `${envelope(status('H20260302820021'))}<?xml version="1.0"?>`,
    ];
    for (const text of misplaced) {
      const answer = await post(text);
      expect(answer.status, text).toBe(500);
      expect(answer.faultcode).toBe('soap:Client');
      expect(answer.code).toBe('ETMS_E_MALFORMED_MESSAGE');
      expect(answer.faultstring).toContain('an XML declaration &lt;?xml …?&gt; may only open the envelope');
    }
  });
});

describe('versions, namespaces and headers', () => {
  it('answers a SOAP 1.2 envelope, or one without namespace, with VersionMismatch', async () => {
    for (const ns of [SOAP12, '']) {
      const body = envelope(status('H20260302820002')).replace(
        `xmlns:soap="${SOAP11}"`,
        `xmlns:soap="${ns}"`,
      );
      const answer = await post(body, { 'content-type': 'application/soap+xml; charset=utf-8' });
      expect(answer.status).toBe(500);
      expect(answer.faultcode).toBe('soap:VersionMismatch');
    }
    const bare = `<Envelope><Header>${intakeHeader()}</Header><Body>${status('H20260302820002').replace(/e:/g, '')}</Body></Envelope>`;
    expect((await post(bare)).faultcode).toBe('soap:VersionMismatch');
  });

  it('refuses a wrapper in another namespace and unqualified children', async () => {
    const foreign = await post(
      envelope(
        `<x:GetRequestStatus xmlns:x="urn:other"><x:referenceNumber>H20260302820002</x:referenceNumber></x:GetRequestStatus>`,
      ),
    );
    expect(foreign.code).toBe('ETMS_E_SOAP_OPERATION_UNKNOWN');
    const unqualified = await post(
      envelope(`<e:GetRequestStatus><referenceNumber>H20260302820002</referenceNumber></e:GetRequestStatus>`),
    );
    expect(unqualified.faultcode).toBe('soap:Client');
    expect(unqualified.code).toBe('ETMS_E_MALFORMED_MESSAGE');
    expect(unqualified.faultstring).toContain('qualified');
  });

  it('answers MustUnderstand for a mandatory header it does not process, and ignores optional ones', async () => {
    const header = (must: string) =>
      `${intakeHeader()}<t:Transaction xmlns:t="urn:tx" soap:mustUnderstand="${must}">5</t:Transaction>`;
    const mandatory = await post(envelope(status('H20260302820002'), header('1')));
    expect(mandatory.status).toBe(500);
    expect(mandatory.faultcode).toBe('soap:MustUnderstand');
    const optional = await post(envelope(status('H20260302820002'), header('0')));
    expect(optional.status).toBe(200);
    const securityMandatory = await post(
      envelope(
        status('H20260302820002'),
        security(central.intakeCredential.id, central.intakeCredential.secret, ` soap:mustUnderstand="1"`),
      ),
    );
    expect(securityMandatory.status).toBe(200);
  });
});

describe('WS-Security', () => {
  it('takes a PasswordText UsernameToken, and refuses another Type instead of reading it as the secret', async () => {
    const { id, secret } = central.intakeCredential;
    const typed = (type: string) =>
      `<wsse:Security xmlns:wsse="${WSSE}"><wsse:UsernameToken><wsse:Username>${id}</wsse:Username><wsse:Password Type="${type}">${secret}</wsse:Password></wsse:UsernameToken></wsse:Security>`;
    const profile = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';
    const text = await post(envelope(status('H20260302870002'), typed(`${profile}#PasswordText`)));
    expect(text.code).toBe('ETMS_E_REQUEST_NOT_FOUND');
    const digest = await post(envelope(status('H20260302870002'), typed(`${profile}#PasswordDigest`)));
    expect([digest.faultcode, digest.code]).toEqual(['soap:Client', 'ETMS_E_UNAUTHENTICATED']);
    expect(digest.faultstring).toContain('this service takes PasswordText');
  });
});

describe('HTTP', () => {
  it('answers every fault with HTTP 500, authentication and permission included', async () => {
    const unauthenticated = await post(envelope(status('H20260302820002'), ''));
    expect(unauthenticated.status).toBe(500);
    expect(unauthenticated.code).toBe('ETMS_E_UNAUTHENTICATED');
    const forbidden = await post(
      envelope('<e:LeasePendingRequests><e:owner>x</e:owner><e:max>1</e:max></e:LeasePendingRequests>'),
    );
    expect(forbidden.status).toBe(500);
    expect(forbidden.code).toBe('ETMS_E_FORBIDDEN');
  });

  it('reads UTF-16 envelopes, with their byte order mark or charset', async () => {
    const text = envelope(status('H20260302820002')).replace('encoding="utf-8"', 'encoding="utf-16"');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const answer = await post(le, { 'content-type': 'text/xml; charset=utf-16' });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('ACTION_REQUIRED');
    const be = Buffer.from(text, 'utf16le').swap16();
    const big = await post(be, { 'content-type': 'text/xml; charset=utf-16be' });
    expect(big.status).toBe(200);
  });
});

describe('the media type', () => {
  it('reads text/xml, application/xml, application/soap+xml, and a body sent without a type', async () => {
    await fileRequest('H20260302820007');
    for (const type of [
      'text/xml; charset=utf-8',
      'application/xml',
      'application/soap+xml; charset=utf-8',
    ]) {
      const answer = await post(envelope(status('H20260302820007')), { 'content-type': type });
      expect(answer.status, type).toBe(200);
      expect(answer.text).toContain('ACTION_REQUIRED');
    }
    const untyped = await rawPost(
      { 'content-length': String(Buffer.byteLength(envelope(status('H20260302820007')))) },
      envelope(status('H20260302820007')),
    );
    expect(untyped.status).toBe(200);
    expect(untyped.text).toContain('ACTION_REQUIRED');
  });

  it('answers a SOAP 1.2 envelope sent as application/soap+xml with VersionMismatch', async () => {
    const answer = await post(envelope(status('H20260302820007'), intakeHeader(), SOAP12), {
      'content-type': 'application/soap+xml; charset=utf-8',
    });
    expect(answer.status).toBe(500);
    expect(answer.faultcode).toBe('soap:VersionMismatch');
  });

  it('refuses another declared type with 415 and a Client fault, before reading the body', async () => {
    for (const type of ['application/json', 'application/x-www-form-urlencoded', 'text/plain']) {
      const answer = await post(envelope(status('H20260302820007')), { 'content-type': type });
      expect(answer.status, type).toBe(415);
      expect(answer.faultcode).toBe('soap:Client');
      expect(answer.code).toBe('ETMS_E_UNSUPPORTED_MEDIA_TYPE');
      expect(answer.faultstring).toContain('text/xml');
    }
    // A head announcing 10 MB, and none of it sent: the answer comes all the same, and closes.
    const unread = await rawPost({ 'content-type': 'application/json', 'content-length': '10000000' });
    expect(unread.status).toBe(415);
    expect(unread.headers['accept']).toContain('text/xml');
    expect(unread.headers['connection']).toBe('close');
    expect(unread.text).toContain('ETMS_E_UNSUPPORTED_MEDIA_TYPE');
  });
});

/** Posts with exactly `headers` (no Content-Type unless given) and `body`, not ending it when none. */
function rawPost(
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${central.url}/soap/exchange`);
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
        });
      },
    );
    req.on('error', (error) => {
      if (!req.destroyed) reject(error);
    });
    if (body === undefined) req.flushHeaders();
    else req.end(body);
  });
}

/**
 * Sends the start of a message and 256 KB of padding, and never ends it: the answer must come while
 * the message is still open, so it cannot have waited for (or parsed) the whole body.
 */
function answerBeforeEnd(start: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${central.url}/soap/exchange`);
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, text });
        });
      },
    );
    req.on('error', (error) => {
      if (!req.destroyed) reject(error);
    });
    req.write(start);
    req.write(Buffer.alloc(256 * 1024, 0x20));
  });
}

describe('the credential before the body', () => {
  it('refuses an unauthenticated envelope without reading its body', async () => {
    const noHeader = await answerBeforeEnd(
      `<soap:Envelope xmlns:soap="${SOAP11}" xmlns:e="${EXCHANGE}"><soap:Body><e:GetRequestStatus><e:referenceNumber>`,
    );
    expect(noHeader.status).toBe(500);
    expect(noHeader.text).toContain('ETMS_E_UNAUTHENTICATED');

    const wrong = await answerBeforeEnd(
      `<soap:Envelope xmlns:soap="${SOAP11}" xmlns:e="${EXCHANGE}"><soap:Header>${security(central.intakeCredential.id, 'wrong-secret-wrong-secret')}</soap:Header><soap:Body><e:GetRequestStatus><e:referenceNumber>`,
    );
    expect(wrong.text).toContain('ETMS_E_UNAUTHENTICATED');

    // No Body start within the first few KB: refused once that much has come.
    const noBody = await answerBeforeEnd(`<soap:Envelope xmlns:soap="${SOAP11}"><soap:Header>`);
    expect(noBody.text).toContain('ETMS_E_CREDENTIAL_FIRST');
    expect(noBody.text).toContain(String(PRE_AUTH_BYTES));
  });

  it('reads an authenticated envelope whole, up to the normal limit', async () => {
    await fileRequest('H20260302820003');
    const padding = ' '.repeat(2 * 1024 * 1024);
    const answer = await post(
      envelope(
        `<e:CancelTranscriptRequest><e:referenceNumber>H20260302820003</e:referenceNumber>${padding}<e:reason>duplicate</e:reason></e:CancelTranscriptRequest>`,
      ),
    );
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('CANCELLED');
  });
});

/** A server of the same central whose log lines are kept, to read what an answer logged. */
async function loggingServer(): Promise<{ url: string; lines: Record<string, unknown>[]; close(): void }> {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const ctx = { ...central.ctx, log: createLogger({ level: 'info' }, stream) };
  const server = http.createServer(createHttpApp(ctx, { ready: true }, [mountApi]));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    lines,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('envelopes no parser should spend long on', () => {
  const attributes = (n: number) => Array.from({ length: n }, (_, i) => ` a${i}="x"`).join('');

  it('refuses 400,000 attributes on one element with a Client fault, before parsing, and keeps serving', async () => {
    const hostile = envelope(
      `<e:GetRequestStatus${attributes(400_000)}><e:referenceNumber>H12345678901234</e:referenceNumber></e:GetRequestStatus>`,
    );
    expect(hostile.length).toBeGreaterThan(4_500_000);
    // The probe is sent while the hostile envelope is being read and answered.
    const [refused, health] = await Promise.all([post(hostile), fetch(`${central.url}/healthz`)]);
    expect(refused.status).toBe(500);
    expect(refused.faultcode).toBe('soap:Client');
    expect(refused.code).toBe('ETMS_E_XML_TOO_COMPLEX');
    expect(refused.faultstring).toContain('more than 256 attributes on one element');
    expect(health.status).toBe(200);
    // 256 attributes are read (and refused by the operation's schema only if it cares).
    await fileRequest('H20260302820011');
    const many = await post(
      envelope(
        `<e:GetRequestStatus${attributes(256)}><e:referenceNumber>H20260302820011</e:referenceNumber></e:GetRequestStatus>`,
      ),
    );
    expect(many.status).toBe(200);
  });

  it('refuses many elements, namespace declarations on every element, long values and long names', async () => {
    const shapes = [
      envelope(`<e:GetRequestStatus>${'<e:x/>'.repeat(30_000)}</e:GetRequestStatus>`),
      envelope(`<e:GetRequestStatus>${'<e:x xmlns:q="urn:q"/>'.repeat(12_000)}</e:GetRequestStatus>`),
      envelope(`<e:GetRequestStatus a="${'x'.repeat(100_000)}"></e:GetRequestStatus>`),
      envelope(`<e:GetRequestStatus><e:${'x'.repeat(100_000)}/></e:GetRequestStatus>`),
    ];
    for (const shape of shapes) {
      const answer = await post(shape);
      expect(answer.faultcode).toBe('soap:Client');
      expect(answer.code).toBe('ETMS_E_XML_TOO_COMPLEX');
    }
  });

  it('answers 100 and more nested elements with a Client fault, as it does 60', async () => {
    const nested = (depth: number) =>
      envelope(
        `<e:GetRequestStatus>${'<e:x>'.repeat(depth)}${'</e:x>'.repeat(depth)}<e:referenceNumber>H12345678901234</e:referenceNumber></e:GetRequestStatus>`,
      );
    for (const depth of [100, 150, 10_000]) {
      const answer = await post(nested(depth));
      expect(answer.faultcode).toBe('soap:Client');
      expect(answer.code).toBe('ETMS_E_XML_TOO_DEEP');
      expect(answer.faultstring).toContain('more than 64 levels');
    }
    // Within the limit the envelope is read to the operation, which names the element it lacks.
    const shallower = await post(nested(60));
    expect(shallower.faultcode).toBe('soap:Client');
    expect(shallower.code).toBe('ETMS_E_INVALID_INPUT');
    expect(shallower.faultstring).toContain('additional properties (x)');
  });

  it('says how large a body may be without naming a transcript, for every operation', async () => {
    const oversize = await post(
      envelope(
        `<e:GetRequestStatus><e:referenceNumber>${'9'.repeat(8 * 1024 * 1024)}</e:referenceNumber></e:GetRequestStatus>`,
      ),
    );
    expect(oversize.code).toBe('ETMS_E_BODY_TOO_LARGE');
    expect(oversize.faultstring).toContain('send a smaller body');
    expect(oversize.faultstring).not.toMatch(/transcript/i);
  });
});

describe('the access log', () => {
  it('writes a Client fault as a refusal (warn, its code, no stack) and a Server fault as an error', async () => {
    const logged = await loggingServer();
    try {
      const deep = await fetch(`${logged.url}/soap/exchange`, {
        method: 'POST',
        body: envelope(
          `<e:GetRequestStatus>${'<e:x>'.repeat(120)}${'</e:x>'.repeat(120)}</e:GetRequestStatus>`,
        ),
        headers: { 'content-type': 'text/xml; charset=utf-8' },
      });
      expect(deep.status).toBe(500);
      await deep.text();
      const forbidden = await fetch(`${logged.url}/soap/exchange`, {
        method: 'POST',
        body: envelope(
          '<e:LeasePendingRequests><e:owner>Zoé Tremblay</e:owner><e:max>1</e:max></e:LeasePendingRequests>',
        ),
        headers: { 'content-type': 'text/xml; charset=utf-8' },
      });
      await forbidden.text();
      const access = logged.lines.filter((l) => l.component === 'http');
      expect(access).toHaveLength(2);
      const [refusal, denied] = access;
      expect(refusal).toMatchObject({ level: 40, fault: 'client', code: 'ETMS_E_XML_TOO_DEEP' });
      expect(refusal.msg).toBe('POST /soap/exchange 500 client fault ETMS_E_XML_TOO_DEEP');
      expect(refusal).not.toHaveProperty('err');
      expect(denied).toMatchObject({ level: 40, fault: 'client', code: 'ETMS_E_FORBIDDEN' });
      expect(JSON.stringify(logged.lines)).not.toContain('Tremblay');
    } finally {
      logged.close();
    }
  });

  it('keeps a Server fault at error', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    const app = express();
    app.use(accessLog(createLogger({ level: 'info' }, stream)));
    app.post('/soap/exchange', (_req, res) => {
      noteAnswerFault(res, { side: 'server', code: 'ETMS_E_INTERNAL' });
      res.status(500).type('text/xml').send('<fault/>');
    });
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    try {
      const answer = await fetch(
        `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/soap/exchange`,
        { method: 'POST' },
      );
      await answer.text();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 50, fault: 'server', code: 'ETMS_E_INTERNAL' });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('the WSDL', () => {
  it('never takes its address from the Host header', async () => {
    const wsdl = await new Promise<string>((resolve, reject) => {
      const url = new URL(`${central.url}/soap/exchange?wsdl`);
      http
        .get(
          {
            host: url.hostname,
            port: url.port,
            path: `${url.pathname}${url.search}`,
            headers: { host: 'evil.example' },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString('utf8')));
            res.on('end', () => resolve(text));
          },
        )
        .on('error', reject);
    });
    expect(wsdl).not.toContain('evil.example');
    expect(wsdl).toContain(`location="${central.url}/soap/exchange"`);
  });

  it('gives the configured public address', async () => {
    const other = await startTestCentral('api_soap_public_url', {
      http: { publicUrl: 'https://etms.example.org/' },
    });
    try {
      const wsdl = await (await fetch(`${other.url}/soap/exchange?wsdl`)).text();
      expect(wsdl).toContain('location="https://etms.example.org/soap/exchange"');
    } finally {
      await other.close();
    }
  });
});
