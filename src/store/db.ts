/**
 * The Db port: one PostgreSQL dialect behind two implementations — embedded PGlite (the default,
 * under ./data) and a PostgreSQL server (DATABASE_URL). Values come back the same from both:
 * bigint and numeric as numbers, dates as YYYY-MM-DD strings, timestamps as Date.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { DbInUse, DbUnreachable, QueryOutsideTransaction, SchemaNameInvalid } from './errors.js';

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

/** How long a new PostgreSQL connection may take to be accepted before it fails. */
const CONNECT_TIMEOUT_MS = 10_000;

const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082, TIMESTAMPTZ: 1184, TIMESTAMP: 1114 } as const;
const toNumber = (v: string) => (v === null ? null : Number(v));
const identity = (v: string) => v;

/** SQLSTATEs and socket errors of a connection lost: the server shut down, the backend was ended, the network broke. */
const CONNECTION_LOST_CODES = new Set([
  '57P01', // admin_shutdown (pg_terminate_backend, a restart)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
]);

/** True when the error is the connection to PostgreSQL being lost, not a fault of the statement. */
export function isConnectionLost(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  if (typeof e?.code === 'string' && CONNECTION_LOST_CODES.has(e.code)) return true;
  return (
    typeof e?.message === 'string' &&
    /Connection terminated|connection error|terminating connection|timeout exceeded when trying to connect/i.test(
      e.message,
    )
  );
}

/** Marks an error met before COMMIT was sent: the server rolled the transaction back, nothing was kept. */
const rolledBack = new WeakSet<object>();

/** True when a transaction failed on a lost connection before its COMMIT: running it again is safe. */
export function lostBeforeCommit(error: unknown): boolean {
  return typeof error === 'object' && error !== null && rolledBack.has(error);
}

/**
 * Runs a transaction again when PostgreSQL broke it off to resolve a deadlock or a serialization
 * conflict, or lost its connection before the COMMIT (nothing of it was kept), up to `attempts`
 * times. Only for work that does nothing but its queries inside the transaction.
 */
export async function retryingConflicts<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const lost = lostBeforeCommit(error);
      if (attempt >= attempts || (code !== '40P01' && code !== '40001' && !lost)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * (lost ? 200 : 20) * attempt));
    }
  }
}

/** A read (one SELECT, no data-modifying statement) may be sent again on a new connection. */
const READ_ONLY = /^\s*SELECT\b/i;
const WRITES = /\b(INSERT|UPDATE|DELETE|MERGE|nextval|setval|pg_advisory|FOR\s+UPDATE|FOR\s+SHARE)\b/i;

export interface OpenDbOptions {
  /** PostgreSQL connection string; when absent, PGlite in dataDir (or in memory when dataDir is "memory://"). */
  url?: string;
  dataDir?: string;
  /** Schema to work in (created when missing); tests use one schema per file. */
  schema?: string;
  poolSize?: number;
  /** PostgreSQL's application_name of the connections (pg_stat_activity), `etms` by default. */
  applicationName?: string;
  /** PGlite only: start from this dump of a data directory (PGlite's dumpDataDir) instead of an empty one. */
  snapshot?: Blob;
}

/**
 * The transactions running, by the work they call. Code inside a transaction must send its
 * statements through the transaction's own handle: one sent to the Db itself waits, on the
 * embedded database (one connection), for the very transaction that waits for it — forever — and
 * on PostgreSQL neither sees the transaction's writes nor may wait on its locks. Such a statement
 * fails at once on both, so a test on either finds it. Work started inside a transaction and still
 * running after it ended (a timer, a queue) is free again.
 */
const runningTransaction = new AsyncLocalStorage<{ db: Db; open: boolean }>();

function refuseInsideTransaction(db: Db): void {
  const running = runningTransaction.getStore();
  if (running?.open && running.db === db) throw QueryOutsideTransaction();
}

async function insideTransaction<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  const running = { db, open: true };
  try {
    return await runningTransaction.run(running, fn);
  } finally {
    running.open = false;
  }
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw SchemaNameInvalid(name);
  return `"${name}"`;
}

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  constructor(
    readonly lite: PGlite,
    private readonly release: () => void = () => undefined,
  ) {}

  async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    refuseInsideTransaction(this);
    const result = await this.lite.query<T>(sql, params as unknown[]);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  }

  async exec(sql: string): Promise<void> {
    refuseInsideTransaction(this);
    await this.lite.exec(sql);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    refuseInsideTransaction(this);
    return this.lite.transaction(async (tx) =>
      insideTransaction(this, () =>
        fn({
          query: async <R = Row>(sql: string, params: readonly unknown[] = []) => {
            const result = await tx.query<R>(sql, params as unknown[]);
            return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
          },
          exec: async (sql: string) => {
            await tx.exec(sql);
          },
        }),
      ),
    );
  }

  async close(): Promise<void> {
    await this.lite.close();
    this.release();
  }
}

