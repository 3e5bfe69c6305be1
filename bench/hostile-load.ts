/**
 * Hostile load: the central and the in-process agent on one server (loopback), a signed-in board
 * user reading `GET /demandes` and a probe reading `/healthz`, with no attack (the baseline), then
 * each attack alone, then all at once, in one run: PDF decompression bombs (a school user's upload),
 * huge report ranges and a 5-year PDF report, unauthenticated 7 MB SOAP bodies, and wrong passwords
 * ten at a time from ever new addresses. The attackers run in their own process
 * (bench/lib/hostile-attacker.ts). For each phase: the p50/p95 of both, the request thread's
 * event-loop delay, the server process's CPU (all its threads), RSS, what the agent sent, the load
 * average; then a verdict on the all-at-once phase against the targets: GET /demandes p95 ≤ 250 ms,
 * /healthz ≤ 100 ms, RSS < 1.5 GB, the agent still sending.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:hostile [seconds per phase]
 *   PHASES=baseline,all  (default: baseline,pdf,report,soap,password,all)
 *   AGENT_LOG=warn  (the agent's warnings on standard output; silent by default)
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
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

const SECONDS = Number(process.argv[2] ?? 8);
const ALL_ATTACKS = ['pdf', 'report', 'soap', 'password'];
/** The phases, in order: `baseline` (no attack), one attack's name, or `all` (the attacks of ATTACKS together). */
const PHASES = (process.env.PHASES ?? 'baseline,pdf,report,soap,password,all').split(',');
const TOGETHER = (process.env.ATTACKS ?? ALL_ATTACKS.join(',')).split(',');
const URL_PG = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PASSWORD = 'Bench-Hostile-2026!';
const SIS = join(import.meta.dirname, '..', 'test', 'agent', 'fixtures', 'sis');
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

/**
 * The attackers' process: resolves once it is ready with the end of its attacks, and with what it
 * sent once it has ended.
 */
function attackers(orders: Record<string, unknown>): {
  until: Promise<number>;
  sent: Promise<Record<string, number>>;
} {
  const script = join(import.meta.dirname, 'lib', 'hostile-attacker.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(orders)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let ready: (until: number) => void = () => undefined;
  const until = new Promise<number>((resolve) => (ready = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const line = /^ready (\d+)$/m.exec(out);
    if (line) ready(Number(line[1]));
  });
  const sent = new Promise<Record<string, number>>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => {
      ready(Date.now());
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, number>);
      } catch {
        resolve({});
      }
    });
  });
  return { until, sent };
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
}

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

interface Phase {
  name: string;
  demandes: number[];
  healthz: number[];
  sent: number;
  /** The agent's retries in the phase (a call that failed and will be made again). */
  retried: number;
  /** Requests the agent handed to staff in the phase. */
  reported: number;
  rssMax: number;
  /** The request thread's event-loop delay, p99 and max (ms). */
  loopP99: number;
  loopMax: number;
  /** CPU of the server's process, all threads, as a share of one core. */
  cpu: number;
  load: [number, number];
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
    // The password attack claims ever new addresses through X-Forwarded-For, as from behind a proxy.
    http: { trustProxy: true },
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
    {
      config,
      log: createLogger({ level: (process.env.AGENT_LOG ?? 'silent') as 'silent' }),
      clock: () => new Date(),
    },
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

