/**
 * Every body reader refuses as early as it can, over real sockets: a body declared above the route's
 * limit is answered 413 before any of it is read, a chunked body is answered the moment it passes
 * the limit, and in both cases the answer says `Connection: close` and the connection ends while the
 * client has sent only a small part of what it announced.
 */
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../agent/harness.js';
import { Client, startHarness, type Harness } from '../admin/harness.js';
import { FORM_BYTES } from '../../src/admin/form.js';
import { DRAIN_BYTES } from '../../src/http/refused-body.js';

/** What a probe announces with Content-Length: 100 GB. */
const DECLARED = 100 * 1024 ** 3;
/** What a probe pushes at most before giving up on an answer: far above every limit here. */
const SENT_AT_MOST = 256 * 1024 * 1024;
/** The upload limit of both servers (upload.maxBytes). */
const MAX_BYTES = 200_000;

interface Outcome {
  /** The answer's status line ('' if none came). */
  status: string;
  head: string;
  /** The server ended or closed the connection. */
  ended: boolean;
  /** Body bytes the client had pushed when it stopped (the server's end, or SENT_AT_MOST). */
  sent: number;
  /** Bytes the server read off its socket. */
  serverRead: number;
}

const serverSockets = new WeakMap<Server, Socket[]>();
function watch(server: Server): void {
  const list: Socket[] = [];
  serverSockets.set(server, list);
  server.on('connection', (s: Socket) => list.push(s));
}

/**
 * Sends `head` (the request line and headers, without the blank line), then `start`, then filler as
 * fast as the server takes it, chunked or under Content-Length: DECLARED, until the server ends the
 * connection or SENT_AT_MOST has gone.
 */
