/**
 * The postgres SIS adapter: the board's SELECTs (checked at start) run on a PostgreSQL server
 * through a pg pool, or on a PGlite instance handed in by the caller.
 */
import { z } from 'zod';
import type { PGliteInterface } from '@electric-sql/pglite';
import { configInvalid } from '../errors.js';
import { sqlConnectionShape } from '../sql/connection.js';
import { guardQueries } from '../sql/queries.js';
import { SqlSisAdapter, type SqlRunner } from '../sql/sql-adapter.js';
import { PgliteRunner, PgPoolRunner } from './runner.js';

export const postgresConfigSchema = z.object({ kind: z.literal('postgres'), ...sqlConnectionShape }).strict();
export type PostgresSisConfig = z.input<typeof postgresConfigSchema>;

export interface PostgresDeps {
  /** Run the queries on this PGlite database instead of a server. */
  pglite?: PGliteInterface;
  /** Or on any runner (used by tests to inject faults). */
  runner?: SqlRunner;
}

export async function createPostgresAdapter(
  input: PostgresSisConfig,
  deps: PostgresDeps = {},
): Promise<SqlSisAdapter> {
  const config = postgresConfigSchema.parse(input);
  const queries = guardQueries(config.queries, 'postgres');
  let runner = deps.runner ?? (deps.pglite ? new PgliteRunner(deps.pglite) : undefined);
  if (!runner) {
    if (!config.url && !config.host)
      throw configInvalid('the postgres SIS needs a url or a host (or a PGlite database)');
    runner = new PgPoolRunner(config);
  }
  return new SqlSisAdapter({
    kind: 'postgres',
    runner,
    queries,
    maxCandidates: config.maxCandidates,
    birthDateCacheSeconds: config.birthDateCacheSeconds,
  });
}

export { PgliteRunner, PgPoolRunner };
