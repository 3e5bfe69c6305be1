/**
 * A request an application centre sent under its own PESC tracking ID: staff see the ID on the
 * request's page (French first, then English) and find the request by it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startHarness, tableRows, type Harness } from './harness.js';
import type { TranscriptRequest } from '../../src/domain/request.js';

let h: Harness;
let tracked: TranscriptRequest;
let other: TranscriptRequest;
beforeAll(async () => {
  h = await startHarness('admin_partner_tracking');
  tracked = await h.request({ partnerTrackingId: 'REQ-0001', lastName: 'Suivi', schoolBsid: '900001' });
  // The same ID from the other application centre names another request.
  other = await h.request({
    partnerTrackingId: 'REQ-0001',
    origin: 'OUAC',
    lastName: 'Autre',
    schoolBsid: '900001',
  });
});
afterAll(async () => {
  await h?.close();
});

const fields = (page: string) =>
  Object.fromEntries(
    [...page.matchAll(/<div><dt>([^<]*)<\/dt><dd>([^<]*)<\/dd><\/div>/g)].map((m) => [m[1], m[2]]),
  );

describe('the application centre’s tracking ID', () => {
  it('shows on the request’s page beside our reference number, in French then English', async () => {
    const c = new Client(h.base);
    await c.signIn('nord.ecole');
    const path = `/demandes/${tracked.referenceNumber}`;
    const fr = fields((await c.get(path)).text);
    expect(fr['Numéro de référence']).toBe(tracked.referenceNumber);
    expect(fr['Numéro de suivi du centre de demande d’admission']).toBe('REQ-0001');
    const en = fields((await c.get(`/langue/en?next=${encodeURIComponent(path)}`)).text);
    expect(en['Reference number']).toBe(tracked.referenceNumber);
    expect(en['Application centre’s tracking ID']).toBe('REQ-0001');
  });

  it('is not shown for a request filed under our reference number', async () => {
    const plain = await h.request({ lastName: 'Simple', schoolBsid: '900001' });
    const c = new Client(h.base);
    await c.signIn('nord.ecole');
    const page = (await c.get(`/demandes/${plain.referenceNumber}`)).text;
    expect(page).not.toContain('Numéro de suivi du centre');
  });

  it('finds the request in the search, by our number or by the centre’s ID as typed', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const search = async (query: string) =>
      tableRows((await c.get(`/demandes?search=1&reference=${encodeURIComponent(query)}`)).text)
        .filter((r) => r.length > 2)
        .map((r) => r[2])
        .sort();
    expect(await search('REQ-0001')).toEqual([tracked.referenceNumber, other.referenceNumber].sort());
    expect(await search(' REQ-0001 ')).toHaveLength(2);
    expect(await search('req-0001')).toEqual([]);
    expect(await search(tracked.referenceNumber.toLowerCase())).toEqual([tracked.referenceNumber]);
    const form = (await c.get('/demandes')).text;
    expect(form).toContain('Numéro de référence ou de suivi du centre');
  });
});
