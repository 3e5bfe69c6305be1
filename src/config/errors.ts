/** Error codes of the configuration. Each stops the start before anything is opened or served. */
import { defineError } from '../errors.js';

/** The configuration file is missing (no `why`) or cannot be read as one JSON object. */
export const ConfigFile = defineError('ETMS_E_CONFIG_FILE', 500, (path: string, why?: string) =>
  why === undefined
    ? `The configuration file ${path} does not exist: check the path given with --config or ETMS_CONFIG.`
    : `Cannot read the configuration file ${path} (${why}): it must be one JSON object.`,
);

export const ConfigInvalid = defineError(
  'ETMS_E_CONFIG_INVALID',
  500,
  (problems: readonly string[]) => `The configuration is not valid — ${problems.join('; ')}`,
);

export const ConfigUnknownKey = defineError(
  'ETMS_E_CONFIG_UNKNOWN_KEY',
  500,
  (problems: readonly string[]) =>
    `The configuration names settings eTMS does not have, so they would be ignored — ${problems.join('; ')}. Correct or remove them; nothing was started.`,
);
