/** The mysql SIS adapter (MariaDB or MySQL): the board's SELECTs, checked at start, through mysql2. */
import { z } from 'zod';
import { configInvalid } from '../errors.js';
import { sqlConnectionShape } from '../sql/connection.js';
import { guardQueries } from '../sql/queries.js';
import { SqlSisAdapter, type SqlRunner } from '../sql/sql-adapter.js';
import { MysqlPoolRunner } from './runner.js';

export const mysqlConfigSchema = z.object({ kind: z.literal('mysql'), ...sqlConnectionShape }).strict();
export type MysqlSisConfig = z.input<typeof mysqlConfigSchema>;

export async function createMysqlAdapter(
  input: MysqlSisConfig,
  deps: { runner?: SqlRunner } = {},
): Promise<SqlSisAdapter> {
  const config = mysqlConfigSchema.parse(input);
  const queries = guardQueries(config.queries, 'mysql');
  if (!deps.runner && !config.url && !config.host) throw configInvalid('the mysql SIS needs a url or a host');
  const runner = deps.runner ?? new MysqlPoolRunner(config);
  return new SqlSisAdapter({
    kind: 'mysql',
    runner,
    queries,
    maxCandidates: config.maxCandidates,
    birthDateCacheSeconds: config.birthDateCacheSeconds,
  });
}

export { MysqlPoolRunner };
