/**
 * The Db port: one PostgreSQL dialect behind two implementations — embedded PGlite (the default,
 * under ./data) and a PostgreSQL server (DATABASE_URL). Values come back the same from both:
 * bigint and numeric as numbers, dates as YYYY-MM-DD strings, timestamps as Date.
 */
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { DbUnreachable, SchemaNameInvalid } from './errors.js';

export type Row = Record<string, unknown>;

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs a script of several statements (no parameters). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction; a thrown error rolls everything back. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** The underlying pg.Pool (postgres only). */
  readonly pool?: pg.Pool;
  /** The underlying PGlite (pglite only). */
  readonly lite?: PGlite;
}

const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082, TIMESTAMPTZ: 1184, TIMESTAMP: 1114 } as const;
const toNumber = (v: string) => (v === null ? null : Number(v));
const identity = (v: string) => v;

/**
 * Runs a transaction again when PostgreSQL broke it off to resolve a deadlock or a serialization
 * conflict (nothing of it was kept), up to `attempts` times. Only for work that does nothing but
 * its queries inside the transaction.
 */
export async function retryingConflicts<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= attempts || (code !== '40P01' && code !== '40001')) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

export interface OpenDbOptions {
  /** PostgreSQL connection string; when absent, PGlite in dataDir (or in memory when dataDir is "memory://"). */
  url?: string;
  dataDir?: string;
  /** Schema to work in (created when missing); tests use one schema per file. */
  schema?: string;
  poolSize?: number;
  /** PGlite only: start from this dump of a data directory (PGlite's dumpDataDir) instead of an empty one. */
  snapshot?: Blob;
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw SchemaNameInvalid(name);
  return `"${name}"`;
}

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  constructor(readonly lite: PGlite) {}

  async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    const result = await this.lite.query<T>(sql, params as unknown[]);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  }

  async exec(sql: string): Promise<void> {
    await this.lite.exec(sql);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.lite.transaction(async (tx) =>
      fn({
        query: async <R = Row>(sql: string, params: readonly unknown[] = []) => {
          const result = await tx.query<R>(sql, params as unknown[]);
          return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
        },
        exec: async (sql: string) => {
          await tx.exec(sql);
        },
      }),
    );
  }

  async close(): Promise<void> {
    await this.lite.close();
  }
}

class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  constructor(readonly pool: pg.Pool) {}

  async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    const result = await this.pool.query(sql, params as unknown[]);
    return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const value = await fn({
        query: async <R = Row>(sql: string, params: readonly unknown[] = []) => {
          const result = await client.query(sql, params as unknown[]);
          return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
        },
        exec: async (sql: string) => {
          await client.query(sql);
        },
      });
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

const pgTypes = {
  getTypeParser(oid: number, format?: string) {
    if (oid === OID.INT8 || oid === OID.NUMERIC) return toNumber;
    if (oid === OID.DATE) return identity;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export async function openDb(options: OpenDbOptions = {}): Promise<Db> {
  const schema = options.schema ? quoteIdent(options.schema) : undefined;
  if (options.url) {
    if (schema) {
      // Create the schema once on a plain connection, then point every pooled connection at it.
      const admin = new pg.Client({ connectionString: options.url });
      await admin.connect();
      try {
        await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      } catch (error) {
        // Two replicas creating it at the same instant: the loser sees a duplicate, which is fine.
        if (!['23505', '42P06'].includes((error as { code?: string }).code ?? '')) throw error;
      } finally {
        await admin.end();
      }
    }
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      types: pgTypes,
      ...(schema ? { options: `-c search_path=${options.schema},public` } : {}),
    });
    pool.on('error', () => undefined); // an idle client's error surfaces on the next query
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw DbUnreachable((error as Error).message, error);
    }
    return new PostgresDb(pool);
  }
  const dataDir = options.dataDir ?? './data/pg';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir, {
    loadDataDir: options.snapshot,
    // Data directories made before migration 006 hold trigram indexes until it drops them.
    extensions: { pg_trgm },
    parsers: { [OID.INT8]: toNumber, [OID.NUMERIC]: toNumber, [OID.DATE]: identity },
  });
  if (schema) await lite.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}, public;`);
  return new PgliteDb(lite);
}

/** Drops a schema made for a test file. */
export async function dropSchema(db: Db, schema: string): Promise<void> {
  await db.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
}
