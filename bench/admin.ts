/**
 * Admin pages under load: one million requests in PostgreSQL (bulk-loaded with COPY), the real app
 * on 127.0.0.1, a board user and a school user signed in, autocannon against the requests page
 * (default tab, and a sorted deep page) for ~10 s each with BENCH_CONNECTIONS (4) at once. Prints p50/p95/p99 and requests/s, and the
 * plan of each list query.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/admin.ts [rows]
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import autocannon from 'autocannon';
import { from as copyFrom } from 'pg-copy-streams';
import { openStore, type Db } from '../src/store/index.js';
import { RequestRepository } from '../src/store/requests.js';
import { dropSchema } from '../src/store/db.js';
import { parseConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { createLogger } from '../src/log.js';
import { createHttpApp } from '../src/http/app.js';
import { mountAdmin } from '../src/admin/index.js';
import { searchKey } from '../src/domain/request.js';
import { dropAtExit } from './lib/schemas.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHOOLS = 40;
const PASSWORD = 'Bench-Pass-2026!';
const DURATION = 10;
/** Staff working at once on the same server. */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);

const FIRST = [
  'Amélie',
  'Noah',
  'Léa',
  'Liam',
  'Chloé',
  'William',
  'Emma',
  'Jacob',
  'Olivia',
  'Thomas',
  'Zoé',
  'Félix',
  'Maya',
  'Nathan',
  'Alice',
  'Samuel',
];
const LAST = [
  'Tremblay',
  'Gagnon',
  'Roy',
  'Côté',
  'Bouchard',
  'Gauthier',
  'Morin',
  'Lavoie',
  'Fortin',
  'Gagné',
  'Smith',
  'Brown',
  'Wilson',
  'Singh',
  'Nguyen',
  'MacDonald',
  'Patel',
  "O'Neil",
];
const STATUSES: Array<[string, number]> = [
  ['ACTION_REQUIRED', 0.07],
  ['AUTO_PROCESS_ERROR', 0.03],
  ['STUDENT_NOT_FOUND', 0.02],
  ['NO_ACADEMIC_DATA', 0.01],
  ['ON_HOLD_FINANCIAL', 0.01],
  ['UPLOAD_ERROR', 0.005],
  ['TRANSCRIPT_UPLOADED', 0.005],
  ['PAPER_SENT', 0.05],
  ['CANCELLED', 0.01],
  ['E_TRANSCRIPT_SENT', 1],
];

const CUMULATIVE = STATUSES.map(
  ([status], k) => [status, STATUSES.slice(0, k + 1).reduce((a, [, q]) => a + q, 0)] as const,
);

