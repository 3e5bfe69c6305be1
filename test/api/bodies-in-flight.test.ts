/**
 * A credential's message bodies being received are bounded: each holds up to the body limit while
 * it arrives, so one credential sending many slow bodies at once is refused past the bound, over
 * REST and SOAP alike, before anything more is read.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../agent/harness.js';
import { BODIES_PER_CREDENTIAL, BodiesInFlight } from '../../src/api/body.js';

let central: TestCentral;
beforeAll(async () => {
  central = await startTestCentral('bodies_in_flight');
});
afterAll(async () => central?.close());

/** Sends a head and the start of a body that never ends; resolves once connected. */
async function unfinished(head: string, start: string): Promise<Socket> {
  const socket = connect(Number(new URL(central.url).port), '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(`${head}Content-Length: 1000000\r\n\r\n${start}`);
  socket.write(Buffer.alloc(16 * 1024, 0x61));
  return socket;
}

function soapStart(id: string, secret: string): string {
  return `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:e="urn:ca:on:etms:exchange:v1"><soap:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>${id}</wsse:Username><wsse:Password>${secret}</wsse:Password></wsse:UsernameToken></wsse:Security></soap:Header><soap:Body><e:GetRequestStatus><e:referenceNumber>`;
}

describe('bodies in flight', () => {
  it('counts each credential’s bodies on its own, and ends each once', () => {
    const bodies = new BodiesInFlight(2);
    const a1 = bodies.start('a');
    bodies.start('a');
    expect(() => bodies.start('a')).toThrow(expect.objectContaining({ code: 'ETMS_E_CREDENTIAL_BUSY' }));
    bodies.start('b');
    a1();
    a1();
    bodies.start('a');
    expect(() => bodies.start('a')).toThrow(expect.objectContaining({ code: 'ETMS_E_CREDENTIAL_BUSY' }));
  });

  it('refuses one body more than the bound from one credential, over REST, PESC and SOAP, until one ends', async () => {
    const { id, secret } = central.intakeCredential;
    const restHead = `POST /api/v1/requests HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${id}.${secret}\r\nContent-Type: application/json\r\n`;
    const soapHead =
      'POST /soap/exchange HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nSOAPAction: GetRequestStatus\r\n';
    const held: Socket[] = [];
    const rest = () =>
      fetch(`${central.url}/api/v1/requests/H20240411049903`, {
        headers: { authorization: `Bearer ${id}.${secret}` },
      });
    const restPost = () =>
      fetch(`${central.url}/api/v1/requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${id}.${secret}`, 'content-type': 'application/json' },
        body: '{}',
      });
    try {
      for (let i = 0; i < BODIES_PER_CREDENTIAL; i++)
        held.push(await unfinished(i % 2 ? soapHead : restHead, i % 2 ? soapStart(id, secret) : '{"a":"'));
      // The held bodies count once the server has verified their credential.
      let refused = await restPost();
      for (let i = 0; i < 100 && refused.status !== 429; i++) refused = await restPost();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(((await refused.json()) as { code: string }).code).toBe('ETMS_E_CREDENTIAL_BUSY');
      const soap = await fetch(`${central.url}/soap/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml', soapaction: 'GetRequestStatus' },
        body: `${soapStart(id, secret)}H20240411049903</e:referenceNumber></e:GetRequestStatus></soap:Body></soap:Envelope>`,
      });
      expect(soap.headers.get('retry-after')).toBe('5');
      expect(await soap.text()).toContain('ETMS_E_CREDENTIAL_BUSY');
      const pesc = await fetch(`${central.url}/api/v1/pesc/transcript-requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${id}.${secret}`, 'content-type': 'application/xml' },
        body: '<TranscriptRequest/>',
      });
      expect(pesc.status).toBe(429);
      expect(((await pesc.json()) as { code: string }).code).toBe('ETMS_E_CREDENTIAL_BUSY');
      // A call without a body is not one of them.
      expect((await rest()).status).toBe(404);
    } finally {
      for (const socket of held) socket.destroy();
    }
    let next = await restPost();
    for (let i = 0; i < 100 && next.status === 429; i++) next = await restPost();
    expect(next.status).toBe(400);
  });
});
