/**
 * Per-request candidate lookups from the postgres SIS adapter on a million students.
 * Loads the sample SIS (config/examples/postgres-sis-schema.sql) into a fresh schema with COPY,
 * builds the indexes, then times adapter.candidates() for realistic blocking keys.
 *   npx tsx bench/sis-postgres.ts            (PostgreSQL at DATABASE_URL or 127.0.0.1:5432/test)
 *   STUDENTS=200000 REQUESTS=500 npx tsx bench/sis-postgres.ts
 *   KEEP_SCHEMA=1 … keeps the loaded schema and prints its name; SCHEMA=<name> reuses it (no load).
 *   PER_DATE=1 … without the list queries (candidatesByBirthDates, candidatesByNamesOnBirthDates,
 *     candidatesByNamesInBirthYears): one query per birth date and per surname, dates read whole;
 *   WITHOUT=<query>,<query> … without those queries of the example config.
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import pgCopy from 'pg-copy-streams';
import { createSisAdapter, parseSisConfig, type SisConfig, type SqlRunner } from '../adapters/index.js';
import { PgPoolRunner } from '../adapters/postgres/index.js';
import type { SqlConnectionConfig } from '../adapters/sql/connection.js';
import type { BlockingKeys } from '../src/sis/index.js';
import { blockingKeys } from '../src/matching/blocking.js';
import { dropAtExit, dropBenchSchemas } from './lib/schemas.js';

const STUDENTS = Number(process.env.STUDENTS ?? 1_000_000);
const REQUESTS = Number(process.env.REQUESTS ?? 2_000);
const WARMUP = Math.min(300, Math.floor(REQUESTS / 5));
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

// A deterministic generator so runs are comparable.
let seed = 20240411;
const rand = () => {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];

const SYLLABLES = [
  'tre',
  'mb',
  'lay',
  'gag',
  'non',
  'roy',
  'cot',
  'e',
  'bel',
  'an',
  'ger',
  'mac',
  'don',
  'ald',
  'ng',
  'uy',
  'en',
  'kh',
  'sm',
  'ith',
  'jo',
  'nes',
  'wil',
  'son',
  'bro',
  'wn',
  'le',
  'ta',
  'mar',
  'tin',
  'ou',
  'ell',
  'ri',
  'va',
  'pa',
  'tel',
  'sin',
  'gh',
  'cha',
  'ng',
  'li',
  'wa',
  'ng',
  'ka',
  'ur',
  'ber',
  'g',
  'ho',
  'lm',
];
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
function buildSurnames(n: number): string[] {
  const real = [
    'Smith',
    'Tremblay',
    'Nguyen',
    'Brown',
    'Wilson',
    'Martin',
    'Roy',
    'Gagnon',
    'Patel',
    'Singh',
    'Li',
    'Wang',
    'Lee',
    'Côté',
    'Bélanger',
    "O'Brien",
    'MacDonald',
    'Khan',
    'Chen',
    'Taylor',
  ];
  const set = new Set(real);
  while (set.size < n)
    set.add(cap(pick(SYLLABLES) + pick(SYLLABLES) + (rand() < 0.6 ? pick(SYLLABLES) : '')));
  return [...set];
}
const SURNAMES = buildSurnames(20_000);
// Zipf-like weights: the commonest surname is about 1 % of students, as in Ontario.
const weights = SURNAMES.map((_, i) => 1 / Math.pow(i + 8, 0.85));
const total = weights.reduce((a, b) => a + b, 0);
const cumulative: number[] = [];
weights.reduce((acc, w, i) => (cumulative[i] = acc + w / total), 0);
function surname(): string {
  const r = rand();
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < r) lo = mid + 1;
    else hi = mid;
  }
  return SURNAMES[lo];
}
const GIVEN = [
  'Emily',
  'Olivia',
  'Emma',
  'Chloé',
  'Sarah',
  'Noah',
  'Liam',
  'William',
  'Marc-André',
  'Jean',
  'Mohammed',
  'Ahmed',
  'Priya',
  'Wei',
  'Anh',
  'Lucas',
  'Léa',
  'Zoé',
  'Ethan',
  'Nathan',
  'Ava',
  'Mia',
  'Jacob',
  'Daniel',
  'Aiden',
  'Sophia',
  'Isabella',
  'Gabriel',
  'Félix',
  'Thomas',
];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

interface Generated {
  number: string;
  oen: string;
  first: string;
  last: string;
  birth: string;
  previous?: string;
}

function student(i: number): Generated {
  const last = rand() < 0.05 ? `${surname()}-${surname()}` : surname();
  const y = 1990 + Math.floor(rand() * 19);
  const m = 1 + Math.floor(rand() * 12);
  const d = 1 + Math.floor(rand() * 28);
  return {
    number: `S${pad(i, 8)}`,
    oen: String(100_000_000 + i * 7 + (i % 7)),
    first: pick(GIVEN),
    last,
    birth: `${y}-${pad(m)}-${pad(d)}`,
    previous: rand() < 0.03 ? surname() : undefined,
  };
}

const csv = (v: string | number | null | undefined) =>
  v === null || v === undefined
    ? ''
    : /[",\n]/.test(String(v))
      ? `"${String(v).replace(/"/g, '""')}"`
      : String(v);

async function copy(client: pg.PoolClient, sql: string, rows: () => Generator<string>) {
  const stream = client.query(pgCopy.from(sql));
  await pipeline(Readable.from(rows(), { objectMode: false }), stream);
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const probe = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  try {
    await probe.connect();
  } catch (error) {
    console.log(
      `sis-postgres bench skipped: no PostgreSQL at ${new URL(serverUrl).host} (${(error as Error).message})`,
    );
    return;
  }
  const version = (await probe.query<{ server_version: string }>('SHOW server_version')).rows[0]
    .server_version;
  await probe.end();

  const reuse = process.env.SCHEMA;
  const schema = reuse ?? `etms_bench_sis_${randomBytes(4).toString('hex')}`;
  if (!reuse && !process.env.KEEP_SCHEMA) dropAtExit(serverUrl, schema);
  const pool = new pg.Pool({ connectionString: serverUrl, max: 1 });
  const client = await pool.connect();
  const text = await readFile(new URL('../config/examples/postgres-sis-schema.sql', import.meta.url), 'utf8');
  const indexStart = text.indexOf('-- Lookups by identifier.');
  const [tablesSql, indexesSql] = [text.slice(0, indexStart), text.slice(indexStart)];
  const generated: Generated[] = [];
  try {
    if (reuse) {
      // Regenerate the same students (deterministic) without loading them again.
      for (let i = 1; i <= STUDENTS; i++) generated.push(student(i));
      console.log(`PostgreSQL ${version}: reusing schema ${schema}`);
    } else {
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(`SET search_path TO ${schema}`);
      await client.query(tablesSql);
      const t0 = performance.now();
      await client.query(`INSERT INTO board (board_number, name) VALUES ('B66052', 'Bench Board')`);
      await client.query(
        `INSERT INTO school (bsid, name, city, board_id) SELECT lpad((800000 + g)::text, 6, '0'), 'School ' || g, 'Toronto', 1 FROM generate_series(1, 100) g`,
      );
      for (let i = 1; i <= STUDENTS; i++) generated.push(student(i));
      await copy(
        client,
        'COPY student (student_id, student_number, oen, home_school_id) FROM STDIN (FORMAT csv)',
        function* () {
          for (let i = 0; i < generated.length; i++)
            yield `${i + 1},${generated[i].number},${generated[i].oen},${1 + (i % 100)}\n`;
        },
      );
      await copy(
        client,
        'COPY student_demographics (student_id, legal_first_name, legal_last_name, birth_date, gender) FROM STDIN (FORMAT csv)',
        function* () {
          for (let i = 0; i < generated.length; i++) {
            const s = generated[i];
            yield `${i + 1},${csv(s.first)},${csv(s.last)},${s.birth},${i % 2 ? 'F' : 'M'}\n`;
          }
        },
      );
      await copy(
        client,
        'COPY student_previous_name (student_id, last_name, changed_on) FROM STDIN (FORMAT csv)',
        function* () {
          for (let i = 0; i < generated.length; i++)
            if (generated[i].previous) yield `${i + 1},${csv(generated[i].previous)},2020-01-01\n`;
        },
      );
      await copy(
        client,
        'COPY student_school_enrolment (student_id, school_id, entry_date, exit_date) FROM STDIN (FORMAT csv)',
        function* () {
          for (let i = 0; i < generated.length; i++)
            yield `${i + 1},${1 + (i % 100)},2019-09-03,${i % 3 ? '2023-06-28' : ''}\n`;
        },
      );
      const loaded = performance.now();
      await client.query(indexesSql);
      // As autovacuum would on a live SIS: statistics, and the visibility map for index-only scans.
      await client.query(
        'VACUUM (ANALYZE) board, school, student, student_demographics, student_previous_name, student_school_enrolment, transcript_mark, diploma_requirement',
      );
      const indexed = performance.now();
      console.log(
        `PostgreSQL ${version}: loaded ${STUDENTS.toLocaleString('en')} students with COPY in ${((loaded - t0) / 1000).toFixed(1)} s, indexes + VACUUM ANALYZE ${((indexed - loaded) / 1000).toFixed(1)} s`,
      );
    }
  } finally {
    client.release();
  }

  const example = JSON.parse(
    await readFile(new URL('../config/examples/postgres-sis.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  const url = new URL(serverUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  // PER_DATE: as a board whose config predates the list queries, one query per birth date.
  const without = (process.env.WITHOUT ?? '').split(',').filter(Boolean);
  if (process.env.PER_DATE)
    without.push('candidatesByBirthDates', 'candidatesByNamesOnBirthDates', 'candidatesByNamesInBirthYears');
  for (const key of without) delete (example.queries as Record<string, unknown>)[key];
  const config = { ...example, url: url.toString() } as SisConfig;
  // The pool runner the adapter would build, counting the SIS queries it runs and the rows they return.
  const sisPool = new PgPoolRunner(parseSisConfig(config) as SqlConnectionConfig);
  let queries = 0;
  let rows = 0;
  const runner: SqlRunner = {
    target: sisPool.target,
    query: async (q) => {
      queries++;
      const answer = await sisPool.query(q);
      rows += answer.length;
      return answer;
    },
    ping: () => sisPool.ping(),
    close: () => sisPool.close(),
  };
  const sis = await createSisAdapter(config, { runner });

  // The keys the matcher builds for a request (src/matching/blocking.ts): the typed date, its
  // day/month swap, the neighbour years and the one-digit slips, with every given-name form.
  const requests: BlockingKeys[] = [];
  for (let k = 0; k < REQUESTS + WARMUP; k++) {
    const s = generated[Math.floor(rand() * generated.length)];
    requests.push(
      blockingKeys({
        referenceNumber: `R${k}`,
        oen: rand() < 0.7 ? s.oen : undefined,
        studentNumber: rand() < 0.3 ? s.number : undefined,
        firstName: s.first,
        lastName: s.last,
        birthDate: s.birth,
      }),
    );
  }
  // The machine may be shared: the load average says how far the figures are from an idle one.
  const loadBefore = loadavg()[0];
  let candidates = 0;
  const times: number[] = [];
  for (let k = 0; k < requests.length; k++) {
    if (k === WARMUP) queries = rows = 0;
    const t = performance.now();
    const found = await sis.candidates(requests[k]);
    const ms = performance.now() - t;
    if (k >= WARMUP) {
      times.push(ms);
      candidates += found.length;
    }
  }
  const queriesTimed = queries;
  const rowsTimed = rows;
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const load = `load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}`;
  console.log(
    `candidates() per request over ${times.length} requests (after ${WARMUP} warm-up), pool of ${sis.kind === 'postgres' ? (example.poolSize ?? 'default') : '?'}, matcher's blocking keys, queries from config/examples/postgres-sis.json, ${load}:`,
  );
  console.log(
    // One request at a time: the throughput is the inverse of the mean.
    `  p50 ${percentile(times, 50).toFixed(2)} ms   p95 ${percentile(times, 95).toFixed(2)} ms   p99 ${percentile(times, 99).toFixed(2)} ms   mean ${mean.toFixed(2)} ms   max ${times[times.length - 1].toFixed(2)} ms   ${(1000 / mean).toFixed(0)} req/s`,
  );
  console.log(
    `  mean candidates per request ${(candidates / times.length).toFixed(1)}, SIS queries per request ${(queriesTimed / times.length).toFixed(1)}, rows read per request ${(rowsTimed / times.length).toFixed(1)} (target p95 <= 20 ms: ${percentile(times, 95) <= 20 ? 'met' : 'NOT met'})`,
  );
  const configured = Object.keys((example.queries ?? {}) as object).filter((k) =>
    k.startsWith('candidatesBy'),
  );
  console.log(`  candidate queries configured: ${configured.join(', ')}`);

  // Where the time goes: the same requests, one kind of key at a time.
  const names = (k: BlockingKeys) => ({ surnames: k.surnames, givenNames: k.givenNames });
  const only: [string, (k: BlockingKeys) => BlockingKeys][] = [
    [
      'oen only',
      (k) => ({
        oen: k.oen ?? generated[0].oen,
        birthDates: [],
        surnames: [],
        givenNames: [],
        birthYears: [],
      }),
    ],
    [
      'surname and given name in the birth year only',
      (k) => ({ ...names(k), birthDates: [], birthYears: k.birthYears }),
    ],
    [
      'names on the typed date only',
      (k) => ({ ...names(k), birthDates: k.birthDates.slice(0, 1), birthYears: [] }),
    ],
    // An empty first date: the others are all read as slips.
    [
      'names on the other birth dates only',
      (k) => ({ ...names(k), birthDates: ['', ...k.birthDates.slice(1)], birthYears: [] }),
    ],
    [
      'names on every birth date (no year)',
      (k) => ({ ...names(k), birthDates: k.birthDates, birthYears: [] }),
    ],
  ];
  for (const [label, narrow] of only) {
    const part: number[] = [];
    queries = rows = 0;
    for (const keys of requests.slice(WARMUP, WARMUP + Math.min(500, REQUESTS))) {
      const t = performance.now();
      await sis.candidates(narrow(keys));
      part.push(performance.now() - t);
    }
    part.sort((a, b) => a - b);
    console.log(
      `  ${label}: p50 ${percentile(part, 50).toFixed(2)} ms, p95 ${percentile(part, 95).toFixed(2)} ms, ${(queries / part.length).toFixed(1)} queries, ${(rows / part.length).toFixed(1)} rows (load average ${loadavg()[0].toFixed(1)})`,
    );
  }

  await sis.close();
  if (process.env.KEEP_SCHEMA || reuse) console.log(`  schema ${schema} kept`);
  else await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  await pool.end();
}

await main().finally(dropBenchSchemas);
