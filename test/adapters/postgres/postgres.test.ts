import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSisAdapter, parseSisConfig, type SisConfig } from '../../../adapters/index.js';
import type { SisAdapter } from '../../../src/sis/index.js';
import { isEtmsError } from '../../../src/errors.js';
import { PgliteRunner, PgPoolRunner } from '../../../adapters/postgres/index.js';
import type { SqlRunner } from '../../../adapters/sql/sql-adapter.js';
import type { SqlConnectionConfig } from '../../../adapters/sql/connection.js';
import { recordingRunner, sisAdapterContract, sqlListQueryContract } from '../contract.js';
import { sqlTranscriptBatchContract } from '../transcripts-contract.js';
import { guardQueries, type QueryKey } from '../../../adapters/sql/queries.js';
import { bindQuery, type ParamValue } from '../../../adapters/sql/guard.js';
import {
  exampleConfig,
  loadedPgSchema,
  loadedPglite,
  closedPglite,
  perDateQueries,
  withoutQueries,
} from '../support/sql-backends.js';

const serverUrl = process.env.DATABASE_URL;
const example = await exampleConfig('postgres-sis.json');
const config = (extra: Record<string, unknown> = {}) => ({ ...example, ...extra }) as SisConfig;

sisAdapterContract(serverUrl ? 'postgres (server)' : 'postgres (PGlite)', async () => {
  if (serverUrl) {
    const schema = await loadedPgSchema(serverUrl);
    try {
      return {
        adapter: await createSisAdapter(config({ url: schema.url })),
        down: await createSisAdapter(
          config({ url: 'postgres://postgres@127.0.0.1:1/test', connectTimeoutMs: 1000 }),
        ),
        perDate: await createSisAdapter(config({ url: schema.url, queries: perDateQueries(example) })),
        teardown: () => schema.drop(),
      };
    } catch (error) {
      await schema.drop();
      throw error;
    }
  }
  const db = await loadedPglite();
  const gone = await closedPglite();
  return {
    adapter: await createSisAdapter(config({ url: undefined }), { pglite: db }),
    down: await createSisAdapter(config({ url: undefined }), { pglite: gone }),
    perDate: await createSisAdapter(config({ url: undefined, queries: perDateQueries(example) }), {
      pglite: db,
    }),
    teardown: () => db.close(),
  };
});

sqlTranscriptBatchContract(serverUrl ? 'postgres (server)' : 'postgres (PGlite)', async () => {
  if (serverUrl) {
    const schema = await loadedPgSchema(serverUrl);
    return {
      adapter: ({ drop = [], wrap = (r: SqlRunner) => r } = {}) => {
        const c = config({ url: schema.url, queries: withoutQueries(example, drop) });
        return createSisAdapter(c, {
          runner: wrap(new PgPoolRunner(parseSisConfig(c) as SqlConnectionConfig)),
        });
      },
      down: () =>
        createSisAdapter(config({ url: 'postgres://postgres@127.0.0.1:1/test', connectTimeoutMs: 1000 })),
      teardown: () => schema.drop(),
    };
  }
  const db = await loadedPglite();
  const gone = await closedPglite();
  return {
    adapter: ({ drop = [], wrap = (r: SqlRunner) => r } = {}) =>
      createSisAdapter(config({ url: undefined, queries: withoutQueries(example, drop) }), {
        runner: wrap(new PgliteRunner(db)),
      }),
    down: () => createSisAdapter(config({ url: undefined }), { pglite: gone }),
    teardown: () => db.close(),
  };
});

sqlListQueryContract('postgres (PGlite)', async () => {
  const db = await loadedPglite();
  return {
    adapter: ({ extra, drop = [], seen = [] }) =>
      createSisAdapter(config({ url: undefined, ...extra, queries: withoutQueries(example, drop) }), {
        runner: recordingRunner(new PgliteRunner(db), seen),
      }),
    queries: Object.keys(example.queries as object),
    teardown: () => db.close(),
  };
});

