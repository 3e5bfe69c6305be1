import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { Client, sampleXml, startHarness, tableRows, type Harness } from './harness.js';
import type { TranscriptRequest } from '../../src/domain/request.js';

let h: Harness;
let north: TranscriptRequest;
let transcriptId: number;
const clients: Record<string, Client> = {};

const candidates = {
  outcome: 'review',
  score: 9.5,
  reason: 'AMBIGUOUS',
  candidates: [
    {
      student: {
        studentNumber: 'S-1',
        firstName: 'Amélie',
        lastName: 'Tremblay',
        previousLastNames: [],
        birthDate: '2005-04-17',
      },
      score: 9.5,
      fields: [],
      vetoes: [],
    },
  ],
};

beforeAll(async () => {
  h = await startHarness('admin_access');
  north = await h.request({
    schoolBsid: '900001',
    lastName: 'Secret',
    firstName: 'Nord',
    oen: '111222333',
    status: 'AUTO_PROCESS_ERROR',
  });
  await h.store.db.query('UPDATE requests SET match_result = $2 WHERE id = $1', [
    north.id,
    JSON.stringify(candidates),
  ]);
  north = (await h.store.requests.get(north.id))!;
  const stored = await h.store.transcripts.add({
    requestId: north.id,
    format: 'XML',
    content: await sampleXml(north.referenceNumber),
    source: 'AUTO',
    createdBy: 'Auto-eTMS',
  });
  transcriptId = stored.transcript.id;
  for (const user of ['south.school', 'far.school', 'far.board', 'conseil.un', 'nord.ecole']) {
    clients[user] = new Client(h.base);
    await clients[user].signIn(user);
  }
});
afterAll(async () => h.close());

const outsiders = ['south.school', 'far.school', 'far.board'];

