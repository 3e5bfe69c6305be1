/**
 * Helpers for the SIS adapters' errors. The errors themselves belong to the SIS port (src/sis/errors.ts):
 * an outage must never look like "student not found".
 */
import { EtmsError } from '../src/errors.js';

export { configInvalid, dataInvalid, queryRefused, sisUnavailable } from '../src/sis/errors.js';

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
