/** Sign-in limits: per account (taken before the password check, reset when a lock ends) and per address. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, PASSWORD, startHarness, type Harness } from '../admin/harness.js';
import { signIn } from '../../src/accounts/sign-in.js';
import { passwordChecks } from '../../src/accounts/password-checks.js';
import { addressKey } from '../../src/accounts/address.js';

let h: Harness;
let now: Date;
const minutes = (n: number) => n * 60_000;
const advance = (ms: number) => (now = new Date(now.getTime() + ms));

beforeAll(async () => {
  h = await startHarness('accounts_sign_in', {
    security: {
      loginMaxFailures: 5,
      loginLockMinutes: 15,
      signInFailuresPerAddress: 1000,
      addressWindowMinutes: 15,
      sessionHours: 8,
    },
  });
  now = new Date('2026-03-02T14:00:00Z');
  h.ctx.clock = () => now;
});
afterAll(async () => h?.close());

async function addUser(username: string) {
  return h.store.users.create({ username, role: 'SCHOOL', schoolId: h.orgs.north.id, password: PASSWORD });
}

describe('the account lockout', () => {
  it('lets no parallel guess in once the failures allowed are taken: 20 at once, the right password 13th', async () => {
    const user = await addUser('parallel.target');
    const clients = Array.from({ length: 20 }, () => new Client(h.base));
    await Promise.all(clients.map((c) => c.get('/connexion')));
    const replies = await Promise.all(
      clients.map((c, i) =>
        c.post('/connexion', {
          username: 'parallel.target',
          password: i === 12 ? PASSWORD : `Wrong-guess-${i}`,
        }),
      ),
    );
    // Each attempt takes its place in the count before its password is checked: however the 20
    // interleave, at most loginMaxFailures passwords are checked, so the right password gets in
    // only when it is among the first five taken (never after five wrong guesses).
    const events = await h.store.accountEvents.ofUser(user.id);
    const checked = events.filter((e) => ['SIGN_IN_REFUSED', 'LOCKED', 'SIGNED_IN'].includes(e.kind));
    const signedIn = replies.filter((r) => r.status === 200);
    expect(signedIn.length).toBeLessThanOrEqual(1);
    if (signedIn.length === 0) expect(checked.length).toBeLessThanOrEqual(5);
    else expect(checked.find((e) => e.kind === 'SIGNED_IN')!.details!.attempt).toBeLessThanOrEqual(5);
    expect(replies.filter((r) => r.status !== 200).every((r) => r.status === 401)).toBe(true);
    if (signedIn.length === 0) {
      // On the embedded database the attempts are taken in the order they were sent: the 13th is refused.
      const after = (await h.store.users.byId(user.id))!;
      expect(after.failedLogins).toBe(5);
      expect(after.lockedUntil!.getTime()).toBe(now.getTime() + minutes(15));
      expect(checked.map((e) => e.kind).sort()).toEqual(['LOCKED', ...Array(4).fill('SIGN_IN_REFUSED')]);
      // Still locked for the right password alone.
      expect((await new Client(h.base).signIn('parallel.target')).status).toBe(401);
    }
    if (h.store.db.kind === 'pglite') expect(signedIn).toHaveLength(0);
  });

  it('starts the count again when a lock ends: one wrong password after it does not lock again', async () => {
    await addUser('expiry.target');
    const attempt = (password: string) =>
      signIn(h.ctx, { address: '203.0.113.7' }, { username: 'expiry.target', password });
    for (let i = 0; i < 5; i++)
      expect(await attempt('Wrong-password-1')).toEqual({ ok: false, reason: 'refused' });
    advance(minutes(14));
    expect((await attempt(PASSWORD)).ok).toBe(false);
    advance(minutes(1));
    expect((await attempt('Wrong-password-2')).ok).toBe(false);
    const user = (await h.store.users.byUsername('expiry.target'))!;
    expect(user.failedLogins).toBe(1);
    expect(user.lockedUntil).toBeNull();
    advance(1000);
    expect((await attempt(PASSWORD)).ok).toBe(true);
    expect((await h.store.users.byUsername('expiry.target'))!.failedLogins).toBe(0);
  });

  it('resets the count on a success, so failures far apart never add up to a lock', async () => {
    await addUser('forgetful.user');
    const attempt = (password: string) =>
      signIn(h.ctx, { address: '203.0.113.8' }, { username: 'forgetful.user', password });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) expect((await attempt('Wrong-password-1')).ok).toBe(false);
      expect((await attempt(PASSWORD)).ok).toBe(true);
    }
  });

  it('keeps the history append-only', async () => {
    await expect(h.store.db.query("UPDATE account_events SET kind = 'SIGNED_IN'")).rejects.toThrow(
      /append-only/,
    );
    await expect(h.store.db.query('DELETE FROM account_events')).rejects.toThrow(/append-only/);
  });
});

describe('a lock and the browsers the account signed in from', () => {
  const browser = (c: string) => c.repeat(43);
  const attempt = (username: string, password: string, from: { address: string; browser?: string }) =>
    signIn(h.ctx, from, { username, password });

  it('does not shut out a browser the account signed in from before', async () => {
    await addUser('owner.known');
    const own = { address: '192.0.2.10', browser: browser('a') };
    expect((await attempt('owner.known', PASSWORD, own)).ok).toBe(true);
    // Someone who knows the user name locks it from elsewhere.
    for (let i = 0; i < 5; i++)
      expect((await attempt('owner.known', `Wrong-${i}`, { address: '198.51.100.66' })).ok).toBe(false);
    expect((await h.store.users.byUsername('owner.known'))!.lockedUntil).not.toBeNull();
    // The lock holds for any other browser, even with the right password and the owner's address.
    expect((await attempt('owner.known', PASSWORD, { address: '198.51.100.66' })).ok).toBe(false);
    expect((await attempt('owner.known', PASSWORD, { ...own, browser: browser('b') })).ok).toBe(false);
    expect((await attempt('owner.known', PASSWORD, { address: own.address })).ok).toBe(false);
    // The owner's own browser gets in, from anywhere, and the sign-in lifts the lock.
    const back = await attempt('owner.known', PASSWORD, { ...own, address: '203.0.113.99' });
    expect(back.ok).toBe(true);
    const user = (await h.store.users.byUsername('owner.known'))!;
    expect(user.lockedUntil).toBeNull();
    const events = await h.store.accountEvents.ofUser(user.id);
    expect(events.at(-1)).toMatchObject({ kind: 'SIGNED_IN', details: { knownBrowser: true } });
    // Only a hash of the browser's token is kept.
    expect(JSON.stringify(events)).not.toContain(browser('a'));
  });

  it('lets a browser the account signed in from through, its check first, while password checks are full', async () => {
    await addUser('owner.busy');
    const own = { address: '192.0.2.14', browser: browser('h') };
    expect((await attempt('owner.busy', PASSWORD, own)).ok).toBe(true);
    const full = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(passwordChecks), 'full')!;
    const verify = passwordChecks.verify;
    const firsts: boolean[] = [];
    Object.defineProperty(passwordChecks, 'full', { get: () => true, configurable: true });
    passwordChecks.verify = (password: string, hash: string, first?: boolean) => {
      firsts.push(first === true);
      return verify.call(passwordChecks, password, hash, first);
    };
    try {
      // Many wrong passwords from elsewhere have filled the queue: others wait for room…
      expect(await attempt('owner.busy', PASSWORD, { address: '192.0.2.15' })).toMatchObject({
        reason: 'address-limit',
      });
      expect(await attempt('owner.busy', PASSWORD, { ...own, browser: browser('i') })).toMatchObject({
        reason: 'address-limit',
      });
      // …the owner's own browser is checked, ahead of them.
      expect((await attempt('owner.busy', PASSWORD, own)).ok).toBe(true);
    } finally {
      delete (passwordChecks as { full?: boolean }).full;
      passwordChecks.verify = verify;
    }
    expect(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(passwordChecks), 'full')).toEqual(full);
    expect(firsts).toEqual([true]);
  });

  it('gives a known browser a count of its own, so it cannot be used to guess on', async () => {
    await addUser('owner.counted');
    const own = { address: '192.0.2.11', browser: browser('c') };
    expect((await attempt('owner.counted', PASSWORD, own)).ok).toBe(true);
    for (let i = 0; i < 5; i++) await attempt('owner.counted', `Wrong-${i}`, { address: '198.51.100.67' });
    for (let i = 0; i < 5; i++) expect((await attempt('owner.counted', `Wrong-${i}`, own)).ok).toBe(false);
    expect((await attempt('owner.counted', PASSWORD, own)).ok).toBe(false);
    // Both counts start again when their time is over.
    advance(minutes(15) + 1000);
    expect((await attempt('owner.counted', PASSWORD, own)).ok).toBe(true);
  });

  it('still refuses a disabled account, known browser or not', async () => {
    await addUser('owner.leaving');
    const own = { address: '192.0.2.12', browser: browser('d') };
    expect((await attempt('owner.leaving', PASSWORD, own)).ok).toBe(true);
    await h.store.users.disable('owner.leaving');
    expect((await attempt('owner.leaving', PASSWORD, own)).ok).toBe(false);
  });

  it('forgets a browser that has not signed in for 180 days', async () => {
    await addUser('owner.away');
    const own = { address: '192.0.2.13', browser: browser('e') };
    expect((await attempt('owner.away', PASSWORD, own)).ok).toBe(true);
    advance(minutes(181 * 24 * 60));
    for (let i = 0; i < 5; i++) await attempt('owner.away', `Wrong-${i}`, { address: '198.51.100.68' });
    expect((await attempt('owner.away', PASSWORD, own)).ok).toBe(false);
  });
});

describe('the per-address limit', () => {
  it('refuses an address after its failures, whatever the account, until its window ends', async () => {
    const ctx = {
      ...h.ctx,
      config: { ...h.ctx.config, security: { ...h.ctx.config.security, signInFailuresPerAddress: 6 } },
    };
    for (const name of ['spray.one', 'spray.two', 'spray.three']) await addUser(name);
    const from = (address: string, username: string, password = 'Wrong-password-1') =>
      signIn(ctx, { address }, { username, password });
    // A success gives its attempt back: a school's own sign-ins never use the allowance up.
    for (let i = 0; i < 10; i++) expect((await from('198.51.100.20', 'spray.one', PASSWORD)).ok).toBe(true);
    // Two wrong passwords on each of three accounts (none locked), from one address.
    for (const name of ['spray.one', 'spray.two', 'spray.three']) {
      expect(await from('198.51.100.20', name)).toEqual({ ok: false, reason: 'refused' });
      expect(await from('198.51.100.20', name)).toEqual({ ok: false, reason: 'refused' });
    }
    const blocked = await from('198.51.100.20', 'spray.three', PASSWORD);
    expect(blocked).toMatchObject({ ok: false, reason: 'address-limit' });
    expect((blocked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    expect((blocked as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    // The account itself is not locked: from another address the right password works.
    expect((await from('198.51.100.21', 'spray.three', PASSWORD)).ok).toBe(true);
    // IPv4-mapped IPv6 is the same address.
    expect((await from('::ffff:198.51.100.20', 'spray.two', PASSWORD)).ok).toBe(false);
    // Known here to be over its limit: refused again without a read of the store.
    const attempts = h.ctx.store.attempts;
    const count = attempts.count;
    let reads = 0;
    attempts.count = (...args: Parameters<typeof count>) => {
      reads++;
      return count.apply(attempts, args);
    };
    try {
      expect(await from('198.51.100.20', 'spray.one')).toMatchObject({ ok: false, reason: 'address-limit' });
      expect(reads).toBe(0);
    } finally {
      attempts.count = count;
    }
    advance(minutes(15));
    expect((await from('198.51.100.20', 'spray.two', PASSWORD)).ok).toBe(true);
  });

  it('does not shut out a browser the account signed in from when someone at the same address guesses', async () => {
    const ctx = {
      ...h.ctx,
      config: { ...h.ctx.config, security: { ...h.ctx.config.security, signInFailuresPerAddress: 6 } },
    };
    for (const name of ['shared.staff', 'shared.other']) await addUser(name);
    const school = '192.0.2.50';
    const staff = { address: school, browser: 'f'.repeat(43) };
    const from = (caller: { address: string; browser?: string }, username: string, password: string) =>
      signIn(ctx, caller, { username, password });
    expect((await from(staff, 'shared.staff', PASSWORD)).ok).toBe(true);
    // Someone else on the school's connection uses up the address's allowance on other accounts.
    for (let i = 0; i < 7; i++) await from({ address: school }, `nobody.${i}`, 'Wrong-password-1');
    expect(await from({ address: school }, 'shared.other', PASSWORD)).toMatchObject({
      reason: 'address-limit',
    });
    // The staff's own browser still gets in to its own account, and only to it, reading it once.
    const users = h.store.users;
    const original = users.byUsername;
    let reads = 0;
    users.byUsername = (name: string) => {
      reads++;
      return original.call(users, name);
    };
    try {
      expect((await from(staff, 'shared.staff', PASSWORD)).ok).toBe(true);
    } finally {
      users.byUsername = original;
    }
    expect(reads).toBe(1);
    expect(await from(staff, 'shared.other', PASSWORD)).toMatchObject({ reason: 'address-limit' });
    expect(await from({ ...staff, browser: 'g'.repeat(43) }, 'shared.staff', PASSWORD)).toMatchObject({
      reason: 'address-limit',
    });
    // Its wrong passwords still count on the account, which locks as before.
    for (let i = 0; i < 5; i++) await from(staff, 'shared.staff', 'Wrong-password-2');
    expect((await h.store.users.byUsername('shared.staff'))!.lockedUntil).not.toBeNull();
  });

  it('keeps IPv6 callers by their /64', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(addressKey(undefined)).toBe('unknown');
  });

  it('answers 429 with Retry-After on the sign-in page', async () => {
    const limited = await startHarness('accounts_sign_in_http', {
      security: { loginMaxFailures: 10, signInFailuresPerAddress: 2, addressWindowMinutes: 15 },
    });
    try {
      const c = new Client(limited.base);
      expect((await c.signIn('nord.ecole', 'Wrong-password-1')).status).toBe(401);
      expect((await c.signIn('nobody.at.all', 'Wrong-password-1')).status).toBe(401);
      const refused = await c.signIn('nord.ecole');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
      expect(refused.text).toContain('adresse réseau');
    } finally {
      await limited.close();
    }
  });
});
