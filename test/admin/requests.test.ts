import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { PDFDocument } from 'pdf-lib';
import { Client, startHarness, tableHeaders, tableRows, type Harness } from './harness.js';
import type { TranscriptRequest } from '../../src/domain/request.js';

let h: Harness;
const made: Record<string, TranscriptRequest> = {};

const DAY = 86_400_000;

/** A reception time exactly `days` business days before now on the board's calendar. */
function receivedBusinessDaysAgo(days: number): Date {
  const calendar = h.ctx.calendar('B99001');
  const now = new Date();
  for (let back = 0; back < 60 * 24; back++) {
    const at = new Date(now.getTime() - back * 3_600_000);
    if (calendar.businessDaysBetween(at, now) === days) return at;
  }
  throw new Error('no such time');
}

beforeAll(async () => {
  h = await startHarness('admin_requests');
  // 60 open requests at the north school, requested over 60 days of 2025.
  for (let i = 0; i < 60; i++) {
    const day = new Date(Date.UTC(2025, 0, 1) + i * DAY).toISOString().slice(0, 10);
    await h.request({
      requestedAt: day,
      lastName: `Nord${String(i).padStart(2, '0')}`,
      firstName: 'Élève',
      schoolBsid: '900001',
      receivedAt: new Date(Date.now() - 400 * DAY),
    });
  }
  made.young = await h.request({
    requestedAt: '2026-01-05',
    lastName: 'Jeune',
    firstName: 'Zoé',
    schoolBsid: '900002',
    receivedAt: receivedBusinessDaysAgo(2),
    dateLastAttended: '2002-06',
    sendTiming: 'END_OF_TERM',
    requestType: 'REISSUE',
  });
  made.due = await h.request({
    requestedAt: '2026-01-06',
    lastName: 'Echeance',
    firstName: 'Paul',
    schoolBsid: '900002',
    receivedAt: receivedBusinessDaysAgo(5),
  });
  made.completedOld = await h.request({
    requestedAt: '2024-03-11',
    lastName: 'Piedrahita Garcia',
    firstName: 'Juan',
    schoolBsid: '900001',
    status: 'E_TRANSCRIPT_SENT',
    completedAt: new Date('2024-03-11T15:00:00Z'),
    completionMethod: 'AUTO',
    lastUpdatedBy: 'Auto-eTMS',
    dateLastAttended: '2023-02',
  });
  made.completedNew = await h.request({
    requestedAt: '2024-02-09',
    lastName: 'Das',
    firstName: 'Payal',
    schoolBsid: '900002',
    status: 'PAPER_SENT',
    completedAt: new Date('2024-05-01T15:00:00Z'),
    completionMethod: 'PAPER',
    lastUpdatedBy: 'nord.ecole',
  });
  made.hold = await h.request({
    requestedAt: '2025-06-01',
    lastName: 'Attente',
    firstName: 'Léa',
    schoolBsid: '900001',
    status: 'ON_HOLD_FINANCIAL',
    oen: '555444333',
    applicationNumber: 'APP-778899',
    accountNumber: 'ACC-1122',
  });
  made.uploaded = await h.request({
    requestedAt: '2025-06-02',
    lastName: 'Encours',
    firstName: 'Max',
    schoolBsid: '900001',
    status: 'TRANSCRIPT_UPLOADED',
  });
  made.far = await h.request({
    requestedAt: '2025-01-01',
    lastName: 'Lointain',
    firstName: 'Ottawa',
    schoolBsid: '900003',
    oen: '555444333',
  });
});
afterAll(async () => h.close());

