/**
 * The agent's SIS settings, checked when a process that runs the agent starts, by the schema of the
 * adapter they name. The adapters (and their drivers) are loaded only then, so other commands stay
 * quick.
 */
import type { z } from 'zod';
import type { Config } from '../config.js';
import { ConfigUnknownKey } from './errors.js';
import { suggestSetting } from './keys.js';

export async function checkAgentSis(
  config: Config,
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  const sis = config.agent.sis;
  if (!sis) return;
  const { sisConfigSchema, parseSisConfig } = await import('../../adapters/index.js');
  const withoutComments = Object.fromEntries(Object.entries(sis).filter(([key]) => !key.startsWith('_')));
  const result = sisConfigSchema.safeParse(withoutComments);
  const adapter = sisConfigSchema.options.find(
    (option) => (option.shape.kind as z.ZodLiteral<string>).value === sis.kind,
  );
  const unknown =
    result.success || !adapter
      ? []
      : result.error.issues.flatMap((issue) =>
          issue.code === 'unrecognized_keys'
            ? issue.keys.map((key) => {
                const path = issue.path.map(String);
                const meant = suggestSetting(adapter, path, key);
                const name = ['agent', 'sis', ...path, key].join('.');
                return meant
                  ? `${name} is not a setting — did you mean ${['agent', 'sis', ...meant].join('.')}?`
                  : `${name} is not a setting of the ${sis.kind} adapter`;
              })
            : [],
        );
  if (unknown.length) throw ConfigUnknownKey(unknown);
  // Everything else (required keys, the SQL queries, ${NAME} values from the environment) as the agent will read it.
  parseSisConfig(sis, env);
}
