/**
 * Parity of the searches beyond the blocking keys: the same SIS held by the matcher's own index
 * (what `etms match` shows) and read through each adapter (csv, PostgreSQL, MariaDB when reachable),
 * and requests that each need one of those searches. An adapter must hand the matcher at least the
 * students candidatesBeyondKeys finds (exactly those, with the example queries), or a review case in
 * the staff pages could lack the student `etms match` would have shown.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { stringify } from 'csv-stringify/sync';
import { writeFile } from 'node:fs/promises';
import { createSisAdapter, type SisConfig } from '../../adapters/index.js';
import { PgliteRunner } from '../../adapters/postgres/index.js';
import type { SisAdapter, SisStudent } from '../../src/sis/index.js';
import type { MatchRequest } from '../../src/matching/types.js';
import { blockingKeys } from '../../src/matching/blocking.js';
import { StudentIndex } from '../../src/matching/student-index.js';
import { STUDENTS } from './support/fixtures.js';
import {
  exampleConfig,
  exampleSchema,
  MARIADB,
  mariadbReachable,
  withoutQueries,
} from './support/sql-backends.js';
import { loadStudents as loadInto, splitSql, studentsCsvRows, type Exec } from './support/load.js';

const person = (
  studentNumber: string,
  firstName: string,
  lastName: string,
  birthDate: string,
  more: Partial<SisStudent> = {},
): SisStudent => ({ studentNumber, firstName, lastName, birthDate, previousLastNames: [], ...more });

/** The contract fixture and students each beyond-key search has to reach, or must leave out. */
const SIS: SisStudent[] = [
  ...STUDENTS.map((s) => person(s.studentNumber, s.firstName, s.lastName, s.birthDate, s)),
  // A full name four students hold: too common to bring anyone without the birth date.
  person('B2001', 'Liam', 'Roy', '1995-01-10'),
  person('B2002', 'Liam', 'Roy', '1997-03-12'),
  person('B2003', 'Liam', 'Roy', '2001-05-14'),
  person('B2004', 'Liam', 'Roy', '2003-07-16'),
  person('B2005', 'Julie', 'Roy', '2003-05-05'),
  // Born the same day: initials B and N, initial N only, neither.
  person('B2006', 'Noah', 'Bartel', '2006-04-07'),
  person('B2007', 'Nora', 'Zhang', '2006-04-07'),
  person('B2008', 'Kai', 'Lopez', '2006-04-07'),
  person('B2009', 'Olga', 'Petrov', '2002-02-02', { oen: '111222333' }),
  person('B2010', 'Élodie', 'Côté', '2004-01-01'),
  person('B2011', 'Jean', 'St-Pierre', '2003-09-09'),
  person('B2012', 'Marie-Ève', 'Gagné Lavoie', '2004-08-08', { middleNames: 'Rose' }),
  person('B2013', 'Nancy', 'Colombo', '1966-01-12'),
  person('B2014', 'Harriet', 'Belperio', '2004-04-04'),
];

type Request = Omit<MatchRequest, 'referenceNumber'>;

/** Requests that need each search beyond the keys, with what it must bring and must not. */
const REQUESTS: { why: string; request: Request; finds?: string[]; misses?: string[] }[] = [
  {
    why: 'an OEN one digit off, nothing else in common',
    request: { oen: '111222334', firstName: 'Zoe', lastName: 'Zed', birthDate: '1999-09-19' },
    finds: ['B2009'],
  },
  {
    why: 'an OEN with neighbouring digits exchanged and no birth date',
    request: { oen: '111223233', lastName: 'Nobody' },
    finds: ['B2009'],
  },
  {
    why: 'the typed date, both names mistyped, initials kept',
    request: { firstName: 'Noha', lastName: 'Bratel', birthDate: '2006-04-07' },
    finds: ['B2006'],
    misses: ['B2007', 'B2008'],
  },
  {
    why: 'the typed date, names typed in each other’s field and mistyped',
    request: { firstName: 'Bratel', lastName: 'Noha', birthDate: '2006-04-07' },
    finds: ['B2006'],
    misses: ['B2007', 'B2008'],
  },
  {
    why: 'the typed date, accented names typed without accents and mistyped',
    request: { firstName: 'Elodi', lastName: 'Cotte', birthDate: '2004-01-01' },
    finds: ['B2010'],
  },
  {
    why: 'the typed date, a given name alone mistyped',
    request: { firstName: 'Nao', birthDate: '2006-04-07' },
    finds: ['B2006', 'B2007'],
    misses: ['B2008'],
  },
  {
    why: 'a rare full name, the birth date far off',
    request: { firstName: 'Olga', lastName: 'Petrov', birthDate: '1980-01-01' },
    finds: ['B2009'],
  },
  {
    why: 'a rare accented full name typed plain, far off',
    request: { firstName: 'Elodie', lastName: 'Cote', birthDate: '1980-01-01' },
    finds: ['B2010'],
  },
  {
    why: 'a rare full name with Saint written out, far off',
    request: { firstName: 'Jean', lastName: 'Saint-Pierre', birthDate: '1980-01-01' },
    finds: ['B2011'],
  },
  {
    why: 'a rare full name typed the other way round, far off',
    request: { firstName: 'Petrov', lastName: 'Olga', birthDate: '1980-01-01' },
    finds: ['B2009'],
  },
  {
    why: 'a full name four students hold brings none of them without the date',
    request: { firstName: 'Liam', lastName: 'Roy', birthDate: '1980-01-01' },
    misses: ['B2001', 'B2002', 'B2003', 'B2004'],
  },
  {
    why: 'no birth date: the surname in any year, given names starting alike',
    request: { firstName: 'Jluie', lastName: 'Roy' },
    finds: ['B2005'],
    misses: ['B2001', 'B2002'],
  },
  {
    why: 'the typed date, a given name one slip away whatever the surname',
    request: { firstName: 'Noha', lastName: 'Zimmerman', birthDate: '2006-04-07' },
    finds: ['B2006'],
    misses: ['B2008'],
  },
  {
    why: 'day and month exchanged, the given name alone',
    request: { firstName: 'Nancy', lastName: 'Lacroix', birthDate: '1966-12-01' },
    finds: ['B2013'],
  },
  {
    why: 'no birth date, the surname one edit away',
    request: { firstName: 'Harriet', lastName: 'Belperi' },
    finds: ['B2014'],
  },
  {
    why: 'no birth date: a part of a two-word surname',
    request: { firstName: 'Marie', lastName: 'Lavoie' },
    finds: ['B2012'],
  },
];

