/**
 * The container image as the Dockerfile builds it (no Docker engine runs the suite): a supported
 * Node LTS, the compiled code, no demo data, production mode, and the process itself as PID 1.
 * What its start command does on an empty database is test/start.test.ts's production case.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dockerfile = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');
const ignored = readFileSync(new URL('../.dockerignore', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const instructions = dockerfile
  .split('\n')
  .filter((line) => /^[A-Z]+ /.test(line))
  .map((line) => line.trim());

describe('container image', () => {
  it('builds and runs on a supported Node LTS (22 or 24, bookworm-slim)', () => {
    const bases = instructions.filter((line) => line.startsWith('FROM '));
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toMatch(/^FROM node:(22|24)(\.\d+)*-bookworm-slim( AS \w+)?$/);
  });

  it('runs the process itself as PID 1, in production mode, as a non-root user', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^ENV NODE_ENV=production$/m);
    expect(runtime).toMatch(/^USER node$/m);
    expect(instructions.filter((line) => line.startsWith('CMD '))).toEqual([
      'CMD ["node", "bin/etms.js", "start"]',
    ]);
    expect(dockerfile).not.toMatch(/^(ENTRYPOINT|CMD) .*npm/m);
  });

  it('ships no demo data, and cannot by accident', () => {
    const copies = instructions.filter((line) => line.startsWith('COPY '));
    expect(copies.join('\n')).not.toMatch(/fixtures|demo/);
    expect(ignored).toEqual(expect.arrayContaining(['fixtures', 'config/demo.json', 'data']));
  });

  it('compiles once at build time, and installs no dependency script', () => {
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    for (const install of instructions.filter((line) => /npm ci/.test(line)))
      expect(install).toContain('--ignore-scripts');
  });
});
