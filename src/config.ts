/**
 * Configuration: config/default.json, then an optional config file (--config or ETMS_CONFIG), then
 * environment variables (ETMS_SECTION__KEY=value, plus the conventional PORT and DATABASE_URL).
 * Validated with zod; a bad value names the key and what was expected.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { EtmsError } from './errors.js';

/** The folder holding package.json, whether running from src/ (tsx) or from the compiled dist/src/. */
export const PROJECT_ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:MM');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const configSchema = z.object({
  role: z.enum(['central+agent', 'central', 'agent']).default('central+agent'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  http: z
    .object({
      host: z.string().default('0.0.0.0'),
      port: z.coerce.number().int().min(0).max(65535).default(3000),
      /** The address people and e-mails use to reach the admin pages. */
      publicUrl: z.string().url().optional(),
      /** Secure cookies: "auto" sets them when the request came over HTTPS. */
      secureCookies: z.union([z.boolean(), z.literal('auto')]).default('auto'),
      trustProxy: z.boolean().default(false),
    })
    .prefault({}),
  database: z
    .object({
      /** PostgreSQL server; when absent the embedded database in dataDir is used. */
      url: z.string().optional(),
      dataDir: z.string().default('./data'),
      poolSize: z.coerce.number().int().min(1).max(200).default(10),
    })
    .prefault({}),
  demo: z
    .object({
      /** Seed the demo board into an empty database at start. */
      seedWhenEmpty: z.boolean().default(true),
      password: z.string().min(8).optional(),
      fixturesDir: z.string().default('fixtures/demo'),
    })
    .prefault({}),
  businessTime: z
    .object({
      timeZone: z.string().default('America/Toronto'),
      serviceDeadlineDays: z.coerce.number().int().min(1).max(60).default(5),
      /** Closure days per board code, in addition to Ontario's public holidays. */
      closureDays: z.record(z.string(), z.array(isoDate)).default({}),
    })
    .prefault({}),
  agent: z
    .object({
      /** The board this agent answers for (board code). */
      board: z.string().optional(),
      concurrency: z.coerce.number().int().min(1).max(64).default(4),
      batchSize: z.coerce.number().int().min(1).max(1000).default(50),
      leaseSeconds: z.coerce.number().int().min(5).max(3600).default(120),
      pollSeconds: z.coerce.number().min(0.1).max(3600).default(5),
      /** END_OF_TERM requests wait until this date. */
      termEndDate: isoDate.optional(),
      central: z
        .object({
          transport: z.enum(['in-process', 'soap', 'rest']).default('in-process'),
          url: z.string().optional(),
          credentialId: z.string().optional(),
          secret: z.string().optional(),
        })
        .prefault({}),
      /** SIS adapter configuration (see adapters/README.md); validated by the adapter factory. */
      sis: z.record(z.string(), z.unknown()).optional(),
    })
    .prefault({}),
  delivery: z
    .object({
      /** Local time of the nightly transmission. */
      time: time.default('02:00'),
      outboxDir: z.string().default('./data/outbox'),
      /** Optional HTTP endpoints per destination code. */
      endpoints: z.record(z.string(), z.string().url()).default({}),
    })
    .prefault({}),
  upload: z
    .object({
      maxBytes: z.coerce
        .number()
        .int()
        .min(1024)
        .default(5 * 1024 * 1024),
      maxDepth: z.coerce.number().int().min(8).default(64),
    })
    .prefault({}),
  mail: z
    .object({
      from: z.string().default('eTMS <no-reply@etms.invalid>'),
      smtp: z
        .object({
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
    .object({
      loginMaxFailures: z.coerce.number().int().min(1).default(5),
      loginLockMinutes: z.coerce.number().int().min(1).default(15),
      sessionHours: z.coerce.number().min(0.1).default(8),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] =
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      prev &&
      typeof prev === 'object' &&
      !Array.isArray(prev)
        ? deepMerge(prev as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}

function readJson(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new EtmsError(
      'ETMS_E_CONFIG_FILE',
      `Cannot read the configuration file ${path}: ${(error as Error).message}`,
    );
  }
}

/** Turns ETMS_AGENT__BATCH_SIZE=10 into { agent: { batchSize: "10" } }; values that look like JSON are parsed. */
export function configFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (path: string[], raw: string) => {
    let node = out;
    path.slice(0, -1).forEach((k) => {
      node[k] = (node[k] as Record<string, unknown>) ?? {};
      node = node[k] as Record<string, unknown>;
    });
    let value: unknown = raw;
    if (/^(true|false|null|-?\d+(\.\d+)?|\[.*\]|\{.*\})$/s.test(raw.trim())) {
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
    }
    node[path[path.length - 1]] = value;
  };
  const camel = (s: string) => s.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  for (const [name, value] of Object.entries(env)) {
    if (
      value === undefined ||
      !name.startsWith('ETMS_') ||
      name === 'ETMS_CONFIG' ||
      name === 'ETMS_DEMO_PASSWORD'
    )
      continue;
    set(name.slice(5).split('__').map(camel), value);
  }
  if (env.PORT) set(['http', 'port'], env.PORT);
  if (env.DATABASE_URL) set(['database', 'url'], env.DATABASE_URL);
  if (env.ETMS_DEMO_PASSWORD) set(['demo', 'password'], env.ETMS_DEMO_PASSWORD);
  if (env.LOG_LEVEL) set(['logLevel'], env.LOG_LEVEL);
  return out;
}

export function parseConfig(raw: unknown): Config {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(root)';
      return `${key}: ${issue.message}`;
    });
    throw new EtmsError('ETMS_E_CONFIG_INVALID', `The configuration is not valid — ${lines.join('; ')}`, {
      details: { issues: lines },
    });
  }
  return result.data;
}

export function loadConfig(
  options: { file?: string; env?: NodeJS.ProcessEnv; overrides?: Record<string, unknown> } = {},
): Config {
  const env = options.env ?? process.env;
  let raw: Record<string, unknown> = {};
  const defaults = join(PROJECT_ROOT, 'config', 'default.json');
  if (existsSync(defaults)) raw = readJson(defaults);
  const file = options.file ?? env.ETMS_CONFIG;
  if (file) {
    if (!existsSync(file))
      throw new EtmsError('ETMS_E_CONFIG_FILE', `The configuration file ${file} does not exist.`);
    raw = deepMerge(raw, readJson(file));
  }
  raw = deepMerge(raw, configFromEnv(env));
  if (options.overrides) raw = deepMerge(raw, options.overrides);
  return parseConfig(raw);
}
