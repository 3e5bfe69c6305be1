/** The links in staff e-mails open the admin pages they name. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startHarness, type Harness } from './harness.js';
import { ADMIN_PATHS } from '../../src/notify/templates.js';
import { TABS, TAB_LABELS } from '../../src/domain/status.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('email_links');
});
afterAll(async () => h.close());

describe('links in notification e-mails', () => {
  it('open each tab and a request for a signed-in user', async () => {
    const client = new Client(h.base);
    await client.signIn('nord.ecole');
    for (const tab of TABS) {
      const page = await client.get(ADMIN_PATHS.tab(tab));
      expect(page.status, tab).toBe(200);
      expect(page.text).toMatch(new RegExp(`aria-current="page">${TAB_LABELS[tab].fr} <span`));
    }
    const request = await h.request({ schoolBsid: '900001' });
    const detail = await client.get(ADMIN_PATHS.request(request.referenceNumber));
    expect(detail.status).toBe(200);
    expect(detail.text).toContain(request.referenceNumber);
  });
});
