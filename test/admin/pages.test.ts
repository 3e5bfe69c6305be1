import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { PDFDocument } from 'pdf-lib';
import { Client, PASSWORD, startHarness, type Harness } from './harness.js';
import { getNotificationSettings } from '../../src/notify/settings.js';
import { runUserAdd, runUserDisable, runUserResetPassword } from '../../src/admin/user-commands.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness('admin_pages');
  await h.request({ schoolBsid: '900001', requestedAt: '2024-04-24', lastName: 'Test', firstName: 'Sam' });
  await h.request({ schoolBsid: '900002', requestedAt: '2024-04-25', requestType: 'REISSUE' });
  await h.request({
    schoolBsid: '900001',
    requestedAt: '2024-04-26',
    status: 'PAPER_SENT',
    completedAt: new Date('2024-04-29T14:00:00Z'),
    completionMethod: 'PAPER',
  });
  await h.request({ schoolBsid: '900003', requestedAt: '2024-04-26' });
});
afterAll(async () => h.close());

describe('Rapports', () => {
  it('asks for dates, then shows the summary with its chart', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const empty = await c.get('/rapports');
    expect(empty.text).toContain('Date de réception de la demande de relevé de notes');
    expect(empty.text).toContain('Sélectionner l’école secondaire');
    expect(empty.text).toContain('(Les dates réfèrent aux dates de paiement');
    expect(empty.text).toMatch(/>Effacer<[\s\S]*>Générer rapports</);
    const page = await c.get('/rapports?from=2024-04-01&to=2024-04-30');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Sommaire');
    expect(page.text).toContain('Détaillé');
    expect(page.text).toMatch(
      /NOMBRE TOTAL DE RELEVÉS DE NOTES<\/th><td class="num">2<\/td><td class="num">1<\/td>/,
    );
    expect(page.text).toContain('<svg');
    expect(page.text).toContain('South Collegiate Institute');
    expect(page.text).not.toContain('Far Away Secondary School');
  });

  it('shows the detailed report for one school and downloads PDF, Excel and CSV', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const page = await c.get(
      `/rapports?from=2024-04-01&to=2024-04-30&view=detailed&school=${h.orgs.north.id}`,
    );
    expect(page.text).toContain('Date du paiement');
    expect(page.text).toContain('Page 1 de 1, éléments 1 - 2 de 2');
    const csv = await c.get(
      `/rapports/telecharger?from=2024-04-01&to=2024-04-30&view=detailed&school=${h.orgs.north.id}&format=csv`,
    );
    const rows = parse(csv.body.toString('utf8').replace(/^\uFEFF/, ''), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(rows).toHaveLength(2);
    const pdf = await c.get('/rapports/telecharger?from=2024-04-01&to=2024-04-30&view=summary&format=pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await PDFDocument.load(pdf.body)).getPageCount()).toBeGreaterThanOrEqual(1);
    const xlsx = await c.get('/rapports/telecharger?from=2024-04-01&to=2024-04-30&view=summary&format=xlsx');
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
  });

  it('explains a bad date range', async () => {
    const c = new Client(h.base);
    await c.signIn('nord.ecole');
    const res = await c.get('/rapports?from=2024-05-01&to=2024-04-01');
    expect(res.status).toBe(400);
    expect(res.text).toContain('La date de fin doit suivre la date de début.');
    expect(res.text).not.toContain('r-school');
  });
});