async function probe(server: Server, head: string, start: string, chunked: boolean): Promise<Outcome> {
  const { port } = server.address() as AddressInfo;
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  const list = serverSockets.get(server)!;
  const before = list.length;
  let answer = '';
  let ended = false;
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
  const closed = new Promise<void>((resolve) => {
    socket.once('end', () => {
      ended = true;
      resolve();
    });
    socket.once('close', () => {
      ended = true;
      resolve();
    });
  });
  const frame = (b: Buffer) =>
    chunked ? Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]) : b;
  socket.write(`${head}${chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${DECLARED}`}\r\n\r\n`);
  socket.write(frame(Buffer.from(start)));
  const filler = Buffer.alloc(64 * 1024, 0x61);
  let sent = start.length;
  while (sent < SENT_AT_MOST && !ended && !socket.destroyed) {
    if (!socket.write(frame(filler)))
      await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), closed]);
    sent += filler.length;
  }
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
  socket.destroy();
  const serverSocket = list[before] ?? list[list.length - 1];
  const headEnd = answer.indexOf('\r\n\r\n');
  return {
    status: answer.split('\r\n')[0],
    head: (headEnd < 0 ? answer : answer.slice(0, headEnd)).toLowerCase(),
    ended,
    sent,
    serverRead: serverSocket?.bytesRead ?? Infinity,
  };
}

/** Refused with `status`, the connection closed, and little of the body read. */
function expectRefusedEarly(outcome: Outcome, status: number, readAtMost: number): void {
  expect(outcome.status).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
  expect(outcome.head).toContain('connection: close');
  expect(outcome.ended).toBe(true);
  expect(outcome.serverRead).toBeLessThan(readAtMost);
  // The client was stopped long before it could push what it meant to.
  expect(outcome.sent).toBeLessThan(SENT_AT_MOST / 4);
}

/**
 * Read beyond the limit at most: what the socket reads ahead before the body is paused, and the
 * bounded drain after the answer (DRAIN_BYTES) that lets a client still sending receive it.
 */
const READ_AHEAD = DRAIN_BYTES + 2 * 1024 * 1024;

describe('staff pages', () => {
  let h: Harness;
  let signedIn: Client;
  beforeAll(async () => {
    h = await startHarness('early_refusals_admin', { upload: { maxBytes: MAX_BYTES, maxDepth: 64 } });
    watch(h.server);
    signedIn = new Client(h.base);
    await signedIn.signIn('nord.ecole');
  });
  afterAll(async () => h?.close());

  const form = 'Content-Type: application/x-www-form-urlencoded\r\n';

  it('a sign-in form declared above the form limit: 413 at once, nothing read, closed', async () => {
    const outcome = await probe(
      h.server,
      `POST /connexion HTTP/1.1\r\nHost: x\r\n${form}`,
      'username=',
      false,
    );
    expectRefusedEarly(outcome, 413, READ_AHEAD);
  });

  it('a chunked sign-in form that never ends: 413 once it passes the limit, closed', async () => {
    const outcome = await probe(
      h.server,
      `POST /connexion HTTP/1.1\r\nHost: x\r\n${form}`,
      'username=',
      true,
    );
    expectRefusedEarly(outcome, 413, FORM_BYTES + READ_AHEAD);
  });

  it('any other body declared above the form limit, signed in or not: 413 at once, closed', async () => {
    const r = await h.request();
    const path = `/demandes/${r.referenceNumber}/action`;
    const anonymous = await probe(
      h.server,
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n`,
      '',
      false,
    );
    expectRefusedEarly(anonymous, 413, READ_AHEAD);
    const cookie = [...signedIn.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const staff = await probe(
      h.server,
      `POST ${path} HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\n${form}`,
      '',
      false,
    );
    expectRefusedEarly(staff, 413, READ_AHEAD);
  });

  it('an upload: 413 at once when declared too large, at its limit when chunked; closed', async () => {
    const r = await h.request();
    const path = `/demandes/${r.referenceNumber}/televerser`;
    await signedIn.get(path);
    const cookie = [...signedIn.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const boundary = 'b0undary';
    const head = `POST ${path} HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n`;
    const start =
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${signedIn.csrf}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="t.xml"\r\nContent-Type: text/xml\r\n\r\n`;
    const declared = await probe(h.server, head, start, false);
    expectRefusedEarly(declared, 413, READ_AHEAD);
    const streamed = await probe(h.server, head, start, true);
    expectRefusedEarly(streamed, 413, MAX_BYTES + READ_AHEAD);
    expect(await h.store.transcripts.versions(r.id)).toEqual([]);
  });

  it('an upload from someone not signed in is answered at once and closed, unread', async () => {
    const r = await h.request();
    const outcome = await probe(
      h.server,
      `POST /demandes/${r.referenceNumber}/televerser HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n`,
      '--b\r\n',
      true,
    );
    expectRefusedEarly(outcome, 401, READ_AHEAD);
  });
});

describe('the exchange endpoint', () => {
  let central: TestCentral;
  let bearer: string;
  beforeAll(async () => {
    central = await startTestCentral('early_refusals_api', { upload: { maxBytes: MAX_BYTES } });
    watch(central.server);
    bearer = `Authorization: Bearer ${central.intakeCredential.id}.${central.intakeCredential.secret}\r\n`;
  });
  afterAll(async () => central?.close());

  const soapStart = (id: string, secret: string) =>
    `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:e="urn:ca:on:etms:exchange:v1"><soap:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>${id}</wsse:Username><wsse:Password>${secret}</wsse:Password></wsse:UsernameToken></wsse:Security></soap:Header><soap:Body><e:GetRequestStatus><e:referenceNumber>`;
  const soapHead = 'POST /soap/exchange HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n';

  it('REST: 413 at once when declared too large, at the limit when chunked; closed', async () => {
    const head = `POST /api/v1/requests HTTP/1.1\r\nHost: x\r\n${bearer}Content-Type: application/json\r\n`;
    const declared = await probe(central.server, head, '{"referenceNumber":"', false);
    expectRefusedEarly(declared, 413, READ_AHEAD);
    expect(declared.status).not.toBe('');
    const streamed = await probe(central.server, head, '{"referenceNumber":"', true);
    expectRefusedEarly(streamed, 413, 2 * MAX_BYTES + READ_AHEAD);
  });

  it('PESC intake: 413 at once when declared too large, at the limit when chunked; closed', async () => {
    const head = `POST /api/v1/pesc/transcript-requests HTTP/1.1\r\nHost: x\r\n${bearer}Content-Type: application/xml\r\n`;
    expectRefusedEarly(await probe(central.server, head, '<TranscriptRequest>', false), 413, READ_AHEAD);
    expectRefusedEarly(
      await probe(central.server, head, '<TranscriptRequest>', true),
      413,
      MAX_BYTES + READ_AHEAD,
    );
  });

  it('SOAP: 413 with a Client fault at once when declared too large, signed or not; at the limit when chunked', async () => {
    const { id, secret } = central.intakeCredential;
    const anonymous = await probe(central.server, soapHead, '<soap:Envelope>', false);
    expectRefusedEarly(anonymous, 413, READ_AHEAD);
    const declared = await probe(central.server, soapHead, soapStart(id, secret), false);
    expectRefusedEarly(declared, 413, READ_AHEAD);
    const streamed = await probe(central.server, soapHead, soapStart(id, secret), true);
    expectRefusedEarly(streamed, 413, 2 * MAX_BYTES + READ_AHEAD);
  });

  it('SOAP: a message without its credential in the first few KB is refused there, closed', async () => {
    const outcome = await probe(
      central.server,
      soapHead,
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header>',
      true,
    );
    expectRefusedEarly(outcome, 413, READ_AHEAD);
  });
});
