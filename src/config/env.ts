/**
 * Settings from environment variables: ETMS_<SECTION>__<KEY>=value, sections and keys in
 * UPPER_SNAKE_CASE for the camelCase names of the file (ETMS_AGENT__BATCH_SIZE → agent.batchSize),
 * plus the conventional PORT, DATABASE_URL and LOG_LEVEL. Values that read as JSON (numbers,
 * booleans, arrays, objects) are parsed. Each setting remembers the variable it came from, so a
 * mistake is reported under the name the person typed.
 */

/** ETMS_ variables that are not settings: read by the commands that need them. */
export const NON_SETTING_VARIABLES = new Set([
  'ETMS_CONFIG', // the configuration file
  'ETMS_NEW_PASSWORD', // `etms user add` and `etms user reset-password`
]);

/** Conventional names read as settings. */
const CONVENTIONAL: Record<string, string[]> = {
  PORT: ['http', 'port'],
  DATABASE_URL: ['database', 'url'],
  LOG_LEVEL: ['logLevel'],
  ETMS_DEMO_PASSWORD: ['demo', 'password'],
};

export interface EnvSettings {
  values: Record<string, unknown>;
  /** "agent.batchSize" → "ETMS_AGENT__BATCH_SIZE" */
  variables: Map<string, string>;
}

const camel = (s: string) => s.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/** The variable that sets a setting: ['agent', 'batchSize'] → ETMS_AGENT__BATCH_SIZE. */
export function variableFor(path: readonly string[]): string {
  return `ETMS_${path.map(snake).join('__')}`;
}

function valueOf(raw: string): unknown {
  if (/^(true|false|null|-?\d+(\.\d+)?|\[.*\]|\{.*\})$/s.test(raw.trim())) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

export function readEnvSettings(env: NodeJS.ProcessEnv): EnvSettings {
  const values: Record<string, unknown> = {};
  const variables = new Map<string, string>();
  const set = (path: string[], raw: string, variable: string) => {
    let node = values;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      node[key] = next && typeof next === 'object' && !Array.isArray(next) ? next : {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = valueOf(raw);
    variables.set(path.join('.'), variable);
  };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !name.startsWith('ETMS_') || NON_SETTING_VARIABLES.has(name)) continue;
    if (name in CONVENTIONAL) continue;
    set(name.slice(5).split('__').map(camel), value, name);
  }
  for (const [name, path] of Object.entries(CONVENTIONAL)) {
    const value = env[name];
    if (value) set(path, value, name);
  }
  return { values, variables };
}
