/**
 * Configuration, in layers: config/default.json; outside production (NODE_ENV≠production)
 * config/demo.json, the demo board's settings; an optional file (--config or ETMS_CONFIG); then
 * environment variables (ETMS_SECTION__KEY=value, plus the conventional PORT, DATABASE_URL and
 * LOG_LEVEL). Validated with zod, strictly: a key eTMS does not have is refused with the nearest
 * one it does, a bad value names the key and what was expected, and the rules between settings
 * (a SOAP or REST transport needs the central's URL, …) are checked before anything starts.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { SisConfig, SisKind } from '../adapters/index.js';
import { ConfigFile, ConfigInvalid, ConfigUnknownKey } from './config/errors.js';
import { readEnvSettings, variableFor, type EnvSettings } from './config/env.js';
import { suggestSetting, knownKeysAt } from './config/keys.js';
import { checkSettingRules } from './config/rules.js';

/** The folder holding package.json, whether running from src/ (tsx) or from the compiled dist/src/. */
export const PROJECT_ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:MM');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

/**
 * The SIS adapters' kinds. Each adapter checks its own settings (adapters/index.ts) when the agent
 * starts; here only the kind is read, so commands that never open a SIS do not load the adapters.
 */
const SIS_KINDS = ['csv', 'postgres', 'mysql', 'mssql', 'oneroster'] as const satisfies readonly SisKind[];
const _everySisKind: [Exclude<SisKind, (typeof SIS_KINDS)[number]>] extends [never] ? true : false = true;

const sisSection = z
  .looseObject({ kind: z.enum(SIS_KINDS, 'one of the adapters: csv, postgres, mysql, mssql, oneroster') })
  .transform((sis) => sis as SisConfig);

