import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, PASSWORD, type Harness } from './harness.js';

let behindProxy: Harness;
beforeAll(async () => {
  behindProxy = await startHarness('admin_tls_proxy', { http: { trustProxy: true, secureCookies: 'auto' } });
});
afterAll(() => behindProxy?.close());

async function signIn(base: string, headers: Record<string, string>) {
  const form = await fetch(`${base}/connexion`, { headers });
  const html = await form.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const cookies = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${base}/connexion`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, username: 'conseil.un', password: PASSWORD }),
  });
  return { form, res };
}

describe('secureCookies: auto behind a TLS proxy (trustProxy)', () => {
  it('sets Secure cookies and HSTS for what arrived over HTTPS at the proxy, neither for plain HTTP', async () => {
    const tls = await signIn(behindProxy.base, { 'x-forwarded-proto': 'https' });
    expect(tls.form.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(tls.res.status).toBe(303);
    expect(tls.res.headers.getSetCookie().some((c) => /;\s*Secure/i.test(c))).toBe(true);
    const plain = await signIn(behindProxy.base, {});
    expect(plain.form.headers.get('strict-transport-security')).toBeNull();
    expect(plain.res.headers.getSetCookie().some((c) => /;\s*Secure/i.test(c))).toBe(false);
  });
});
