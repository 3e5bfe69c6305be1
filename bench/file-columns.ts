/**
 * Files in the database (uploaded PDFs and XML waiting on the validation screen, transcripts): the
 * time to write and read one, and the longest stall of the event loop meanwhile, sent as a bytea value
 * (the baseline) and as base64 text decoded and encoded in SQL (what the store does). On the embedded
 * database the stall is time during which the server answers no one.
 *
 *   npx tsx bench/file-columns.ts [--megabytes 4.8] [--runs 5]
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { openDb, dropSchema, type Db } from '../src/store/db.js';
import { dropAtExit } from './lib/schemas.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const BYTES = Math.round(arg('megabytes', 4.8) * 1e6);
const RUNS = arg('runs', 5);

interface Form {
  name: string;
  write(db: Db, content: Buffer): Promise<void>;
  read(db: Db): Promise<Buffer>;
}

const FORMS: Form[] = [
  {
    name: 'bytea (baseline)',
    write: async (db, content) => {
      await db.query('INSERT INTO files (content) VALUES ($1)', [content]);
    },
    read: async (db) => {
      const { rows } = await db.query<{ content: Uint8Array }>('SELECT content FROM files LIMIT 1');
      return Buffer.from(rows[0].content);
    },
  },
  {
    name: 'base64 (store)',
    write: async (db, content) => {
      await db.query("INSERT INTO files (content) VALUES (decode($1, 'base64'))", [
        content.toString('base64'),
      ]);
    },
    read: async (db) => {
      const { rows } = await db.query<{ content: string }>(
        "SELECT encode(content, 'base64') AS content FROM files LIMIT 1",
      );
      return Buffer.from(rows[0].content, 'base64');
    },
  },
];

/** Runs fn and returns its time and the event loop's longest stall meanwhile, in ms. */
async function timed(fn: () => Promise<unknown>): Promise<{ ms: number; stall: number }> {
  // A 5 ms ticker: the longest gap between its ticks, less its period, is the longest stall.
  let stall = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last - 5);
    last = now;
  }, 5);
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  // Let the ticker see the last stall.
  await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(ticker);
  return { ms, stall: Math.max(0, stall) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(label: string, db: Db): Promise<void> {
  await db.exec('CREATE TABLE files (id serial PRIMARY KEY, content bytea NOT NULL)');
  const content = randomBytes(BYTES);
  for (const form of FORMS) {
    const w: { ms: number; stall: number }[] = [];
    const r: { ms: number; stall: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      await db.exec('TRUNCATE files');
      w.push(await timed(() => form.write(db, content)));
      let back: Buffer = Buffer.alloc(0);
      r.push(await timed(async () => (back = await form.read(db))));
      if (!back.equals(content)) throw new Error(`${form.name}: the file read back differs`);
    }
    const f = (xs: { ms: number; stall: number }[]) =>
      `${median(xs.map((x) => x.ms)).toFixed(0)} ms (stall ${median(xs.map((x) => x.stall)).toFixed(0)} ms)`;
    console.log(`  ${label.padEnd(10)} ${form.name.padEnd(18)} write ${f(w).padEnd(28)} read ${f(r)}`);
  }
}

console.log(
  `file columns: ${(BYTES / 1e6).toFixed(1)} MB, median of ${RUNS}; ${cpus().length} cores, load ${loadavg()[0].toFixed(1)}, ${new Date().toISOString().slice(0, 10)}`,
);
const lite = await openDb({ dataDir: 'memory://' });
try {
  await measure('embedded', lite);
} finally {
  await lite.close();
}
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_files_${process.pid}`;
dropAtExit(url, schema);
const pg = await openDb({ url, schema }).catch(() => undefined);
if (pg === undefined) console.log(`  PostgreSQL at ${url} not reachable: skipped`);
else {
  try {
    await measure('PostgreSQL', pg);
  } finally {
    await dropSchema(pg, schema).catch(() => undefined);
    await pg.close();
  }
}
