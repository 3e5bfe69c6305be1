/**
 * The connection-level guards of the HTTP server, on real sockets over loopback (Linux routes all of
 * 127/8 to it, so 127.0.0.2 is a second client address): a client over its cap of open connections
 * is answered 503 and closed while another address is still served, a closed connection gives its
 * slot back, and a connection that never finishes its head is closed after the head's time limit.
 */
import { createServer, request, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer, type Running } from '../../src/server.js';
import { guardConnections } from '../../src/http/listener.js';
import { createTestStore, type TestStore } from '../support/db.js';

const CAP = 3;

interface Client {
  socket: Socket;
  received(): string;
  closed: Promise<void>;
}

const clients: Client[] = [];

function portOf(running: { server: Server }): number {
  const address = running.server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** A raw connection from `localAddress`, once connected. */
async function open(running: { server: Server }, localAddress = '127.0.0.1'): Promise<Client> {
  const socket = connect({ port: portOf(running), host: '127.0.0.1', localAddress });
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const client = { socket, received: () => received, closed };
  clients.push(client);
  return client;
}

/** Sends a GET on a kept-alive connection and resolves with its status line. */
async function get(client: Client, path: string): Promise<string> {
  const before = client.received().length;
  client.socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
  for (;;) {
    const answer = client.received().slice(before);
    if (answer.includes('\r\n')) return answer.split('\r\n')[0];
    await Promise.race([
      new Promise((resolve) => client.socket.once('data', resolve)),
      client.closed.then(() => {
        throw new Error(`connection closed without an answer: ${JSON.stringify(answer)}`);
      }),
    ]);
  }
}

/** A GET on a connection of its own from `localAddress`: the status. */
function fetchFrom(running: Running, localAddress: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: portOf(running), path, localAddress, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function closeAll(): Promise<void> {
  for (const client of clients.splice(0)) {
    client.socket.destroy();
    await client.closed;
  }
}

async function start(
  store: TestStore,
  outboxDir: string,
  http: Record<string, unknown>,
  lines: string[] = [],
): Promise<Running> {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return startServer(
    parseConfig({
      logLevel: 'warn',
      http: { host: '127.0.0.1', port: 0, ...http },
      delivery: { outboxDir },
    }),
    { store, log: createLogger({ level: 'warn' }, sink) },
  );
}

let store: TestStore;
let outboxDir: string;

beforeAll(async () => {
  store = await createTestStore('connection_guard');
  outboxDir = mkdtempSync(join(tmpdir(), 'etms-outbox-'));
});
afterAll(async () => {
  await store?.destroy();
  rmSync(outboxDir, { recursive: true, force: true });
});
afterEach(closeAll);

describe('connections per address', () => {
  let running: Running;
  const lines: string[] = [];
  /** The server's side of each connection, by the client's port. */
  const serverSide = new Map<number, Socket>();
  /** Resolves once the server has let go of a client's connection. */
  const releasedBy = (client: Client) =>
    new Promise<void>((resolve) => {
      const socket = serverSide.get(client.socket.localPort ?? 0);
      if (!socket || socket.destroyed) resolve();
      else socket.once('close', () => resolve());
    });

  beforeAll(async () => {
    // Time limits far longer than the tests, so only the cap closes a connection here.
    running = await start(
      store,
      outboxDir,
      {
        connectionsPerAddress: CAP,
        headersTimeoutSeconds: 600,
        requestTimeoutSeconds: 600,
        keepAliveTimeoutSeconds: 600,
      },
      lines,
    );
    running.server.on('connection', (socket: Socket) => serverSide.set(socket.remotePort ?? 0, socket));
  });
  afterAll(async () => running?.stop());

  it('one more than the cap is answered 503 and closed, while another address is served', async () => {
    const held = [await open(running), await open(running), await open(running)];
    expect(await get(held[2], '/healthz')).toBe('HTTP/1.1 200 OK');

    const over = await open(running);
    await over.closed;
    expect(over.received()).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(over.received()).toContain('Retry-After: 10\r\n');
    const again = await open(running);
    await again.closed;
    expect(again.received()).toMatch(/^HTTP\/1\.1 503 /);

    // Another address is not held back by the first one's connections.
    expect(await fetchFrom(running, '127.0.0.2', '/connexion')).toBe(200);
    // Nor are the connections the first address already has.
    expect(await get(held[0], '/healthz')).toBe('HTTP/1.1 200 OK');

    const warnings = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(warnings.filter((w) => w.address === '127.0.0.1')).toHaveLength(1);
    expect(warnings.find((w) => w.address === '127.0.0.1')).toMatchObject({ level: 40, cap: CAP });
  });

  it('a closed connection gives its slot back', async () => {
    const held = [await open(running), await open(running), await open(running)];
    const refused = await open(running);
    await refused.closed;
    expect(refused.received()).toMatch(/^HTTP\/1\.1 503 /);

    const released = releasedBy(held[0]);
    held[0].socket.destroy();
    await released;
    const next = await open(running);
    expect(await get(next, '/healthz')).toBe('HTTP/1.1 200 OK');

    // The cap is full again.
    const over = await open(running);
    await over.closed;
    expect(over.received()).toMatch(/^HTTP\/1\.1 503 /);
    expect(await get(held[1], '/healthz')).toBe('HTTP/1.1 200 OK');
  });
});

describe('time limits', () => {
  let running: Running;

  beforeAll(async () => {
    running = await start(store, outboxDir, { headersTimeoutSeconds: 0.5 });
  });
  afterAll(async () => running?.stop());

  it('a connection that never finishes its head is closed, however slowly it keeps sending', async () => {
    const client = await open(running);
    client.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
    const trickle = setInterval(() => client.socket.write('X-Slow: 1\r\n'), 100);
    try {
      await client.closed;
    } finally {
      clearInterval(trickle);
    }
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    // The server is still serving.
    expect(await fetchFrom(running, '127.0.0.1', '/healthz')).toBe(200);
  }, 60_000);
});

describe('no cap', () => {
  let running: Running;

  beforeAll(async () => {
    running = await start(store, outboxDir, {
      connectionsPerAddress: 0,
      headersTimeoutSeconds: 600,
      requestTimeoutSeconds: 600,
    });
  });
  afterAll(async () => running?.stop());

  it('with connectionsPerAddress 0, one address may hold more connections than the default cap', async () => {
    const held: Client[] = [];
    for (let i = 0; i < 300; i++) held.push(await open(running));
    for (const client of [held[0], held[299]]) expect(await get(client, '/healthz')).toBe('HTTP/1.1 200 OK');
    expect(held.filter((client) => client.received().includes(' 503 '))).toEqual([]);
  });
});

describe('the warning of refused connections', () => {
  it('names an address once a minute at most, whatever it keeps trying', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    let clock = 0;
    const server = createServer((_req, res) => res.end('ok'));
    guardConnections(server, {
      perAddress: 1,
      log: createLogger({ level: 'warn' }, sink),
      now: () => clock,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const plain = { server };
    try {
      await open(plain);
      const refuse = async (localAddress = '127.0.0.1') => (await open(plain, localAddress)).closed;
      await refuse();
      clock += 30_000;
      await refuse();
      await refuse();
      const named = (address: string) =>
        lines.filter((line) => (JSON.parse(line) as { address?: string }).address === address).length;
      expect(named('127.0.0.1')).toBe(1);
      clock += 30_000;
      await refuse();
      expect(named('127.0.0.1')).toBe(2);
      // Another address has its own minute.
      await open(plain, '127.0.0.2');
      await refuse('127.0.0.2');
      expect(named('127.0.0.2')).toBe(1);
    } finally {
      await closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
