/** The agent's SOAP client: what it writes, and how it reads answers it did not expect. */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { createSoapPort, soapEnvelope } from '../../src/agent/soap-port.js';

let server: Server;
let url: string;
let answer: { status: number; body: string } = { status: 200, body: '' };
let last = { soapAction: '', body: '' };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      last = { soapAction: String(req.headers.soapaction), body };
      res.writeHead(answer.status, { 'content-type': 'text/xml; charset=utf-8' }).end(answer.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const port = () =>
  createSoapPort({ url, credentialId: 'agt-abc', secret: 's3cret<&>"value"', timeoutMs: 2000 });
const envelope = (inner: string) =>
  `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${inner}</soap:Body></soap:Envelope>`;

describe('SOAP port', () => {
  it('writes a document/literal envelope with the UsernameToken, escaping every value', () => {
    const xml = soapEnvelope(
      'ReleaseLease',
      { referenceNumber: 'H1', owner: 'a<b>&"c"', failed: true, delaySeconds: undefined },
      { id: 'agt-1', secret: 'p&w' },
    );
    const tree = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, parseTagValue: false }).parse(
      xml,
    );
    expect(tree.Envelope.Header.Security.UsernameToken).toMatchObject({
      Username: 'agt-1',
      Password: { '#text': 'p&w' },
    });
    expect(tree.Envelope.Body.ReleaseLease).toEqual({
      referenceNumber: 'H1',
      owner: 'a<b>&"c"',
      failed: 'true',
    });
  });

  it('reads a lease of one request as a list, with its SOAPAction', async () => {
    answer = {
      status: 200,
      body: envelope(
        '<t:LeasePendingRequestsResponse xmlns:t="urn:ca:on:etms:exchange:v1"><t:leaseSeconds>60</t:leaseSeconds><t:request><t:referenceNumber>H20260302000001</t:referenceNumber><t:lastName>O&apos;Brien</t:lastName><t:attempts>2</t:attempts></t:request></t:LeasePendingRequestsResponse>',
      ),
    };
    const leased = await port().lease(5, { owner: 'me', includeEndOfTerm: false });
    expect(leased).toEqual([{ referenceNumber: 'H20260302000001', lastName: "O'Brien", attempts: 2 }]);
    expect(last.soapAction).toBe('"urn:ca:on:etms:exchange:v1/LeasePendingRequests"');
    expect(last.body).toContain(
      '<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">s3cret&lt;&amp;&gt;"value"</wsse:Password>',
    );
  });

  it('turns a fault with a 4xx status into that error, and a 5xx one into « central unavailable »', async () => {
    const fault = (code: string, status: number) =>
      envelope(
        `<soap:Fault><faultcode>soap:Client</faultcode><faultstring>x</faultstring><detail><etms:EtmsFault xmlns:etms="urn:ca:on:etms:exchange:v1"><etms:code>${code}</etms:code><etms:message>Lease lost.</etms:message><etms:status>${status}</etms:status></etms:EtmsFault></detail></soap:Fault>`,
      );
    answer = { status: 500, body: fault('ETMS_E_LEASE_LOST', 409) };
    await expect(port().release({ referenceNumber: 'H1', owner: 'me' })).rejects.toMatchObject({
      code: 'ETMS_E_LEASE_LOST',
      status: 409,
    });
    answer = { status: 500, body: fault('ETMS_E_INTERNAL', 500) };
    await expect(port().release({ referenceNumber: 'H1', owner: 'me' })).rejects.toMatchObject({
      code: 'ETMS_E_CENTRAL_UNAVAILABLE',
    });
  });

  it('never reads an answer with a DTD, a broken one or one without its response element', async () => {
    for (const body of [
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',
      '<soap:Envelope><soap:Body><unclosed>',
      envelope('<t:SomethingElse xmlns:t="urn:ca:on:etms:exchange:v1"/>'),
      'upstream broke',
    ]) {
      answer = { status: 200, body };
      await expect(port().release({ referenceNumber: 'H1', owner: 'me' })).rejects.toMatchObject({
        code: 'ETMS_E_CENTRAL_UNAVAILABLE',
      });
    }
  });

  it('gives up on a central that does not answer within its deadline', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const address = silent.address();
    const slow = createSoapPort({
      url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      credentialId: 'a',
      secret: 'b',
      timeoutMs: 200,
    });
    await expect(slow.release({ referenceNumber: 'H1', owner: 'me' })).rejects.toMatchObject({
      code: 'ETMS_E_CENTRAL_UNAVAILABLE',
    });
    await slow.close();
    silent.closeAllConnections();
    await new Promise((r) => silent.close(r));
  });
});
