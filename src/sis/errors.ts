/**
 * Errors of a SIS behind the port. An outage must never look like "student not found": every
 * failure to reach the SIS is SisUnavailable, never an empty answer.
 */
import { defineError } from '../errors.js';

/** A configured query is not one read-only SELECT with allowed named parameters. */
export const queryRefused = defineError('ETMS_E_SIS_QUERY_REFUSED', 500, (key: string, why: string) => ({
  message: `The SIS query "${key}" was refused: ${why}. Each query must be exactly one read-only SELECT using only the allowed :name parameters.`,
  details: { query: key, reason: why },
}));

export const sisUnavailable = defineError(
  'ETMS_E_SIS_UNAVAILABLE',
  503,
  (kind: string, what: string, cause?: unknown) => ({
    message: `The ${kind} SIS could not be reached (${what}). Check that it is running and reachable, then retry; no request was answered from it.`,
    details: { kind, reason: what },
    cause,
  }),
);

export const configInvalid = defineError('ETMS_E_SIS_CONFIG_INVALID', 500, (what: string) => ({
  message: `The SIS configuration is not usable: ${what}.`,
  details: { reason: what },
}));

/** The SIS answered with data we cannot use; `where` names the file/line/column or query/column, never a value. */
export const dataInvalid = defineError('ETMS_E_SIS_DATA_INVALID', 502, (where: string, what: string) => ({
  message: `The SIS returned unusable data at ${where}: ${what}. Fix the data or the query, then retry.`,
  details: { where, reason: what },
}));
