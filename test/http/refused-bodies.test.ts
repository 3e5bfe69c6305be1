/**
 * A refused body is not read to its end: after the answer, the server reads at most DRAIN_BYTES
 * more and cuts the connection, whether the refusal keeps the connection (an authenticated body
 * over the size limit) or not (an unauthenticated one), and whatever the sender keeps sending.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../agent/harness.js';
import { DRAIN_BYTES } from '../../src/http/refused-body.js';
import { soapBodyLimit } from '../../src/api/soap.js';

let central: TestCentral;
const serverSockets: Socket[] = [];

beforeAll(async () => {
  central = await startTestCentral('refused_bodies');
  central.server.on('connection', (s: Socket) => serverSockets.push(s));
});
afterAll(async () => central?.close());

/** What the sender may push: far more than any limit, so an unbounded read shows. */
const SENT_AT_MOST = 96 * 1024 * 1024;

/**
 * Sends the head and then a chunked body of `SENT_AT_MOST` bytes as fast as the server takes it;
 * resolves with the answer's first line and how many bytes the server read off its socket.
 */
async function post(head: string, start: string): Promise<{ status: string; serverRead: number }> {
  const socket = connect(Number(new URL(central.url).port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const before = serverSockets.length;
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const frame = (b: Buffer) =>
    Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);
  socket.write(`${head}Transfer-Encoding: chunked\r\n\r\n`);
  socket.write(frame(Buffer.from(start)));
  let sent = 0;
  while (sent < SENT_AT_MOST && !socket.destroyed) {
    if (!socket.write(frame(chunk)))
      await new Promise((resolve) => {
        socket.once('drain', resolve);
        socket.once('close', resolve);
      });
    sent += chunk.length;
  }
  if (!socket.destroyed) socket.end('0\r\n\r\n');
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
  socket.destroy();
  const server = serverSockets[before] ?? serverSockets[serverSockets.length - 1];
  return { status: answer.split('\r\n')[0], serverRead: server.bytesRead };
}

describe('refused bodies', () => {
  it('an authenticated SOAP body over the limit: answered, then at most DRAIN_BYTES more read', async () => {
    const { id, secret } = central.intakeCredential;
    const start = `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:e="urn:ca:on:etms:exchange:v1"><soap:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>${id}</wsse:Username><wsse:Password>${secret}</wsse:Password></wsse:UsernameToken></wsse:Security></soap:Header><soap:Body><e:GetRequestStatus><e:referenceNumber>`;
    const result = await post(
      'POST /soap/exchange HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nSOAPAction: GetRequestStatus\r\n',
      start,
    );
    expect(result.status).toBe('HTTP/1.1 413 Payload Too Large');
    const limit = soapBodyLimit(central.ctx);
    // The limit, what the answer took to leave, the drain, and the socket's read-ahead.
    expect(result.serverRead).toBeLessThan(limit + DRAIN_BYTES + 8 * 1024 * 1024);
    expect(result.serverRead).toBeLessThan(SENT_AT_MOST / 2);
  });

  it('an unauthenticated REST body: answered, then the connection cut', async () => {
    const result = await post(
      'POST /api/v1/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n',
      '{"referenceNumber":"',
    );
    expect(result.status).toBe('HTTP/1.1 401 Unauthorized');
    expect(result.serverRead).toBeLessThan(DRAIN_BYTES + 8 * 1024 * 1024);
  });
});