const numbers = (list: SisStudent[]) => list.map((s) => s.studentNumber).sort();
const index = new StudentIndex(SIS);

/** Runs every request against an adapter: a superset of the matcher's, exactly it when `exact`. */
function parity(
  name: string,
  open: () => Promise<{ sis: SisAdapter; close(): Promise<void> }>,
  exact = true,
) {
  describe(`searches beyond the keys: ${name}`, () => {
    let backend: { sis: SisAdapter; close(): Promise<void> };
    beforeAll(async () => {
      backend = await open();
    });
    afterAll(() => backend?.close());

    it.each(REQUESTS)('finds what etms match finds: $why', async ({ request, finds, misses }) => {
      const keys = blockingKeys({ referenceNumber: 'R1', ...request });
      const expected = numbers(index.candidatesBeyondKeys(keys));
      const found = numbers(await backend.sis.candidates(keys));
      for (const n of finds ?? []) expect(expected).toContain(n);
      for (const n of misses ?? []) expect(expected).not.toContain(n);
      expect(found).toEqual(expect.arrayContaining(expected));
      if (exact) expect(found).toEqual(expected);
    });
  });
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

parity('csv', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'etms-beyond-'));
  dirs.push(dir);
  await writeFile(join(dir, 'students.csv'), stringify(studentsCsvRows(SIS)));
  const sis = await createSisAdapter({ kind: 'csv', dir });
  return { sis, close: () => sis.close() };
});

/** The students into the example schema's tables (no school, no enrolment). */
const loadStudents = (exec: Exec, ph: (i: number) => string) => loadInto(exec, ph, SIS);

const pgExample = await exampleConfig('postgres-sis.json');
/** Without the queries of the searches beyond the keys: the key queries stand in where they can. */
const KEY_QUERIES_ONLY = ['candidatesByOens', 'candidatesByInitialsOnBirthDate'];

async function pglite(drop: readonly string[] = []) {
  const db = new PGlite();
  await db.exec(await exampleSchema('postgres-sis-schema.sql'));
  await loadStudents(
    (sql, params) => db.query(sql, params),
    (i) => `$${i}`,
  );
  const config = { ...pgExample, url: undefined, queries: withoutQueries(pgExample, drop) } as SisConfig;
  const sis = await createSisAdapter(config, { runner: new PgliteRunner(db) });
  return { sis, close: () => sis.close() };
}

parity('postgres (PGlite), example queries', () => pglite());
parity('postgres (PGlite), the OEN slips one query each and the typed date read whole', () =>
  pglite(KEY_QUERIES_ONLY),
);

const serverUrl = process.env.DATABASE_URL;
describe.skipIf(!serverUrl)('on the PostgreSQL server', () => {
  parity('postgres (server), example queries', async () => {
    const schema = `etms_beyond_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(`SET search_path TO ${schema}`);
    await admin.query(await exampleSchema('postgres-sis-schema.sql'));
    await loadStudents(
      (sql, params) => admin.query(sql, params),
      (i) => `$${i}`,
    );
    const u = new URL(serverUrl!);
    u.searchParams.set('options', `-c search_path=${schema}`);
    const sis = await createSisAdapter({ ...pgExample, url: u.toString() } as SisConfig);
    return {
      sis,
      close: async () => {
        await sis.close();
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      },
    };
  });
});

const unreachable = await mariadbReachable();
describe.skipIf(unreachable !== undefined)('on MariaDB', () => {
  const mysqlExample = exampleConfig('mysql-sis.json');
  const open = (drop: readonly string[]) => async () => {
    const database = `etms_beyond_${randomBytes(5).toString('hex')}`;
    const c = await mysql.createConnection({ ...MARIADB });
    await c.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await c.query(`USE ${database}`);
    for (const statement of splitSql(await exampleSchema('mysql-sis-schema.sql'))) await c.query(statement);
    await loadStudents(
      (sql, params) => c.query(sql, params),
      () => '?',
    );
    const example = await mysqlExample;
    const sis = await createSisAdapter({
      ...example,
      url: `mysql://${MARIADB.user}@${MARIADB.host}:${MARIADB.port}/${database}`,
      queries: withoutQueries(example, drop),
    } as SisConfig);
    return {
      sis,
      close: async () => {
        await sis.close();
        await c.query(`DROP DATABASE IF EXISTS ${database}`);
        await c.end();
      },
    };
  };
  parity('mysql (MariaDB), example queries', open([]));
  parity(
    'mysql (MariaDB), the OEN slips one query each and the typed date read whole',
    open(KEY_QUERIES_ONLY),
  );
});
