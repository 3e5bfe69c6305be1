/**
 * The agent's errors, and which failures are passing (retry later, never decide) and which are
 * about the request itself (report it to staff).
 */
import { defineError, Internal, isEtmsError } from '../errors.js';
import { RequestNotFound, RequestStale } from '../domain/errors.js';
import { LeaseLost, LeaseNotHeld, RequestNotPending } from '../exchange/errors.js';
import { dataInvalid, sisUnavailable } from '../sis/errors.js';
import { ValidatorUnavailable } from '../transcript/errors.js';

export const centralUnavailable = defineError(
  'ETMS_E_CENTRAL_UNAVAILABLE',
  503,
  (what: string, cause?: unknown) => ({
    message: `The central could not be reached (${what}); the agent retries with back-off and answers nothing meanwhile.`,
    details: { reason: what },
    cause,
  }),
);

/** The agent's settings do not let it start. */
export const AgentNotConfigured = defineError(
  'ETMS_E_AGENT_CONFIG',
  500,
  (missing: 'central' | 'transport' | 'sis', transport = '') =>
    ({
      central: `The agent reaches the central over ${transport}: set agent.central.url, agent.central.credentialId and agent.central.secret (from \`etms credential create --kind AGENT\`).`,
      transport: 'An agent on its own reaches the central over soap or rest: set agent.central.transport.',
      sis: 'The agent has no SIS configured: set agent.sis (see adapters/README.md).',
    })[missing],
);

/** Kinds that mean "try again later": an outage or a hiccup, never an answer about the student. */
const TRANSIENT = [
  centralUnavailable,
  sisUnavailable,
  // A half-written SIS export or a changing row: the next attempt may read it whole.
  dataInvalid,
  ValidatorUnavailable,
  Internal,
  RequestStale,
];

export function isTransient(error: unknown): boolean {
  // Any other 5xx (the central's database unreachable, say) passes too.
  if (isEtmsError(error)) return TRANSIENT.some((kind) => kind.is(error)) || error.status >= 500;
  // Anything not classified (a driver error, a bug) is not a reason to decide about a student.
  return true;
}

/** The central says this request is no longer ours: drop it, nothing to retry. */
export function isGone(error: unknown): boolean {
  return [RequestNotPending, LeaseLost, LeaseNotHeld, RequestNotFound].some((kind) => kind.is(error));
}
