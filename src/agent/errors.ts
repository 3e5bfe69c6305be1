/**
 * The agent's error codes, and which failures are passing (retry later, never decide) and which
 * are about the request itself (report it to staff).
 */
import { EtmsError, isEtmsError } from '../errors.js';

export const CENTRAL_UNAVAILABLE = 'ETMS_E_CENTRAL_UNAVAILABLE';

export function centralUnavailable(what: string, cause?: unknown): EtmsError {
  return new EtmsError(
    CENTRAL_UNAVAILABLE,
    `The central could not be reached (${what}); the agent retries with back-off and answers nothing meanwhile.`,
    {
      status: 503,
      details: { reason: what },
      cause,
    },
  );
}

/** Codes that mean "try again later": an outage or a hiccup, never an answer about the student. */
const TRANSIENT_CODES = new Set([
  CENTRAL_UNAVAILABLE,
  'ETMS_E_SIS_UNAVAILABLE',
  // A half-written SIS export or a changing row: the next attempt may read it whole.
  'ETMS_E_SIS_DATA_INVALID',
  'ETMS_E_TRANSCRIPT_VALIDATOR',
  'ETMS_E_DB_UNREACHABLE',
  'ETMS_E_INTERNAL',
  'ETMS_E_REQUEST_STALE',
]);

export function isTransient(error: unknown): boolean {
  if (isEtmsError(error)) return TRANSIENT_CODES.has(error.code) || error.status >= 500;
  // Anything not classified (a driver error, a bug) is not a reason to decide about a student.
  return true;
}

/** The central says this request is no longer ours: drop it, nothing to retry. */
export function isGone(error: unknown): boolean {
  return (
    isEtmsError(error) &&
    [
      'ETMS_E_REQUEST_NOT_PENDING',
      'ETMS_E_LEASE_LOST',
      'ETMS_E_LEASE_NOT_HELD',
      'ETMS_E_REQUEST_NOT_FOUND',
    ].includes(error.code)
  );
}
