/**
 * SqlRunner for SQL Server through the mssql package: each :name becomes @name, bound with an
 * explicit SQL type so the server can seek its indexes without implicit conversions.
 */
import sql from 'mssql';
import type { BoundQuery, ParamValue } from '../sql/guard.js';
import type { SqlRunner } from '../sql/sql-adapter.js';
import type { Row } from '../shared/rows.js';
import { describeTarget, type SqlConnectionConfig } from '../sql/connection.js';

export type MssqlStringType = 'nvarchar' | 'varchar';

export interface MssqlInput {
  name: string;
  type: sql.ISqlType | (() => sql.ISqlType);
  /** Short type name for messages and tests, e.g. "NVarChar(100)". */
  typeName: string;
  value: string | number | Date;
}

const NAME_LENGTH = 100;
const ID_LENGTH = 20;

/**
 * The SQL type and value of each bound parameter. Birth dates are sent as DATE at UTC midnight; each
 * element of a list (@birth_dates_0, @names_1, …) is typed as its list is.
 */
export function mssqlInputs(q: BoundQuery, stringType: MssqlStringType = 'nvarchar'): MssqlInput[] {
  const str = (length: number) =>
    stringType === 'nvarchar'
      ? { type: sql.NVarChar(length), typeName: `NVarChar(${length})` }
      : { type: sql.VarChar(length), typeName: `VarChar(${length})` };
  return q.names.map((name, i) => {
    const value: ParamValue = q.values[i];
    if (Array.isArray(value))
      throw new Error(`The list :${q.params[i]} of query ${q.key} was not expanded for SQL Server`);
    switch (q.params[i] ?? name) {
      case 'birth_date':
      case 'birth_dates': {
        const [y, m, d] = String(value).split('-').map(Number);
        return { name, type: sql.Date, typeName: 'Date', value: new Date(Date.UTC(y, m - 1, d)) };
      }
      case 'birth_year_from':
      case 'birth_year_to':
      case 'birth_years':
      case 'max_sharing':
        return { name, type: sql.Int, typeName: 'Int', value: Number(value) };
      case 'surname':
      case 'given_name':
      case 'names':
      case 'surnames':
      case 'given_names':
        return { name, ...str(NAME_LENGTH), value: String(value) };
      default:
        return { name, ...str(ID_LENGTH), value: String(value) };
    }
  });
}

export class MssqlPoolRunner implements SqlRunner {
  readonly target: string;
  private readonly pool: sql.ConnectionPool;
  private connecting?: Promise<sql.ConnectionPool>;

  constructor(
    config: SqlConnectionConfig,
    private readonly stringType: MssqlStringType,
  ) {
    this.target = describeTarget(config, 1433);
    const base = {
      pool: { max: config.poolSize, min: 0, idleTimeoutMillis: 30_000 },
      requestTimeout: config.statementTimeoutMs,
      connectionTimeout: config.connectTimeoutMs,
    };
    this.pool = config.url
      ? new sql.ConnectionPool(config.url)
      : new sql.ConnectionPool({
          server: config.host ?? 'localhost',
          port: config.port ?? 1433,
          user: config.user,
          password: config.password,
          database: config.database,
          options: {
            encrypt: config.ssl !== false,
            trustServerCertificate: typeof config.ssl === 'object' && config.ssl.rejectUnauthorized === false,
          },
          ...base,
        });
    this.pool.on('error', () => undefined);
  }

  private connected(): Promise<sql.ConnectionPool> {
    this.connecting ??= this.pool.connect().catch((error: unknown) => {
      // Let the next call try again rather than remember the outage for ever.
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  async query(q: BoundQuery): Promise<Row[]> {
    const pool = await this.connected();
    const request = pool.request();
    for (const input of mssqlInputs(q, this.stringType)) request.input(input.name, input.type, input.value);
    const result = await request.query(q.text);
    return result.recordset as Row[];
  }

  async ping(): Promise<void> {
    const pool = await this.connected();
    await pool.request().query('SELECT 1 AS ok');
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
