/**
 * Intake throughput: SubmitTranscriptRequest over REST and over SOAP on loopback, from concurrent
 * clients with an INTAKE credential, into a central on PostgreSQL (DATABASE_URL or
 * 127.0.0.1:5432/test; the embedded database when no server answers).
 *   npx tsx bench/intake.ts          REQUESTS=5000 CLIENTS=32 npx tsx bench/intake.ts
 */
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import * as soap from 'soap';
import { openStore } from '../src/store/index.js';
import { parseConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { createLogger } from '../src/log.js';
import { createHttpApp } from '../src/http/app.js';
import { mountApi } from '../src/api/index.js';
import { createCredential } from '../src/api/credentials.js';
import { peakRssMiB, percentile } from './lib/stats.js';
import { dropAtExit, dropBenchSchemas } from './lib/schemas.js';

const REQUESTS = Number(process.env.REQUESTS ?? 3000);
const CLIENTS = Number(process.env.CLIENTS ?? 32);
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function serverReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

const NAMES = [
  'Tremblay',
  'Gagnon',
  'Roy',
  'Côté',
  'Nguyen',
  'Singh',
  'Smith',
  'Patel',
  'Bouchard',
  'Martin',
];
let counter = 0;
function intakeRequest(prefix: string) {
  counter++;
  return {
    referenceNumber: `H${prefix}${String(counter).padStart(6, '0')}`,
    applicationNumber: `24${String(counter).padStart(7, '0')}`,
    origin: counter % 3 ? 'OCAS' : 'OUAC',
    requestType: 'ORIGINAL',
    requestedAt: '2026-03-02',
    firstName: 'Élise',
    lastName: NAMES[counter % NAMES.length],
    birthDate: '2005-04-17',
    gender: 'F',
    oen: String(100000000 + counter),
    schoolBsid: counter % 2 ? '900001' : '900002',
    dateLastAttended: '2023-06',
    amountCollected: 12.5,
    destinationCode: 'SENECA',
    applicantEmail: 'applicant@example.org',
  };
}

async function drive(name: string, call: () => Promise<void>): Promise<void> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < REQUESTS) {
        next++;
        const t = performance.now();
        await call();
        samples.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${name}: ${REQUESTS} SubmitTranscriptRequest in ${seconds.toFixed(1)} s = ${(REQUESTS / seconds).toFixed(0)} requests/s; latency p50 ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms`,
  );
}

async function main() {
  const onServer = await serverReachable();
  const schema = `etms_bench_intake_${randomBytes(4).toString('hex')}`;
  if (onServer) dropAtExit(url, schema);
  const store = await openStore(onServer ? { url, schema, poolSize: 20 } : { dataDir: 'memory://' });
  const ctx = createContext({
    config: parseConfig({ logLevel: 'silent' }),
    store,
    log: createLogger({ level: 'silent' }),
  });
  const board = await store.organisations.upsertBoard('B99001', 'Bench Board');
  await store.organisations.upsertSchool(board.id, '900001', 'École Nord', 'Sudbury');
  await store.organisations.upsertSchool(board.id, '900002', 'South CI', 'Toronto');
  const credential = await createCredential(store, { kind: 'INTAKE', label: 'bench intake' });
  const server = createServer(createHttpApp(ctx, { ready: true }, [mountApi]));
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  console.log(`central on ${onServer ? 'PostgreSQL' : 'PGlite'}, ${CLIENTS} concurrent clients on loopback`);

  await drive('REST', async () => {
    const response = await fetch(`${base}/api/v1/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential.token}` },
      body: JSON.stringify(intakeRequest('20260302')),
    });
    if (response.status !== 201)
      throw new Error(`REST answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  });

  const client = await soap.createClientAsync(`${base}/soap/exchange?wsdl`);
  client.setSecurity(
    new soap.WSSecurity(credential.id, credential.secret, {
      passwordType: 'PasswordText',
      hasTimeStamp: false,
    }),
  );
  await drive('SOAP', async () => {
    const [result] = await client.SubmitTranscriptRequestAsync(intakeRequest('20260303'));
    if (!result.created) throw new Error('SOAP did not create the request');
  });
  const { rows } = await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM requests');
  console.log(`requests stored: ${rows[0].n}; peak memory (RSS): ${peakRssMiB().toFixed(0)} MiB`);

  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  if (onServer) await store.db.query(`DROP SCHEMA ${schema} CASCADE`);
  await store.close();
}

await main().finally(dropBenchSchemas);
