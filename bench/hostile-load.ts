/**
 * Hostile load: the central and the in-process agent on one server (loopback), a signed-in board
 * user reading `GET /demandes` and a probe reading `/healthz`, first alone (the baseline), then while
 * attackers send PDF decompression bombs (a school user's upload), huge report ranges and a 5-year
 * PDF report, unauthenticated 7 MB SOAP bodies and parallel wrong passwords. Prints both phases side
 * by side and a verdict against the targets: GET /demandes p95 ≤ 250 ms, /healthz ≤ 100 ms, RSS
 * < 1.5 GB, the agent still sending.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:hostile [seconds per phase]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openStore, type Store } from '../src/store/index.js';
import { dropSchema } from '../src/store/db.js';
import { parseConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { createLogger } from '../src/log.js';
import { createHttpApp } from '../src/http/app.js';
import { mountAdmin } from '../src/admin/index.js';
import { mountApi } from '../src/api/index.js';
import { createCredential } from '../src/api/credentials.js';
import { createExchangeService } from '../src/requests/exchange-service.js';
import { createInProcessPort } from '../src/agent/in-process-port.js';
import { runAgent } from '../src/agent/daemon.js';
import { createSisAdapter } from '../adapters/index.js';
import { aRequest } from '../test/support/requests.js';

const SECONDS = Number(process.argv[2] ?? 12);
/** Which attacks run in the hostile phase (ATTACKS=pdf,report,soap,password; all by default). */
const ATTACKS = new Set((process.env.ATTACKS ?? 'pdf,report,soap,password').split(','));
const URL_PG = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PASSWORD = 'Bench-Hostile-2026!';
const SIS = join(import.meta.dirname, '..', 'test', 'agent', 'fixtures', 'sis');
const ONE_PAGE = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'transcripts', 'pdf', 'transcript-one-page.pdf'),
);

