/**
 * One access log line per HTTP request, with its request id, and nothing a student could be found by:
 * the staff pages and the exchange endpoint mounted as in production.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createContext } from '../../src/context.js';
import { createHttpApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { parseConfig } from '../../src/config.js';
import { mountAdmin } from '../../src/admin/index.js';
import { mountApi } from '../../src/api/index.js';
import { serveOnLoopback, type LoopbackServer } from '../support/loopback.js';
import { createTestStore, seedSchools, type TestStore } from '../support/db.js';

let store: TestStore;
let server: LoopbackServer;
let url: string;
const lines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  store = await createTestStore('access_log');
  await seedSchools(store);
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const log = createLogger({ level: 'info' }, sink);
  const ctx = createContext({ config: parseConfig({}), store, log });
  server = await serveOnLoopback(createHttpApp(ctx, { ready: true }, [mountApi, mountAdmin]));
  url = server.url;
});
afterAll(async () => {
  await server?.close();
  await store?.destroy();
});

/** The access lines written for the requests made by fn. */
async function accessLines(fn: () => Promise<unknown>) {
  const from = lines.length;
  await fn();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return lines.slice(from).filter((line) => line.component === 'http');
}

describe('access log', () => {
  it('one line a request, with the caller’s request id when it is sane, echoed back', async () => {
    let echoed: string | null = null;
    const written = await accessLines(async () => {
      const response = await fetch(`${url}/api/v1/openapi.json`, {
        headers: { 'X-Request-Id': 'proxy-7f3a-0001' },
      });
      echoed = response.headers.get('x-request-id');
    });
    expect(echoed).toBe('proxy-7f3a-0001');
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      req: { id: 'proxy-7f3a-0001', method: 'GET' },
      route: '/api/v1/openapi.json',
      res: { status: 200 },
      msg: 'GET /api/v1/openapi.json 200',
    });
    expect(typeof written[0].ms).toBe('number');
  });

  it('a new id when the offered one is not a plain token', async () => {
    for (const offered of ['short', 'has spaces in it', 'x'.repeat(200), 'semi;colon;injected']) {
      const response = await fetch(`${url}/healthz`, { headers: { 'X-Request-Id': offered } });
      const id = response.headers.get('x-request-id');
      expect(id).not.toBe(offered);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('never a name, a birth date or a search: route patterns only, no query string', async () => {
    const written = await accessLines(async () => {
      await fetch(`${url}/demandes?q=Tremblay&naissance=2005-04-17`, { redirect: 'manual' });
      await fetch(`${url}/demandes/H20260302000001?nom=Tremblay`, { redirect: 'manual' });
      await fetch(`${url}/Tremblay-Amelie-2005-04-17`);
      await fetch(`${url}/api/v1/requests/H20260302000001`, {
        headers: { Authorization: 'Bearer Tremblay' },
      });
    });
    expect(written).toHaveLength(4);
    const text = JSON.stringify(written);
    for (const secret of ['Tremblay', 'Amelie', '2005-04-17', 'naissance', 'H20260302000001'])
      expect(text).not.toContain(secret);
    expect(written.map((line) => line.route)).toEqual([
      '/demandes',
      '/demandes/:ref',
      '(no route)',
      '/api/v1/requests/:referenceNumber',
    ]);
  });

  it('leaves the probes and the scrapes out', async () => {
    const written = await accessLines(async () => {
      await fetch(`${url}/healthz`);
      await fetch(`${url}/readyz`);
      await fetch(`${url}/metrics`);
    });
    expect(written).toHaveLength(0);
  });
});
