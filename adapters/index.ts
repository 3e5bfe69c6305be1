/**
 * The one way the rest of eTMS gets a SisAdapter: createSisAdapter(config). The config is checked
 * with sisConfigSchema; `${NAME}` in connection settings is read from the environment; keys that
 * start with "_" are comments; SQL queries are checked here, so a bad query stops the start.
 */
import { z } from 'zod';
import type { PGliteInterface } from '@electric-sql/pglite';
import type { SisAdapter } from '../src/sis/index.js';
import { configInvalid } from './errors.js';
import { createCsvAdapter, csvConfigSchema } from './csv/index.js';
import { createMssqlAdapter, mssqlConfigSchema } from './mssql/index.js';
import { createMysqlAdapter, mysqlConfigSchema } from './mysql/index.js';
import { createOneRosterAdapter, oneRosterConfigSchema } from './oneroster/index.js';
import { createPostgresAdapter, postgresConfigSchema } from './postgres/index.js';
import type { SqlRunner } from './sql/sql-adapter.js';

export const sisConfigSchema = z.discriminatedUnion('kind', [
  csvConfigSchema,
  postgresConfigSchema,
  mysqlConfigSchema,
  mssqlConfigSchema,
  oneRosterConfigSchema,
]);

/** What a config file holds (defaults not yet applied). */
export type SisConfig = z.input<typeof sisConfigSchema>;
export type SisKind = SisConfig['kind'];

export interface SisAdapterDeps {
  /** postgres only: run the queries on this PGlite database instead of a server. */
  pglite?: PGliteInterface;
  /** SQL kinds only: run the queries on this runner (tests inject faults with it). */
  runner?: SqlRunner;
  /** oneroster only: the fetch to use. */
  fetch?: typeof fetch;
  /** csv only: the folder relative paths are read from (default: the working directory). */
  baseDir?: string;
  /** Where `${NAME}` values come from (default: process.env). */
  env?: Record<string, string | undefined>;
}

/** Drops comment keys ("_comment", "_why", …) at every level. */
function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !k.startsWith('_'))
        .map(([k, v]) => [k, withoutComments(v)]),
    );
  }
  return value;
}

/** Replaces `${NAME}` in every string outside `queries` (SQL text is taken as written). */
function interpolate(value: unknown, env: Record<string, string | undefined>, path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const v = env[name];
      if (v === undefined)
        throw configInvalid(
          `the environment variable ${name} (used by ${path || 'the SIS config'}) is not set`,
        );
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        k === 'queries' ? v : interpolate(v, env, path ? `${path}.${k}` : k),
      ]),
    );
  }
  return value;
}

/** Checks a config (comments removed, environment read) and returns it with defaults applied. */
export function parseSisConfig(
  config: unknown,
  env: Record<string, string | undefined> = process.env,
): z.output<typeof sisConfigSchema> {
  const prepared = interpolate(withoutComments(config), env);
  const result = sisConfigSchema.safeParse(prepared);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw configInvalid(`${issue.path.join('.') || 'the config'}: ${issue.message}`);
  }
  return result.data;
}

export async function createSisAdapter(config: SisConfig, deps: SisAdapterDeps = {}): Promise<SisAdapter> {
  const parsed = parseSisConfig(config, deps.env ?? process.env);
  switch (parsed.kind) {
    case 'csv':
      return createCsvAdapter(parsed, { baseDir: deps.baseDir });
    case 'postgres':
      return createPostgresAdapter(parsed, { pglite: deps.pglite, runner: deps.runner });
    case 'mysql':
      return createMysqlAdapter(parsed, { runner: deps.runner });
    case 'mssql':
      return createMssqlAdapter(parsed, { runner: deps.runner });
    case 'oneroster':
      return createOneRosterAdapter(parsed, { fetch: deps.fetch });
  }
}

export { csvConfigSchema, postgresConfigSchema, mysqlConfigSchema, mssqlConfigSchema, oneRosterConfigSchema };
export type { CsvSisConfig } from './csv/index.js';
export type { PostgresSisConfig } from './postgres/index.js';
export type { MysqlSisConfig } from './mysql/index.js';
export type { MssqlSisConfig } from './mssql/index.js';
export type { OneRosterSisConfig } from './oneroster/index.js';
export type { SqlRunner } from './sql/sql-adapter.js';
export { normaliseName } from './shared/normalise.js';
export { KeyIndex } from './shared/key-index.js';