if (serverUrl) {
  sqlListQueryContract('postgres (server)', async () => {
    const schema = await loadedPgSchema(serverUrl);
    return {
      adapter: ({ extra, drop = [], seen = [] }) => {
        const c = config({ url: schema.url, ...extra, queries: withoutQueries(example, drop) });
        return createSisAdapter(c, {
          runner: recordingRunner(new PgPoolRunner(parseSisConfig(c) as SqlConnectionConfig), seen),
        });
      },
      queries: Object.keys(example.queries as object),
      teardown: () => schema.drop(),
    };
  });
}

describe('postgres adapter', () => {
  let db: PGlite;
  let sis: SisAdapter;
  beforeAll(async () => {
    db = await loadedPglite();
    sis = await createSisAdapter(config({ url: undefined, maxCandidates: 2 }), { pglite: db });
  });
  afterAll(() => db.close());

  it('caps the candidates it returns', async () => {
    // Three students share a given name with the request on these dates.
    const found = await sis.candidates({
      birthDates: ['2005-03-14', '2005-06-01'],
      surnames: [],
      givenNames: ['EMILY', 'PATRICK', 'SARAH'],
      birthYears: [],
    });
    expect(found).toHaveLength(2);
  });

  it('binds a value that looks like SQL as a value', async () => {
    const found = await sis.candidates({
      studentNumber: "S1001' OR '1'='1",
      surnames: ["SMITH' OR 1=1 --"],
      birthYears: [2005],
      birthDates: [],
      givenNames: [],
    });
    expect(found).toEqual([]);
  });

  it('refuses at creation a query that is not one read-only SELECT', async () => {
    const bad = config({
      url: undefined,
      queries: {
        ...(example.queries as object),
        courses: 'DELETE FROM transcript_mark WHERE student_id = :student_number',
      },
    });
    const error = await createSisAdapter(bad, { pglite: db }).catch((e: unknown) => e);
    expect(isEtmsError(error) && error.code).toBe('ETMS_E_SIS_QUERY_REFUSED');
    expect((error as Error).message).toContain('"courses"');
  });

  it('reads with a pg pool from a server when one is reachable', async (ctx) => {
    const url = serverUrl ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = await loadedPgSchema(url).catch((e: unknown) => e as Error);
    if (schema instanceof Error) {
      console.log(`postgres server test skipped: no PostgreSQL at ${new URL(url).host} (${schema.message})`);
      ctx.skip();
      return;
    }
    const pooled = await createSisAdapter(config({ url: schema.url })).catch(async (error: unknown) => {
      await schema.drop();
      throw error;
    });
    try {
      expect(
        (
          await pooled.candidates({
            surnames: ['GAGNON'],
            birthYears: [2006],
            birthDates: [],
            givenNames: ['CHLOE'],
          })
        ).map((s) => s.studentNumber),
      ).toEqual(['0012345']);
      expect((await pooled.transcript('S1001'))?.courses).toHaveLength(7);
      // The session is read-only even if a query got past the check.
      const error = await (pooled as unknown as { runner: { query(q: unknown): Promise<unknown> } }).runner
        .query({ key: 'probe', text: 'CREATE TABLE etms_probe (a int)', names: [], values: [] })
        .catch((e: unknown) => e);
      expect(String((error as Error).message)).toMatch(/read-only/);
    } finally {
      await pooled.close();
      await schema.drop();
    }
  });
});

