/** Loading the sample SIS schemas (config/examples) and fixture into PostgreSQL/PGlite and MariaDB. */
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { loadSampleSchema, splitSql } from './load.js';

const examples = new URL('../../../config/examples/', import.meta.url);

export async function exampleConfig(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(new URL(name, examples), 'utf8')) as Record<string, unknown>;
}

/** The queries of an example config without the list queries: one query per birth date and per surname. */
export function perDateQueries(config: Record<string, unknown>): Record<string, unknown> {
  return withoutQueries(config, [
    'candidatesByBirthDates',
    'candidatesByNamesOnBirthDates',
    'candidatesByNamesInBirthYears',
  ]);
}

/** The queries of an example config without those named. */
export function withoutQueries(
  config: Record<string, unknown>,
  drop: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config.queries as Record<string, unknown>).filter(([key]) => !drop.includes(key)),
  );
}

export async function exampleSchema(name: string): Promise<string> {
  return readFile(new URL(name, examples), 'utf8');
}

/** The sample SIS loaded once per test file, kept as a data directory dump: later copies boot from it. */
let loadedDump: Promise<Blob> | undefined;

async function sampleDump(): Promise<Blob> {
  loadedDump ??= (async () => {
    const db = new PGlite();
    try {
      await db.exec(await exampleSchema('postgres-sis-schema.sql'));
      await loadSampleSchema(
        (sql, params) => db.query(sql, params),
        (i) => `$${i}`,
      );
      return await db.dumpDataDir('none');
    } finally {
      await db.close();
    }
  })();
  return loadedDump;
}

/** A PGlite of its own holding the sample SIS (booted from one dump per file: no initdb, no loading). */
export async function loadedPglite(): Promise<PGlite> {
  return PGlite.create({ loadDataDir: await sampleDump() });
}

/** A PGlite that has been closed: every query fails, as a SIS that went away. */
export async function closedPglite(): Promise<PGlite> {
  const db = await loadedPglite();
  await db.close();
  return db;
}

export interface PgServerSchema {
  url: string;
  drop(): Promise<void>;
}

/** A fresh schema on the PostgreSQL server at `serverUrl`, loaded; `url` points search_path at it. */
export async function loadedPgSchema(serverUrl: string): Promise<PgServerSchema> {
  const schema = `etms_sis_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.query(`SET search_path TO ${schema}`);
  await admin.query(await exampleSchema('postgres-sis-schema.sql'));
  await loadSampleSchema(
    (sql, params) => admin.query(sql, params),
    (i) => `$${i}`,
  );
  await admin.end();
  const u = new URL(serverUrl);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

export const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', database: 'test' };

export async function mariadbReachable(): Promise<string | undefined> {
  try {
    const c = await mysql.createConnection({ ...MARIADB, connectTimeout: 2000 });
    await c.end();
    return undefined;
  } catch (error) {
    return (error as Error).message || String((error as { code?: string }).code);
  }
}

export interface MariadbDatabase {
  database: string;
  url: string;
  drop(): Promise<void>;
}

export async function loadedMariadb(): Promise<MariadbDatabase> {
  const database = `etms_sis_${randomBytes(5).toString('hex')}`;
  const c = await mysql.createConnection({ ...MARIADB });
  await c.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await c.query(`USE ${database}`);
  for (const statement of splitSql(await exampleSchema('mysql-sis-schema.sql'))) await c.query(statement);
  await loadSampleSchema(
    (sql, params) => c.query(sql, params),
    () => '?',
  );
  await c.end();
  return {
    database,
    url: `mysql://${MARIADB.user}@${MARIADB.host}:${MARIADB.port}/${database}`,
    drop: async () => {
      const d = await mysql.createConnection({ ...MARIADB });
      await d.query(`DROP DATABASE IF EXISTS ${database}`);
      await d.end();
    },
  };
}
