/**
 * Signing a person in. Two limits apply before the slow password check, each taken atomically in the
 * store so that parallel guesses and several replicas share them:
 * - per address: signInFailuresPerAddress failed sign-ins within addressWindowMinutes, after which
 *   the address is refused until its window ends (a success gives its attempt back);
 * - per account: loginMaxFailures attempts without a success lock the account for loginLockMinutes
 *   (an attempt counts as a failure from the moment it starts; a success resets the count, and so
 *   does the end of a lock).
 * Neither limit shuts out the browsers the account signed in from before (each one's token, kept in
 * a cookie, is recorded as a hash with the sign-in): while the account is locked such a browser
 * keeps a count of its own, loginMaxFailures within loginLockMinutes, so that someone who knows a
 * user name cannot lock its owner out by guessing, from elsewhere or from the same address.
 * Whatever the reason, a refused account gets the same answer in the same time as an unknown user.
 * An address found over its limit is remembered by this process until its window ends and refused
 * without a read of the store. Password checks run a few at a time (password-checks.ts); when too many wait, the sign-in is
 * refused as over a limit, with a short Retry-After, before anything is counted.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import { hashPassword } from '../domain/password.js';
import type { User } from '../store/users.js';
import { addressKey, secondsUntil } from './address.js';
import { passwordChecks } from './password-checks.js';

export interface SignInCaller {
  /** The network address the attempt came from. */
  address: string | undefined;
  /** The browser's own token (a cookie set at an earlier sign-in), when it sent one. */
  browser?: string;
}

/** How long a browser an account signed in from stays known to it (the cookie's lifetime too). */
export const KNOWN_BROWSER_DAYS = 180;
/** What a browser token looks like (32 random bytes, base64url); anything else is ignored. */
const BROWSER_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const browserHash = (token: string) => createHash('sha256').update(token).digest('hex');

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
/** Addresses remembered as over their limit, at most (the oldest forgotten first; the store still counts them). */
const MAX_REMEMBERED = 10_000;
const blockedByContext = new WeakMap<AppContext, Map<string, number>>();
/** Address key → end of its window (ms), for the addresses this process found over the limit. */
function blockedAddresses(ctx: AppContext): Map<string, number> {
  let blocked = blockedByContext.get(ctx);
  if (!blocked) blockedByContext.set(ctx, (blocked = new Map()));
  return blocked;
}
/** What a sign-in refused because too many password checks wait is told to wait (Retry-After). */
const BUSY_RETRY_SECONDS = 5;

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
  const browser =
    caller.browser && BROWSER_TOKEN.test(caller.browser) ? browserHash(caller.browser) : undefined;
  // The account, and whether this browser signed in to it before, are read once, when first needed.
  let account: Promise<User | undefined> | undefined;
  const accountOf = (): Promise<User | undefined> =>
    (account ??=
      input.username && input.username.length <= MAX_USERNAME
        ? store.users.byUsername(input.username)
        : Promise.resolve(undefined));
  let known: Promise<boolean> | undefined;
  const knownBrowser = (): Promise<boolean> =>
    (known ??= (async () => {
      const user = browser ? await accountOf() : undefined;
      return user !== undefined && browser !== undefined && signedInFrom(ctx, user, browser, now);
    })());
  // An address over its limit is refused, except to a browser the account signed in from: someone
  // guessing behind the same address (a school's shared connection) cannot shut its staff out.
  const overLimit = async (retryAfterSeconds: number): Promise<SignInOutcome | undefined> =>
    (await knownBrowser()) ? undefined : { ok: false, reason: 'address-limit', retryAfterSeconds };
  // An address this process found over its limit is refused without reading the store.
  const blocked = blockedAddresses(ctx);
  const until = blocked.get(address);
  let counted: { windowStart: Date } | undefined;
  if (until !== undefined && until > now.getTime()) {
    const refusal = await overLimit(Math.ceil((until - now.getTime()) / 1000));
    if (refusal) return refusal;
  } else {
    if (until !== undefined) blocked.delete(address);
    const count = await store.attempts.count(key, now, windowMs);
    if (Math.random() < 0.02) await store.attempts.sweep('sign-in:', now, windowMs);
    if (count.attempts > security.signInFailuresPerAddress) {
      const retryAfterSeconds = secondsUntil(now, count.windowStart, windowMs);
      if (blocked.size >= MAX_REMEMBERED) blocked.delete(blocked.keys().next().value!);
      blocked.set(address, now.getTime() + retryAfterSeconds * 1000);
      const refusal = await overLimit(retryAfterSeconds);
      if (refusal) return refusal;
    } else counted = count;
  }

  // Too many checks waiting (an attack from many addresses): refused like a limit, nothing counted,
  // except to a browser the account signed in from, whose check goes ahead of the others.
  if (passwordChecks.full && !(await knownBrowser()))
    return { ok: false, reason: 'address-limit', retryAfterSeconds: BUSY_RETRY_SECONDS };

  const refused = async (): Promise<SignInOutcome> => {
    await passwordChecks.verify(input.password, await decoy());
    return { ok: false, reason: 'refused' };
  };
  const user = await accountOf();
  if (!user) return refused();
  const attempt: Attempt | undefined =
    (await store.users.takeSignInAttempt(
      user.id,
      now,
      security.loginMaxFailures,
      security.loginLockMinutes,
    )) ??
    (browser && (await knownBrowser()) ? await knownBrowserAttempt(ctx, user, browser, now) : undefined);
  if (!attempt) return refused();

  if (!(await passwordChecks.verify(input.password, user.passwordHash, await knownBrowser()))) {
    await store.accountEvents.append({
      actor: `address:${address}`,
      kind: attempt.lockedUntil ? 'LOCKED' : 'SIGN_IN_REFUSED',
      userId: user.id,
      at: now,
      details: {
        failures: attempt.attempt,
        ...(attempt.lockedUntil ? { lockedUntil: attempt.lockedUntil.toISOString() } : {}),
        ...(attempt.knownBrowser ? { knownBrowser: true } : {}),
      },
    });
    return { ok: false, reason: 'refused' };
  }
  await store.users.recordSuccessfulLogin(user.id);
  if (counted) await store.attempts.giveBack(key, counted.windowStart);
  if (attempt.knownBrowser)
    await store.attempts.giveBack(attempt.knownBrowser.key, attempt.knownBrowser.windowStart);
  await store.accountEvents.append({
    actor: user.username,
    kind: 'SIGNED_IN',
    userId: user.id,
    at: now,
    details: {
      address,
      attempt: attempt.attempt,
      ...(browser ? { browser } : {}),
      ...(attempt.knownBrowser ? { knownBrowser: true } : {}),
    },
  });
  return { ok: true, user };
}

