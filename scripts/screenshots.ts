/**
 * The README's pictures of the staff pages: starts the product on a fresh embedded database with
 * the demo board (as `npm start` does, in a temporary folder and on a free port), lets the demo
 * agent answer what it can, signs in as the board user in Debian's chromium at 1366 × 768 and saves
 * the main pages as PNG files.
 *
 *   npx tsx scripts/screenshots.ts [folder]      (default: docs/screenshots)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = resolve(process.argv[2] ?? join(ROOT, 'docs', 'screenshots'));
const CHROMIUM = '/usr/bin/chromium';
const VIEWPORT = { width: 1366, height: 768 };
const USER = 'conseil.demo';
const PASSWORD = process.env.ETMS_DEMO_PASSWORD ?? 'Demo-2026!';
/** How long the product may take to migrate, seed the demo and answer (a loaded 2-core machine). */
const START_BUDGET_MS = 180_000;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForServer(base: string, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + START_BUDGET_MS;
  while (Date.now() < deadline) {
    if (exited()) throw new Error('the product stopped before it answered; see its output above');
    try {
      if ((await fetch(`${base}/connexion`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(500);
  }
  throw new Error(`the product did not answer within ${START_BUDGET_MS / 1000} s`);
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(OUT, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'etms-screenshots-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    ETMS_HTTP__HOST: '127.0.0.1',
    ETMS_DATABASE__DATA_DIR: join(work, 'data'),
    ETMS_DELIVERY__OUTBOX_DIR: join(work, 'outbox'),
  };
  delete env.DATABASE_URL;
  const product = spawn(process.execPath, [join(ROOT, 'bin', 'etms.js'), 'start'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exited = false;
  product.once('exit', () => (exited = true));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--lang=fr-CA'],
  });
  try {
    await waitForServer(base, () => exited);
    // A French-Canadian browser, as the board's staff have: date fields read 2026-12-02.
    const context = await browser.newContext({ baseURL: base, viewport: VIEWPORT, locale: 'fr-CA' });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await page.goto('/connexion');
    await page.locator('#username').fill(USER);
    await page.locator('#password').fill(PASSWORD);
    await page.locator('form[action="/connexion"] button[type=submit]').click();
    await page.waitForURL(/\/demandes/);

    // The demo agent answers most pending requests within seconds: wait until the tab counts
    // stop moving (three readings in a row alike), so the pictures show the settled worklist.
    let last = '';
    let alike = 0;
    for (let i = 0; i < 60 && alike < 3; i++) {
      await page.goto('/demandes');
      const counts = (await page.locator('nav .count, .tabs .count').allInnerTexts()).join(' ');
      alike = counts === last ? alike + 1 : 0;
      last = counts;
      await sleep(1000);
    }

    const today = DateTime.now().setZone('America/Toronto');
    const from = today.minus({ months: 3 }).toISODate()!;
    const to = today.toISODate()!;
    await page.goto('/demandes');
    const firstRequest = await page
      .locator('table.requests tbody a[href^="/demandes/H"]')
      .first()
      .getAttribute('href');
    const shots: Array<[string, string]> = [
      ['worklist', '/demandes'],
      ['search', `/demandes?search=1&from=${today.minus({ days: 30 }).toISODate()}&to=${to}`],
      ['detail', firstRequest ?? '/demandes'],
      ['reports', `/rapports?from=${from}&to=${to}`],
      ['notifications', '/avis'],
    ];
    for (const [name, path] of shots) {
      await page.goto(path);
      const file = join(OUT, `${name}-1366.png`);
      await page.screenshot({ path: file });
      console.log(`${file}  ${path}`);
    }
    await context.close();
  } finally {
    await browser.close();
    if (!exited) {
      // Ctrl-C as a person would: the product finishes what is in flight and stops.
      product.kill('SIGINT');
      await new Promise((r) => product.once('exit', r));
    }
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
