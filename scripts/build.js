#!/usr/bin/env node
// Compiles src/ and adapters/ into dist/ (tsc -p tsconfig.build.json, incremental), copies beside the
// compiled code the files it reads at run time (SQL migrations, admin page assets), then stamps the
// build so bin/etms.js can tell it is not older than the sources.
// `npm install` and `npm ci` run it through the prepare script; with --prepare it steps aside quietly
// where TypeScript is not installed (an install without dev dependencies), as there is nothing to build with.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const prepare = process.argv.includes('--prepare');

let tsc;
try {
  tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  if (prepare) {
    process.stderr.write(
      'etms: TypeScript is not installed, so dist/ is not built; bin/etms.js runs the sources.\n',
    );
    process.exit(0);
  }
  process.stderr.write('etms: TypeScript is not installed: run `npm install` first.\n');
  process.exit(1);
}

const started = Date.now();
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  cwd: root,
  stdio: 'inherit',
});
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

/** Every file under dir that is not TypeScript source (migrations, assets), copied to the same place in dist/. */
function copyAssets(dir) {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(path);
    else if (extname(entry.name) !== '.ts' && entry.name !== 'README.md') {
      mkdirSync(join(dist, dir), { recursive: true });
      cpSync(join(root, path), join(dist, path));
    }
  }
}
for (const dir of ['src', 'adapters']) if (existsSync(join(root, dir))) copyAssets(dir);

writeFileSync(join(dist, '.built'), `${new Date().toISOString()}\n`);
process.stderr.write(`etms: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
