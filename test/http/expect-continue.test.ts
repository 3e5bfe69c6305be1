/**
 * A client that asks before sending its body (Expect: 100-continue) is told to go on only for a body
 * that fits; a larger one gets 413 at once and its connection closed, before it sends anything.
 */
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerContinue } from '../../src/http/listener.js';

let server: Server;
let received = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (received += chunk.length));
    req.on('end', () => res.end('read'));
  });
  answerContinue(server, 1000);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends the head with Expect: 100-continue and returns what the server says before any body is sent. */
async function ask(length: number): Promise<{ first: string; ended: boolean }> {
  const { port } = server.address() as AddressInfo;
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  let text = '';
  let ended = false;
  socket.on('data', (b: Buffer) => (text += b.toString('latin1')));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.once('end', () => (ended = true));
  socket.write(`POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: ${length}\r\nExpect: 100-continue\r\n\r\n`);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const first = text.split('\r\n')[0];
  if (first.includes('100')) {
    socket.end('a'.repeat(length));
    await closed.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
  } else socket.destroy();
  return { first, ended };
}

describe('Expect: 100-continue', () => {
  it('lets a body that fits come, and the route reads it', async () => {
    const before = received;
    const answer = await ask(500);
    expect(answer.first).toBe('HTTP/1.1 100 Continue');
    expect(received - before).toBe(500);
  });

  it('answers 413 at once to a larger one and closes, nothing read', async () => {
    const before = received;
    const answer = await ask(100 * 1024 ** 3);
    expect(answer.first).toBe('HTTP/1.1 413 Payload Too Large');
    expect(answer.ended).toBe(true);
    expect(received).toBe(before);
  });
});
