/**
 * Auto-eTMS end to end: 10,000 pending requests against a 200,000-student SIS in PostgreSQL (the
 * sample schema of config/examples/postgres-sis-schema.sql, loaded with COPY, read by the postgres
 * adapter with config/examples/postgres-sis.json), the agent reaching the central over SOAP on
 * loopback. Prints requests/s, p95 per request and peak memory.
 *   npx tsx bench/agent.ts            (PostgreSQL at DATABASE_URL or 127.0.0.1:5432/test)
 *   STUDENTS=50000 REQUESTS=2000 CONCURRENCY=16 TRANSPORT=rest npx tsx bench/agent.ts
 *   SIS_POOL=20 SIS_BIRTH_DATE_CACHE=60 … (SIS pool size; seconds birth-date answers are reused)
 *   CENTRAL=inline … runs the central in this process instead of a process of its own
 *   CENTRAL_NODE_ARGS='--cpu-prof' … node options for the central's process
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pgCopy from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { generate } from './lib/synthetic.js';
import { dropAtExit, dropBenchSchemas } from './lib/schemas.js';
import { peakRssMiB, percentile } from './lib/stats.js';
import { createSisAdapter, type SisConfig } from '../adapters/index.js';
import { openStore } from '../src/store/index.js';
import { parseConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { createLogger } from '../src/log.js';
import { createHttpApp } from '../src/http/app.js';
import { mountApi } from '../src/api/index.js';
import { createCredential } from '../src/api/credentials.js';
import { runAgent } from '../src/agent/daemon.js';
import { createSoapPort } from '../src/agent/soap-port.js';
import { createRestPort } from '../src/agent/rest-port.js';
import { searchKey } from '../src/domain/request.js';

/**
 * CPU seconds used so far by this machine's PostgreSQL processes (the postmaster's count includes
 * its ended backends), or undefined where /proc cannot tell (not Linux, another user's server).
 */
function postgresCpuSeconds(): number | undefined {
  try {
    const tick = 100; // USER_HZ on Linux
    let total = 0;
    let seen = false;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!name.startsWith('postgres') && !name.startsWith('postmaster')) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      seen = true;
    }
    return seen ? total / tick : undefined;
  } catch {
    return undefined;
  }
}

