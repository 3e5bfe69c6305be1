/** The mssql SIS adapter (SQL Server): the board's T-SQL SELECTs, checked at start, through mssql. */
import { z } from 'zod';
import { configInvalid } from '../errors.js';
import { sqlConnectionShape } from '../sql/connection.js';
import { guardQueries } from '../sql/queries.js';
import { SqlSisAdapter, type SqlRunner } from '../sql/sql-adapter.js';
import { MssqlPoolRunner, mssqlInputs } from './runner.js';

export const mssqlConfigSchema = z
  .object({
    kind: z.literal('mssql'),
    ...sqlConnectionShape,
    /** Match the SIS's name and number columns: nvarchar (default) or varchar, so indexes are used. */
    stringType: z.enum(['nvarchar', 'varchar']).default('nvarchar'),
  })
  .strict();
export type MssqlSisConfig = z.input<typeof mssqlConfigSchema>;

export async function createMssqlAdapter(
  input: MssqlSisConfig,
  deps: { runner?: SqlRunner } = {},
): Promise<SqlSisAdapter> {
  const config = mssqlConfigSchema.parse(input);
  const queries = guardQueries(config.queries, 'mssql');
  if (!deps.runner && !config.url && !config.host) throw configInvalid('the mssql SIS needs a url or a host');
  const runner = deps.runner ?? new MssqlPoolRunner(config, config.stringType);
  return new SqlSisAdapter({
    kind: 'mssql',
    runner,
    queries,
    maxCandidates: config.maxCandidates,
    birthDateCacheSeconds: config.birthDateCacheSeconds,
  });
}

export { MssqlPoolRunner, mssqlInputs };
