/**
 * SqlRunners for PostgreSQL: a pg pool for a server, or a PGlite instance (tests, demo).
 * Dates and timestamps come back as text so a calendar day never shifts with the time zone.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { PGliteInterface } from '@electric-sql/pglite';
import { log } from '../../src/log.js';
import type { BoundQuery } from '../sql/guard.js';
import type { SqlRunner } from '../sql/sql-adapter.js';
import type { Row } from '../shared/rows.js';
import { describeTarget, type SqlConnectionConfig } from '../sql/connection.js';

/** date, time, timestamp, timestamptz, timetz */
const TEMPORAL_OIDS = new Set([1082, 1083, 1114, 1184, 1266]);
const asText = (value: string) => value;

export class PgPoolRunner implements SqlRunner {
  readonly target: string;
  private readonly pool: pg.Pool;

  constructor(config: SqlConnectionConfig) {
    this.target = describeTarget(config, 5432);
    // Read-only sessions are a second fence behind the query check. Each query is a lookup by key
    // whose best plan does not depend on the values, and planning one (about 1–2 ms for the list
    // queries) cost more than running it: a prepared statement is planned once per connection. A
    // board can still set plan_cache_mode=auto in the URL's options, which come after these.
    const serverOptions = [
      `-c default_transaction_read_only=on`,
      `-c statement_timeout=${config.statementTimeoutMs}`,
      `-c plan_cache_mode=force_generic_plan`,
    ];
    let connectionString = config.url;
    if (connectionString) {
      // Options in the URL would override ours (pg gives the URL precedence): merge them instead.
      const u = new URL(connectionString);
      const own = u.searchParams.get('options');
      if (own) {
        serverOptions.push(own);
        u.searchParams.delete('options');
        connectionString = u.toString();
      }
    }
    this.pool = new pg.Pool({
      connectionString,
      host: config.host,
      port: config.port,
      user: config.user,
      password: config.password,
      database: config.database,
      ssl: config.ssl,
      max: config.poolSize,
      connectionTimeoutMillis: config.connectTimeoutMs,
      idleTimeoutMillis: 30_000,
      options: serverOptions.join(' '),
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          TEMPORAL_OIDS.has(oid)
            ? asText
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection dropped by the server must not take the process down.
    this.pool.on('error', (error) =>
      log.warn({ err: { message: error.message } }, 'postgres SIS connection dropped'),
    );
  }

  /** Statement names by query text: worked out once, not hashed on every call. */
  private readonly names = new Map<string, string>();

  async query(q: BoundQuery): Promise<Row[]> {
    // A named statement is prepared once per connection, then only executed.
    let name = this.names.get(q.text);
    if (name === undefined) {
      name = `etms_${q.key}_${createHash('sha1').update(q.text).digest('hex').slice(0, 12)}`;
      if (this.names.size < 1000) this.names.set(q.text, name);
    }
    const result = await this.pool.query({ name, text: q.text, values: q.values });
    return result.rows as Row[];
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

const PGLITE_PARSERS = Object.fromEntries([...TEMPORAL_OIDS].map((oid) => [oid, asText]));

/** Runs on a PGlite instance the caller owns: close() leaves it open. */
export class PgliteRunner implements SqlRunner {
  readonly target = 'embedded PGlite';

  constructor(private readonly db: PGliteInterface) {}

  async query(q: BoundQuery): Promise<Row[]> {
    const result = await this.db.query<Row>(q.text, q.values, { parsers: PGLITE_PARSERS });
    return result.rows;
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  async close(): Promise<void> {}
}
