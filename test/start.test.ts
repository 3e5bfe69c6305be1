/**
 * `etms start`, the command of `npm start` and of the container image. Outside production, on a
 * fresh data folder, it migrates, seeds the demo, serves HTTP with health probes, logs one line with
 * the URL and the demo logins, and stops cleanly on SIGTERM. With NODE_ENV=production it seeds
 * nothing, and warns when it finds the demo's accounts in its database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

/** One budget for a whole start (a fresh embedded database, the demo seeded) on a loaded machine. */
const START_MS = 360_000;
/** The test's own limit: the start, then the probes and the stop. */
const TEST_MS = START_MS + 60_000;

const dataDirs: string[] = [];
let child: ChildProcess | undefined;

// A test that failed half-way leaves no process behind to slow the next one down.
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'etms-start-'));
  dataDirs.push(dir);
  return dir;
}

function start(dataDir: string, env: NodeJS.ProcessEnv = {}) {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    ETMS_DATABASE__DATA_DIR: dataDir,
    ETMS_DELIVERY__OUTBOX_DIR: join(dataDir, 'outbox'),
    LOG_LEVEL: 'info',
    DATABASE_URL: '',
    NODE_ENV: 'development',
    ...env,
  };
  delete childEnv.VITEST;
  const proc = spawn(process.execPath, ['bin/etms.js', 'start'], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let seen = '';
  proc.stdout?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
  proc.stderr?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    output: () => seen,
    /** The first line matching pattern, within the start's budget. */
    async line(pattern: RegExp): Promise<RegExpMatchArray> {
      const until = Date.now() + START_MS;
      for (;;) {
        const match = seen.match(pattern);
        if (match) return match;
        if (proc.exitCode !== null)
          throw new Error(`exited with ${proc.exitCode} before ${pattern}; output:\n${seen}`);
        if (Date.now() > until)
          throw new Error(`no line matching ${pattern} within ${START_MS} ms; output:\n${seen}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop(): Promise<number | null> {
      proc.kill('SIGTERM');
      const code = await exited;
      child = undefined;
      return code;
    },
  };
}

/** The sum of a metric's samples on /metrics (served to loopback callers). */
async function metricSum(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

describe('etms start', () => {
  const demoDir = freshDataDir();

  it(
    'outside production: seeds the demo into an empty data folder, answers the probes, stops cleanly on SIGTERM',
    async () => {
      const run = start(demoDir);
      const [line, url] = await run.line(/listening on (http:\/\/localhost:\d+)[^\n]*/);
      expect(line).toContain('ecole.demo');
      expect(line).toContain('conseil.demo');
      expect(line).toContain('Demo-2026!');

      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', database: 'pglite' });
      expect(await metricSum(url, 'etms_requests')).toBeGreaterThan(100);
      // What the code reads beside itself, from dist/ as from src/: page assets, the WSDL.
      expect((await fetch(`${url}/assets/etms.css`)).status).toBe(200);
      expect(await (await fetch(`${url}/soap/exchange?wsdl`)).text()).toContain('wsdl:definitions');
      expect(await run.stop()).toBe(0);
    },
    TEST_MS,
  );

  it(
    'in production (the image): an empty database stays empty, no demo logins',
    async () => {
      const run = start(freshDataDir(), { NODE_ENV: 'production' });
      const [line, url] = await run.line(/eTMS \w+ listening on (http:\/\/localhost:\d+)[^\n]*/);
      expect(line).toContain('eTMS central listening');
      expect(line).not.toContain('demo');
      expect(run.output()).not.toContain('demo board created');
      expect(await metricSum(url, 'etms_requests')).toBe(0);
      expect(await run.stop()).toBe(0);
    },
    TEST_MS,
  );

  it(
    'in production on a database holding the demo accounts: a warning, and no second demo',
    async () => {
      const run = start(demoDir, { NODE_ENV: 'production' });
      const [, url] = await run.line(/listening on (http:\/\/localhost:\d+)/);
      expect(run.output()).toMatch(
        /demo accounts ecole\.demo and conseil\.demo exist in this production database/,
      );
      expect(run.output()).not.toContain('demo board created');
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      expect(await run.stop()).toBe(0);
    },
    TEST_MS,
  );
});