  async function phase(name: string): Promise<Phase> {
    await feedAgent(400);
    const result: Phase = {
      name,
      demandes: [],
      healthz: [],
      sent: 0,
      retried: 0,
      reported: 0,
      rssMax: 0,
      loopP99: 0,
      loopMax: 0,
      cpu: 0,
      load: [loadavg()[0], 0],
      attacks: {},
    };
    const attacks = name === 'baseline' ? [] : name === 'all' ? TOGETHER : [name];
    // The attackers sign in and build their bodies first; the phase is measured from their start.
    const attack =
      attacks.length > 0
        ? attackers({
            base,
            seconds: SECONDS,
            attacks,
            school: 'nord.ecole',
            staff: 'conseil.un',
            password: PASSWORD,
            targets: uploadTargets,
          })
        : undefined;
    const until = attack ? await attack.until : Date.now() + SECONDS * 1000;
    const sentBefore = agent.stats().sent;
    const retriedBefore = agent.stats().retried;
    const reportedBefore = agent.stats().reported;
    const loop = async (body: () => Promise<void>) => {
      while (Date.now() < until) await body().catch(() => undefined);
    };
    const rss = setInterval(() => (result.rssMax = Math.max(result.rssMax, process.memoryUsage().rss)), 100);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const work: Promise<unknown>[] = [
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
    if (attack) work.push(attack.sent.then((sent) => (result.attacks = sent)));
    await Promise.all(work);
    const cpu = process.cpuUsage(cpuBefore);
    result.cpu = (cpu.user + cpu.system) / 1000 / (performance.now() - started);
    delay.disable();
    result.loopP99 = delay.percentile(99) / 1e6;
    result.loopMax = delay.max / 1e6;
    clearInterval(rss);
    result.load[1] = loadavg()[0];
    result.sent = agent.stats().sent - sentBefore;
    result.retried = agent.stats().retried - retriedBefore;
    result.reported = agent.stats().reported - reportedBefore;
    return result;
  }

  console.log(
    `hostile load on ${onServer ? 'PostgreSQL' : 'PGlite'}, ${SECONDS} s a phase, loopback; all at once: ${TOGETHER.join(', ')}`,
  );
  const phases: Phase[] = [];
  for (const name of PHASES) phases.push(await phase(name));
  const row = (label: string, f: (p: Phase) => string) =>
    console.log(`${label.padEnd(26)} ${phases.map((p) => f(p).padStart(10)).join(' ')}`);
  row('', (p) => p.name);
  row('GET /demandes p50 (ms)', (p) => percentile(p.demandes, 50).toFixed(1));
  row('GET /demandes p95 (ms)', (p) => percentile(p.demandes, 95).toFixed(1));
  row('GET /demandes requests', (p) => String(p.demandes.length));
  row('/healthz p95 (ms)', (p) => percentile(p.healthz, 95).toFixed(1));
  row('/healthz max (ms)', (p) => Math.max(...p.healthz).toFixed(1));
  row('event-loop delay p99 (ms)', (p) => p.loopP99.toFixed(1));
  row('event-loop delay max (ms)', (p) => p.loopMax.toFixed(1));
  row('server CPU (cores)', (p) => p.cpu.toFixed(2));
  row('RSS max (MiB)', (p) => (p.rssMax / 1048576).toFixed(0));
  row('agent sent', (p) => String(p.sent));
  row('agent handed to staff', (p) => String(p.reported));
  row('agent retried', (p) => String(p.retried));
  row('load average (1 min)', (p) => `${p.load[0].toFixed(1)}-${p.load[1].toFixed(1)}`);
  for (const p of phases)
    if (Object.keys(p.attacks).length)
      console.log(
        `${p.name}: ${Object.entries(p.attacks)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      );
  const judged = phases.find((p) => p.name === 'all') ?? phases[phases.length - 1];
  const checks = [
    ['GET /demandes p95 ≤ 250 ms', percentile(judged.demandes, 95) <= 250],
    ['/healthz ≤ 100 ms (p95)', percentile(judged.healthz, 95) <= 100],
    ['RSS < 1.5 GB', judged.rssMax < 1.5 * 1024 ** 3],
    ['the agent keeps sending', judged.sent > 0],
  ] as const;
  for (const [what, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'} ${what} (${judged.name})`);
  await agent.stop();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  if (onServer) await dropSchema(store.db, schema);
  await store.close();
  process.exit(checks.every(([, ok]) => ok) ? 0 : 1);
}

await main();
