/**
 * The Auto-eTMS agent's decisions, counted in the process that runs it and served by its /metrics:
 * auto (matched and sent), review (to staff with ranked candidates), none (no candidate).
 */
import { Counter, Registry } from 'prom-client';

export const processRegistry = new Registry();

export const agentDecisions = new Counter({
  name: 'etms_agent_decisions_total',
  help: 'Matcher decisions of the Auto-eTMS agent in this process: auto (sent), review (to staff with candidates), none (no candidate)',
  labelNames: ['outcome'] as const,
  registers: [processRegistry],
});
for (const outcome of ['auto', 'review', 'none']) agentDecisions.inc({ outcome }, 0);
