#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so `npx etms` works on a fresh clone without a build step;
// in production (the container image) the compiled dist/ is used.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'src', 'cli.js');
if (process.env.NODE_ENV === 'production' && existsSync(compiled)) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'cli.ts')).href);
}