describe('a request of another school or board cannot be reached', () => {
  for (const user of outsiders) {
    it(`${user}: detail, upload page, transcript, candidate, validation → 404`, async () => {
      const c = clients[user];
      const ref = north.referenceNumber;
      for (const path of [
        `/demandes/${ref}`,
        `/demandes/${ref}/televerser`,
        `/demandes/${ref}/releves/${transcriptId}`,
        `/demandes/${ref}/candidat?eleve=S-1`,
        `/demandes/${ref}/validation/abcdefghijklmnop`,
      ]) {
        const res = await c.get(path);
        expect(res.status, path).toBe(404);
        expect(res.text, path).not.toContain('Secret');
      }
    });

    it(`${user}: actions, upload, candidate pick and validation POSTs → 404 and nothing changes`, async () => {
      const c = clients[user];
      await c.get('/demandes');
      const ref = north.referenceNumber;
      expect(
        (
          await c.post(`/demandes/${ref}/action`, {
            action: 'STUDENT_NOT_FOUND',
            version: String(north.version),
            confirmed: '1',
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await c.post(`/demandes/${ref}/candidat`, {
            eleve: 'S-1',
            decision: 'confirm',
            version: String(north.version),
          })
        ).status,
      ).toBe(404);
      expect(
        (await c.post(`/demandes/${ref}/validation/abcdefghijklmnop`, { decision: 'confirm' })).status,
      ).toBe(404);
      const upload = await c.upload(
        `/demandes/${ref}/televerser`,
        { version: String(north.version) },
        { name: 't.xml', bytes: await sampleXml(ref) },
      );
      expect(upload.status).toBe(404);
      const after = (await h.store.requests.get(north.id))!;
      expect(after.status).toBe('AUTO_PROCESS_ERROR');
      expect(after.version).toBe(north.version);
      expect(await h.store.transcripts.versions(north.id)).toHaveLength(1);
    });

    it(`${user}: search and exports never show it`, async () => {
      const c = clients[user];
      const search = await c.get('/demandes?search=1&oen=111222333');
      expect(search.text).not.toContain(north.referenceNumber);
      expect(tableRows(search.text)).toEqual([
        [expect.stringMatching(/^(Aucune demande à afficher\.|No request to show\.)$/)],
      ]);
      const all = await c.get('/demandes?search=1&allStatuses=1');
      expect(all.text).not.toContain(north.referenceNumber);
      const csv = await c.get('/demandes/export.csv?search=1&allStatuses=1');
      const records = parse(csv.body.subarray(3).toString('utf8'), { columns: true }) as Array<
        Record<string, string>
      >;
      expect(records.map((r) => r['Numéro de référence'])).not.toContain(north.referenceNumber);
      const tabCsv = await c.get('/demandes/export.csv?tab=TO_PROCESS');
      expect(tabCsv.text).not.toContain(north.referenceNumber);
    });
  }

  it('the school and the board of the request do see it', async () => {
    for (const user of ['nord.ecole', 'conseil.un']) {
      const res = await clients[user].get(`/demandes/${north.referenceNumber}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('Secret');
      expect(
        (await clients[user].get(`/demandes/${north.referenceNumber}/releves/${transcriptId}`)).status,
      ).toBe(200);
    }
  });

  it('a transcript id of another request cannot be read through a visible request', async () => {
    const mine = await h.request({ schoolBsid: '900002' });
    const res = await clients['south.school'].get(
      `/demandes/${mine.referenceNumber}/releves/${transcriptId}`,
    );
    expect(res.status).toBe(404);
  });
});

describe('the school selector narrows and never widens', () => {
  it('refuses a school of another board, and a school user may not use it', async () => {
    const board = clients['far.board'];
    await board.get('/demandes');
    const res = await board.post('/ecole', { school: String(h.orgs.north.id) });
    expect(res.status).toBe(403);
    expect((await board.get(`/demandes/${north.referenceNumber}`)).status).toBe(404);
    const school = clients['south.school'];
    await school.get('/demandes');
    expect((await school.post('/ecole', { school: String(h.orgs.north.id) })).status).toBe(403);
    expect((await school.get(`/demandes/${north.referenceNumber}`)).status).toBe(404);
  });

  it('a board user narrowed to one school sees only that school', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const south = await h.request({ schoolBsid: '900002', lastName: 'Sudiste' });
    await c.post('/ecole', { school: String(h.orgs.south.id), back: '/demandes' });
    expect((await c.get(`/demandes/${north.referenceNumber}`)).status).toBe(404);
    expect((await c.get(`/demandes/${south.referenceNumber}`)).status).toBe(200);
    await c.get('/demandes');
    await c.post('/ecole', { school: '', back: '/demandes' });
    expect((await c.get(`/demandes/${north.referenceNumber}`)).status).toBe(200);
  });
});

describe('reports, notifications and administration', () => {
  it('refuses a report or a notification configuration for a school out of scope', async () => {
    const c = clients['far.board'];
    expect((await c.get(`/rapports?from=2024-01-01&to=2028-12-31&school=${h.orgs.north.id}`)).status).toBe(
      403,
    );
    expect(
      (
        await c.get(
          `/rapports/telecharger?from=2024-01-01&to=2028-12-31&school=${h.orgs.north.id}&format=csv`,
        )
      ).status,
    ).toBe(403);
    expect((await c.get(`/avis?cible=school:${h.orgs.north.id}`)).status).toBe(403);
    expect((await c.get(`/avis?cible=board:${h.orgs.board.id}`)).status).toBe(403);
    await c.get('/avis');
    expect(
      (
        await c.post('/avis', {
          cible: `school:${h.orgs.north.id}`,
          enabled: 'on',
          days: '1',
          emails: 'x@example.org',
        })
      ).status,
    ).toBe(403);
    expect((await h.store.db.query('SELECT 1 FROM notification_settings')).rows).toHaveLength(0);
    const school = clients['south.school'];
    expect((await school.get(`/avis?cible=board:${h.orgs.board.id}`)).status).toBe(403);
  });

  it('keeps the users and schools pages for administrators', async () => {
    for (const user of ['nord.ecole', 'conseil.un']) {
      expect((await clients[user].get('/admin/utilisateurs')).status).toBe(403);
      expect((await clients[user].get('/admin/ecoles')).status).toBe(403);
      await clients[user].get('/demandes');
      expect((await clients[user].post('/admin/utilisateurs/nord.ecole/desactiver', {})).status).toBe(403);
    }
    expect((await h.store.users.byUsername('nord.ecole'))!.disabledAt).toBeNull();
  });
});

describe('an address nothing serves', () => {
  it('gets a page in the person’s language with the site’s header, and a stable code on machine paths', async () => {
    const page = await fetch(`${h.base}/nope`);
    expect(page.status).toBe(404);
    const text = await page.text();
    expect(text).toContain('Page ou demande introuvable');
    expect(text).toContain('class="site-header"');
    expect(text).not.toContain('Cannot GET');
    const english = await fetch(`${h.base}/nope`, { headers: { cookie: 'etms_lang=en' } });
    expect(await english.text()).toContain('Page or request not found');
    const machine = await fetch(`${h.base}/api/v1/nope`);
    expect(machine.status).toBe(404);
    expect(((await machine.json()) as { code: string }).code).toBe('ETMS_E_NOT_FOUND');
  });
});
