#!/usr/bin/env node
// The `etms` command. It runs the compiled code in dist/ (built by `npm install` through the prepare
// script, or by `npm run build`): a start costs the loading of what a command needs, nothing more.
// When a TypeScript source is newer than the build (an edit or a checkout since), it runs the
// sources through tsx instead and says so once: what is in src/ is what runs. Rebuilding here
// instead would hold every command for a whole compilation, and stop it on a type error mid-edit.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'src', 'cli.js');
const stamp = join(root, 'dist', '.built');

/** The newest modification time of the sources and assets under dir (0 where there are none, as in the image). */
function newestSource(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!entry.name.endsWith('.md')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt() {
  try {
    return statSync(stamp).mtimeMs;
  } catch {
    return -1;
  }
}

const built = builtAt();
const sources = Math.max(newestSource(join(root, 'src')), newestSource(join(root, 'adapters')));
if (existsSync(compiled) && built >= sources) {
  await import(pathToFileURL(compiled).href);
} else {
  process.stderr.write(
    built < 0
      ? 'etms: no build in dist/; running the TypeScript sources through tsx (slower start). `npm run build` makes starts fast.\n'
      : 'etms: sources changed since the build in dist/; running them through tsx (slower start). `npm run build` makes starts fast again.\n',
  );
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'cli.ts')).href);
}
