/**
 * The per-address limit on failed machine credentials, for SOAP and REST alike: an address that
 * presented exchangeFailuresPerAddress failed (missing, unknown, revoked or wrong) credentials
 * within addressWindowMinutes is refused, whatever it presents, until its window ends
 * (ETMS_E_CREDENTIAL_RATE_LIMITED, HTTP 429 with Retry-After; a SOAP fault). Failures are counted
 * in the store, so replicas share the count; each replica remembers the addresses it found over the
 * limit and refuses them before reading anything else, without a database read, and learns of an
 * address blocked through another replica at that address's next failure there.
 */
import type { AppContext } from '../context.js';
import type { EtmsError } from '../errors.js';
import type { Caller } from '../exchange/contract.js';
import { addressKey, secondsUntil } from '../accounts/address.js';
import { TooManyCredentialFailures } from '../accounts/errors.js';
import { verifyCredential } from './credentials.js';
import { Unauthenticated } from './errors.js';

const PREFIX = 'exchange:';
/** Addresses remembered as blocked, at most (the oldest forgotten first; the store still counts them). */
const MAX_REMEMBERED = 10_000;

export class CredentialGate {
  /** Address key → end of its window (ms), for addresses over the limit. */
  private readonly blocked = new Map<string, number>();

  constructor(private readonly ctx: AppContext) {}

  private get windowMs(): number {
    return this.ctx.config.security.addressWindowMinutes * 60_000;
  }

  private refusal(untilMs: number, nowMs: number): EtmsError {
    const seconds = Math.max(1, Math.ceil((untilMs - nowMs) / 1000));
    return TooManyCredentialFailures(seconds);
  }

  /** Throws when the address is known to be over its limit; reads nothing. */
  admit(address: string | undefined): void {
    const key = addressKey(address);
    const until = this.blocked.get(key);
    if (until === undefined) return;
    const now = this.ctx.clock().getTime();
    if (until <= now) {
      this.blocked.delete(key);
      return;
    }
    throw this.refusal(until, now);
  }

  /**
   * Counts a failed credential from the address; returns the error to answer: `failure` itself, or
   * the limit's refusal once the address is over it.
   */
  async fail(address: string | undefined, failure: EtmsError): Promise<EtmsError> {
    const key = addressKey(address);
    const now = this.ctx.clock();
    const windowMs = this.windowMs;
    const counted = await this.ctx.store.attempts.count(`${PREFIX}${key}`, now, windowMs);
    if (Math.random() < 0.02) await this.ctx.store.attempts.sweep(PREFIX, now, windowMs);
    if (counted.attempts <= this.ctx.config.security.exchangeFailuresPerAddress) return failure;
    const until = now.getTime() + secondsUntil(now, counted.windowStart, windowMs) * 1000;
    if (this.blocked.size >= MAX_REMEMBERED) this.blocked.delete(this.blocked.keys().next().value!);
    this.blocked.set(key, until);
    return this.refusal(until, now.getTime());
  }

  /** The caller of a credential id and secret; a failure counts against the address and throws. */
  async verify(address: string | undefined, id: string, secret: string): Promise<Caller> {
    this.admit(address);
    const caller = await verifyCredential(this.ctx.store, id, secret);
    if (caller) return caller;
    throw await this.fail(address, Unauthenticated('unknown, revoked or wrong credential'));
  }
}

const gates = new WeakMap<AppContext, CredentialGate>();

/** The gate of a running eTMS (one per context: SOAP and REST share it). */
export function credentialGate(ctx: AppContext): CredentialGate {
  let gate = gates.get(ctx);
  if (!gate) gates.set(ctx, (gate = new CredentialGate(ctx)));
  return gate;
}

/** The Retry-After a refusal asks for, when it is the limit's. */
export function retryAfterOf(error: EtmsError): string | undefined {
  const seconds = error.details?.retryAfterSeconds;
  return typeof seconds === 'number' ? String(seconds) : undefined;
}