const configFields = z.strictObject({
  role: z.enum(['central+agent', 'central', 'agent']).default('central'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  http: z
    .strictObject({
      host: z.string().default('0.0.0.0'),
      port: z.coerce.number().int().min(0).max(65535).default(3000),
      /** The address people and e-mails use to reach the admin pages. */
      publicUrl: z.string().url().optional(),
      /** Secure cookies: "auto" sets them when the request came over HTTPS. */
      secureCookies: z.union([z.boolean(), z.literal('auto')]).default('auto'),
      trustProxy: z.boolean().default(false),
      /** A request's head (line and headers) must arrive within this, or the connection is closed with 408. */
      headersTimeoutSeconds: z.coerce.number().min(0.1).max(600).default(15),
      /** A whole request, body included (an upload of upload.maxBytes), must arrive within this. */
      requestTimeoutSeconds: z.coerce.number().min(0.1).max(3600).default(120),
      /** A kept-alive connection with no request in progress is closed after this. */
      keepAliveTimeoutSeconds: z.coerce.number().min(0.1).max(600).default(5),
      /**
       * Connections one client address (IPv6: its /64) may hold open at once; 0 for no cap. Behind a
       * reverse proxy every connection comes from the proxy: raise it or set 0 there.
       */
      connectionsPerAddress: z.coerce.number().int().min(0).max(100_000).default(256),
    })
    .prefault({}),
  database: z
    .strictObject({
      /** PostgreSQL server; when absent the embedded database in dataDir is used. */
      url: z.string().optional(),
      dataDir: z.string().default('./data'),
      poolSize: z.coerce.number().int().min(1).max(200).default(10),
    })
    .prefault({}),
  demo: z
    .strictObject({
      /** Seed the demo board into an empty database at start (config/demo.json turns it on outside production). */
      seedWhenEmpty: z.boolean().default(false),
      password: z.string().min(8).optional(),
      fixturesDir: z.string().default('fixtures/demo'),
    })
    .prefault({}),
  businessTime: z
    .strictObject({
      timeZone: z.string().default('America/Toronto'),
      serviceDeadlineDays: z.coerce.number().int().min(1).max(60).default(5),
      /** Closure days per board code, in addition to Ontario's public holidays. */
      closureDays: z.record(z.string(), z.array(isoDate)).default({}),
    })
    .prefault({}),
  agent: z
    .strictObject({
      /** The board this agent answers for (board code). */
      board: z.string().optional(),
      concurrency: z.coerce.number().int().min(1).max(64).default(4),
      batchSize: z.coerce.number().int().min(1).max(1000).default(50),
      leaseSeconds: z.coerce.number().int().min(5).max(3600).default(120),
      pollSeconds: z.coerce.number().min(0.1).max(3600).default(5),
      /** END_OF_TERM requests wait until this date. */
      termEndDate: isoDate.optional(),
      central: z
        .strictObject({
          transport: z.enum(['in-process', 'soap', 'rest']).default('in-process'),
          url: z.string().optional(),
          credentialId: z.string().optional(),
          secret: z.string().optional(),
        })
        .prefault({}),
      /** The board's SIS (see config/examples/ and adapters/README.md). */
      sis: sisSection.optional(),
      matching: z
        .strictObject({
          /** The board's matcher parameters (`etms match --train`); the shipped values without it. */
          parametersFile: z.string().min(1).optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  delivery: z
    .strictObject({
      /** Local time of the nightly transmission. */
      time: time.default('02:00'),
      outboxDir: z.string().default('./data/outbox'),
      /** Optional HTTP endpoints per destination code. */
      endpoints: z.record(z.string(), z.string().url()).default({}),
    })
    .prefault({}),
  upload: z
    .strictObject({
      maxBytes: z.coerce
        .number()
        .int()
        .min(1024)
        .default(5 * 1024 * 1024),
      maxDepth: z.coerce.number().int().min(8).default(64),
    })
    .prefault({}),
  mail: z
    .strictObject({
      from: z.string().default('eTMS <no-reply@etms.invalid>'),
      smtp: z
        .strictObject({
          host: z.string().optional(),
          port: z.coerce.number().int().min(1).max(65535).default(587),
          secure: z.boolean().default(false),
          requireTLS: z.boolean().default(false),
          user: z.string().optional(),
          password: z.string().optional(),
        })
        .prefault({}),
      maxAttempts: z.coerce.number().int().min(1).max(50).default(8),
    })
    .prefault({}),
  security: z
    .strictObject({
      /** Wrong passwords in a row that lock an account, for loginLockMinutes. */
      loginMaxFailures: z.coerce.number().int().min(1).default(5),
      loginLockMinutes: z.coerce.number().int().min(1).default(15),
      /** Failed sign-ins one address may make within addressWindowMinutes before it is refused. */
      signInFailuresPerAddress: z.coerce.number().int().min(1).default(30),
      /** Failed machine credentials (SOAP and REST) one address may present within addressWindowMinutes. */
      exchangeFailuresPerAddress: z.coerce.number().int().min(1).default(20),
      addressWindowMinutes: z.coerce.number().int().min(1).default(15),
      /** Idle timeout: a session unused this long ends; each use slides it. */
      sessionHours: z.coerce.number().min(0.1).default(8),
      /** Absolute maximum: a session ends this long after sign-in, however much it is used. */
      sessionMaxHours: z.coerce.number().min(0.1).default(12),
    })
    .prefault({}),
  metrics: z
    .strictObject({
      /**
       * Who may read /metrics: nobody ("off"), callers on this machine ("loopback", the default), or
       * callers presenting metrics.token as a Bearer token ("token").
       */
      access: z.enum(['off', 'loopback', 'token']).default('loopback'),
      token: z.string().min(16, 'a secret of 16 characters or more').optional(),
    })
    .prefault({}),
});

export type ConfigFields = z.output<typeof configFields>;
export const configSchema = configFields.superRefine(checkSettingRules);
export type Config = z.output<typeof configSchema>;

/** Where a layer of settings came from, to name it in messages. */
interface Layer {
  values: Record<string, unknown>;
  /** A file's path; absent for settings given in code. */
  file?: string;
  env?: EnvSettings;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/**
 * Lays `over` on `base`, section by section. A section naming another `kind` (agent.sis) replaces
 * the one below instead of mixing two adapters' settings.
 */
function layer(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const below = out[key];
    const otherKind = isObject(value) && isObject(below) && 'kind' in value && value.kind !== below.kind;
    out[key] = isObject(value) && isObject(below) && !otherKind ? layer(below, value) : value;
  }
  return out;
}

/** Keys starting with "_" are comments in configuration files ("_comment": "…"). */
function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith('_'))
      .map(([key, v]) => [key, withoutComments(v)]),
  );
}

function readJson(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw ConfigFile(path, (error as Error).message);
  }
  if (!isObject(parsed)) throw ConfigFile(path, 'it holds no JSON object');
  return withoutComments(parsed) as Record<string, unknown>;
}

/** The variable a setting came from, when it came from the environment (or inside a JSON variable). */
function variableOf(env: EnvSettings | undefined, path: readonly string[]): string | undefined {
  for (let n = path.length; n > 0 && env; n--) {
    const variable = env.variables.get(path.slice(0, n).join('.'));
    if (variable) return variable;
  }
  return undefined;
}

function describeUnknown(source: Layer, path: string[], key: string): string {
  const full = [...path, key];
  const suggestion = suggestSetting(configFields, path, key);
  const variable = variableOf(source.env, full);
  const exact = source.env?.variables.get(full.join('.'));
  const name = exact ?? (variable ? `${full.join('.')} (from ${variable})` : full.join('.'));
  const where = source.file ? ` in ${source.file}` : '';
  if (suggestion) {
    const meant = exact ? variableFor(suggestion) : suggestion.join('.');
    return `${name}${where} is not a setting — did you mean ${meant}?`;
  }
  const known = knownKeysAt(configFields, path) ?? [];
  const section = path.length ? `settings of ${path.join('.')}` : 'sections';
  return `${name}${where} is not a setting (the ${section}: ${known.join(', ')})`;
}

function unknownSettings(source: Layer, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => describeUnknown(source, issue.path.map(String), key))
      : [],
  );
}