describe('tabs and columns', () => {
  it('shows the four tabs with their counts for a board user, with the Source column', async () => {
    const c = new Client(h.base);
    const page = await c.signIn('conseil.un');
    expect(page.text).toMatch(/À traiter <span class="count">\(62\)<\/span>/);
    expect(page.text).toMatch(/Incomplet <span class="count">\(1\)<\/span>/);
    expect(page.text).toMatch(/En cours <span class="count">\(1\)<\/span>/);
    expect(page.text).toMatch(/Terminé <span class="count">\(2\)<\/span>/);
    expect(tableHeaders(page.text)).toEqual([
      'Date demandée',
      'Âge',
      'Numéro de référence',
      'Nom',
      'Type de demande',
      'Source',
      'Dernière année d’études',
      'Date d’envoi',
      'État de la demande',
      'Téléverser',
      'Action (aucun téléversement)',
    ]);
    expect(page.text).toContain('TOUTES LES ÉCOLES SECONDAIRES');
    expect(page.text).toContain('Affichage de 50 éléments par page. Page 1 de 2, éléments 1 - 50 de 62');
  });

  it('hides Source from a school user, who sees only their school', async () => {
    const c = new Client(h.base);
    const page = await c.signIn('south.school');
    await c.get('/langue/fr?next=/demandes');
    const fr = await c.get('/demandes');
    expect(tableHeaders(fr.text)).not.toContain('Source');
    const rows = tableRows(fr.text);
    expect(rows.map((r) => r[2])).toEqual([made.young.referenceNumber, made.due.referenceNumber]);
    expect(page.text).not.toContain('TOUTES LES ÉCOLES SECONDAIRES');
  });

  it('formats each cell as the guide shows it', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const page = await c.get(`/demandes?search=1&reference=${made.young.referenceNumber}`);
    const [row] = tableRows(page.text);
    expect(row.slice(0, 9)).toEqual([
      '2026/01/05',
      '2 jours',
      made.young.referenceNumber,
      'Jeune, Zoé',
      'Émis de nouveau',
      'South Collegiate Institute',
      'Juin 2002',
      'Fin de la session',
      'Action requise',
    ]);
    const en = await c.get(
      `/langue/en?next=${encodeURIComponent(`/demandes?search=1&reference=${made.young.referenceNumber}`)}`,
    );
    expect(tableRows(en.text)[0].slice(0, 9)).toEqual([
      '2026/01/05',
      '2 days',
      made.young.referenceNumber,
      'Jeune, Zoé',
      'Reissue',
      'South Collegiate Institute',
      'Jun. 2002',
      'End of term',
      'Action required',
    ]);
    // One line per row: the short labels carry the full text (school and city, timing) in a title.
    expect(page.text).toContain('title="South Collegiate Institute, Toronto">South Collegiate Institute<');
    expect(page.text).toContain('title="Envoyer à la fin de la session">Fin de la session<');
    await c.get('/langue/fr?next=/demandes');
  });

  it('colours the age yellow at the deadline and red « En retard » past it', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const page = await c.get('/demandes?sort=requestedAt&dir=desc');
    expect(page.text).toContain('<span class="age age-due">5 jours</span>');
    expect(page.text).toMatch(/<span class="age age-overdue"[^>]*>En retard<\/span>/);
    expect(page.text).toContain('<span class="age age-normal">2 jours</span>');
  });

  it('gives the Terminé tab its own columns, newest completion first', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const page = await c.get('/demandes?tab=COMPLETED');
    expect(tableHeaders(page.text)).toEqual([
      'Date demandée',
      'Numéro de référence',
      'Nom',
      'Type de demande',
      'Source',
      'Dernière année d’études',
      'Dernière mise à jour par',
      'Date d’achèvement',
      'État de la demande',
      'Téléverser de nouveau',
    ]);
    const rows = tableRows(page.text);
    expect(rows.map((r) => r[1])).toEqual([
      made.completedNew.referenceNumber,
      made.completedOld.referenceNumber,
    ]);
    expect(rows[1]).toEqual([
      '2024/03/11',
      made.completedOld.referenceNumber,
      'Piedrahita Garcia, Juan',
      'Original',
      'École secondaire Nord',
      'Févr. 2023',
      'Auto-SGÉRN',
      '2024/03/11',
      'Relevé électronique envoyé',
      'Téléverser de nouveau',
    ]);
  });

  it('offers only the actions the status allows', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const incomplete = await c.get('/demandes?tab=INCOMPLETE');
    const select = /<select id="action-[^"]+" name="action">([\s\S]*?)<\/select>/.exec(incomplete.text)![1];
    expect([...select.matchAll(/<option value="([^"]*)">/g)].map((m) => m[1])).toEqual([
      '',
      'PAPER_SENT',
      'STUDENT_NOT_FOUND',
      'NO_ACADEMIC_DATA',
    ]);
    const inProgress = await c.get('/demandes?tab=IN_PROGRESS');
    expect(inProgress.text).not.toMatch(/<select id="action-/);
  });
});

