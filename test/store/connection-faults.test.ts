/**
 * PostgreSQL connections cut under the running service: backends ended with pg_terminate_backend
 * (what a restart does to them) during an agent run and intake, and the server made unreachable
 * for a while. The process survives, every HTTP request gets exactly one answer, every request is
 * processed exactly once, and /readyz answers 503 until the database is back. Needs a PostgreSQL
 * server; only this file's own connections (its application_name) are ended.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer as createTcpServer, connect, type Server as TcpServer, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../../src/store/index.js';
import { dropSchema } from '../../src/store/db.js';
import { runAgent } from '../../src/agent/daemon.js';
import { createSisAdapter } from '../../adapters/index.js';
import { seedSchools, type TestStore } from '../support/db.js';
import { aRequest } from '../support/requests.js';
import { SIS_FIXTURE, startTestCentral, testConfig, type TestCentral } from '../agent/harness.js';
import { createHttpApp } from '../../src/http/app.js';
import { createContext } from '../../src/context.js';
import { createLogger } from '../../src/log.js';
import { createServer } from 'node:http';

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
  console.warn(`Skipping the connection fault tests: no PostgreSQL at ${DB_URL} (${unreachable}).`);

describe.skipIf(unreachable !== undefined)('PostgreSQL connections cut under load', () => {
  const appName = `etms_fault_${randomBytes(4).toString('hex')}`;
  const schema = appName;
  let store: TestStore;
  let central: TestCentral;
  let admin: pg.Client;
  let seq = 0;

  beforeAll(async () => {
    const opened = await openStore({ url: DB_URL, schema, poolSize: 10, applicationName: appName });
    store = {
      ...opened,
      schema,
      destroy: async () => {
        await dropSchema(opened.db, schema);
        await opened.close();
      },
    };
    await seedSchools(store);
    central = await startTestCentral('faults', {}, store);
    admin = new pg.Client({ connectionString: DB_URL, application_name: `${appName}_admin` });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await central?.close();
    await store?.destroy();
  });

  /** Ends every backend of this file's pool (not the admin connection, not anyone else's). */
  async function terminateOurs(): Promise<number> {
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1`,
      [appName],
    );
    return rows[0].n;
  }

  it('an agent run and intake while the backends are ended again and again: nothing lost, nothing twice', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 150; i++) {
      const { request } = await store.requests.create(
        aRequest({
          referenceNumber: `H20260304${String(700000 + ++seq)}`,
          firstName: 'Amélie',
          lastName: 'Tremblay',
          birthDate: '2005-04-17',
          oen: '123456789',
        }),
      );
      ids.push(request.id);
    }
    const adapter = await createSisAdapter({ kind: 'csv', dir: SIS_FIXTURE });
    const agent = runAgent(
      {
        config: testConfig({ agent: { concurrency: 2, batchSize: 5 } }),
        log: central.ctx.log,
        clock: () => new Date(),
      },
      { port: central.port('in-process'), adapter, owner: 'fault-agent' },
    );

    // Intake over REST at the same time: each call is answered once, 201 or an error status.
    const answers: number[] = [];
    const intake = (async () => {
      for (let i = 0; i < 60; i++) {
        const reference = `H20260305${String(800000 + i)}`;
        const response = await fetch(`${central.url}/api/v1/requests`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${central.intakeCredential.token}`,
          },
          body: JSON.stringify({
            referenceNumber: reference,
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
      }
    })();

    let terminated = 0;
    const cutting = (async () => {
      for (let round = 0; round < 12; round++) {
        await new Promise((r) => setTimeout(r, 150));
        terminated += await terminateOurs();
      }
    })();
    await Promise.all([cutting, intake]);
    await agent.drain();
    await agent.stop();

    expect(terminated).toBeGreaterThan(0);
    expect(answers).toHaveLength(60);
    for (const status of answers) expect([201, 200, 500, 503]).toContain(status);
    // Every request: sent once with one transcript, or handed to staff, never both or twice.
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
    for (const row of sent) expect([row.transcripts, row.sent]).toEqual([1, 1]);
    for (const row of rows.filter((r) => r.status !== 'E_TRANSCRIPT_SENT')) expect(row.sent).toBe(0);
    // Nothing is left leased: a round that was cut handed its requests back or kept them for a retry.
    expect(sent.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.lease !== null && r.status === 'ACTION_REQUIRED')).toHaveLength(0);
    // Intake: each reference answered 201 is stored once.
    const created = await store.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM requests WHERE reference_number LIKE 'H20260305%'`,
    );
    expect(created.rows[0].n).toBeGreaterThanOrEqual(answers.filter((s) => s === 201).length);
    expect(created.rows[0].n).toBeLessThanOrEqual(60);
  }, 120_000);

  it('/readyz answers 503 while the database cannot be reached and 200 once it is back; the process lives on', async () => {
    // A loopback relay in front of PostgreSQL that the test can cut and restore.
    const target = new URL(DB_URL);
    const sockets = new Set<Socket>();
    let relay: TcpServer | undefined;
    const startRelay = (port: number) =>
      new Promise<number>((resolve) => {
        relay = createTcpServer((inbound) => {
          const outbound = connect(Number(target.port || 5432), target.hostname);
          sockets.add(inbound).add(outbound);
          inbound.pipe(outbound).pipe(inbound);
          const drop = () => {
            inbound.destroy();
            outbound.destroy();
          };
          inbound.on('error', drop).on('close', drop);
          outbound.on('error', drop).on('close', drop);
        });
        relay.listen(port, '127.0.0.1', () => {
          const address = relay!.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    const stopRelay = async () => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      await new Promise((r) => relay!.close(r));
    };
    const port = await startRelay(0);
    const relayed = new URL(DB_URL);
    relayed.hostname = '127.0.0.1';
    relayed.port = String(port);
    const viaRelay = await openStore({ url: relayed.href, schema, poolSize: 4, migrate: false });
    const ctx = createContext({
      config: testConfig(),
      store: viaRelay,
      log: createLogger({ level: 'silent' }),
    });
    const server = createServer(createHttpApp(ctx, { ready: true }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      // A transaction holding a connection when the server goes away.
      const inFlight = viaRelay.db
        .transaction(async (tx) => {
          await tx.query('SELECT 1');
          await new Promise((r) => setTimeout(r, 300));
          await tx.query('SELECT 2');
        })
        .then(
          () => 'committed',
          () => 'failed',
        );
      await new Promise((r) => setTimeout(r, 50));
      await stopRelay();
      expect(await inFlight).toBe('failed');
      const down = await fetch(`${base}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ code: 'ETMS_E_DB_UNREACHABLE' });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      await startRelay(port);
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = (await fetch(`${base}/readyz`)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await viaRelay.close();
      await stopRelay().catch(() => undefined);
    }
  }, 60_000);
});