function parseLayers(raw: Record<string, unknown>, sources: Layer[]): Config {
  // Each source on its own first, so an unknown key is reported under the name and file it was typed in.
  const unknown = sources.flatMap((source) => {
    const result = configFields.safeParse(source.values);
    return result.success ? [] : unknownSettings(source, result.error.issues);
  });
  if (unknown.length) throw ConfigUnknownKey(unknown);

  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const env = sources.find((s) => s.env)?.env;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path.map(String);
    const key = path.join('.') || '(root)';
    const variable = variableOf(env, path);
    return `${variable ? `${key} (${variable})` : key}: ${issue.message}`;
  });
  throw ConfigInvalid(lines);
}

/** Checks settings given in code (tests, benches) as a start would check them. */
export function parseConfig(raw: unknown): Config {
  const values = isObject(raw) ? raw : {};
  return parseLayers(values, [{ values }]);
}

/** Turns ETMS_AGENT__BATCH_SIZE=10 into { agent: { batchSize: 10 } }; values that read as JSON are parsed. */
export function configFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  return readEnvSettings(env).values;
}

export function loadConfig(
  options: { file?: string; env?: NodeJS.ProcessEnv; overrides?: Record<string, unknown> } = {},
): Config {
  const env = options.env ?? process.env;
  const sources: Layer[] = [];
  const fromFile = (path: string) => sources.push({ values: readJson(path), file: path });

  const defaults = join(PROJECT_ROOT, 'config', 'default.json');
  if (existsSync(defaults)) fromFile(defaults);
  const demo = join(PROJECT_ROOT, 'config', 'demo.json');
  if (env.NODE_ENV !== 'production' && existsSync(demo)) fromFile(demo);
  const file = options.file ?? env.ETMS_CONFIG;
  if (file) {
    if (!existsSync(file)) throw ConfigFile(file);
    fromFile(file);
  }
  const fromEnv = readEnvSettings(env);
  sources.push({ values: fromEnv.values, env: fromEnv });
  if (options.overrides) sources.push({ values: options.overrides });

  const raw = sources.reduce<Record<string, unknown>>((all, source) => layer(all, source.values), {});
  return parseLayers(raw, sources);
}