describe('paging and sorting', () => {
  it('pages by 50 with the guide pager', async () => {
    const c = new Client(h.base);
    await c.signIn('nord.ecole');
    const first = await c.get('/demandes');
    expect(tableRows(first.text)).toHaveLength(50);
    expect(first.text).toContain('Affichage de 50 éléments par page. Page 1 de 2, éléments 1 - 50 de 60');
    expect(first.text).toMatch(
      /Pages\u00a0:[\s\S]*&lt; Première[\s\S]*&lt; Précédente[\s\S]*Suivante &gt;[\s\S]*Dernière &gt;/,
    );
    const second = await c.get('/demandes?page=2');
    expect(tableRows(second.text)).toHaveLength(10);
    expect(second.text).toContain('Page 2 de 2, éléments 51 - 60 de 60');
    expect(tableRows(second.text)[9][3]).toBe('Nord59, Élève');
    const beyond = await c.get('/demandes?page=99');
    expect(beyond.text).toContain('Page 2 de 2');
  });

  it('sorts by requested date ascending by default and by each header', async () => {
    const c = new Client(h.base);
    await c.signIn('nord.ecole');
    const byDefault = tableRows((await c.get('/demandes')).text);
    expect(byDefault[0][0]).toBe('2025/01/01');
    const page = await c.get('/demandes');
    expect(page.text).toMatch(
      /<th scope="col" aria-sort="ascending"><a href="\/demandes\?tab=TO_PROCESS&amp;sort=requestedAt&amp;dir=desc"/,
    );
    const desc = await c.get('/demandes?tab=TO_PROCESS&sort=requestedAt&dir=desc');
    expect(tableRows(desc.text)[0][0]).toBe('2025/03/01');
    expect(desc.text).toContain('aria-sort="descending"');
    const byName = tableRows((await c.get('/demandes?sort=name&dir=desc')).text);
    expect(byName[0][3]).toBe('Nord59, Élève');
    const byRef = tableRows((await c.get('/demandes?sort=referenceNumber&dir=asc')).text).map((r) => r[2]);
    expect(byRef).toEqual([...byRef].sort());
    for (const key of ['age', 'requestType', 'dateLastAttended', 'sendTiming', 'status']) {
      expect((await c.get(`/demandes?sort=${key}&dir=asc`)).status).toBe(200);
    }
  });

  it('ignores an unknown sort key', async () => {
    const c = new Client(h.base);
    await c.signIn('nord.ecole');
    const res = await c.get('/demandes?sort=pg_sleep&dir=sideways');
    expect(res.status).toBe(200);
    expect(tableRows(res.text)[0][0]).toBe('2025/01/01');
  });
});