interface Attempt {
  attempt: number;
  lockedUntil: Date | null;
  /** Taken from the count of a browser the account signed in from, while the account is locked. */
  knownBrowser?: { key: string; windowStart: Date };
}

/** The enabled account signed in from this browser (its token's hash) within KNOWN_BROWSER_DAYS. */
async function signedInFrom(ctx: AppContext, user: User, browser: string, now: Date): Promise<boolean> {
  if (user.disabledAt) return false;
  const since = new Date(now.getTime() - KNOWN_BROWSER_DAYS * 86_400_000);
  return ctx.store.accountEvents.signedInFromBrowser(user.id, browser, since);
}

/**
 * An attempt of a locked account from a browser it signed in from within KNOWN_BROWSER_DAYS, on
 * that browser's own count; undefined for a browser that has used up its count.
 */
async function knownBrowserAttempt(
  ctx: AppContext,
  user: User,
  browser: string,
  now: Date,
): Promise<Attempt | undefined> {
  const { security } = ctx.config;
  const key = `sign-in-browser:${user.id}:${browser}`;
  const windowMs = security.loginLockMinutes * 60_000;
  const counted = await ctx.store.attempts.count(key, now, windowMs);
  if (Math.random() < 0.02) await ctx.store.attempts.sweep('sign-in-browser:', now, windowMs);
  if (counted.attempts > security.loginMaxFailures) return undefined;
  return {
    attempt: counted.attempts,
    lockedUntil: null,
    knownBrowser: { key, windowStart: counted.windowStart },
  };
}
