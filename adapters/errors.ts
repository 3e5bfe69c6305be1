/**
 * Error codes of the SIS adapters. An outage must never look like "student not found": every
 * failure to reach the SIS is ETMS_E_SIS_UNAVAILABLE, never an empty answer.
 */
import { EtmsError } from '../src/errors.js';

export const SIS_QUERY_REFUSED = 'ETMS_E_SIS_QUERY_REFUSED';
export const SIS_UNAVAILABLE = 'ETMS_E_SIS_UNAVAILABLE';
export const SIS_CONFIG_INVALID = 'ETMS_E_SIS_CONFIG_INVALID';
export const SIS_DATA_INVALID = 'ETMS_E_SIS_DATA_INVALID';

/** A configured query is not one read-only SELECT with allowed named parameters. */
export function queryRefused(key: string, why: string): EtmsError {
  return new EtmsError(
    SIS_QUERY_REFUSED,
    `The SIS query "${key}" was refused: ${why}. Each query must be exactly one read-only SELECT using only the allowed :name parameters.`,
    { status: 500, details: { query: key, reason: why } },
  );
}

export function sisUnavailable(kind: string, what: string, cause?: unknown): EtmsError {
  return new EtmsError(
    SIS_UNAVAILABLE,
    `The ${kind} SIS could not be reached (${what}). Check that it is running and reachable, then retry; no request was answered from it.`,
    { status: 503, details: { kind, reason: what }, cause },
  );
}

export function configInvalid(what: string): EtmsError {
  return new EtmsError(SIS_CONFIG_INVALID, `The SIS configuration is not usable: ${what}.`, {
    status: 500,
    details: { reason: what },
  });
}

/** The SIS answered with data we cannot use; `where` names the file/line/column or query/column, never a value. */
export function dataInvalid(where: string, what: string): EtmsError {
  return new EtmsError(
    SIS_DATA_INVALID,
    `The SIS returned unusable data at ${where}: ${what}. Fix the data or the query, then retry.`,
    {
      status: 502,
      details: { where, reason: what },
    },
  );
}

/** A short, value-free description of a driver error: codes and messages, minus data-exception text that may echo values. */
export function describeDriverError(error: unknown): string {
  if (error instanceof EtmsError) return error.message;
  const e = error as { code?: unknown; errno?: unknown; message?: unknown; sqlState?: unknown } | undefined;
  const code =
    typeof e?.code === 'string' ? e.code : typeof e?.sqlState === 'string' ? e.sqlState : undefined;
  const inner =
    error instanceof AggregateError && error.errors.length > 0
      ? (error.errors[0] as { message?: unknown })
      : undefined;
  const raw =
    typeof e?.message === 'string' && e.message !== ''
      ? e.message
      : typeof inner?.message === 'string'
        ? inner.message
        : String(error);
  const message = raw.split('\n')[0];
  // SQLSTATE classes 22 (data exception) and 23 (constraint) may quote the offending value.
  if (code && /^2[23]/.test(code)) return `database error ${code}`;
  const text = message.length > 200 ? `${message.slice(0, 200)}…` : message;
  return code && !text.includes(code) ? `${code}: ${text}` : text;
}
