/** /readyz says whether the database answers, and never how it is reached. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createContext } from '../../src/context.js';
import { createHttpApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { parseConfig } from '../../src/config.js';
import { serveOnLoopback, type LoopbackServer } from '../support/loopback.js';
import { createTestStore, type TestStore } from '../support/db.js';

let store: TestStore;
let server: LoopbackServer;
let url: string;
const logged: string[] = [];
const REASON = 'password authentication failed for user "etms_prod" at db-7.board.internal:5432';

beforeAll(async () => {
  store = await createTestStore('readiness');
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logged.push(chunk.toString());
      done();
    },
  });
  const ctx = createContext({ config: parseConfig({}), store, log: createLogger({ level: 'info' }, sink) });
  server = await serveOnLoopback(createHttpApp(ctx, { ready: true }));
  url = server.url;
});
afterAll(async () => {
  await server?.close();
  await store?.destroy();
});

it('answers 503 with its code when the database does not answer, the reason only in the log', async () => {
  expect((await fetch(`${url}/readyz`)).status).toBe(200);
  const ping = store.ping;
  store.ping = () => Promise.reject(new Error(REASON));
  try {
    const answers = [await fetch(`${url}/readyz`), await fetch(`${url}/readyz`)];
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      const body = await answer.text();
      expect(JSON.parse(body)).toEqual({ status: 'database unreachable', code: 'ETMS_E_DB_UNREACHABLE' });
      expect(body).not.toContain('etms_prod');
    }
    const warnings = logged.filter((line) => line.includes('the database does not answer'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('db-7.board.internal');
  } finally {
    store.ping = ping;
  }
  expect((await fetch(`${url}/readyz`)).status).toBe(200);
});
