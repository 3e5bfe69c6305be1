/**
 * Store benchmark: one million synthetic requests in PostgreSQL (COPY), then p50/p95 of the queries
 * the requests page and the search make. Also PGlite at 100,000. Prints the figures.
 *
 *   npm run bench:store [-- --rows 1000000 --pglite-rows 100000 --runs 200]
 */
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { openDb, dropSchema, type Db } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { RequestRepository } from '../src/store/requests.js';
import { createSyntheticOrg, loadSyntheticRequests } from './lib/synthetic-requests.js';
import { ms, timeMany } from './lib/stats.js';
import { seededRng as prng } from './lib/synthetic.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 200);

async function measure(label: string, db: Db, rows: number): Promise<void> {
  await migrate(db);
  const org = await createSyntheticOrg(db);
  const t0 = performance.now();
  await loadSyntheticRequests(db, org, rows);
  const loadSeconds = (performance.now() - t0) / 1000;
  const repo = new RequestRepository(db);
  const board = { boardId: org.boards[0].id };
  const schools = org.schools.filter((s) => s.boardId === org.boards[0].id);
  const rand = prng(7);
  const pickSchool = () => ({ schoolId: schools[Math.floor(rand() * schools.length)].id });
  const names = ['trem', 'gagnon', 'singh', 'nguyen', 'oneil', 'silva', 'cote', 'patel', 'kowal', 'rossi'];
  const { rows: refs } = await db.query<{ reference_number: string }>('SELECT reference_number FROM requests ORDER BY random() LIMIT $1', [RUNS]);

  const results: Array<[string, Awaited<ReturnType<typeof timeMany>>]> = [];
  results.push(['tab page, board (À traiter, default sort)', await timeMany(RUNS, (i) => repo.list({ scope: board, tab: 'TO_PROCESS', page: 1 + (i % 5) }))]);
  results.push(['tab page, board (Terminé, default sort)', await timeMany(RUNS, (i) => repo.list({ scope: board, tab: 'COMPLETED', page: 1 + (i % 20) }))]);
  results.push(['tab page, board (Terminé, sorted by name)', await timeMany(RUNS, (i) => repo.list({ scope: board, tab: 'COMPLETED', sort: 'name', dir: i % 2 ? 'asc' : 'desc', page: 1 + (i % 5) }))]);
  results.push(['tab page, one school (À traiter)', await timeMany(RUNS, () => repo.list({ scope: pickSchool(), tab: 'TO_PROCESS' }))]);
  results.push(['tab page, one school (Terminé)', await timeMany(RUNS, (i) => repo.list({ scope: pickSchool(), tab: 'COMPLETED', page: 1 + (i % 10) }))]);
  results.push(['name search, board (last name contains)', await timeMany(RUNS, (i) => repo.list({ scope: board, criteria: { lastName: names[i % names.length] } }))]);
  results.push(['name search, board (first + last)', await timeMany(RUNS, (i) => repo.list({ scope: board, criteria: { firstName: 'am', lastName: names[i % names.length] } }))]);
  results.push(['reference number lookup', await timeMany(RUNS, (i) => repo.findByReference(refs[i % refs.length].reference_number))]);
  results.push(['counts per tab, board', await timeMany(RUNS, () => repo.countsByTab(board))]);
  results.push(['counts per tab, one school', await timeMany(RUNS, () => repo.countsByTab(pickSchool()))]);

  console.log(`\n${label}: ${rows.toLocaleString('en-CA')} requests loaded with COPY in ${loadSeconds.toFixed(1)} s`);
  console.log(`${'query'.padEnd(46)} ${'p50'.padStart(10)} ${'p95'.padStart(10)}`);
  for (const [name, r] of results) console.log(`${name.padEnd(46)} ${ms(r.p50).padStart(10)} ${ms(r.p95).padStart(10)}`);
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_store_${randomBytes(3).toString('hex')}`;
try {
  const pg = await openDb({ url, schema, poolSize: 4 });
  try {
    await measure('PostgreSQL', pg, arg('rows', 1_000_000));
  } finally {
    await dropSchema(pg, schema);
    await pg.close();
  }
} catch (error) {
  console.log(`PostgreSQL skipped: ${(error as Error).message}`);
}
const lite = await openDb({ dataDir: 'memory://' });
try {
  await measure('PGlite (embedded)', lite, arg('pglite-rows', 100_000));
} finally {
  await lite.close();
}
