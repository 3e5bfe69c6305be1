/**
 * The staff pages as a school secretary meets them, in a real browser (Debian's chromium through
 * playwright-core): the worklist fits 1366 and 1920 px screens, long values wrap on the detail and
 * print views, English pages show no French, French pages follow French typography, every page
 * passes axe-core with no serious or critical violation, the pages work without JavaScript, an
 * action that e-mails the applicant asks first, an expired session keeps the work, and another
 * student's file needs an explicit, different confirmation. Skipped only when /usr/bin/chromium is
 * absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PASSWORD, SAMPLE_STUDENT, sampleXml, startHarness, type Harness } from './harness.js';
import type { TranscriptRequest } from '../../src/domain/request.js';
import { MESSAGES } from '../../src/admin/i18n.js';
import { STATUS_CATALOGUE, TAB_LABELS } from '../../src/domain/status.js';
import { REASONS } from '../../src/matching/reasons.js';
import { sha256 } from '../../src/admin/session.js';
import { frenchTypographyProblems } from './typography.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(`browser tests skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`);

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Words of the French catalogue that no English label uses (the words an English page must not show). */
function frenchOnlyWords(): Set<string> {
  const words = (text: string) => text.toLowerCase().match(/[\p{L}’']{4,}/gu) ?? [];
  const fr: string[] = [];
  const en = new Set<string>();
  const skip = new Set(['switchLanguage', 'languageName', 'product']);
  for (const [key, value] of Object.entries(MESSAGES)) {
    if (skip.has(key)) continue;
    fr.push(...words(value.fr));
    for (const w of words(value.en)) en.add(w);
  }
  for (const s of Object.values(STATUS_CATALOGUE)) {
    fr.push(...words(s.fr));
    for (const w of words(s.en)) en.add(w);
  }
  for (const l of Object.values(TAB_LABELS)) fr.push(...words(l.fr));
  for (const r of Object.values(REASONS)) {
    fr.push(...words(r.fr));
    for (const w of words(r.en)) en.add(w);
  }
  return new Set(fr.filter((w) => !en.has(w)));
}

/** The little of the DOM these checks read (the project compiles without the DOM library). */
interface El {
  textContent?: string | null;
  innerText?: string;
  scrollWidth: number;
  clientWidth: number;
  open?: boolean;
  getBoundingClientRect(): { left: number; right: number; top: number; bottom: number; height: number };
  previousElementSibling?: El | null;
  parentElement?: El | null;
}
interface Document {
  documentElement: El;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}

/**
 * What a French page shows against French typography: a plain space (or none) before « : ; ! ? »,
 * a plain space inside « », a straight apostrophe, or a decimal point in a number. The page's text
 * is read as shown (details opened, select options and SVG titles included); an English part
 * marked lang="en" is left out.
 */
async function pageTypographyProblems(page: Page, path: string): Promise<string[]> {
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
  const text = await page.evaluate(() => {
    const d = (globalThis as unknown as { document: Document }).document;
    for (const e of Array.from(d.querySelectorAll('details'))) e.open = true;
    for (const e of Array.from(d.querySelectorAll('body [lang="en"]'))) e.textContent = '';
    const extra = Array.from(
      d.querySelectorAll('option, svg title, [title], [aria-label], input[placeholder]'),
    ).map((e) => {
      const el = e as unknown as { getAttribute(n: string): string | null };
      return [
        e.textContent ?? '',
        el.getAttribute('title') ?? '',
        el.getAttribute('aria-label') ?? '',
        el.getAttribute('placeholder') ?? '',
      ].join('\n');
    });
    return [
      d.querySelector('body')!.innerText ?? '',
      d.querySelector('title')?.textContent ?? '',
      ...extra,
    ].join('\n');
  });
  return frenchTypographyProblems(text, path);
}

let h: Harness;
let browser: Browser;
const refs: Record<string, TranscriptRequest> = {};
const LONG_SURNAME = 'Wolfeschlegelsteinhausenbergerdorffvoralternwa'; // 46 characters

// Generous budgets: on a loaded machine a sign-in (password hashing) alone can take seconds.
describe.skipIf(!haveChromium)('staff pages in chromium', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    h = await startHarness('staff_pages_browser');
    for (let i = 0; i < 12; i++) {
      const made = await h.request({
        schoolBsid: i % 2 ? '900001' : '900002',
        requestedAt: `2025-02-${String(i + 1).padStart(2, '0')}`,
        lastName: i === 3 ? LONG_SURNAME : `Row${i}`,
        firstName: i === 3 ? 'Maximilian-Alexander' : 'Ana',
        // The longer values of the demo board's worklist: « Fin de la session », a last year attended.
        ...(i % 3 === 0 ? { sendTiming: 'END_OF_TERM' as const, dateLastAttended: '2007-06' } : {}),
        applicantEmail:
          i === 3
            ? 'a.very.long.applicant.address.for.testing@subdomain.example-school-board.org'
            : undefined,
      });
      if (i === 3) refs.long = made;
    }
    refs.auto = await h.request({
      schoolBsid: '900002',
      requestedAt: '2020-01-03',
      lastName: 'Smith',
      firstName: 'John',
      applicantLanguage: 'en',
    });
    await h.store.requests.transition({
      id: refs.auto.id,
      to: 'AUTO_PROCESS_ERROR',
      actor: 'Auto-eTMS',
      reason: REASONS.NOT_FOUND.fr,
      autoErrorReason: REASONS.NOT_FOUND.fr,
      details: { reasonCode: 'NOT_FOUND', reasonEn: REASONS.NOT_FOUND.en },
    });
    refs.confirm = await h.request({
      schoolBsid: '900001',
      requestedAt: '2020-01-04',
      lastName: 'Confirmer',
      firstName: 'Zoe',
      applicantEmail: 'zoe.confirmer@example.org',
    });
    refs.expiry = await h.request({ schoolBsid: '900001', requestedAt: '2020-01-05', ...SAMPLE_STUDENT });
    refs.other = await h.request({
      schoolBsid: '900001',
      requestedAt: '2020-01-06',
      lastName: 'Ouellette',
      firstName: 'Brigitte',
      birthDate: '2004-02-11',
      gender: 'F',
      oen: '111222333',
      studentNumber: '000099999',
    });
    refs.french = await h.request({
      schoolBsid: '900001',
      requestedAt: '2020-01-07',
      lastName: 'Typographie',
      firstName: 'Élise',
      applicantEmail: 'elise.typographie@example.org',
    });
    refs.nojs = await h.request({
      schoolBsid: '900001',
      requestedAt: '2020-01-08',
      lastName: 'Sansscript',
      firstName: 'Noé',
      applicantEmail: 'nojs@example.org',
    });
    refs.nojsUpload = await h.request({ schoolBsid: '900001', requestedAt: '2020-01-09', ...SAMPLE_STUDENT });
    // An « Erreur d’autotraitement » with the matcher's candidates: scores and weights with decimals.
    refs.scored = await h.request({
      schoolBsid: '900001',
      requestedAt: '2020-01-10',
      lastName: 'Pointage',
      firstName: 'Léa',
    });
    await h.store.requests.transition({
      id: refs.scored.id,
      to: 'AUTO_PROCESS_ERROR',
      actor: 'Auto-eTMS',
      reason: REASONS.NOT_FOUND.fr,
      autoErrorReason: REASONS.NOT_FOUND.fr,
      details: { reasonCode: 'NOT_FOUND', reasonEn: REASONS.NOT_FOUND.en },
      matchResult: {
        outcome: 'review',
        score: 55.5,
        probability: 0.873,
        candidates: [
          {
            student: {
              studentNumber: '000012345',
              firstName: 'Léa',
              lastName: 'Pointage',
              birthDate: '2005-03-01',
              schoolBsid: '900001',
            },
            score: 55.5,
            probability: 0.873,
            fields: [
              {
                field: 'lastName',
                level: 'exact',
                weight: 12.25,
                requestValue: 'Pointage',
                candidateValue: 'Pointage',
              },
              {
                field: 'birthDate',
                level: 'one_digit',
                weight: 3.5,
                requestValue: '2005-03-01',
                candidateValue: '2005-03-07',
              },
            ],
            vetoes: [],
          },
        ],
      },
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
    viewport = { width: 1366, height: 768 },
    javaScriptEnabled = true,
  ): Promise<{ context: BrowserContext; page: Page }> {
    // CSP is bypassed only so the test can inject axe-core; the pages themselves are unchanged.
    const context = await browser.newContext({
      baseURL: h.base,
      viewport,
      bypassCSP: true,
      javaScriptEnabled,
    });
    context.setDefaultTimeout(90_000);
    const page = await context.newPage();
    await page.goto('/connexion');
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(PASSWORD);
    await page.locator('form[action="/connexion"] button[type=submit]').click();
    await page.waitForURL(/\/demandes/);
    return { context, page };
  }

  async function axeProblems(page: Page): Promise<string[]> {
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
      return (await axe.run()).violations as Array<{ id: string; impact: string; nodes: unknown[] }>;
    });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${page.url()}: ${v.id} (${v.impact}, ${v.nodes.length})`);
  }

  it('fits the worklist at 1366 and 1920 px with no horizontal scroll', async () => {
    for (const viewport of [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      const { context, page } = await signedIn('conseil.un', viewport);
      await page.goto('/demandes?tab=TO_PROCESS');
      const fit = await page.evaluate(() => {
        const d = (globalThis as unknown as { document: Document }).document;
        const wrap = d.querySelector('.table-wrap')!;
        const actions = Array.from(d.querySelectorAll('td[data-col="action"] button'));
        const rows = Array.from(d.querySelectorAll('table.requests tbody tr'));
        return {
          page: d.documentElement.scrollWidth - d.documentElement.clientWidth,
          table: wrap.scrollWidth - wrap.clientWidth,
          actionsRight: Math.max(...actions.map((b) => b.getBoundingClientRect().right)),
          viewport: d.documentElement.clientWidth,
          tallestRow: Math.max(...rows.map((r) => r.getBoundingClientRect().height)),
        };
      });
      expect(fit.page, `page overflow at ${viewport.width}`).toBeLessThanOrEqual(0);
      expect(fit.table, `table overflow at ${viewport.width}`).toBeLessThanOrEqual(0);
      expect(fit.actionsRight).toBeLessThanOrEqual(fit.viewport);
      // Source is one line with its full name in a title: no row grows to six lines.
      expect(fit.tallestRow).toBeLessThan(120);
      const source = page.locator('td[data-col="source"] span').first();
      await expect(source.getAttribute('title')).resolves.toMatch(/, (Sudbury|Toronto)$/);
      await context.close();
    }
  });

  it('wraps a 46-character surname and a long e-mail on the detail and print views', async () => {
    const { context, page } = await signedIn('conseil.un');
    for (const path of [
      `/demandes/${refs.long.referenceNumber}`,
      `/demandes/${refs.long.referenceNumber}?imprimer=1`,
    ]) {
      await page.goto(path);
      // On screen, and as printed (print styles, a Letter page's width).
      for (const media of ['screen', 'print'] as const) {
        await page.emulateMedia({ media });
        if (media === 'print') await page.setViewportSize({ width: 816, height: 1056 });
        const problems = await page.evaluate(() => {
          const d = (globalThis as unknown as { document: Document }).document;
          const out: string[] = [];
          for (const dd of Array.from(d.querySelectorAll('dl.fields dd'))) {
            const text = dd.textContent ?? '';
            if (dd.scrollWidth > dd.clientWidth + 1) out.push(`cut: ${text}`);
            const box = dd.getBoundingClientRect();
            const dl = dd.parentElement!.getBoundingClientRect();
            if (box.right > dl.right + 1 || box.left < dl.left - 1) out.push(`outside its list: ${text}`);
            const dt = dd.previousElementSibling?.getBoundingClientRect();
            const overlapX = dt ? Math.min(dt.right, box.right) - Math.max(dt.left, box.left) : 0;
            const overlapY = dt ? Math.min(dt.bottom, box.bottom) - Math.max(dt.top, box.top) : 0;
            if (overlapX > 1 && overlapY > 1) out.push(`over its label: ${text}`);
          }
          return out;
        });
        expect(problems, `${path} (${media})`).toEqual([]);
        await expect(page.locator('dd', { hasText: LONG_SURNAME }).count()).resolves.toBe(1);
        await expect(
          page
            .locator('dd', {
              hasText: 'a.very.long.applicant.address.for.testing@subdomain.example-school-board.org',
            })
            .count(),
        ).resolves.toBe(1);
      }
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize({ width: 1366, height: 768 });
    }
    await context.close();
  });

  it('shows no French on the English pages', async () => {
    const french = frenchOnlyWords();
    const { context, page } = await signedIn('south.school');
    const paths = [
      '/demandes',
      '/demandes?tab=INCOMPLETE',
      '/demandes?search=1&last=Smith',
      `/demandes/${refs.auto.referenceNumber}`,
      `/demandes/${refs.auto.referenceNumber}/televerser`,
      '/rapports',
      '/rapports?from=2020-01-01&to=2024-12-31',
      '/avis',
    ];
    const found: string[] = [];
    for (const path of paths) {
      await page.goto(path);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
      await page.evaluate(() => {
        const d = (globalThis as unknown as { document: Document }).document;
        for (const e of Array.from(d.querySelectorAll('details'))) e.open = true;
      });
      // The link to the French version is French on purpose (it says so with lang="fr").
      const text = (
        await page.evaluate(() => {
          const d = (globalThis as unknown as { document: Document }).document;
          for (const e of Array.from(d.querySelectorAll('body [lang="fr"]'))) e.textContent = '';
          return d.querySelector('body')!.innerText ?? '';
        })
      ).toLowerCase();
      const words = text.match(/[\p{L}’']{4,}/gu) ?? [];
      for (const w of new Set(words)) if (french.has(w)) found.push(`${path}: ${w}`);
      expect(text, path).not.toMatch(/ :/);
    }
    expect(found).toEqual([]);
    await page.goto(`/demandes/${refs.auto.referenceNumber}`);
    await expect(page.locator('.alert.warning').innerText()).resolves.toContain(
      'Reason: Student not found in the SIS',
    );
    await context.close();
  });

  it('follows French typography on every French page', async () => {
    const problems: string[] = [];
    for (const user of ['nord.ecole', 'conseil.un', 'root.admin']) {
      const { context, page } = await signedIn(user);
      const r = user === 'nord.ecole' ? refs.french : refs.long;
      const paths = [
        '/demandes',
        '/demandes?tab=INCOMPLETE',
        '/demandes?tab=IN_PROGRESS',
        '/demandes?tab=COMPLETED',
        '/demandes?search=1&last=Row',
        '/demandes?search=1&from=2099-13-45',
        `/demandes/${r.referenceNumber}`,
        `/demandes/${r.referenceNumber}?imprimer=1`,
        `/demandes/${r.referenceNumber}/televerser`,
        '/rapports',
        '/rapports?from=2020-01-01&to=2024-12-31',
        '/rapports?from=2020-01-01&to=2024-12-31&view=detailed',
        '/rapports?from=2026-12-31&to=2020-01-01',
        '/avis',
        ...(user === 'root.admin' ? ['/admin/utilisateurs', '/admin/ecoles'] : []),
        ...(user === 'nord.ecole'
          ? [
              `/demandes/${refs.scored.referenceNumber}`,
              `/demandes/${refs.scored.referenceNumber}/candidat?eleve=000012345`,
            ]
          : []),
      ];
      for (const path of paths) {
        await page.goto(path);
        problems.push(...(await pageTypographyProblems(page, path)));
      }
      if (user === 'nord.ecole') {
        await page.goto(`/demandes/${refs.scored.referenceNumber}`);
        await expect(page.locator('main').innerText()).resolves.toContain('55,5');
      }
      if (user === 'nord.ecole') {
        // The validation screen, with its scores, after uploading another student's file.
        await page.goto(`/demandes/${refs.french.referenceNumber}`);
        await page.locator('#file-detail').setInputFiles({
          name: 'rizzo.xml',
          mimeType: 'application/xml',
          buffer: await sampleXml(refs.french.referenceNumber),
        });
        await page.locator('.panel-upload').getByRole('button', { name: 'Téléverser' }).click();
        await page.waitForURL(/\/validation\//);
        problems.push(...(await pageTypographyProblems(page, 'validation')));
        // The confirmation before an action that e-mails the applicant.
        await page.goto('/demandes?search=1&last=Typographie');
        await page
          .getByLabel(`Action pour la demande ${refs.french.referenceNumber}`)
          .selectOption('ON_HOLD_FINANCIAL');
        await page.getByRole('button', { name: 'Soumettre' }).first().click();
        problems.push(...(await pageTypographyProblems(page, 'confirmation')));
      }
      await context.close();
    }
    const anonymous = await browser.newContext({ baseURL: h.base });
    const signIn = await anonymous.newPage();
    await signIn.goto('/connexion');
    problems.push(...(await pageTypographyProblems(signIn, '/connexion')));
    await signIn.locator('#username').fill('nord.ecole');
    await signIn.locator('#password').fill('wrong password');
    await signIn.locator('form[action="/connexion"] button[type=submit]').click();
    problems.push(...(await pageTypographyProblems(signIn, '/connexion (refused)')));
    await anonymous.close();
    expect(problems).toEqual([]);
  });

  it('passes axe-core on every page with no serious or critical violation', async () => {
    const problems: string[] = [];
    for (const user of ['nord.ecole', 'south.school', 'root.admin']) {
      const { context, page } = await signedIn(user);
      const paths = [
        '/demandes',
        '/demandes?search=1&last=Row',
        `/demandes/${(user === 'south.school' ? refs.auto : refs.confirm).referenceNumber}`,
        `/demandes/${(user === 'south.school' ? refs.auto : refs.confirm).referenceNumber}/televerser`,
        '/rapports?from=2020-01-01&to=2024-12-31',
        '/avis',
        ...(user === 'root.admin' ? ['/admin/utilisateurs', '/admin/ecoles'] : []),
      ];
      for (const path of paths) {
        await page.goto(path);
        problems.push(...(await axeProblems(page)));
      }
      await context.close();
    }
    const anonymous = await browser.newContext({ baseURL: h.base, bypassCSP: true });
    const signIn = await anonymous.newPage();
    await signIn.goto('/connexion');
    problems.push(...(await axeProblems(signIn)));
    await anonymous.close();
    expect(problems).toEqual([]);
  });

  it('works without JavaScript: search, an action with its confirmation, an upload, reports, English', async () => {
    const { context, page } = await signedIn('nord.ecole', { width: 1366, height: 768 }, false);
    const r = refs.nojs;
    // Search with the date pickers (plain inputs when no script runs).
    await page.goto('/demandes?search=1');
    await page.locator('#s-last').fill('Sansscript');
    await page.locator('input[name="from"]').fill('2020-01-01');
    await page.locator('input[name="to"]').fill('2020-01-31');
    await page.locator('form.search-form button[type=submit]').click();
    await expect(page.getByRole('link', { name: r.referenceNumber, exact: true }).count()).resolves.toBe(1);
    // An action that e-mails the applicant: the confirmation page, then « Oui, confirmer ».
    await page.getByLabel(`Action pour la demande ${r.referenceNumber}`).selectOption('NO_ACADEMIC_DATA');
    await page
      .locator('tr', { has: page.getByRole('link', { name: r.referenceNumber, exact: true }) })
      .getByRole('button', { name: 'Soumettre' })
      .click();
    await expect(page.locator('main').innerText()).resolves.toContain('nojs@example.org');
    expect((await h.store.requests.get(r.id))!.status).toBe('ACTION_REQUIRED');
    await page.getByRole('button', { name: /Oui, confirmer/ }).click();
    expect((await h.store.requests.get(r.id))!.status).toBe('NO_ACADEMIC_DATA');
    // An upload from the detail page, saved from the validation screen.
    const u = refs.nojsUpload;
    await page.goto(`/demandes/${u.referenceNumber}`);
    await page.locator('#file-detail').setInputFiles({
      name: 'rizzo.xml',
      mimeType: 'application/xml',
      buffer: await sampleXml(u.referenceNumber),
    });
    await page.locator('.panel-upload').getByRole('button', { name: 'Téléverser' }).click();
    await expect(page.locator('.notice').innerText()).resolves.toContain('a été téléversé');
    expect((await h.store.requests.get(u.id))!.status).toBe('TRANSCRIPT_UPLOADED');
    // Reports: the form's own submit button.
    await page.goto('/rapports');
    await page.locator('input[name="from"]').fill('2020-01-01');
    await page.locator('input[name="to"]').fill('2024-12-31');
    await page.locator('form.report-form button[type=submit]').first().click();
    await expect(page.locator('main').innerText()).resolves.toContain('Reçu traité');
    // The English version, by its link.
    await page.locator('a[lang="en"]').first().click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    // The choice is kept for the account: back to French for the tests after this one.
    await page.locator('a[lang="fr"]').first().click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    await context.close();
  });

  it('asks before an action that e-mails the applicant, naming the recipient', async () => {
    const { context, page } = await signedIn('nord.ecole');
    const r = refs.confirm;
    await page.goto('/demandes?search=1&last=Confirmer');
    await page.getByLabel(`Action pour la demande ${r.referenceNumber}`).selectOption('STUDENT_NOT_FOUND');
    await page
      .locator('tr', { has: page.getByRole('link', { name: r.referenceNumber, exact: true }) })
      .getByRole('button', { name: 'Soumettre' })
      .click();
    await expect(page.locator('h1').innerText()).resolves.toContain('Élève non trouvé');
    await expect(page.locator('main').innerText()).resolves.toContain('zoe.confirmer@example.org');
    expect((await h.store.requests.get(r.id))!.status).toBe('ACTION_REQUIRED');
    await page.getByRole('link', { name: /Non, revenir/ }).click();
    expect((await h.store.requests.get(r.id))!.status).toBe('ACTION_REQUIRED');
    await page.getByLabel(`Action pour la demande ${r.referenceNumber}`).selectOption('STUDENT_NOT_FOUND');
    await page
      .locator('tr', { has: page.getByRole('link', { name: r.referenceNumber, exact: true }) })
      .getByRole('button', { name: 'Soumettre' })
      .click();
    await page.getByRole('button', { name: /Oui, confirmer/ }).click();
    await expect(page.locator('.notice').innerText()).resolves.toContain('Élève non trouvé');
    expect((await h.store.requests.get(r.id))!.status).toBe('STUDENT_NOT_FOUND');
    await context.close();
  });

  it('keeps the chosen file through an expired session and lands back on the request', async () => {
    const { context, page } = await signedIn('nord.ecole');
    const r = refs.expiry;
    await page.goto(`/demandes/${r.referenceNumber}`);
    await page.locator('#file-detail').setInputFiles({
      name: 'rizzo.xml',
      mimeType: 'application/xml',
      buffer: await sampleXml(r.referenceNumber),
    });
    // The session ends (expired in the store) while the page is open.
    const cookies = await context.cookies();
    const token = cookies.find((c) => c.name === 'etms_session')!.value;
    await h.store.db.query('DELETE FROM sessions WHERE id = $1', [sha256(decodeURIComponent(token))]);
    await page.locator('.panel-upload').getByRole('button', { name: 'Téléverser' }).click();
    await page.waitForURL(/\/connexion/);
    await expect(page.locator('main').innerText()).resolves.toContain('session');
    expect((await h.store.requests.get(r.id))!.version).toBe(r.version);
    await page.locator('#username').fill('nord.ecole');
    await page.locator('#password').fill(PASSWORD);
    await page.locator('form[action="/connexion"] button[type=submit]').click();
    await page.waitForURL(new RegExp(`/demandes/${r.referenceNumber}`));
    await expect(page.locator('main').innerText()).resolves.toContain('rizzo.xml');
    await page.getByRole('button', { name: /Téléverser rizzo\.xml/ }).click();
    await expect(page.locator('.notice').innerText()).resolves.toContain('a été téléversé');
    expect((await h.store.requests.get(r.id))!.status).toBe('TRANSCRIPT_UPLOADED');
    await context.close();
  });

  it('asks for an explicit, different confirmation when the file is another student’s', async () => {
    const { context, page } = await signedIn('nord.ecole');
    const r = refs.other;
    await page.goto(`/demandes/${r.referenceNumber}`);
    await page.locator('#file-detail').setInputFiles({
      name: 'rizzo.xml',
      mimeType: 'application/xml',
      buffer: await sampleXml(r.referenceNumber),
    });
    await page.locator('.panel-upload').getByRole('button', { name: 'Téléverser' }).click();
    await page.waitForURL(/\/validation\//);
    await expect(page.locator('.alert').first().innerText()).resolves.toContain('autre élève');
    await expect(page.getByRole('button', { name: 'Oui – Enregistrer et continuer' }).count()).resolves.toBe(
      0,
    );
    const save = page.getByRole('button', { name: /autre élève/ });
    await save.click();
    // Without ticking the box the browser (and the server) refuse.
    expect((await h.store.requests.get(r.id))!.status).toBe('ACTION_REQUIRED');
    await page.getByLabel(/Je confirme/).check();
    await save.click();
    await expect(page.locator('.notice').innerText()).resolves.toContain('a été téléversé');
    expect((await h.store.requests.get(r.id))!.status).toBe('TRANSCRIPT_UPLOADED');
    await context.close();
  });
});
