/**
 * Several agents on one PostgreSQL: two at once never process the same request; an agent process
 * killed with SIGKILL mid-batch, then a restart, leaves every request processed exactly once; SIGTERM
 * finishes the work in flight and hands back the rest. Needs a PostgreSQL server (PGlite cannot be
 * shared between processes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../../src/store/index.js';
import { dropSchema } from '../../src/store/db.js';
import { runAgent } from '../../src/agent/daemon.js';
import { createSisAdapter } from '../../adapters/index.js';
import { seedSchools, type TestStore } from '../support/db.js';
import { aRequest } from '../support/requests.js';
import { SIS_FIXTURE, startTestCentral, testConfig, type TestCentral } from './harness.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const DB_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = await reachable(DB_URL);
if (unreachable)
  console.warn(`Skipping the multi-process agent tests: no PostgreSQL server at ${DB_URL} (${unreachable}).`);

describe.skipIf(unreachable !== undefined)('agents sharing one PostgreSQL', () => {
  let store: TestStore;
  let central: TestCentral;
  let seq = 0;

  beforeAll(async () => {
    const schema = `agent_procs_${randomBytes(4).toString('hex')}`;
    const opened = await openStore({ url: DB_URL, schema, poolSize: 20 });
    store = {
      ...opened,
      schema,
      destroy: async () => {
        await dropSchema(opened.db, schema);
        await opened.close();
      },
    };
    await seedSchools(store);
    central = await startTestCentral('procs', {}, store);
  });
  afterAll(async () => {
    await central?.close();
    await store?.destroy();
  });

  async function createRequests(n: number): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const { request } = await store.requests.create(
        aRequest({
          referenceNumber: `H20260303${String(500000 + ++seq)}`,
          firstName: 'Amélie',
          lastName: 'Tremblay',
          birthDate: '2005-04-17',
          oen: '123456789',
        }),
      );
      ids.push(request.id);
    }
    return ids;
  }

  async function expectEachSentOnce(ids: number[]) {
    const { rows } = await store.db.query<{
      id: number;
      status: string;
      transcripts: number;
      sent_events: number;
    }>(
      `SELECT r.id, r.status,
              (SELECT count(*) FROM transcripts t WHERE t.request_id = r.id)::int AS transcripts,
              (SELECT count(*) FROM request_events e WHERE e.request_id = r.id AND e.to_status = 'E_TRANSCRIPT_SENT')::int AS sent_events
         FROM requests r WHERE r.id = ANY($1::bigint[])`,
      [ids],
    );
    expect(rows).toHaveLength(ids.length);
    for (const row of rows)
      expect([row.status, row.transcripts, row.sent_events]).toEqual(['E_TRANSCRIPT_SENT', 1, 1]);
  }

  it('two agents at once never process the same request', async () => {
    const ids = await createRequests(80);
    const adapter = await createSisAdapter({ kind: 'csv', dir: SIS_FIXTURE });
    const deps = {
      config: testConfig({ agent: { concurrency: 3, batchSize: 8 } }),
      log: central.ctx.log,
      clock: () => new Date(),
    };
    const a = runAgent(deps, { port: central.port('in-process'), adapter, owner: 'agent-a' });
    const b = runAgent(deps, { port: central.port('soap'), adapter, owner: 'agent-b' });
    await Promise.all([a.drain(), b.drain()]);
    await Promise.all([a.stop(), b.stop()]);
    expect(a.stats().sent + b.stats().sent).toBe(ids.length);
    expect(a.stats().dropped + b.stats().dropped).toBe(0);
    await expectEachSentOnce(ids);
  });

  let childErrors = '';
  function spawnAgent(owner: string, env: Record<string, string> = {}): ChildProcess {
    const child = spawnChild(owner, env);
    child.stderr!.on('data', (c: Buffer) => (childErrors = (childErrors + c.toString()).slice(-4000)));
    return child;
  }
  function spawnChild(owner: string, env: Record<string, string>): ChildProcess {
    // tsx as a loader of this very node process (not through the npx and tsx wrappers), so the signal
    // reaches the agent itself: a SIGKILL to a wrapper would leave the agent running as an orphan.
    return spawn(process.execPath, ['--import', 'tsx', join(HERE, 'agent-child.ts')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        LOG_LEVEL: 'silent',
        ETMS_LOG_LEVEL: 'silent',
        ETMS_AGENT__BOARD: 'B99001',
        ETMS_AGENT__CONCURRENCY: '2',
        ETMS_AGENT__BATCH_SIZE: '40',
        ETMS_AGENT__LEASE_SECONDS: '5',
        ETMS_AGENT__POLL_SECONDS: '0.2',
        ETMS_AGENT__CENTRAL__TRANSPORT: 'soap',
        ETMS_AGENT__CENTRAL__URL: central.url,
        ETMS_AGENT__CENTRAL__CREDENTIAL_ID: central.agentCredential.id,
        ETMS_AGENT__CENTRAL__SECRET: central.agentCredential.secret,
        ETMS_AGENT__SIS: JSON.stringify({ kind: 'csv', dir: SIS_FIXTURE }),
        OWNER_HINT: owner,
        ...env,
      },
    });
  }

  async function waitFor(check: () => Promise<boolean>, what: string, limitMs = 60_000) {
    const until = Date.now() + limitMs;
    while (!(await check())) {
      if (Date.now() > until) throw new Error(`gave up waiting for ${what}; agent stderr: ${childErrors}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const countSent = async (ids: number[]) =>
    Number(
      (
        await store.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM requests WHERE id = ANY($1::bigint[]) AND status = 'E_TRANSCRIPT_SENT'`,
          [ids],
        )
      ).rows[0].n,
    );
  const countLeased = async (ids: number[]) =>
    Number(
      (
        await store.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM requests WHERE id = ANY($1::bigint[]) AND status = 'ACTION_REQUIRED' AND lease_owner IS NOT NULL`,
          [ids],
        )
      ).rows[0].n,
    );

  it('an agent killed with SIGKILL mid-batch, then restarted: every request processed exactly once, none lost', async () => {
    const ids = await createRequests(150);
    // One request at a time and few leases: it is still mid-batch when the test sees its first sends,
    // however fast batched submits make it.
    const child = spawnAgent('doomed', { ETMS_AGENT__CONCURRENCY: '1', ETMS_AGENT__BATCH_SIZE: '10' });
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ? null : code)),
    );
    // Killed while it holds leases: between two of its batches it may briefly hold none.
    let leasedAtKill = 0;
    await waitFor(
      async () => (await countSent(ids)) >= 5 && (leasedAtKill = await countLeased(ids)) > 0,
      'the first agent to send transcripts while holding leases',
      40_000,
    );
    child.kill('SIGKILL');
    expect(await exited).toBeNull();
    const sentAtKill = await countSent(ids);
    expect(sentAtKill).toBeLessThan(ids.length);
    expect(leasedAtKill).toBeGreaterThan(0);

    // The restart: its leases expire (5 s) and the new agent takes them.
    const restarted = spawnAgent('restarted');
    try {
      await waitFor(async () => (await countSent(ids)) === ids.length, 'every request to be sent', 120_000);
    } finally {
      restarted.kill('SIGTERM');
      await new Promise((resolve) => restarted.once('exit', resolve));
    }
    await expectEachSentOnce(ids);
  }, 300_000);

  it('SIGTERM finishes the work in flight and hands back the rest of the leases at once', async () => {
    const ids = await createRequests(150);
    const child = spawnAgent('graceful');
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitFor(async () => (await countSent(ids)) >= 5, 'the agent to send transcripts');
    child.kill('SIGTERM');
    expect(await exited, childErrors).toBe(0);
    expect(output).toContain('agent exited 0');
    // Nothing is left leased: what was not started was handed back, not left to expire.
    expect(await countLeased(ids)).toBe(0);
    const { rows } = await store.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM requests WHERE id = ANY($1::bigint[]) AND status NOT IN ('E_TRANSCRIPT_SENT', 'ACTION_REQUIRED')`,
      [ids],
    );
    expect(rows[0].n).toBe(0);
    // Finish the rest so no request is left behind.
    const adapter = await createSisAdapter({ kind: 'csv', dir: SIS_FIXTURE });
    const agent = runAgent(
      { config: testConfig({ agent: { batchSize: 50 } }), log: central.ctx.log, clock: () => new Date() },
      { port: central.port('in-process'), adapter },
    );
    await agent.drain();
    await agent.stop();
    await expectEachSentOnce(ids);
  }, 300_000);
});
