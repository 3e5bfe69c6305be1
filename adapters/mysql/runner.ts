/**
 * SqlRunner for MariaDB/MySQL through a mysql2 pool: server-side prepared statements (execute),
 * dates as text, read-only sessions as a second fence behind the query check.
 */
import mysql from 'mysql2/promise';
import { log } from '../../src/log.js';
import type { BoundQuery } from '../sql/guard.js';
import type { SqlRunner } from '../sql/sql-adapter.js';
import type { Row } from '../shared/rows.js';
import { describeTarget, type SqlConnectionConfig } from '../sql/connection.js';

export class MysqlPoolRunner implements SqlRunner {
  readonly target: string;
  private readonly pool: mysql.Pool;
  private readonly timeout: number;

  constructor(config: SqlConnectionConfig) {
    this.target = describeTarget(config, 3306);
    this.timeout = config.statementTimeoutMs;
    const common = {
      connectionLimit: config.poolSize,
      connectTimeout: config.connectTimeoutMs,
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      multipleStatements: false,
      ssl: config.ssl === true ? {} : config.ssl === false ? undefined : config.ssl,
    } satisfies mysql.PoolOptions;
    this.pool = config.url
      ? mysql.createPool({ uri: config.url, ...common })
      : mysql.createPool({
          host: config.host,
          port: config.port,
          user: config.user,
          password: config.password,
          database: config.database,
          ...common,
        });
    // The promise pool re-emits the core pool's events with the callback-style connection.
    (this.pool as unknown as NodeJS.EventEmitter).on(
      'connection',
      (connection: { query: (sql: string, cb: (err: unknown) => void) => void }) => {
        // Queued before any of our statements on this connection; a failure surfaces on the next query.
        connection.query('SET SESSION TRANSACTION READ ONLY', () => undefined);
      },
    );
  }

  async query(q: BoundQuery): Promise<Row[]> {
    const [rows] = await this.pool.execute({ sql: q.text, values: q.values, timeout: this.timeout });
    return rows as Row[];
  }

  async ping(): Promise<void> {
    await this.pool.query({ sql: 'SELECT 1', timeout: this.timeout });
  }

  async close(): Promise<void> {
    // mysql2 rejects end() with the error of a connection that never opened (a server that was
    // down while several queries waited): nothing is left to close then, so only note it.
    await this.pool
      .end()
      .catch((error: unknown) =>
        log.warn(
          { err: { message: error instanceof Error ? error.message : String(error) } },
          'mysql SIS pool closed after a connection failure',
        ),
      );
  }
}