const STUDENTS = Number(process.env.STUDENTS ?? 200_000);
const REQUESTS = Number(process.env.REQUESTS ?? 10_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const TRANSPORT = (process.env.TRANSPORT ?? 'soap') as 'soap' | 'rest';
const CENTRAL = process.env.CENTRAL ?? 'process';
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const csv = (v: string | undefined | null) =>
  v === undefined || v === null || v === '' ? '' : `"${v.replace(/"/g, '""')}"`;
const COURSES = [
  ['ENG4U1', 'English', 12, true],
  ['MHF4U1', 'Advanced Functions', 12, false],
  ['SCH3U1', 'Chemistry', 11, false],
  ['CHC2D1', 'Canadian History', 10, true],
  ['FSF1D1', 'Core French', 9, true],
] as const;

async function copy(client: pg.PoolClient, sql: string, rows: () => Generator<string>) {
  await pipeline(Readable.from(rows(), { objectMode: false }), client.query(pgCopy.from(sql)));
}

async function main() {
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await probe.connect();
    await probe.end();
  } catch (error) {
    console.log(`agent bench skipped: no PostgreSQL at ${new URL(url).host} (${(error as Error).message})`);
    return;
  }
  const tag = randomBytes(4).toString('hex');
  const sisSchema = `etms_bench_agent_sis_${tag}`;
  const centralSchema = `etms_bench_agent_central_${tag}`;
  dropAtExit(url, sisSchema);
  dropAtExit(url, centralSchema);
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const outbox = mkdtempSync(join(tmpdir(), 'etms-bench-outbox-'));
  const t0 = performance.now();
  const data = generate({ students: STUDENTS, requests: REQUESTS, seed: 20260302 });
  const schools = [...new Set(data.students.map((s) => s.schoolBsid!).filter(Boolean))].sort();
  console.log(
    `generated ${data.students.length.toLocaleString('en')} students and ${data.requests.length.toLocaleString('en')} requests in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  // The SIS.
  const client = await admin.connect();
  try {
    const text = await readFile(
      new URL('../config/examples/postgres-sis-schema.sql', import.meta.url),
      'utf8',
    );
    await client.query(`CREATE SCHEMA ${sisSchema}`);
    await client.query(`SET search_path TO ${sisSchema}`);
    await client.query(text.slice(0, text.indexOf('-- Lookups by identifier.')));
    await client.query(`INSERT INTO board (board_number, name) VALUES ('B66052', 'Bench Board')`);
    for (const [i, bsid] of schools.entries())
      await client.query(
        'INSERT INTO school (school_id, bsid, name, city, board_id) VALUES ($1, $2, $3, $4, 1)',
        [i + 1, bsid, `School ${bsid}`, 'Toronto'],
      );
    const schoolId = new Map(schools.map((b, i) => [b, i + 1]));
    const s = data.students;
    await copy(
      client,
      'COPY student (student_id, student_number, oen, home_school_id) FROM STDIN (FORMAT csv)',
      function* () {
        for (let i = 0; i < s.length; i++)
          yield `${i + 1},${csv(s[i].studentNumber)},${s[i].oen ?? ''},${schoolId.get(s[i].schoolBsid!) ?? ''}\n`;
      },
    );
    await copy(
      client,
      'COPY student_demographics (student_id, legal_first_name, legal_middle_names, legal_last_name, preferred_first_name, birth_date, gender) FROM STDIN (FORMAT csv)',
      function* () {
        for (let i = 0; i < s.length; i++)
          yield `${i + 1},${csv(s[i].firstName)},${csv(s[i].middleNames)},${csv(s[i].lastName)},${csv(s[i].preferredFirstName)},${s[i].birthDate},${s[i].gender ?? ''}\n`;
      },
    );
    await copy(
      client,
      'COPY student_previous_name (student_id, last_name, changed_on) FROM STDIN (FORMAT csv)',
      function* () {
        for (let i = 0; i < s.length; i++)
          for (const p of s[i].previousLastNames) yield `${i + 1},${csv(p)},2020-01-01\n`;
      },
    );
    await copy(
      client,
      'COPY student_school_enrolment (student_id, school_id, entry_date, exit_date) FROM STDIN (FORMAT csv)',
      function* () {
        for (let i = 0; i < s.length; i++)
          yield `${i + 1},${schoolId.get(s[i].schoolBsid!) ?? 1},2019-09-03,${s[i].dateLastAttended ? `${s[i].dateLastAttended}-28` : ''}\n`;
      },
    );
    // One student in twenty has no marks yet: those go to staff (« Aucune donnée scolaire »).
    await copy(
      client,
      'COPY transcript_mark (student_id, course_code, course_title, grade_level, completion_date, mark, credit_value, credit_earned, compulsory) FROM STDIN (FORMAT csv)',
      function* () {
        for (let i = 0; i < s.length; i++) {
          if (i % 20 === 0) continue;
          for (const [j, [code, title, grade, compulsory]] of COURSES.entries())
            yield `${i + 1},${code},${title},${grade},${2019 + (grade - 9)}-06-28,${60 + ((i + j * 7) % 40)},1,1,${compulsory}\n`;
        }
      },
    );
    await copy(
      client,
      'COPY diploma_requirement (student_id, community_hours, literacy_status, online_learning, diploma_type, diploma_date) FROM STDIN (FORMAT csv)',
      function* () {
        for (let i = 0; i < s.length; i++) if (i % 20 !== 0) yield `${i + 1},40,OSSLT,MET,OSSD,2023-06-28\n`;
      },
    );
    await client.query(text.slice(text.indexOf('-- Lookups by identifier.')));
    await client.query('VACUUM (ANALYZE)');
  } finally {
    client.release();
  }
  console.log(
    `SIS loaded with COPY (${STUDENTS.toLocaleString('en')} students, ${(STUDENTS * 0.95 * COURSES.length).toLocaleString('en')} marks) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  // The central, its board and the pending requests.
  const store = await openStore({ url, schema: centralSchema, poolSize: 20 });
  const config = parseConfig({
    logLevel: 'silent',
    agent: {
      board: 'B66052',
      concurrency: CONCURRENCY,
      batchSize: 1000,
      leaseSeconds: 600,
      pollSeconds: 0.2,
    },
    delivery: { outboxDir: outbox },
  });
  const ctx = createContext({ config, store, log: createLogger({ level: 'silent' }) });
  const board = await store.organisations.upsertBoard('B66052', 'Bench Board');
  const centralSchool = new Map<string, number>();
  for (const bsid of schools)
    centralSchool.set(
      bsid,
      (await store.organisations.upsertSchool(board.id, bsid, `School ${bsid}`, 'Toronto')).id,
    );
  const rows = data.requests.map((r, i) => ({
    ...r.request,
    ref: `H20260302${String(i + 1).padStart(6, '0')}`,
    bsid: r.request.schoolBsid && centralSchool.has(r.request.schoolBsid) ? r.request.schoolBsid : schools[0],
  }));
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const params: unknown[] = [];
    const values = chunk.map((r) => {
      params.push(
        r.ref,
        r.firstName ?? null,
        r.lastName ?? null,
        r.previousLastName ?? null,
        r.birthDate ?? null,
        r.gender ?? null,
        r.oen ?? null,
        r.studentNumber ?? null,
        board.id,
        centralSchool.get(r.bsid),
        r.bsid,
        r.dateLastAttended ?? null,
        searchKey(r.firstName),
        searchKey(r.lastName),
      );
      const b = params.length - 14;
      return `(${Array.from({ length: 14 }, (_, k) => `$${b + k + 1}`).join(',')}, 'OCAS', 'ORIGINAL', '2026-03-02', 'ACTION_REQUIRED')`;
    });
    await store.db.query(
      `INSERT INTO requests (reference_number, first_name, last_name, previous_last_name, birth_date, gender, oen, student_number, board_id, school_id, school_bsid, date_last_attended, search_first, search_last, origin, request_type, requested_at, status) VALUES ${values.join(',')}`,
      params,
    );
  }
  const credential = await createCredential(store, {
    kind: 'AGENT',
    boardId: board.id,
    label: 'bench agent',
  });
  // The central runs in its own process by default, as in production; CENTRAL=inline shares ours.
  let centralUrl: string;
  let stopCentral: () => Promise<number | undefined>;
  if (CENTRAL === 'inline') {
    const server = createServer(createHttpApp(ctx, { ready: true }, [mountApi]));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    centralUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    stopCentral = async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      return undefined;
    };
  } else {
    const child = spawn(
      process.execPath,
      [
        ...(process.env.CENTRAL_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
        '--import',
        'tsx',
        fileURLToPath(new URL('./lib/central-server.ts', import.meta.url)),
      ],
      {
        env: { ...process.env, DATABASE_URL: url, CENTRAL_SCHEMA: centralSchema, OUTBOX_DIR: outbox },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const lines = createInterface({ input: child.stdout });
    const next = () =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        lines.once('line', (line) => resolve(JSON.parse(line) as Record<string, unknown>));
        child.once('exit', (code) => reject(new Error(`the central process stopped (exit code ${code})`)));
      });
    centralUrl = String((await next()).url);
    stopCentral = async () => {
      const report = next();
      child.kill('SIGTERM');
      return Number((await report).cpuMs);
    };
  }

  const sisConfig = JSON.parse(
    await readFile(new URL('../config/examples/postgres-sis.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  const sis = await createSisAdapter({
    ...sisConfig,
    url: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${sisSchema}`)}`,
    poolSize: Number(process.env.SIS_POOL ?? 20),
    birthDateCacheSeconds: Number(process.env.SIS_BIRTH_DATE_CACHE ?? 0),
  } as SisConfig);
  // Time spent in the SIS, to tell it apart from the exchange.
  const sisMs = { candidates: [] as number[], transcript: [] as number[] };
  const adapter: typeof sis = {
    kind: sis.kind,
    candidates: async (keys) => {
      const t = performance.now();
      try {
        return await sis.candidates(keys);
      } finally {
        sisMs.candidates.push(performance.now() - t);
      }
    },
    transcript: async (n) => {
      const t = performance.now();
      try {
        return await sis.transcript(n);
      } finally {
        sisMs.transcript.push(performance.now() - t);
      }
    },
    ...(sis.transcripts
      ? {
          transcripts: async (numbers: string[]) => {
            const t = performance.now();
            try {
              return await sis.transcripts!(numbers);
            } finally {
              // Each record of a batch waited for the whole batch.
              const ms = performance.now() - t;
              for (let i = 0; i < numbers.length; i++) sisMs.transcript.push(ms);
            }
          },
        }
      : {}),
    health: () => sis.health(),
    close: () => sis.close(),
  };
  const remote = { url: centralUrl, credentialId: credential.id, secret: credential.secret };
  const port = TRANSPORT === 'soap' ? createSoapPort(remote) : createRestPort(remote);

  {
    // The ceiling the SIS sets: the same match and record reads for 500 requests, no exchange at all.
    const { default: PQueue } = await import('p-queue');
    const { matchRequest } = await import('../src/matching/index.js');
    const q = new PQueue({ concurrency: CONCURRENCY });
    const sample = rows.slice(0, 500);
    const t = performance.now();
    await Promise.all(
      sample.map((r) =>
        q.add(async () => {
          const d = await matchRequest({ ...r, schoolBsid: r.bsid }, sis);
          if (d.outcome === 'auto' && d.student) await sis.transcript(d.student.studentNumber);
        }),
      ),
    );
    console.log(
      `SIS alone (match + record, concurrency ${CONCURRENCY}): ${(sample.length / ((performance.now() - t) / 1000)).toFixed(1)} requests/s`,
    );
  }
  console.log(
    `running the agent: ${REQUESTS.toLocaleString('en')} requests, ${TRANSPORT.toUpperCase()} on loopback, concurrency ${CONCURRENCY}`,
  );
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const pgBefore = postgresCpuSeconds();
  const durationsMs: number[] = [];
  const agent = runAgent(
    {
      config,
      log: process.env.AGENT_LOG ? createLogger({ level: 'warn' }) : ctx.log,
      clock: () => new Date(),
    },
    { port, adapter, onProcessed: (_outcome, ms) => durationsMs.push(ms) },
  );
  const progress = setInterval(() => {
    const s = agent.stats();
    process.stderr.write(`  … ${s.sent + s.reported} done (${s.retried} retried)\n`);
  }, 10_000);
  await agent.drain();
  clearInterval(progress);
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = process.cpuUsage(cpuBefore);
  const pgAfter = postgresCpuSeconds();
  await agent.stop();
  const centralCpuMs = await stopCentral();
  const stats = agent.stats();
  const { rows: counts } = await store.db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM requests GROUP BY status ORDER BY status',
  );
  const { rows: tx } = await store.db.query<{ n: number; dup: number }>(
    'SELECT count(*)::int AS n, (count(*) - count(DISTINCT request_id))::int AS dup FROM transcripts',
  );
  console.log(
    `processed ${(stats.sent + stats.reported).toLocaleString('en')} requests in ${seconds.toFixed(1)} s: ${((stats.sent + stats.reported) / seconds).toFixed(1)} requests/s`,
  );
  console.log(
    `  sent ${stats.sent}, to staff ${stats.reported}, retried ${stats.retried}, dropped ${stats.dropped}; transcripts stored ${tx[0].n} (duplicates ${tx[0].dup})`,
  );
  console.log(
    `  per request: p50 ${percentile(durationsMs, 50).toFixed(1)} ms, p95 ${percentile(durationsMs, 95).toFixed(1)} ms, p99 ${percentile(durationsMs, 99).toFixed(1)} ms`,
  );
  console.log(
    `  SIS: candidates p50 ${percentile(sisMs.candidates, 50).toFixed(1)} ms p95 ${percentile(sisMs.candidates, 95).toFixed(1)} ms; transcript p50 ${percentile(sisMs.transcript, 50).toFixed(1)} ms p95 ${percentile(sisMs.transcript, 95).toFixed(1)} ms`,
  );
  const done = stats.sent + stats.reported;
  console.log(
    `  CPU per request: agent ${((cpuAfter.user + cpuAfter.system) / 1000 / done).toFixed(1)} ms${centralCpuMs === undefined ? ' (central in the same process)' : `, central ${(centralCpuMs / done).toFixed(1)} ms (its whole life, loading included)`}${pgBefore !== undefined && pgAfter !== undefined ? `, PostgreSQL (SIS and central) ${(((pgAfter - pgBefore) * 1000) / done).toFixed(1)} ms` : ''}`,
  );
  console.log(`  statuses: ${counts.map((c) => `${c.status} ${c.n}`).join(', ')}`);
  console.log(`  peak memory (RSS): ${peakRssMiB().toFixed(0)} MiB`);

  await adapter.close();
  await store.db.query(`DROP SCHEMA ${centralSchema} CASCADE`);
  await store.close();
  await admin.query(`DROP SCHEMA ${sisSchema} CASCADE`);
  await admin.end();
  rmSync(outbox, { recursive: true, force: true });
}

await main().finally(dropBenchSchemas);
