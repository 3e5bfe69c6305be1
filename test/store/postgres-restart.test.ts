/**
 * A real PostgreSQL restart during an agent run and intake. The server is a private instance this
 * file starts itself (initdb and pg_ctl into a temporary folder, on a free loopback port), so that
 * stopping it disturbs no other test. It is stopped mid-run and started again: the process lives
 * on, /readyz answers 503 while it is down and 200 once it is back, every HTTP call gets exactly
 * one answer, and every request ends exactly once (sent once with one transcript, or handed to
 * staff). Skipped, with the reason, where the PostgreSQL 15 server binaries are not installed.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { runAgent } from '../../src/agent/daemon.js';
import { createSisAdapter } from '../../adapters/index.js';
import { seedSchools, type TestStore } from '../support/db.js';
import { aRequest } from '../support/requests.js';
import { SIS_FIXTURE, startTestCentral, testConfig, type TestCentral } from '../agent/harness.js';

const BIN = process.env.ETMS_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const root = process.getuid?.() === 0;

/** Why this machine cannot run a private PostgreSQL, or undefined. */
function whyNot(): string | undefined {
  for (const tool of ['initdb', 'pg_ctl', 'postgres'])
    if (!existsSync(join(BIN, tool))) return `no ${tool} in ${BIN} (the PostgreSQL 15 server package)`;
  if (root) {
    try {
      execFileSync('id', ['-u', 'postgres']);
    } catch {
      return 'running as root and there is no postgres user to run the server as';
    }
  }
  return undefined;
}

const skip = whyNot();
if (skip) console.warn(`Skipping the PostgreSQL restart test: ${skip}.`);

/** Runs a server binary, as the postgres user when this process is root (the server refuses root). */
function pgTool(tool: string, args: string[]): string {
  const [command, all] = root
    ? ['runuser', ['-u', 'postgres', '--', join(BIN, tool), ...args]]
    : [join(BIN, tool), args];
  return execFileSync(command, all, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

describe.skipIf(skip !== undefined)('a PostgreSQL restart during an agent run', () => {
  let dir: string;
  let port: number;
  let store: TestStore;
  let central: TestCentral;
  const start = () =>
    pgTool('pg_ctl', [
      '-D',
      join(dir, 'data'),
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`,
      'start',
    ]);
  const stop = () => pgTool('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'etms-pg-'));
    if (root) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    pgTool('initdb', [
      '-D',
      join(dir, 'data'),
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    port = await freePort();
    start();
    const opened: Store = await openStore({
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      schema: 'etms',
      poolSize: 10,
    });
    store = { ...opened, schema: 'etms', destroy: () => opened.close() };
    await seedSchools(store);
    central = await startTestCentral('restart', {}, store);
  }, 120_000);

  afterAll(async () => {
    await central?.close();
    await store?.destroy().catch(() => undefined);
    if (dir) {
      try {
        stop();
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const readyz = async () => (await fetch(`${central.url}/readyz`)).status;
  async function until(status: number): Promise<number> {
    let seen = 0;
    for (let i = 0; i < 200 && seen !== status; i++) {
      seen = await readyz();
      if (seen !== status) await new Promise((r) => setTimeout(r, 100));
    }
    return seen;
  }

  it('the process lives on, /readyz goes 503 then 200, and every request ends exactly once', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 120; i++) {
      const { request } = await store.requests.create(
        aRequest({
          referenceNumber: `H20260306${String(700000 + i)}`,
          firstName: 'Amélie',
          lastName: 'Tremblay',
          birthDate: '2005-04-17',
          oen: '123456789',
        }),
      );
      ids.push(request.id);
    }
    expect(await readyz()).toBe(200);
    const adapter = await createSisAdapter({ kind: 'csv', dir: SIS_FIXTURE });
    const agent = runAgent(
      {
        config: testConfig({ agent: { concurrency: 2, batchSize: 5 } }),
        log: central.ctx.log,
        clock: () => new Date(),
      },
      { port: central.port('in-process'), adapter, owner: 'restart-agent' },
    );

    // Intake over REST all along: each call gets exactly one answer.
    const answers: number[] = [];
    let intakeRunning = true;
    const intake = (async () => {
      for (let i = 0; intakeRunning && i < 400; i++) {
        const response = await fetch(`${central.url}/api/v1/requests`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${central.intakeCredential.token}`,
          },
          body: JSON.stringify({
            referenceNumber: `H20260307${String(800000 + i)}`,
            applicationNumber: `24${String(i).padStart(7, '0')}`,
            origin: 'OCAS',
            requestType: 'ORIGINAL',
            requestedAt: '2026-03-02',
            firstName: 'Zoé',
            lastName: 'Nobody',
            birthDate: '2004-01-01',
            gender: 'F',
            schoolBsid: '900001',
            dateLastAttended: '2023-06',
            amountCollected: 12.5,
            destinationCode: 'SENECA',
            applicantEmail: 'applicant@example.org',
          }),
        });
        await response.arrayBuffer();
        answers.push(response.status);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    // Mid-run: the agent has sent some, not all.
    for (let i = 0; i < 200 && agent.stats().sent === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(agent.stats().sent).toBeGreaterThan(0);
    stop();
    expect(await until(503)).toBe(503);
    await new Promise((r) => setTimeout(r, 500));
    start();
    expect(await until(200)).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    intakeRunning = false;
    await intake;
    await agent.drain();
    await agent.stop();

    expect(answers.length).toBeGreaterThan(0);
    for (const status of answers) expect([201, 200, 500, 503]).toContain(status);
    expect(answers).toContain(201);
    const { rows } = await store.db.query<{
      status: string;
      transcripts: number;
      sent: number;
      lease: string | null;
    }>(
      `SELECT r.status, r.lease_owner AS lease,
              (SELECT count(*) FROM transcripts t WHERE t.request_id = r.id)::int AS transcripts,
              (SELECT count(*) FROM request_events e WHERE e.request_id = r.id AND e.to_status = 'E_TRANSCRIPT_SENT')::int AS sent
         FROM requests r WHERE r.id = ANY($1::bigint[])`,
      [ids],
    );
    expect(rows).toHaveLength(ids.length);
    const sent = rows.filter((r) => r.status === 'E_TRANSCRIPT_SENT');
    expect(sent.length).toBeGreaterThan(0);
    for (const row of sent) expect([row.transcripts, row.sent]).toEqual([1, 1]);
    for (const row of rows.filter((r) => r.status !== 'E_TRANSCRIPT_SENT')) expect(row.sent).toBe(0);
    expect(rows.filter((r) => r.lease !== null && r.status === 'ACTION_REQUIRED')).toHaveLength(0);
    // Intake: each reference answered 201 is stored once, none twice.
    const { rows: created } = await store.db.query<{ n: number; distinct: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT reference_number)::int AS distinct FROM requests WHERE reference_number LIKE 'H20260307%'`,
    );
    expect(created[0].n).toBe(created[0].distinct);
    expect(created[0].n).toBeGreaterThanOrEqual(answers.filter((s) => s === 201).length);
  }, 120_000);
});