/** A small deterministic generator so runs are comparable. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const csv = (v: string | number | null) =>
  v === null ? '' : typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`;

function rowsStream(schools: Array<{ id: number; boardId: number; bsid: string }>): Readable {
  const random = rng(42);
  const start = Date.UTC(2016, 0, 1);
  const span = Date.UTC(2026, 0, 1) - start;
  let i = 0;
  return new Readable({
    read() {
      let chunk = '';
      for (let n = 0; n < 2000 && i < ROWS; n++, i++) {
        const school = schools[Math.floor(random() * schools.length)];
        const at = new Date(start + Math.floor(random() * span));
        const day = at.toISOString().slice(0, 10);
        const r = random();
        const status = CUMULATIVE.find(([, upTo]) => r < upTo)?.[0] ?? 'E_TRANSCRIPT_SENT';
        const completed = ['E_TRANSCRIPT_SENT', 'PAPER_SENT', 'CANCELLED'].includes(status)
          ? new Date(at.getTime() + Math.floor(random() * 10 * 86_400_000)).toISOString()
          : null;
        const first = FIRST[Math.floor(random() * FIRST.length)];
        const last = LAST[Math.floor(random() * LAST.length)];
        const year = 2000 + Math.floor(random() * 25);
        const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
        chunk +=
          [
            csv(`H${day.replace(/-/g, '')}${String(i + 1).padStart(7, '0')}`),
            csv(String(240000000 + i)),
            csv(random() < 0.9 ? 'OCAS' : 'OUAC'),
            csv(random() < 0.92 ? 'ORIGINAL' : 'REISSUE'),
            csv(day),
            csv(at.toISOString()),
            csv(random() < 0.85 ? 'NOW' : 'END_OF_TERM'),
            csv(first),
            csv(last),
            csv(
              `${1985 + Math.floor(random() * 20)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
            ),
            csv(String(100000000 + Math.floor(random() * 899999999))),
            school.boardId,
            school.id,
            csv(school.bsid),
            csv(`${year}-${month}`),
            csv(status),
            csv(completed),
            csv(completed ? (status === 'PAPER_SENT' ? 'PAPER' : 'AUTO') : null),
            csv(completed ? 'Auto-eTMS' : 'System/Système'),
            csv(searchKey(first)),
            csv(searchKey(last)),
          ].join(',') + '\n';
      }
      this.push(chunk || null);
      if (i >= ROWS && chunk) this.push(null);
    },
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function signIn(base: string, username: string): Promise<string> {
  const page = await fetch(`${base}/connexion`);
  const loginCookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const res = await fetch(`${base}/connexion`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
    body: new URLSearchParams({ _csrf: csrf, username, password: PASSWORD }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('etms_session='));
  if (res.status !== 303 || !session) throw new Error(`sign-in of ${username} failed (${res.status})`);
  return session.split(';')[0];
}

async function load(title: string, url: string, cookie: string) {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, connections: CONNECTIONS, duration: DURATION, headers: { cookie } },
      (error, r) => (error ? reject(error) : resolve(r)),
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      if (status === 200) times.push(responseTime);
    });
  });
  times.sort((a, b) => a - b);
  const line = `${title.padEnd(44)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms  p99 ${percentile(times, 99).toFixed(1).padStart(6)} ms  ${result.requests.average.toFixed(0).padStart(5)} req/s  (non-2xx ${result.non2xx}, errors ${result.errors})`;
  console.log(line);
  return percentile(times, 95);
}

async function main() {
  const schema = `bench_admin_${randomBytes(3).toString('hex')}`;
  if (!process.env.BENCH_KEEP_SCHEMA) dropAtExit(URL, schema);
  const store = await openStore({ url: URL, schema, poolSize: 20 });
  let server: Server | undefined;
  try {
    const board = await store.organisations.upsertBoard('B10001', 'Conseil scolaire de référence');
    const other = await store.organisations.upsertBoard('B10002', 'Other Board');
    const schools: Array<{ id: number; boardId: number; bsid: string }> = [];
    for (let s = 0; s < SCHOOLS; s++) {
      const school = await store.organisations.upsertSchool(
        s < SCHOOLS - 5 ? board.id : other.id,
        String(700000 + s),
        `École secondaire ${s}`,
        'Ville',
      );
      schools.push({ id: school.id, boardId: school.boardId, bsid: school.bsid });
    }
    await store.users.create({
      username: 'bench.board',
      role: 'BOARD',
      boardId: board.id,
      password: PASSWORD,
    });
    await store.users.create({
      username: 'bench.school',
      role: 'SCHOOL',
      schoolId: schools[0].id,
      password: PASSWORD,
    });

    const t0 = Date.now();
    const client = await store.db.pool!.connect();
    try {
      // Secondary indexes are rebuilt once after the load: far faster than a million index updates.
      const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
        `SELECT i.indexname, i.indexdef FROM pg_indexes i
          WHERE i.schemaname = $1 AND i.tablename = 'requests'
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
        [schema],
      );
      for (const index of indexes) await client.query(`DROP INDEX "${index.indexname}"`);
      await client.query('ALTER TABLE requests DISABLE TRIGGER requests_count_insert');
      const copy = client.query(
        copyFrom(`COPY requests (reference_number, application_number, origin, request_type, requested_at, received_at, send_timing, first_name, last_name,
          birth_date, oen, board_id, school_id, school_bsid, date_last_attended, status, completed_at, completion_method, last_updated_by,
          search_first, search_last) FROM STDIN WITH (FORMAT csv)`),
      );
      await pipeline(rowsStream(schools), copy);
      await client.query('ALTER TABLE requests ENABLE TRIGGER requests_count_insert');
      await client.query("SET maintenance_work_mem = '512MB'");
      for (const index of indexes) await client.query(index.indexdef);
      // The counts the trigger would have kept, rebuilt in one statement.
      await client.query(
        'INSERT INTO request_counts (school_id, status, n) SELECT school_id, status, count(*) FROM requests GROUP BY school_id, status',
      );
      await client.query(`SELECT setval('request_reference_seq', $1)`, [ROWS + 1]);
      await client.query('ANALYZE requests');
      // The name words the COPY filled: statistics and the visibility map for index-only searches.
      await client.query('VACUUM ANALYZE request_name_words');
    } finally {
      client.release();
    }
    console.log(
      `loaded ${ROWS.toLocaleString('en')} requests in ${((Date.now() - t0) / 1000).toFixed(1)} s (schema ${schema})`,
    );

    const config = parseConfig({ logLevel: 'silent' });
    const ctx = createContext({ config, store, log: createLogger({ level: 'silent' }) });
    const app = createHttpApp(ctx, { ready: true }, [mountAdmin]);
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const boardCookie = await signIn(base, 'bench.board');
    const schoolCookie = await signIn(base, 'bench.school');

    const counts = await store.requests.countsByTab({ boardId: board.id });
    console.log(`board tabs: ${JSON.stringify(counts)}`);

    if (process.env.BENCH_LOAD_ONLY) return;
    const p95s = [
      await load('board  / À traiter (default sort)', `${base}/demandes`, boardCookie),
      await load('board  / Terminé (default sort)', `${base}/demandes?tab=COMPLETED`, boardCookie),
      await load(
        'board  / À traiter sorted by name, page 5',
        `${base}/demandes?tab=TO_PROCESS&sort=name&dir=desc&page=5`,
        boardCookie,
      ),
      await load('school / À traiter (default sort)', `${base}/demandes`, schoolCookie),
      await load(
        'school / Terminé sorted by reference, p. 3',
        `${base}/demandes?tab=COMPLETED&sort=referenceNumber&dir=asc&page=3`,
        schoolCookie,
      ),
    ];
    console.log(`worst p95: ${Math.max(...p95s).toFixed(1)} ms (target ≤ 50 ms)`);

    // Where the time goes: the plans of the very statements the repository runs for these pages.
    const statements: Array<{ sql: string; params: readonly unknown[] }> = [];
    const spy: Db = Object.assign(Object.create(store.db) as Db, {
      query: <T>(sql: string, params: readonly unknown[] = []) => {
        statements.push({ sql, params });
        return store.db.query<T>(sql, params);
      },
    });
    const repository = new RequestRepository(spy);
    const plans: Array<[string, Parameters<RequestRepository['list']>[0]]> = [
      ['board, À traiter, default sort', { scope: { boardId: board.id }, tab: 'TO_PROCESS' }],
      ['board, Terminé, default sort', { scope: { boardId: board.id }, tab: 'COMPLETED' }],
      [
        'board, À traiter, name desc, page 5',
        { scope: { boardId: board.id }, tab: 'TO_PROCESS', sort: 'name', dir: 'desc', page: 5 },
      ],
      [
        'school, Terminé, reference asc, page 3',
        {
          scope: { schoolId: schools[0].id },
          tab: 'COMPLETED',
          sort: 'referenceNumber',
          dir: 'asc',
          page: 3,
        },
      ],
    ];
    for (const [label, options] of plans) {
      statements.length = 0;
      await repository.list(options);
      const last = statements.at(-1)!;
      const { rows } = await store.db.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS OFF) ${last.sql}`,
        last.params,
      );
      console.log(`\n-- ${label}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
  } finally {
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server!.close(resolve));
    }
    if (process.env.BENCH_KEEP_SCHEMA) console.log(`schema ${schema} kept`);
    else await dropSchema(store.db, schema).catch(() => undefined);
    await store.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
