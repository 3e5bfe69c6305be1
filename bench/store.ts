/**
 * Store benchmark: one million synthetic requests in PostgreSQL (COPY), then p50/p95 of the queries
 * the requests page and the search make. Also PGlite at 100,000. Prints the figures.
 *
 *   npm run bench:store [-- --rows 1000000 --pglite-rows 100000 --runs 200]
 *
 * To iterate on queries without loading again: BENCH_STORE_SCHEMA=name keeps the PostgreSQL data in
 * that schema and reuses it when it already holds the rows (pending migrations are applied to it);
 * BENCH_STORE_ONLY=postgres or BENCH_STORE_ONLY=pglite runs one side. Drop the schema when done.
 */
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { openDb, dropSchema, type Db } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { RequestRepository } from '../src/store/requests.js';
import type { Status } from '../src/domain/status.js';
import { createSyntheticOrg, loadSyntheticRequests, type SyntheticOrg } from './lib/synthetic-requests.js';
import { ms, timeMany } from './lib/stats.js';
import { seededRng as prng } from './lib/synthetic.js';
import { dropAtExit } from './lib/schemas.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 200);

/** The organisation already loaded in a kept schema, when it holds the rows asked for. */
async function loadedOrg(db: Db, rows: number): Promise<SyntheticOrg | undefined> {
  const { rows: n } = await db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM requests');
  if (Number(n[0].n) === 0) return undefined;
  if (Number(n[0].n) !== rows)
    throw new Error(`The kept schema holds ${n[0].n} requests, not ${rows}: drop it first.`);
  const { rows: boards } = await db.query<{ id: number; code: string }>(
    'SELECT id, code FROM boards ORDER BY id',
  );
  const { rows: schools } = await db.query<{ id: number; board_id: number; bsid: string }>(
    'SELECT id, board_id, bsid FROM schools ORDER BY id',
  );
  return { boards, schools: schools.map((s) => ({ id: s.id, boardId: s.board_id, bsid: s.bsid })) };
}

async function measure(label: string, db: Db, rows: number, reuse = false): Promise<void> {
  await migrate(db);
  const t0 = performance.now();
  const existing = reuse ? await loadedOrg(db, rows) : undefined;
  const org = existing ?? (await createSyntheticOrg(db));
  if (!existing) await loadSyntheticRequests(db, org, rows);
  const loadSeconds = (performance.now() - t0) / 1000;
  const repo = new RequestRepository(db);
  const board = { boardId: org.boards[0].id };
  const schools = org.schools.filter((s) => s.boardId === org.boards[0].id);
  const rand = prng(7);
  const pickSchool = () => ({ schoolId: schools[Math.floor(rand() * schools.length)].id });
  const names = ['trem', 'gagnon', 'singh', 'nguyen', 'oneil', 'silva', 'cote', 'patel', 'kowal', 'rossi'];
  const { rows: refs } = await db.query<{ reference_number: string }>(
    'SELECT reference_number FROM requests ORDER BY random() LIMIT $1',
    [RUNS],
  );

  const results: Array<[string, Awaited<ReturnType<typeof timeMany>>]> = [];
  results.push([
    'tab page, board (À traiter, default sort)',
    await timeMany(RUNS, (i) => repo.list({ scope: board, tab: 'TO_PROCESS', page: 1 + (i % 5) })),
  ]);
  results.push([
    'tab page, board (Terminé, default sort)',
    await timeMany(RUNS, (i) => repo.list({ scope: board, tab: 'COMPLETED', page: 1 + (i % 20) })),
  ]);
  results.push([
    'tab page, board (Terminé, sorted by name)',
    await timeMany(RUNS, (i) =>
      repo.list({
        scope: board,
        tab: 'COMPLETED',
        sort: 'name',
        dir: i % 2 ? 'asc' : 'desc',
        page: 1 + (i % 5),
      }),
    ),
  ]);
  results.push([
    'tab page, one school (À traiter)',
    await timeMany(RUNS, () => repo.list({ scope: pickSchool(), tab: 'TO_PROCESS' })),
  ]);
  results.push([
    'tab page, one school (Terminé)',
    await timeMany(RUNS, (i) => repo.list({ scope: pickSchool(), tab: 'COMPLETED', page: 1 + (i % 10) })),
  ]);
  results.push([
    'name search, board (last name)',
    await timeMany(RUNS, (i) => repo.list({ scope: board, criteria: { lastName: names[i % names.length] } })),
  ]);
  results.push([
    'name search, board (first + last)',
    await timeMany(RUNS, (i) =>
      repo.list({ scope: board, criteria: { firstName: 'am', lastName: names[i % names.length] } }),
    ),
  ]);
  // Narrowed by status (the search page's boxes: a few of them ticked) and sorted by another column.
  const someStatuses: Status[] = ['ACTION_REQUIRED', 'AUTO_PROCESS_ERROR', 'E_TRANSCRIPT_SENT'];
  results.push([
    'name search, board, some statuses',
    await timeMany(RUNS, (i) =>
      repo.list({ scope: board, criteria: { lastName: names[i % names.length], statuses: someStatuses } }),
    ),
  ]);
  results.push([
    'name search, board, sorted by name',
    await timeMany(RUNS, (i) =>
      repo.list({
        scope: board,
        criteria: { lastName: names[i % names.length] },
        sort: 'name',
        dir: i % 2 ? 'asc' : 'desc',
      }),
    ),
  ]);
  results.push([
    'name search, one school (last name)',
    await timeMany(RUNS, (i) =>
      repo.list({ scope: pickSchool(), criteria: { lastName: names[i % names.length] } }),
    ),
  ]);
  results.push([
    'reference number lookup',
    await timeMany(RUNS, (i) => repo.findByReference(refs[i % refs.length].reference_number)),
  ]);
  results.push(['counts per tab, board', await timeMany(RUNS, () => repo.countsByTab(board))]);
  results.push(['counts per tab, one school', await timeMany(RUNS, () => repo.countsByTab(pickSchool()))]);

  console.log(
    `\n${label}: ${rows.toLocaleString('en-CA')} requests ${!existing ? `loaded with COPY in ${loadSeconds.toFixed(1)} s` : 'reused'}`,
  );
  console.log(`${'query'.padEnd(46)} ${'p50'.padStart(10)} ${'p95'.padStart(10)}`);
  for (const [name, r] of results)
    console.log(`${name.padEnd(46)} ${ms(r.p50).padStart(10)} ${ms(r.p95).padStart(10)}`);
}

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const kept = process.env.BENCH_STORE_SCHEMA;
const only = process.env.BENCH_STORE_ONLY;
const schema = kept ?? `bench_store_${randomBytes(3).toString('hex')}`;
if (only !== 'pglite') {
  // The finally below drops it on an error; this, on Ctrl-C.
  if (!kept) dropAtExit(url, schema);
  try {
    const pg = await openDb({ url, schema, poolSize: 4 });
    try {
      await measure('PostgreSQL', pg, arg('rows', 1_000_000), Boolean(kept));
    } finally {
      if (!kept) await dropSchema(pg, schema);
      await pg.close();
    }
  } catch (error) {
    console.log(`PostgreSQL skipped: ${(error as Error).message}`);
  }
}
if (only !== 'postgres') {
  const lite = await openDb({ dataDir: 'memory://' });
  try {
    await measure('PGlite (embedded)', lite, arg('pglite-rows', 100_000));
  } finally {
    await lite.close();
  }
}
