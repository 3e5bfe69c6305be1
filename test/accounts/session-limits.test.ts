/** Staff sessions end after an idle timeout that each use slides, and at an absolute maximum from sign-in. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startHarness, type Harness } from '../admin/harness.js';

let h: Harness;
let now: Date;
const hours = (n: number) => n * 3_600_000;
const advance = (ms: number) => (now = new Date(now.getTime() + ms));

beforeAll(async () => {
  h = await startHarness('accounts_sessions', {
    security: { loginMaxFailures: 5, sessionHours: 8, sessionMaxHours: 12 },
  });
  now = new Date('2026-03-02T08:00:00Z');
  h.ctx.clock = () => now;
});
afterAll(async () => h?.close());

const signedIn = async (c: Client) => (await c.get('/demandes')).url === '/demandes';

describe('session lifetime', () => {
  it('slides while used, and still ends at the maximum after sign-in', async () => {
    const c = new Client(h.base);
    expect((await c.signIn('nord.ecole')).url).toBe('/demandes');
    advance(hours(7));
    expect(await signedIn(c)).toBe(true);
    advance(hours(4));
    // 11 h after sign-in, used 4 h ago: within the idle timeout and the maximum.
    expect(await signedIn(c)).toBe(true);
    advance(hours(1) + 60_000);
    // Used an hour ago, but signed in more than 12 h ago.
    expect(await signedIn(c)).toBe(false);
  });

  it('ends after the idle timeout without use', async () => {
    const c = new Client(h.base);
    expect((await c.signIn('nord.ecole')).url).toBe('/demandes');
    advance(hours(8) - 60_000);
    expect(await signedIn(c)).toBe(true);
    advance(hours(8) + 60_000);
    expect(await signedIn(c)).toBe(false);
  });

  it('gives the cookie the maximum as its lifetime, the server ending the session itself', async () => {
    const c = new Client(h.base);
    await c.get('/connexion');
    const res = await fetch(`${h.base}/connexion`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: [...c.jar].map(([k, v]) => `${k}=${v}`).join('; '),
      },
      body: new URLSearchParams({ _csrf: c.csrf, username: 'nord.ecole', password: 'Correct-Horse-9' }),
    });
    const cookie = res.headers.getSetCookie().find((l) => l.startsWith('etms_session='))!;
    expect(cookie).toContain(`Max-Age=${12 * 3600}`);
  });
});
