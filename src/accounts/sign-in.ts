/**
 * Signing a person in. Two limits apply before the slow password check, each taken atomically in the
 * store so that parallel guesses and several replicas share them:
 * - per address: signInFailuresPerAddress failed sign-ins within addressWindowMinutes, after which
 *   the address is refused until its window ends (a success gives its attempt back);
 * - per account: loginMaxFailures attempts without a success lock the account for loginLockMinutes
 *   (an attempt counts as a failure from the moment it starts; a success resets the count, and so
 *   does the end of a lock).
 * Whatever the reason, a refused account gets the same answer in the same time as an unknown user.
 */
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import { hashPassword, verifyPassword } from '../domain/password.js';
import type { User } from '../store/users.js';
import { addressKey, secondsUntil } from './address.js';

export interface SignInCaller {
  /** The network address the attempt came from. */
  address: string | undefined;
}

export interface SignInInput {
  username: string;
  password: string;
}

export type SignInOutcome =
  | { ok: true; user: User }
  | { ok: false; reason: 'refused' }
  | { ok: false; reason: 'address-limit'; retryAfterSeconds: number };

/** A hash to verify against when no attempt may be made, so every refusal takes the same time. */
let decoyHash: Promise<string> | undefined;
const decoy = () => (decoyHash ??= hashPassword(randomBytes(16).toString('base64url')));

const MAX_USERNAME = 64;

export async function signIn(
  ctx: AppContext,
  caller: SignInCaller,
  input: SignInInput,
): Promise<SignInOutcome> {
  const { security } = ctx.config;
  const { store } = ctx;
  const now = ctx.clock();
  const address = addressKey(caller.address);
  const key = `sign-in:${address}`;
  const windowMs = security.addressWindowMinutes * 60_000;
  const counted = await store.attempts.count(key, now, windowMs);
  if (Math.random() < 0.02) await store.attempts.sweep('sign-in:', now, windowMs);
  if (counted.attempts > security.signInFailuresPerAddress) {
    return {
      ok: false,
      reason: 'address-limit',
      retryAfterSeconds: secondsUntil(now, counted.windowStart, windowMs),
    };
  }

  const refused = async (): Promise<SignInOutcome> => {
    await verifyPassword(input.password, await decoy());
    return { ok: false, reason: 'refused' };
  };
  const user =
    input.username && input.username.length <= MAX_USERNAME
      ? await store.users.byUsername(input.username)
      : undefined;
  if (!user) return refused();
  const attempt = await store.users.takeSignInAttempt(
    user.id,
    now,
    security.loginMaxFailures,
    security.loginLockMinutes,
  );
  if (!attempt) return refused();

  if (!(await verifyPassword(input.password, user.passwordHash))) {
    await store.accountEvents.append({
      actor: `address:${address}`,
      kind: attempt.lockedUntil ? 'LOCKED' : 'SIGN_IN_REFUSED',
      userId: user.id,
      at: now,
      details: {
        failures: attempt.attempt,
        ...(attempt.lockedUntil ? { lockedUntil: attempt.lockedUntil.toISOString() } : {}),
      },
    });
    return { ok: false, reason: 'refused' };
  }
  await store.users.recordSuccessfulLogin(user.id);
  await store.attempts.giveBack(key, counted.windowStart);
  await store.accountEvents.append({
    actor: user.username,
    kind: 'SIGNED_IN',
    userId: user.id,
    at: now,
    details: { address, attempt: attempt.attempt },
  });
  return { ok: true, user };
}