describe('search', () => {
  it('finds by OEN across tabs within the scope only', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const res = await c.get('/demandes?search=1&oen=555444333');
    const refs = tableRows(res.text).map((r) => r[2]);
    expect(refs).toEqual([made.hold.referenceNumber]);
    expect(res.text).toContain('Résultats de la recherche');
  });

  it('combines basic criteria and the more options', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const byName = tableRows((await c.get('/demandes?search=1&last=nord0&first=eleve')).text);
    expect(byName).toHaveLength(10);
    const byDates = tableRows((await c.get('/demandes?search=1&from=2025-01-10&to=2025-01-12')).text).map(
      (r) => r[0],
    );
    expect(byDates).toEqual(['2025/01/10', '2025/01/11', '2025/01/12']);
    const byStatus = tableRows(
      (await c.get('/demandes?search=1&status=ON_HOLD_FINANCIAL&status=TRANSCRIPT_UPLOADED')).text,
    ).map((r) => r[2]);
    expect(byStatus.sort()).toEqual([made.hold.referenceNumber, made.uploaded.referenceNumber].sort());
    const byApplication = tableRows(
      (await c.get('/demandes?search=1&application=APP-778899&account=ACC-1122')).text,
    );
    expect(byApplication.map((r) => r[2])).toEqual([made.hold.referenceNumber]);
    const byAttended = tableRows(
      (await c.get('/demandes?search=1&attendedFrom=2002-01&attendedTo=2002-12')).text,
    );
    expect(byAttended.map((r) => r[2])).toEqual([made.young.referenceNumber]);
    const all = await c.get('/demandes?search=1&allStatuses=1&status=ACTION_REQUIRED');
    expect(all.text).toContain('de 66');
  });

  it('says which date it could not read', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const res = await c.get('/demandes?search=1&from=2025-02-30');
    expect(res.text).toContain(
      'Date non valide\u00a0: 2025-02-30 n’est pas un jour du calendrier entre 1900 et 2099',
    );
    // The error is the answer: no request is listed as a « result ».
    expect(tableRows(res.text)).toEqual([['Aucune demande à afficher.']]);
    expect(res.text).toContain('type="date" id="s-from"');
    // A year the database cannot hold is the same mistake, not a server error.
    for (const bound of ['from=0000-01-01', 'to=0000-01-01', 'from=9999-12-31', 'attendedFrom=0000-01']) {
      const refused = await c.get(`/demandes?search=1&${bound}`);
      expect(refused.status, bound).toBe(400);
      expect(refused.text).toMatch(/(Date|Mois) non valide/);
    }
    // The export of a refused search is refused, never every request instead.
    const exported = await c.get('/demandes/export.csv?search=1&from=1938-11-31');
    expect(exported.status).toBe(400);
    expect(exported.text).toContain('1938-11-31');
    expect(exported.text).not.toContain('H20');
  });

  it('refuses a NUL character in a search or a form as a bad request, not a server error', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    for (const field of ['reference', 'application', 'account', 'last', 'oen']) {
      const res = await c.get(`/demandes?search=1&${field}=H2025%00`);
      expect(res.status, field).toBe(400);
      expect(res.text).toContain('La requête n’a pas pu être lue');
    }
    expect((await c.get('/demandes/export.csv?search=1&account=%00')).status).toBe(400);
    await c.get('/avis');
    const posted = await c.post('/avis/contact', { contact: 'Secrétariat\u0000 613-555-0100' });
    expect(posted.status).toBe(400);
    expect((await h.store.organisations.board(h.orgs.board.id))!.applicantContact ?? '').not.toContain(
      'Secrétariat',
    );
  });

  it('keeps the criteria in the form, the pager and the sort links', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const res = await c.get('/demandes?search=1&last=nord');
    expect(res.text).toContain('value="nord"');
    expect(res.text).toMatch(/href="\/demandes\?search=1&amp;last=nord&amp;page=2"/);
    expect(res.text).toMatch(/href="\/demandes\?search=1&amp;last=nord&amp;sort=name&amp;dir=asc"/);
  });
});

describe('exports', () => {
  it('exports every row of the tab as CSV with a BOM, parsed back', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const res = await c.get('/demandes/export.csv?tab=TO_PROCESS');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(res.body.subarray(3).toString('utf8'), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(records).toHaveLength(62);
    expect(records[0]['Date demandée']).toBe('2025/01/01');
    expect(records[0]['Nom']).toBe('Nord00, Élève');
    expect(records[0]['Source']).toBe('École secondaire Nord, Sudbury');
    expect(Object.keys(records[0])).toContain('NISO');
    expect(records.some((r) => r['Numéro de référence'] === made.far.referenceNumber)).toBe(false);
  });

  it('exports a search and keeps its sort', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const res = await c.get('/demandes/export.csv?search=1&last=nord&sort=requestedAt&dir=desc');
    const records = parse(res.body.subarray(3).toString('utf8'), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(records).toHaveLength(60);
    expect(records[0]['Date demandée']).toBe('2025/03/01');
  });

  it('exports a landscape PDF with a page per 20-odd rows', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const res = await c.get('/demandes/export.pdf?tab=TO_PROCESS');
    expect(res.status).toBe(200);
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
    const pdf = await PDFDocument.load(res.body);
    expect(pdf.getPageCount()).toBeGreaterThanOrEqual(3);
    const { width, height } = pdf.getPage(0).getSize();
    expect(width).toBeGreaterThan(height);
  });
});