/**
 * The embedded database is one process's: a second process opening the same directory would not
 * see the first one's writes (nor the first its). The directory holds the opener's pid; another
 * live process's pid refuses the open, a dead one's is taken over.
 */
function claimDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'etms-process.pid');
  let holder = NaN;
  try {
    holder = Number(readFileSync(file, 'utf8').trim());
  } catch {
    // Nobody holds it.
  }
  if (Number.isInteger(holder) && holder > 0 && holder !== process.pid) {
    let alive = true;
    try {
      process.kill(holder, 0);
    } catch (error) {
      alive = (error as { code?: string }).code === 'EPERM';
    }
    if (alive) throw DbInUse(dataDir, holder);
  }
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
    } catch {
      // Already gone.
    }
  };
}

class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  constructor(readonly pool: pg.Pool) {}

  async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    // A read that met a lost connection is sent once more (the pool opens a new one); a write is
    // not, as whether it was applied is unknown.
    refuseInsideTransaction(this);
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.pool.query(sql, params as unknown[]);
        return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
      } catch (error) {
        if (attempt >= 2 || !isConnectionLost(error) || !READ_ONLY.test(sql) || WRITES.test(sql)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
      }
    }
  }

  async exec(sql: string): Promise<void> {
    refuseInsideTransaction(this);
    await this.pool.query(sql);
  }

  /**
   * A checked-out connection has no listener of the pool's: without one of its own, a backend ended
   * by the server (a restart, pg_terminate_backend) raises an 'error' event nobody handles, which
   * ends the process. Here it is heard, and the connection is thrown away rather than pooled again.
   */
  private async checkout(): Promise<{
    client: pg.PoolClient;
    broken: () => unknown;
    markBroken: (error: unknown) => void;
    done: () => void;
  }> {
    let broken: unknown;
    const onError = (error: unknown) => {
      broken ??= error;
    };
    const markBroken = (error: unknown) => {
      broken ??= error;
    };
    // The listener goes on in the pool's own callback: a promise would resume a turn later, and the
    // server's goodbye can arrive in the same packet as the connection's readiness.
    const client = await new Promise<pg.PoolClient>((resolve, reject) =>
      this.pool.connect((error, c) => {
        if (error || !c) return reject(error ?? new Error('no connection'));
        c.on('error', onError);
        resolve(c);
      }),
    );
    return {
      client,
      markBroken,
      broken: () => broken,
      done: () => {
        client.off('error', onError);
        // A broken connection is ended by the pool; whatever it still raises is already known.
        if (broken !== undefined) client.on('error', () => undefined);
        client.release(broken instanceof Error ? broken : broken === undefined ? undefined : true);
      },
    };
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    refuseInsideTransaction(this);
    const { client, broken, markBroken, done } = await this.checkout();
    let committing = false;
    try {
      await client.query('BEGIN');
      const value = await insideTransaction(this, () =>
        fn({
          query: async <R = Row>(sql: string, params: readonly unknown[] = []) => {
            const result = await client.query(sql, params as unknown[]);
            return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
          },
          exec: async (sql: string) => {
            await client.query(sql);
          },
        }),
      );
      committing = true;
      await client.query('COMMIT');
      return value;
    } catch (error) {
      const lost = isConnectionLost(error) || broken() !== undefined;
      if (lost) markBroken(error);
      if (!lost) await client.query('ROLLBACK').catch(() => undefined);
      else if (!committing && typeof error === 'object' && error !== null) rolledBack.add(error);
      throw error;
    } finally {
      done();
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
    class TimelyClient extends pg.Client {
      constructor(config?: pg.ClientConfig) {
        super({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
      }
    }
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      types: pgTypes,
      application_name: options.applicationName ?? 'etms',
      // A server that does not answer a new connection fails the query (and /readyz) instead of
      // holding it forever. Set on the client, not the pool: the pool's own setting would also
      // fail queries that merely wait their turn for a connection under a burst.
      Client: TimelyClient,
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
  let release: (() => void) | undefined;
  if (!dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true });
    release = claimDataDir(dataDir);
  }
  const lite = await PGlite.create(dataDir, {
    loadDataDir: options.snapshot,
    // Data directories made before migration 006 hold trigram indexes until it drops them.
    extensions: { pg_trgm },
    parsers: { [OID.INT8]: toNumber, [OID.NUMERIC]: toNumber, [OID.DATE]: identity },
  });
  if (schema) await lite.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}, public;`);
  return new PgliteDb(lite, release);
}

/** Drops a schema made for a test file. */
export async function dropSchema(db: Db, schema: string): Promise<void> {
  await db.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
}
