import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, PASSWORD, startHarness, type Harness } from './harness.js';
import { sha256 } from '../../src/admin/session.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness('admin_auth');
});
afterAll(async () => h.close());

/** A school account of the north school, signing in with PASSWORD. */
const northSchoolUser = (username: string) =>
  h.store.users.create({ username, role: 'SCHOOL', schoolId: h.orgs.north.id, password: PASSWORD });

describe('sign-in', () => {
  it('sends an anonymous visitor to the sign-in page and back after signing in', async () => {
    const c = new Client(h.base);
    const page = await c.get('/demandes?tab=INCOMPLETE');
    expect(page.url).toBe('/connexion?next=%2Fdemandes%3Ftab%3DINCOMPLETE');
    expect(page.text).toContain('Nom d’utilisateur');
    expect(page.text).toContain('sensible à la casse');
    const after = await c.post('/connexion', {
      username: 'nord.ecole',
      password: PASSWORD,
      next: '/demandes?tab=INCOMPLETE',
    });
    expect(after.status).toBe(200);
    expect(after.url).toBe('/demandes?tab=INCOMPLETE');
    expect(after.text).toContain('Secrétariat Nord');
  });

  it('sets an HttpOnly SameSite=Lax session cookie and stores only its sha256', async () => {
    const c = new Client(h.base);
    await c.get('/connexion');
    const res = await fetch(`${h.base}/connexion`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: [...c.jar].map(([k, v]) => `${k}=${v}`).join('; '),
      },
      body: new URLSearchParams({ _csrf: c.csrf, username: 'nord.ecole', password: PASSWORD }),
    });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((l) => l.startsWith('etms_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const token = decodeURIComponent(cookie.split(';')[0].split('=')[1]);
    const stored = await h.store.db.query<{ id: string }>('SELECT id FROM sessions');
    expect(stored.rows.map((r) => r.id)).toContain(sha256(token));
    expect(stored.rows.map((r) => r.id)).not.toContain(token);
  });

  it('marks the cookie Secure when configured', async () => {
    const secure = await startHarness('admin_auth_secure', { http: { secureCookies: true } });
    try {
      const c = new Client(secure.base);
      await c.get('/connexion');
      const res = await fetch(`${secure.base}/connexion`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: [...c.jar].map(([k, v]) => `${k}=${v}`).join('; '),
        },
        body: new URLSearchParams({ _csrf: c.csrf, username: 'nord.ecole', password: PASSWORD }),
      });
      expect(res.headers.getSetCookie().find((l) => l.startsWith('etms_session='))).toMatch(/; Secure/);
    } finally {
      await secure.close();
    }
  });

  it('is case-sensitive for the user name and the password', async () => {
    const c = new Client(h.base);
    const upper = await c.signIn('Nord.Ecole');
    expect(upper.status).toBe(401);
    const wrongCase = await c.signIn('south.school', PASSWORD.toLowerCase());
    expect(wrongCase.status).toBe(401);
    expect(wrongCase.text).toContain('Connexion refusée');
  });

  it('refuses a sign-in form posted without its CSRF token', async () => {
    const c = new Client(h.base);
    await c.get('/connexion');
    const res = await c.post('/connexion', { _csrf: 'forged', username: 'nord.ecole', password: PASSWORD });
    expect(res.status).toBe(403);
  });

  it('locks the account after the configured failures with the same message as an unknown user', async () => {
    await northSchoolUser('lock.me');
    const c = new Client(h.base);
    const unknown = await c.signIn('nobody.here');
    for (let i = 0; i < 3; i++) expect((await c.signIn('lock.me', 'Wrong-password-1')).status).toBe(401);
    const locked = await c.signIn('lock.me');
    expect(locked.status).toBe(401);
    const message = (text: string) => /role="alert">([^<]*)</.exec(text)?.[1];
    expect(message(locked.text)).toBe(message(unknown.text));
    const user = await h.store.users.byUsername('lock.me');
    expect(user!.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    await h.store.users.enable('lock.me');
    expect((await c.signIn('lock.me')).status).toBe(200);
  });

  it('lets its owner’s browser in while someone else has locked the account', async () => {
    await northSchoolUser('locked.by.other');
    const owner = new Client(h.base);
    expect((await owner.signIn('locked.by.other')).status).toBe(200);
    const cookie = (await fetch(`${h.base}/connexion`)).headers.getSetCookie().join('\n');
    expect(cookie).not.toContain('etms_browser');
    expect(owner.jar.get('etms_browser')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await owner.post('/deconnexion', {});
    const other = new Client(h.base);
    for (let i = 0; i < 3; i++)
      expect((await other.signIn('locked.by.other', 'Wrong-password-1')).status).toBe(401);
    expect((await other.signIn('locked.by.other')).status).toBe(401);
    expect((await owner.signIn('locked.by.other')).status).toBe(200);
  });

  it('refuses a disabled user and ends their open sessions', async () => {
    await northSchoolUser('leaving.soon');
    const c = new Client(h.base);
    expect((await c.signIn('leaving.soon')).url).toBe('/demandes');
    await h.store.users.disable('leaving.soon');
    expect((await c.get('/demandes')).url).toMatch(/^\/connexion/);
    expect((await c.signIn('leaving.soon')).status).toBe(401);
  });

  it('signs out with a CSRF-checked POST', async () => {
    const c = new Client(h.base);
    await c.signIn('nord.ecole');
    expect((await c.post('/deconnexion', { _csrf: 'nope' })).status).toBe(403);
    const out = await c.post('/deconnexion', {});
    expect(out.url).toMatch(/^\/connexion/);
    expect(out.text).toContain('Vous êtes déconnecté(e).');
    expect((await c.get('/demandes')).url).toMatch(/^\/connexion/);
  });

  it('refuses every POST without the session CSRF token', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const r = await h.request({ schoolBsid: '900001' });
    const res = await c.post(`/demandes/${r.referenceNumber}/action`, {
      _csrf: 'x',
      action: 'STUDENT_NOT_FOUND',
      version: String(r.version),
      confirmed: '1',
    });
    expect(res.status).toBe(403);
    expect((await h.store.requests.get(r.id))!.status).toBe('ACTION_REQUIRED');
    expect((await c.post('/ecole', { _csrf: '', school: String(h.orgs.north.id) })).status).toBe(403);
  });
});

describe('language', () => {
  it('is French by default and switches to English, remembered in the user record', async () => {
    const c = new Client(h.base);
    const fr = (await c.signIn('nord.ecole')).text;
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain('>English</a>');
    expect(fr).toContain('À traiter');
    const en = await c.get('/langue/en?next=/demandes');
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('To process');
    expect(en.text).toContain('>Français</a>');
    expect((await h.store.users.byUsername('nord.ecole'))!.language).toBe('en');
    const again = new Client(h.base);
    expect((await again.signIn('nord.ecole')).text).toContain('<html lang="en">');
    await c.get('/langue/fr?next=/demandes');
  });

  it('never redirects to another site', async () => {
    const c = new Client(h.base);
    const res = await c.get('/langue/en?next=//evil.example/x', false);
    expect(res.headers.get('location')).toBe('/demandes');
  });
});

describe('security headers', () => {
  it('sends a strict CSP without inline scripts or styles', async () => {
    const c = new Client(h.base);
    const page = await c.get('/connexion');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.text).not.toMatch(/<script>|<script(?![^>]*src=)[^>]*>|style="/);
    const css = await c.get('/assets/etms.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
  });
});
