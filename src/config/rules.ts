/**
 * Rules between settings, checked with the rest of the configuration so a start stops at once with
 * the setting to add, instead of failing later at the first request that needs it.
 */
import type { z } from 'zod';
import type { ConfigFields } from '../config.js';

const isHttpUrl = (value: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

export function checkSettingRules(config: ConfigFields, ctx: z.RefinementCtx): void {
  const problem = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const { agent, mail, metrics, http } = config;
  const { transport } = agent.central;

  if (transport !== 'in-process') {
    if (!agent.central.url)
      problem(
        ['agent', 'central', 'url'],
        `required when agent.central.transport is ${transport}: the central's address, e.g. https://central.example.org`,
      );
    else if (!isHttpUrl(agent.central.url))
      problem(['agent', 'central', 'url'], 'an http:// or https:// address of the central');
    for (const key of ['credentialId', 'secret'] as const)
      if (!agent.central[key])
        problem(
          ['agent', 'central', key],
          `required when agent.central.transport is ${transport}: from \`etms credential create --kind AGENT\``,
        );
  }

  // The agent runs in this process: it needs its SIS, and in-process its board.
  if (config.role !== 'central') {
    if (!agent.sis)
      problem(
        ['agent', 'sis'],
        `required when role is ${config.role}: the board's SIS (see config/examples/), or set role to central`,
      );
    if (transport === 'in-process' && !agent.board)
      problem(
        ['agent', 'board'],
        `required when role is ${config.role}: the code of the board the agent answers for`,
      );
  }

  if (http.headersTimeoutSeconds > http.requestTimeoutSeconds)
    problem(
      ['http', 'headersTimeoutSeconds'],
      `at most http.requestTimeoutSeconds (${http.requestTimeoutSeconds}): the head is a part of the request`,
    );

  if (Boolean(mail.smtp.user) !== Boolean(mail.smtp.password))
    problem(
      ['mail', 'smtp', mail.smtp.user ? 'password' : 'user'],
      'mail.smtp.user and mail.smtp.password go together',
    );

  if (metrics.access === 'token' && !metrics.token)
    problem(
      ['metrics', 'token'],
      'required when metrics.access is token: a secret of 16 characters or more, given as a Bearer token by the scraper',
    );
}
