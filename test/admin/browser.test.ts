/**
 * The admin pages in a real browser (Debian's chromium through playwright-core): sign-in, language,
 * paging, sorting, detail, upload with the validation screen, a hostile file, every action, search,
 * the school selector and both downloads. Skipped only when /usr/bin/chromium is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { PDFDocument } from 'pdf-lib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { HOSTILE_XML, PASSWORD, SAMPLE_STUDENT, sampleXml, startHarness, type Harness } from './harness.js';
import type { TranscriptRequest } from '../../src/domain/request.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(`browser tests skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`);

let h: Harness;
let browser: Browser;
const DAY = 86_400_000;
const refs: Record<string, TranscriptRequest> = {};

describe.skipIf(!haveChromium)('admin pages in chromium', () => {
  beforeAll(async () => {
    h = await startHarness('admin_browser');
    for (let i = 0; i < 55; i++) {
      await h.request({
        schoolBsid: '900001',
        requestedAt: new Date(Date.UTC(2025, 1, 1) + i * DAY).toISOString().slice(0, 10),
        lastName: `Bloc${String(i).padStart(2, '0')}`,
        firstName: 'Ana',
      });
    }
    refs.upload = await h.request({
      schoolBsid: '900001',
      requestedAt: '2020-01-01',
      ...SAMPLE_STUDENT,
      birthDate: '1991-08-29',
      dateLastAttended: '2009-06',
    });
    refs.hostile = await h.request({
      schoolBsid: '900001',
      requestedAt: '2020-01-02',
      lastName: 'Hostile',
      firstName: 'Fichier',
    });
    for (const [i, name] of ['Papier', 'Introuvable', 'Sansdonnees', 'Attente'].entries()) {
      refs[name] = await h.request({
        schoolBsid: '900001',
        requestedAt: `2020-02-0${i + 1}`,
        lastName: name,
        firstName: 'Action',
      });
    }
    refs.south = await h.request({
      schoolBsid: '900002',
      requestedAt: '2020-03-01',
      lastName: 'Sudiste',
      firstName: 'Sam',
      oen: '777888999',
    });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  async function signedIn(
    username: string,
  ): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ acceptDownloads: true, baseURL: h.base });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto('/demandes');
    expect(await page.getByLabel('Nom d’utilisateur').count()).toBe(1);
    await page.getByLabel('Nom d’utilisateur').fill(username);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Connexion' }).click();
    await page.waitForURL(/\/demandes/);
    return { context, page, problems };
  }

  type Cells = { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> };
  const rowTexts = (page: Page) =>
    page
      .locator('table.requests tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) =>
          Array.from((r as unknown as Cells).querySelectorAll('td')).map((td) =>
            (td.textContent ?? '').trim().replace(/\s+/g, ' '),
          ),
        ),
      );

  it('signs in, switches language, pages and sorts a tab', async () => {
    const { context, page, problems } = await signedIn('nord.ecole');
    await expect(page.locator('h2.table-title').textContent()).resolves.toBe('À traiter');
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.locator('h2.table-title').textContent()).resolves.toBe('To process');
    await page.getByRole('link', { name: 'Français' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    expect(await rowTexts(page)).toHaveLength(50);
    await page.locator('nav.pager').first().getByRole('link', { name: 'Suivante >' }).click();
    await expect(page.locator('.pager-summary').first().textContent()).resolves.toContain(
      'Page 2 de 2, éléments 51 - 61 de 61',
    );
    await page.getByRole('link', { name: 'Nom', exact: false }).first().click();
    await page.waitForURL(/sort=name/);
    expect((await rowTexts(page))[0][3]).toBe('Attente, Action');
    await page.locator('th[aria-sort="ascending"] a').click();
    await page.waitForURL(/dir=desc/);
    expect((await rowTexts(page))[0][3]).toBe('Sansdonnees, Action');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('opens a detail, uploads an XML that differs and confirms it on the validation screen', async () => {
    const { context, page, problems } = await signedIn('nord.ecole');
    await page.getByRole('link', { name: refs.upload.referenceNumber, exact: true }).click();
    await expect(
      page.getByRole('heading', { name: 'DEMANDE DE RELEVÉ DE NOTES - DÉTAILS' }).isVisible(),
    ).resolves.toBe(true);
    await page.locator('#file-detail').setInputFiles({
      name: 'rizzo.xml',
      mimeType: 'application/xml',
      buffer: await sampleXml(refs.upload.referenceNumber),
    });
    await page.locator('.panel-upload').getByRole('button', { name: 'Téléverser' }).click();
    await page.waitForURL(/\/validation\//);
    await expect(page.locator('tr.differs th').first().textContent()).resolves.toContain('DATE DE NAISSANCE');
    await page.getByRole('button', { name: 'Oui – Enregistrer et continuer' }).click();
    await expect(page.locator('.notice').textContent()).resolves.toContain('a été téléversé');
    const after = (await h.store.requests.get(refs.upload.id))!;
    expect(after.status).toBe('TRANSCRIPT_UPLOADED');
    expect(await h.store.transcripts.versions(after.id)).toHaveLength(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('refuses a hostile file with the reader’s message, from the list’s upload page', async () => {
    const { context, page } = await signedIn('nord.ecole');
    const row = page.locator('tr', {
      has: page.getByRole('link', { name: refs.hostile.referenceNumber, exact: true }),
    });
    await row.getByRole('link', { name: /Téléverser/ }).click();
    await expect(
      page
        .getByRole('heading', { name: 'Téléverser le fichier de relevé de notes (XML ou PDF)' })
        .isVisible(),
    ).resolves.toBe(true);
    await page
      .getByLabel('Sélectionner fichier\u00a0:')
      .setInputFiles({ name: 'bomb.xml', mimeType: 'application/xml', buffer: HOSTILE_XML });
    await page.getByRole('button', { name: 'Soumettre' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('DOCTYPE');
    const after = (await h.store.requests.get(refs.hostile.id))!;
    expect(after).toMatchObject({ status: 'ACTION_REQUIRED', version: refs.hostile.version });
    await context.close();
  });

  it('takes each action from the list and from the detail', async () => {
    const { context, page } = await signedIn('nord.ecole');
    const actions: Array<[string, string, string]> = [
      ['Papier', 'Relevé de notes papier envoyé', 'PAPER_SENT'],
      ['Introuvable', 'Élève non trouvé', 'STUDENT_NOT_FOUND'],
      ['Sansdonnees', 'Aucune donnée scolaire', 'NO_ACADEMIC_DATA'],
    ];
    for (const [name, label, status] of actions) {
      const r = refs[name];
      await page.goto('/demandes?sort=requestedAt&dir=asc&tab=TO_PROCESS');
      await page.getByLabel(`Action pour la demande ${r.referenceNumber}`).selectOption({ label });
      await page
        .locator('tr', { has: page.getByRole('link', { name: r.referenceNumber, exact: true }) })
        .getByRole('button', { name: 'Soumettre' })
        .click();
      await page.getByRole('button', { name: /Oui, confirmer/ }).click();
      await expect(page.locator('.notice').textContent()).resolves.toContain(label);
      expect((await h.store.requests.get(r.id))!.status).toBe(status);
    }
    const held = refs.Attente;
    await page.goto(`/demandes/${held.referenceNumber}`);
    await page.getByLabel('Fournir une réponse').check();
    await page
      .getByLabel(`Action pour la demande ${held.referenceNumber}`)
      .selectOption({ label: 'En attente (raison financière)' });
    await page.locator('.panel-action').getByRole('button', { name: 'Soumettre' }).click();
    await page.getByRole('button', { name: /Oui, confirmer/ }).click();
    await expect(page.locator('.notice').textContent()).resolves.toContain('En attente (raison financière)');
    expect((await h.store.requests.get(held.id))!.status).toBe('ON_HOLD_FINANCIAL');
    await context.close();
  });

  it('searches, narrows with the school selector, and downloads CSV and PDF', async () => {
    const { context, page, problems } = await signedIn('conseil.un');
    await page.getByText('Recherche', { exact: true }).click();
    await page.getByLabel('NISO').fill('777888999');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/search=1/);
    const rows = await rowTexts(page);
    expect(rows.map((r) => r[2])).toEqual([refs.south.referenceNumber]);
    await page.goto('/demandes');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/ecole')),
      page
        .getByLabel('Nom de l’école secondaire')
        .selectOption({ label: 'South Collegiate Institute (Toronto)' }),
    ]);
    await page.waitForLoadState('load');
    await expect(page.locator('table.requests tbody tr').first().textContent()).resolves.toContain('Sudiste');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/ecole')),
      page.getByLabel('Nom de l’école secondaire').selectOption({ label: 'TOUTES LES ÉCOLES SECONDAIRES' }),
    ]);
    await page.waitForLoadState('load');
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV', exact: true }).click(),
    ]);
    const csv = readFileSync((await csvDownload.path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(csv.subarray(3).toString('utf8'), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(records.length).toBe(
      (await h.store.requests.countsByTab({ boardId: h.orgs.board.id })).TO_PROCESS,
    );
    expect(records.map((r) => r['Numéro de référence'])).toContain(refs.south.referenceNumber);
    const [pdfDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'PDF', exact: true }).click(),
    ]);
    const pdf = readFileSync((await pdfDownload.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await PDFDocument.load(pdf)).getPageCount()).toBeGreaterThanOrEqual(2);
    expect(problems).toEqual([]);
    await context.close();
  });
});