describe('postgres adapter lookups', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await loadedPglite();
  });
  afterAll(() => db.close());

  async function recording(maxCandidates: number, extra: Record<string, unknown> = {}, failFirst = false) {
    const { PgliteRunner } = await import('../../../adapters/postgres/index.js');
    const inner = new PgliteRunner(db);
    const keys: string[] = [];
    const runner = {
      target: inner.target,
      query: (q: Parameters<typeof inner.query>[0]) => {
        // The key queries only: the searches beyond the keys have their own tests.
        if (!q.beyond) keys.push(q.key);
        if (failFirst) {
          failFirst = false;
          return Promise.reject(new Error('connection reset'));
        }
        return inner.query(q);
      },
      ping: () => inner.ping(),
      close: () => inner.close(),
    };
    return {
      sis: await createSisAdapter(config({ url: undefined, maxCandidates, ...extra }), { runner }),
      keys,
    };
  }

  it('narrows a given-name block from the birth-date block it is part of', async () => {
    const { sis, keys } = await recording(500);
    const found = await sis.candidates({
      givenNames: ['PATRICK', 'EMILY'],
      birthDates: ['2005-03-14'],
      surnames: [],
      birthYears: [],
    });
    expect(found.map((s) => s.studentNumber)).toEqual(['S1004', 'S1001']);
    expect(keys).toEqual(['candidatesByNamesOnBirthDates']);
  });

  it('asks the given-name query when the birth-date block reached the cap', async () => {
    const { sis, keys } = await recording(1);
    const found = await sis.candidates({
      givenNames: ['PATRICK'],
      birthDates: ['2005-03-14'],
      surnames: [],
      birthYears: [],
    });
    expect(found.map((s) => s.studentNumber)).toEqual(['S1004']);
    expect(keys.sort()).toEqual(['candidatesByGivenName', 'candidatesByNamesOnBirthDates']);
  });

  it("reuses a birth date's answer across requests when the cache is on, and asks again after a failure", async () => {
    // Dates are cached when they are read whole: without the names queries.
    const byDate = {
      birthDates: ['2005-03-14'],
      surnames: [],
      givenNames: ['EMILY', 'PATRICK'],
      birthYears: [],
    };
    const whole = {
      queries: withoutQueries(example, ['candidatesByNamesOnBirthDates', 'candidatesByNamesInBirthYears']),
    };
    const cached = await recording(500, { ...whole, birthDateCacheSeconds: 60 }, true);
    await expect(cached.sis.candidates(byDate)).rejects.toThrow();
    const answers = await Promise.all([cached.sis.candidates(byDate), cached.sis.candidates(byDate)]);
    expect((await cached.sis.candidates(byDate)).map((s) => s.studentNumber)).toEqual(['S1001', 'S1004']);
    expect(answers.map((a) => a.length)).toEqual([2, 2]);
    expect(cached.keys).toEqual(['candidatesByBirthDate', 'candidatesByBirthDate']);

    const uncached = await recording(500, whole);
    await uncached.sis.candidates(byDate);
    await uncached.sis.candidates(byDate);
    expect(uncached.keys).toEqual(['candidatesByBirthDate', 'candidatesByBirthDate']);
  });
});

describe('postgres sample schema indexes', () => {
  // The name-key indexes compare bytes (COLLATE "C"); a query that does not name the same collation
  // on the indexed expression silently reads every student instead. Sequential scans are priced out
  // so that the plan shows whether the index can be used at all, whatever the table's size.
  const lookups: Array<[QueryKey, Record<string, ParamValue>, string[]]> = [
    [
      'candidatesByNamesOnBirthDates',
      { birth_dates: ['2005-03-14', '2005-03-15'], names: ['TREMBLAY', 'EMILY'], surnames: ['TREMBLAY'] },
      ['student_demographics_date_name_keys_idx', 'student_previous_name_keys_idx'],
    ],
    [
      'candidatesByNamesInBirthYears',
      { birth_years: ['2005'], surnames: ['TREMBLAY'], given_names: ['EMILY'] },
      ['student_demographics_year_name_pairs_idx'],
    ],
    [
      'candidatesBySurname',
      { surname: 'TREMBLAY', birth_year_from: 2004, birth_year_to: 2006 },
      ['student_previous_name_keys_idx'],
    ],
  ];
  let db: PGlite;
  beforeAll(async () => {
    db = await loadedPglite();
    await db.exec('SET enable_seqscan = off');
  });
  afterAll(() => db.close());

  it.each(lookups)('%s reads the name keys through their indexes', async (key, values, indexes) => {
    const parsed = parseSisConfig(config({ url: undefined }));
    if (parsed.kind !== 'postgres') throw new Error('the example is not a postgres config');
    const queries = guardQueries(parsed.queries, 'postgres');
    const bound = bindQuery(queries[key]!, values, 500);
    const plan = (
      await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${bound.text}`, bound.values as unknown[])
    ).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    for (const index of indexes) expect(plan).toContain(index);
    expect(plan).not.toMatch(/Seq Scan on student_(demographics|previous_name)/);
  });
});
