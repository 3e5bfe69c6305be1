/**
 * Every error a person or a peer may see carries a stable code (ETMS_E_...) and a sentence a person
 * can act on. Each area declares its errors next to its code (the errors.ts file of each folder) as
 * error kinds: `defineError` makes one kind, a factory that builds its errors, and the kind is how
 * code recognises them — `RequestStale.is(error)` compares the error's kind, never its code text.
 * Kinds that belong together (the problems of a transcript file) share an `ErrorFamily`.
 *
 * Codes are a public contract (peers and scripts read them); they do not change.
 */

declare const recognised: unique symbol;
/**
 * An error recognised by a guard. The brand only keeps TypeScript from concluding that an error
 * which is not of one kind is not an EtmsError at all.
 */
export type Recognised<By> = EtmsError & { readonly [recognised]: By };

/** A group of kinds that callers treat alike, e.g. every problem of a transcript file. */
export class ErrorFamily {
  constructor(readonly name: string) {}

  /** Whether the error is of a kind of this family. */
  has(error: unknown): error is Recognised<ErrorFamily> {
    return error instanceof EtmsError && error.kind.family === this;
  }
}

/** What a kind's sentence builder may give besides the sentence. */
export interface ErrorParts {
  message: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** One error of the catalogue: call it to build the error, `is` to recognise one. */
export interface ErrorKind<A extends unknown[] = unknown[]> {
  (...args: A): EtmsError;
  readonly code: string;
  readonly status: number;
  readonly family?: ErrorFamily;
  is(error: unknown): error is Recognised<ErrorKind<A>>;
}

type AnyKind = ErrorKind<never[]>;

export class EtmsError extends Error {
  readonly kind: AnyKind;
  readonly code: string;
  /** HTTP status to use when the error crosses the web boundary. */
  readonly status: number;
  readonly details?: Record<string, unknown>;

  /** Errors are built by their kind (see defineError), or from a peer's fault by errorFromWire. */
  constructor(
    kind: AnyKind,
    message: string,
    options: { code?: string; status?: number; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EtmsError';
    this.kind = kind;
    this.code = options.code ?? kind.code;
    this.status = options.status ?? kind.status;
    this.details = options.details;
  }
}

const KINDS = new Map<string, AnyKind>();

/**
 * Declares one error kind. `build` gives the sentence (or the sentence with details and a cause) from
 * the factory's arguments. A code is declared once in the whole program.
 */
export function defineError<A extends unknown[]>(
  code: string,
  status: number,
  build: (...args: A) => string | ErrorParts,
  options: { family?: ErrorFamily } = {},
): ErrorKind<A> {
  if (KINDS.has(code)) throw new Error(`Error code ${code} is declared twice.`);
  const kind = ((...args: A) => {
    const built = build(...args);
    const parts = typeof built === 'string' ? { message: built } : built;
    return new EtmsError(kind as unknown as AnyKind, parts.message, {
      details: parts.details,
      cause: parts.cause,
    });
  }) as ErrorKind<A>;
  Object.defineProperties(kind, {
    code: { value: code, enumerable: true },
    status: { value: status, enumerable: true },
    family: { value: options.family, enumerable: true },
    is: {
      value: (error: unknown) => error instanceof EtmsError && error.kind === (kind as unknown),
    },
  });
  KINDS.set(code, kind as unknown as AnyKind);
  return kind;
}

export function isEtmsError(error: unknown): error is EtmsError {
  return error instanceof EtmsError;
}

/** A failure nobody classified (a bug, a driver error): logged in full, told in general terms. */
export const Internal = defineError(
  'ETMS_E_INTERNAL',
  500,
  (what?: string) =>
    what ??
    'Something went wrong on the server; it has been logged. Try again, and tell your administrator if it persists.',
);

/** Each kind of machine credential named for a person, in both languages (the code beside it). */
const CREDENTIAL_KINDS: Record<string, { fr: string; frOf: string; en: string }> = {
  AGENT: {
    fr: 'l’agent Auto-SGÉRN d’un conseil scolaire',
    frOf: 'de l’agent Auto-SGÉRN d’un conseil scolaire',
    en: "a board's Auto-eTMS agent",
  },
  INTAKE: {
    fr: 'le système de demandes d’admission',
    frOf: 'du système de demandes d’admission',
    en: 'the application system',
  },
};

/** « the application system (INTAKE) » / « le système de demandes d’admission (INTAKE) ». */
export function credentialKindLabel(kind: string, lang: 'fr' | 'en'): string {
  const label = CREDENTIAL_KINDS[kind]?.[lang];
  return label ? `${label} (${kind})` : kind;
}

/**
 * A caller whose role or credential does not allow what it asked (a page, or an exchange operation).
 * The sentence is English, as every message of the exchange; its French is in details.messageFr.
 */
export const Forbidden = defineError(
  'ETMS_E_FORBIDDEN',
  403,
  (call?: { operation: string; credential: string }) =>
    call
      ? {
          message: `The credential of ${credentialKindLabel(call.credential, 'en')} may not call ${call.operation}; use a credential made for this kind of client.`,
          details: {
            credentialKind: call.credential,
            messageFr: `L’identifiant ${CREDENTIAL_KINDS[call.credential] ? `${CREDENTIAL_KINDS[call.credential].frOf} (${call.credential})` : `de type ${call.credential}`} ne peut pas appeler ${call.operation}\u00a0; utilisez un identifiant fait pour ce type de client.`,
          },
        }
      : 'You do not have access to this page.',
);

/** A code a peer sent that this program does not declare: kept as sent, recognised by nothing. */
const Unrecognised = defineError('ETMS_E_UNRECOGNISED', 500, (message: string) => message);

/**
 * An error a peer sent as code, sentence and status, back into the kind this program declares for
 * that code (the kinds of every catalogue module loaded), so callers recognise it as if thrown here.
 */
export function errorFromWire(fault: {
  code: string;
  message: string;
  status: number;
  details?: Record<string, unknown>;
}): EtmsError {
  const kind = KINDS.get(fault.code) ?? (Unrecognised as unknown as AnyKind);
  return new EtmsError(kind, fault.message, {
    code: fault.code,
    status: fault.status,
    details: fault.details,
  });
}

/** One item's outcome in a batch: its value, or the error that item alone met. */
export type ItemOutcome<T> = { ok: true; value: T } | { ok: false; error: EtmsError };
