/**
 * Connection settings shared by the SQL adapters. Secrets come from the environment through
 * `${NAME}` interpolation in the config (done by adapters/index.ts), never from the file itself.
 */
import { z } from 'zod';
import { DEFAULT_MAX_CANDIDATES } from '../shared/candidates.js';
import { sqlQueriesSchema } from './queries.js';

export const sqlConnectionShape = {
  /** e.g. postgres://user@host:5432/db, mysql://user@host:3306/db, mssql://user:pw@host:1433/db */
  url: z.string().min(1).optional(),
  host: z.string().min(1).optional(),
  port: z.number().int().positive().optional(),
  user: z.string().optional(),
  password: z.string().optional(),
  database: z.string().optional(),
  /** true for TLS with certificate checks; an object to relax them for a board's own CA. */
  ssl: z.union([z.boolean(), z.object({ rejectUnauthorized: z.boolean().optional() })]).optional(),
  // A request issues its lookups together: a few more connections than cores keep the server busy.
  poolSize: z.number().int().min(1).max(100).default(10),
  statementTimeoutMs: z.number().int().min(100).default(10_000),
  connectTimeoutMs: z.number().int().min(100).default(5_000),
  maxCandidates: z.number().int().min(1).max(100_000).default(DEFAULT_MAX_CANDIDATES),
  /**
   * Seconds a birth date's answer is reused by later requests (0: never). Each request reads some
   * thirty dates (the typed one and its slips) and a batch of requests shares most of them; a
   * student added to the SIS within this time may be missed by a request that runs meanwhile.
   * Only whole dates are kept: the slip dates' answers of candidatesByNamesOnBirthDates, narrowed to
   * one request's names, are not.
   */
  birthDateCacheSeconds: z.number().int().min(0).max(3600).default(0),
  queries: sqlQueriesSchema,
};

export const sqlConnectionSchema = z.object(sqlConnectionShape);
export type SqlConnectionConfig = z.output<typeof sqlConnectionSchema>;

/** host:port/database for messages, without user or password. */
export function describeTarget(
  config: Pick<SqlConnectionConfig, 'url' | 'host' | 'port' | 'database'>,
  defaultPort: number,
): string {
  if (config.url) {
    try {
      const u = new URL(config.url);
      return `${u.hostname}:${u.port || defaultPort}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
    } catch {
      return 'the configured URL';
    }
  }
  return `${config.host ?? 'localhost'}:${config.port ?? defaultPort}${config.database ? `/${config.database}` : ''}`;
}
