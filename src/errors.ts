/**
 * Every error a person or a peer may see carries a stable code (ETMS_E_...) and a sentence a person
 * can act on. Each area declares its codes next to its code (see errors.ts files in each folder);
 * this module holds the class and the codes shared by all areas.
 */
export class EtmsError extends Error {
  readonly code: string;
  /** HTTP status to use when the error crosses the web boundary. */
  readonly status: number;
  readonly details?: Record<string, unknown>;

  constructor(
    code: string,
    message: string,
    options: { status?: number; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EtmsError';
    this.code = code;
    this.status = options.status ?? 400;
    this.details = options.details;
  }
}

/** Builds a factory for one error code, in the style of fastify's error catalogue. */
export function defineError<A extends unknown[]>(
  code: string,
  status: number,
  message: (...args: A) => string,
) {
  const make = (...args: A) => new EtmsError(code, message(...args), { status });
  make.code = code;
  return make;
}

export function isEtmsError(error: unknown, code?: string): error is EtmsError {
  return error instanceof EtmsError && (code === undefined || error.code === code);
}

/** One item's outcome in a batch: its value, or the error that item alone met. */
export type ItemOutcome<T> = { ok: true; value: T } | { ok: false; error: EtmsError };