describe('Avis', () => {
  it('shows the guide’s fields, saves on Soumettre, clears without saving on Effacer', async () => {
    const c = new Client(h.base);
    await c.signIn('nord.ecole');
    const page = await c.get('/avis');
    expect(page.text).toContain('Avis sommaires – Configuration');
    for (const label of [
      'Activer l’envoi d’avis sommaires',
      'Aviser des demandes de relevés de notes remplies par Auto-SGÉRN',
      'Sélectionner un jour',
      'Dimanche',
      'Samedi',
      'Sélectionner une heure',
      'Fuseau horaire',
      'Courriel',
      'heures ouvrables ou plus',
    ]) {
      expect(page.text).toContain(label);
    }
    expect(page.text).toContain('<option value="America/Toronto" selected>');
    const saved = await c.post('/avis', {
      cible: `school:${h.orgs.north.id}`,
      enabled: 'on',
      days: ['1', '3'],
      hour: '8',
      timeZone: 'America/Toronto',
      emails: 'a@example.org; b@example.org',
      pendingThresholdHours: '16',
      notifyEachPending: 'on',
    });
    expect(saved.text).toContain('La configuration des avis a été enregistrée.');
    const stored = await getNotificationSettings(h.store, { schoolId: h.orgs.north.id });
    expect(stored).toMatchObject({
      enabled: true,
      days: [1, 3],
      hour: 8,
      emails: ['a@example.org', 'b@example.org'],
      pendingThresholdHours: 16,
      notifyEachPending: true,
      updatedBy: 'nord.ecole',
    });
    expect(saved.text).toContain('a@example.org; b@example.org');
    const cleared = await c.get(`/avis?cible=school:${h.orgs.north.id}&effacer=1`);
    expect(cleared.text).not.toContain('a@example.org');
    expect((await getNotificationSettings(h.store, { schoolId: h.orgs.north.id })).enabled).toBe(true);
  });

  it('names the bad address and saves nothing', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    await c.get('/avis');
    const res = await c.post('/avis', {
      cible: `board:${h.orgs.board.id}`,
      enabled: 'on',
      days: '2',
      emails: 'ok@example.org; pas-une-adresse',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain(
      'L’adresse «\u00a0pas-une-adresse\u00a0» n’est pas une adresse électronique valide.',
    );
    expect(res.text).toContain('pas-une-adresse');
    expect((await getNotificationSettings(h.store, { boardId: h.orgs.board.id })).saved).toBe(false);
  });

  it('lets a board user configure the board or one of its schools', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const page = await c.get('/avis');
    expect(page.text).toContain(`value="board:${h.orgs.board.id}"`);
    expect(page.text).toContain(`value="school:${h.orgs.south.id}"`);
    await c.post('/avis', {
      cible: `school:${h.orgs.south.id}`,
      enabled: 'on',
      days: '5',
      emails: 'sud@example.org',
      hour: '14',
    });
    expect((await getNotificationSettings(h.store, { schoolId: h.orgs.south.id })).hour).toBe(14);
  });

  it('lets the board set the contact its applicant e-mails give; a school cannot', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const page = await c.get('/avis');
    expect(page.text).toContain('Coordonnées du conseil données aux candidates et candidats');
    await c.post('/avis/contact', {
      cible: `board:${h.orgs.board.id}`,
      contact: ' 705-555-0100,   poste 2 ',
    });
    expect((await h.store.organisations.board(h.orgs.board.id))!.applicantContact).toBe(
      '705-555-0100, poste 2',
    );
    expect((await c.get('/avis')).text).toContain('value="705-555-0100, poste 2"');
    const school = new Client(h.base);
    await school.signIn('nord.ecole');
    expect((await school.get('/avis')).text).not.toContain('id="contact"');
    const refused = await school.post('/avis/contact', { cible: `board:${h.orgs.board.id}`, contact: 'x' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect((await h.store.organisations.board(h.orgs.board.id))!.applicantContact).toBe(
      '705-555-0100, poste 2',
    );
  });
});

describe('administration pages', () => {
  it('lists users, adds one, disables, enables and resets a password', async () => {
    const c = new Client(h.base);
    await c.signIn('root.admin');
    const list = await c.get('/admin/utilisateurs');
    expect(list.text).toContain('nord.ecole');
    const added = await c.post('/admin/utilisateurs', {
      username: 'new.clerk',
      displayName: 'New Clerk',
      role: 'SCHOOL',
      schoolId: String(h.orgs.south.id),
      password: PASSWORD,
      language: 'fr',
    });
    expect(added.text).toContain('L’utilisateur new.clerk a été ajouté.');
    expect((await h.store.users.byUsername('new.clerk'))!.boardId).toBe(h.orgs.board.id);
    const weak = await c.post('/admin/utilisateurs', {
      username: 'weak.one',
      role: 'ADMIN',
      password: 'short',
    });
    expect(weak.status).toBe(400);
    await c.post('/admin/utilisateurs/new.clerk/desactiver', {});
    expect((await h.store.users.byUsername('new.clerk'))!.disabledAt).not.toBeNull();
    await c.post('/admin/utilisateurs/new.clerk/activer', {});
    expect((await h.store.users.byUsername('new.clerk'))!.disabledAt).toBeNull();
    await c.post('/admin/utilisateurs/new.clerk/mot-de-passe', { password: 'Another-Pass-42' });
    const clerk = new Client(h.base);
    expect((await clerk.signIn('new.clerk', 'Another-Pass-42')).url).toBe('/demandes');
  });

  it('lists and adds schools', async () => {
    const c = new Client(h.base);
    await c.signIn('root.admin');
    const res = await c.post('/admin/ecoles', {
      bsid: '912345',
      name: 'Nouvelle École',
      city: 'Hearst',
      boardCode: 'B99001',
    });
    expect(res.text).toContain('Nouvelle École');
    expect((await h.store.organisations.schoolByBsid('912345'))!.boardId).toBe(h.orgs.board.id);
  });
});

describe('user commands', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } },
    };
  };

  it('adds a user with a generated password that works', async () => {
    const t = io();
    expect(await runUserAdd(h.store, { username: 'cli.board', role: 'board', board: 'B99001' }, t.io)).toBe(
      0,
    );
    const password = /shown once\): (\S+)/.exec(t.out.join(''))![1];
    const c = new Client(h.base);
    expect((await c.signIn('cli.board', password)).url).toBe('/demandes');
  });

  it('refuses bad arguments with exit code 2 and unknown places with 1', async () => {
    const t = io();
    expect(await runUserAdd(h.store, { username: 'x.y', role: 'SCHOOL' }, t.io)).toBe(2);
    expect(await runUserAdd(h.store, { username: 'x.y', role: 'SCHOOL', school: '000000' }, t.io)).toBe(1);
    expect(
      await runUserAdd(h.store, { username: 'nord.ecole', role: 'ADMIN', password: PASSWORD }, t.io),
    ).toBe(1);
    expect(t.err.join('')).toContain('ETMS_E_USER_EXISTS');
  });

  it('disables, enables and resets a password', async () => {
    const t = io();
    await runUserAdd(
      h.store,
      { username: 'cli.school', role: 'SCHOOL', school: '900002', password: PASSWORD },
      t.io,
    );
    expect(await runUserDisable(h.store, { username: 'cli.school' }, t.io)).toBe(0);
    expect((await new Client(h.base).signIn('cli.school')).status).toBe(401);
    expect(await runUserDisable(h.store, { username: 'cli.school', enable: true }, t.io)).toBe(0);
    expect(
      await runUserResetPassword(h.store, { username: 'cli.school', password: 'Brand-New-Pass-1' }, t.io),
    ).toBe(0);
    expect((await new Client(h.base).signIn('cli.school', 'Brand-New-Pass-1')).url).toBe('/demandes');
    expect(await runUserResetPassword(h.store, { username: 'Cli.School' }, t.io)).toBe(1);
    expect(await runUserDisable(h.store, { username: 'nobody' }, t.io)).toBe(1);
  });
});