async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: URL_PG, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** 4 GB of zeros as one FlateDecode object stream appended to a valid PDF (about 4 MB). */
/** Two clients in a child process posting 7 MB unauthenticated envelopes until `until`; how many. */
function soapFlood(url: string, until: number): Promise<number> {
  const script = `
    const body = Buffer.concat([
      Buffer.from('<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><x>'),
      Buffer.alloc(7 * 1024 * 1024, 0x61),
      Buffer.from('</x></soap:Body></soap:Envelope>'),
    ]);
    let sent = 0;
    const one = async () => {
      while (Date.now() < ${until}) {
        await fetch(${JSON.stringify(url)}, {
          method: 'POST',
          headers: { 'content-type': 'text/xml', soapaction: 'SubmitTranscriptRequest' },
          body,
        }).then((r) => r.arrayBuffer()).catch(() => undefined);
        sent++;
      }
    };
    Promise.all([one(), one()]).then(() => console.log(sent));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve(Number(out.trim()) || 0));
  });
}

function pdfBomb(): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const parts = [Buffer.from([0x78, 0xda])];
  for (let i = 0; i < 4096; i++) parts.push(block);
  parts.push(Buffer.from([0x03, 0x00, 0, 0, 0, 0]));
  const data = Buffer.concat(parts);
  return Buffer.concat([
    ONE_PAGE,
    Buffer.from(
      `\n999 0 obj\n<< /Type /ObjStm /N 1 /First 0 /Filter /FlateDecode /Length ${data.length} >>\nstream\n`,
    ),
    data,
    Buffer.from('\nendstream\nendobj\n%%EOF\n'),
  ]);
}

/** A browser-like client: cookies and the form's CSRF token. */
class Browser {
  private readonly jar = new Map<string, string>();
  private csrf = '';
  constructor(private readonly base: string) {}
  async send(method: string, path: string, body?: RequestInit['body'], headers: Record<string, string> = {}) {
    const res = await fetch(new URL(path, this.base), {
      method,
      body,
      redirect: 'manual',
      headers: { cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '), ...headers },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair.indexOf('=');
      this.jar.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
    }
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text);
    if (token) this.csrf = token[1];
    return { status: res.status, text };
  }
  async signIn(username: string, password = PASSWORD) {
    await this.send('GET', '/connexion');
    return this.send('POST', '/connexion', new URLSearchParams({ _csrf: this.csrf, username, password }), {
      'content-type': 'application/x-www-form-urlencoded',
    });
  }
  async upload(path: string, bytes: Uint8Array) {
    await this.send('GET', path);
    const form = new FormData();
    form.set('_csrf', this.csrf);
    form.set('file', new Blob([bytes], { type: 'application/pdf' }), 'releve.pdf');
    return this.send('POST', path, form);
  }
}

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

interface Phase {
  demandes: number[];
  healthz: number[];
  sent: number;
  rssMax: number;
  attacks: Record<string, number>;
}

async function main() {
  const onServer = await pgReachable();
  const schema = `etms_bench_hostile_${randomBytes(4).toString('hex')}`;
  const store: Store = await openStore(
    onServer ? { url: URL_PG, schema, poolSize: 20 } : { dataDir: 'memory://' },
  );
  const config = parseConfig({
    logLevel: 'silent',
    upload: { maxBytes: 10 * 1024 * 1024 },
    agent: {
      board: 'B99001',
      concurrency: 2,
      batchSize: 10,
      pollSeconds: 0.2,
      sis: { kind: 'csv', dir: SIS },
    },
  });
  const ctx = createContext({ config, store, log: createLogger({ level: 'silent' }) });
  const board = await store.organisations.upsertBoard('B99001', 'Conseil d’essai');
  const north = await store.organisations.upsertSchool(board.id, '900001', 'École Nord', 'Sudbury');
  await store.organisations.upsertSchool(board.id, '900002', 'South CI', 'Toronto');
  await store.users.create({
    username: 'conseil.un',
    displayName: 'Conseil',
    role: 'BOARD',
    boardId: board.id,
    password: PASSWORD,
  });
  await store.users.create({
    username: 'nord.ecole',
    displayName: 'Nord',
    role: 'SCHOOL',
    schoolId: north.id,
    password: PASSWORD,
  });
  await store.users.create({
    username: 'victim',
    displayName: 'Victim',
    role: 'BOARD',
    boardId: board.id,
    password: PASSWORD,
  });
  const agentCredential = await createCredential(store, {
    kind: 'AGENT',
    boardId: board.id,
    label: 'bench agent',
  });
  // Requests for staff to read, and requests the agent can answer from the SIS fixture.
  for (let i = 0; i < 300; i++)
    await store.requests.create(
      aRequest({ schoolBsid: '900001', lastName: `Lecture${i}`, status: 'ACTION_REQUIRED' }),
    );
  const uploadTargets: string[] = [];
  for (let i = 0; i < 40; i++)
    uploadTargets.push(
      (
        await store.requests.create(
          aRequest({ schoolBsid: '900001', lastName: `Cible${i}`, status: 'STUDENT_NOT_FOUND' }),
        )
      ).request.referenceNumber,
    );
  let seq = 0;
  const feedAgent = async (n: number) => {
    for (let i = 0; i < n; i++)
      await store.requests.create(
        aRequest({
          referenceNumber: `H20261202${String(600000 + ++seq)}`,
          firstName: 'Amélie',
          lastName: 'Tremblay',
          birthDate: '2005-04-17',
          oen: '123456789',
          schoolBsid: '900001',
        }),
      );
  };

  const server: Server = createServer(createHttpApp(ctx, { ready: true }, [mountAdmin, mountApi]));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const service = createExchangeService(ctx);
  const adapter = await createSisAdapter({ kind: 'csv', dir: SIS });
  const agent = runAgent(
    { config, log: ctx.log, clock: () => new Date() },
    {
      port: createInProcessPort(service, {
        kind: 'AGENT',
        credentialId: agentCredential.id,
        boardId: board.id,
      }),
      adapter,
      owner: 'bench-agent',
    },
  );
  const staff = new Browser(base);
  await staff.signIn('conseil.un');
  const school = new Browser(base);
  await school.signIn('nord.ecole');
  const bomb = pdfBomb();

  async function phase(hostile: boolean): Promise<Phase> {
    await feedAgent(400);
    const sentBefore = agent.stats().sent;
    const result: Phase = { demandes: [], healthz: [], sent: 0, rssMax: 0, attacks: {} };
    const until = Date.now() + SECONDS * 1000;
    const count = (name: string) => (result.attacks[name] = (result.attacks[name] ?? 0) + 1);
    const loop = async (body: () => Promise<void>) => {
      while (Date.now() < until) await body().catch(() => undefined);
    };
    const rss = setInterval(() => (result.rssMax = Math.max(result.rssMax, process.memoryUsage().rss)), 100);
    const work: Promise<void>[] = [
      loop(async () => {
        const t = performance.now();
        const r = await staff.send('GET', '/demandes?tab=TO_PROCESS');
        if (r.status !== 200) throw new Error(`GET /demandes ${r.status}`);
        result.demandes.push(performance.now() - t);
        await new Promise((res) => setTimeout(res, 50));
      }),
      loop(async () => {
        const t = performance.now();
        await fetch(`${base}/healthz`).then((r) => r.arrayBuffer());
        result.healthz.push(performance.now() - t);
        await new Promise((res) => setTimeout(res, 100));
      }),
    ];
    if (hostile) {
      let target = 0;
      // A thunk: an attack's loop starts when it is built.
      const on = <T>(name: string, attacks: () => T[]): T[] => (ATTACKS.has(name) ? attacks() : []);
      work.push(
        ...on('pdf', () => [
          loop(async () => {
            await school.upload(
              `/demandes/${uploadTargets[target++ % uploadTargets.length]}/televerser`,
              bomb,
            );
            count('PDF bombs');
          }),
        ]),
        ...on('report', () => [
          loop(async () => {
            await staff.send('GET', '/rapports?from=0001-01-01&to=9999-12-31&view=summary');
            await staff.send(
              'GET',
              '/rapports/telecharger?from=2021-12-03&to=2026-12-02&view=detailed&format=pdf',
            );
            count('huge report ranges + 5-year PDF');
          }),
        ]),
        // The flood comes from another process, as an attacker's would: its own event loop sends
        // the bytes, so what is measured is what the server spends on them.
        ...on('soap', () => [
          soapFlood(`${base}/soap/exchange`, until).then((sent) => {
            result.attacks['7 MB unauthenticated SOAP'] = sent;
          }),
        ]),
        ...on('password', () => [
          loop(async () => {
            await Promise.all(
              Array.from({ length: 10 }, () =>
                new Browser(base).signIn('victim', 'wrong-password').then(() => count('wrong passwords')),
              ),
            );
          }),
        ]),
      );
    }
    await Promise.all(work);
    clearInterval(rss);
    result.sent = agent.stats().sent - sentBefore;
    return result;
  }

  console.log(`hostile load on ${onServer ? 'PostgreSQL' : 'PGlite'}, ${SECONDS} s a phase, loopback`);
  const baseline = await phase(false);
  const hostile = await phase(true);
  const row = (name: string, f: (p: Phase) => string) =>
    console.log(`${name.padEnd(28)} ${f(baseline).padStart(14)} ${f(hostile).padStart(14)}`);
  console.log(`${''.padEnd(28)} ${'baseline'.padStart(14)} ${'hostile'.padStart(14)}`);
  row('GET /demandes p50 (ms)', (p) => percentile(p.demandes, 50).toFixed(1));
  row('GET /demandes p95 (ms)', (p) => percentile(p.demandes, 95).toFixed(1));
  row('GET /demandes requests', (p) => String(p.demandes.length));
  row('/healthz p95 (ms)', (p) => percentile(p.healthz, 95).toFixed(1));
  row('/healthz max (ms)', (p) => Math.max(...p.healthz).toFixed(1));
  row('RSS max (MiB)', (p) => (p.rssMax / 1048576).toFixed(0));
  row('agent sent', (p) => String(p.sent));
  console.log(
    `attacks sent: ${Object.entries(hostile.attacks)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  const checks = [
    ['GET /demandes p95 ≤ 250 ms', percentile(hostile.demandes, 95) <= 250],
    ['/healthz ≤ 100 ms (p95)', percentile(hostile.healthz, 95) <= 100],
    ['RSS < 1.5 GB', hostile.rssMax < 1.5 * 1024 ** 3],
    ['the agent keeps sending', hostile.sent > 0],
  ] as const;
  for (const [what, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'} ${what}`);
  await agent.stop();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  if (onServer) await dropSchema(store.db, schema);
  await store.close();
  process.exit(checks.every(([, ok]) => ok) ? 0 : 1);
}

await main();
