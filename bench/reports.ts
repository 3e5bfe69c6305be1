/**
 * Reports benchmark: 200,000 requests of one board over a year in PostgreSQL (loaded with COPY),
 * then the summary report and the detailed report's first page of the whole year, timed.
 * Target: p95 ≤ 300 ms for each.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/reports.ts
 */
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { openStore } from '../src/store/index.js';
import { dropSchema } from '../src/store/db.js';
import { parseConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { createLogger } from '../src/log.js';
import { detailedReport, exportDetailed, summaryReport } from '../src/reports/index.js';
import { dropAtExit } from './lib/schemas.js';

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TOTAL = Number(process.env.BENCH_REQUESTS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const FROM = '2025-09-01';
const TO = '2026-08-31';

// BENCH_SCHEMA keeps (and reuses) a loaded schema between runs; by default a fresh one is dropped at the end.
const kept = process.env.BENCH_SCHEMA;
const schema = kept ?? `bench_reports_${randomBytes(3).toString('hex')}`;
if (!kept) dropAtExit(URL, schema);
const store = await openStore({ url: URL, schema, poolSize: 8 });
const pool = store.db.pool!;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function time(label: string, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(40)} p50 ${percentile(samples, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(samples, 95).toFixed(1).padStart(7)} ms   (${RUNS} runs)`,
  );
}

try {
  const loaded =
    Number((await store.db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM requests')).rows[0].n) >=
    TOTAL;
  const board = await store.organisations.upsertBoard('B77001', 'Bench Board');
  const other = await store.organisations.upsertBoard('B77002', 'Other Bench Board');
  const schools: Array<{ id: number; boardId: number; bsid: string }> = [];
  for (let i = 0; i < 12; i++)
    schools.push(
      await store.organisations.upsertSchool(
        board.id,
        `77${String(i).padStart(4, '0')}`,
        `Bench School ${i}`,
        'Toronto',
      ),
    );
  const otherSchool = await store.organisations.upsertSchool(other.id, '779999', 'Other School', 'Ottawa');

  // Deterministic pseudo-random data.
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pick = <T>(items: Array<[T, number]>): T => {
    let r = rand();
    for (const [item, weight] of items) if ((r -= weight) <= 0) return item;
    return items[items.length - 1][0];
  };
  const start = Date.parse(`${FROM}T00:00:00Z`);
  const days = 365;
  const esc = (s: string | null) => (s === null ? '\\N' : s.replace(/\\/g, '\\\\').replace(/\t/g, ' '));
  function* rows(): Generator<string> {
    for (let i = 0; i < TOTAL; i++) {
      const foreign = i % 20 === 0;
      const school = foreign ? otherSchool : schools[i % schools.length];
      const requested = new Date(start + Math.floor(rand() * days) * 86_400_000);
      const received = new Date(requested.getTime() + (12 + rand() * 10) * 3_600_000);
      const status = pick<string>([
        ['E_TRANSCRIPT_SENT', 0.78],
        ['PAPER_SENT', 0.04],
        ['CANCELLED', 0.03],
        ['ACTION_REQUIRED', 0.04],
        ['AUTO_PROCESS_ERROR', 0.03],
        ['STUDENT_NOT_FOUND', 0.02],
        ['NO_ACADEMIC_DATA', 0.02],
        ['ON_HOLD_FINANCIAL', 0.015],
        ['UPLOAD_ERROR', 0.01],
        ['TRANSCRIPT_UPLOADED', 0.015],
      ]);
      const completed = ['E_TRANSCRIPT_SENT', 'PAPER_SENT', 'CANCELLED'].includes(status)
        ? new Date(received.getTime() + rand() * 8 * 86_400_000)
        : null;
      const method =
        status === 'E_TRANSCRIPT_SENT'
          ? pick<string | null>([
              ['AUTO', 0.7],
              ['MANUAL_XML', 0.15],
              ['PDF', 0.1],
              [null, 0.05],
            ])
          : status === 'PAPER_SENT'
            ? pick<string | null>([
                ['PAPER', 0.9],
                [null, 0.1],
              ])
            : null;
      const ref = `H${requested.toISOString().slice(0, 10).replace(/-/g, '')}${String(i).padStart(7, '0')}`;
      yield (
        [
          ref,
          String(240000000 + i),
          rand() < 0.8 ? 'OCAS' : 'OUAC',
          rand() < 0.9 ? 'ORIGINAL' : 'REISSUE',
          requested.toISOString().slice(0, 10),
          received.toISOString(),
          `First${i % 997}`,
          `Last${i % 4999}`,
          `200${i % 10}-0${1 + (i % 9)}-1${i % 10}`,
          String(300000 + i),
          String(school.boardId),
          String(school.id),
          school.bsid,
          `202${i % 5}-0${1 + (i % 9)}`,
          (i % 3 === 0 ? 0 : 6).toFixed(2),
          String(1 + (i % 2)),
          status,
          completed ? completed.toISOString() : null,
          method,
          `first${i % 997}`,
          `last${i % 4999}`,
        ]
          .map(esc)
          .join('\t') + '\n'
      );
    }
  }
  const loadStart = Date.now();
  const client = await pool.connect();
  if (!loaded)
    try {
      // The per-row counter trigger rewrites the same few rows 200,000 times in one transaction;
      // a bulk load fills the counters once afterwards instead.
      await client.query('ALTER TABLE requests DISABLE TRIGGER requests_count_insert');
      const copy = client.query(
        copyFrom(`COPY requests (reference_number, application_number, origin, request_type, requested_at, received_at, first_name, last_name,
        birth_date, student_number, board_id, school_id, school_bsid, date_last_attended, amount_collected, transcript_count, status,
        completed_at, completion_method, search_first, search_last) FROM STDIN`),
      );
      await pipeline(Readable.from(rows()), copy);
      await client.query('ALTER TABLE requests ENABLE TRIGGER requests_count_insert');
      await client.query(
        'INSERT INTO request_counts (school_id, status, n) SELECT school_id, status, count(*) FROM requests GROUP BY 1, 2',
      );
      await client.query('VACUUM ANALYZE requests');
      await client.query('VACUUM ANALYZE request_name_words');
    } finally {
      client.release();
    }
  console.log(
    `loaded ${TOTAL} requests (${TOTAL - TOTAL / 20} in the board) in ${((Date.now() - loadStart) / 1000).toFixed(1)} s`,
  );

  const config = parseConfig({ businessTime: { closureDays: { B77001: ['2025-11-14', '2026-02-13'] } } });
  const ctx = createContext({ config, store, log: createLogger({ level: 'silent' }) });
  const scope = { boardId: board.id };
  const summary = await summaryReport(ctx, { scope, from: FROM, to: TO });
  console.log(
    `summary: total ${summary.total.original + summary.total.reissue}, average ${summary.averageProcessingDays} business days over ${summary.processedCount}, Auto-eTMS ${(summary.autoShare * 100).toFixed(1)} %, ${summary.weekly.length} weeks`,
  );

  await time('summary report, board, one year', () => summaryReport(ctx, { scope, from: FROM, to: TO }));
  await time('summary report, one school, one year', () =>
    summaryReport(ctx, { scope: { schoolId: schools[0].id }, from: FROM, to: TO }),
  );
  await time('detailed report, board, first page', () =>
    detailedReport(ctx, { scope, from: FROM, to: TO, page: 1 }),
  );
  await time('detailed report, board, page 1000', () =>
    detailedReport(ctx, { scope, from: FROM, to: TO, page: 1000 }),
  );

  const exportStart = Date.now();
  const csv = await exportDetailed(ctx, { scope, from: FROM, to: TO }, 'csv', 'fr');
  console.log(
    `detailed CSV export of every row: ${(csv.body.length / 1e6).toFixed(1)} MB in ${((Date.now() - exportStart) / 1000).toFixed(1)} s`,
  );
} finally {
  if (!kept) await dropSchema(store.db, schema);
  await store.close();
}
