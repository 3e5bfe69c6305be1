/**
 * Vitest global setup: without DATABASE_URL, every test file works on its own in-memory PGlite.
 * Creating one (initdb) and migrating it costs seconds of CPU; it is done once here, and each file
 * starts from this migrated snapshot instead (test/support/db.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { PGlite } from '@electric-sql/pglite';
import { openDb } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated PGlite data directory, as a tar file (absent on a PostgreSQL server). */
    pgliteSnapshot?: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) return;
  const dir = mkdtempSync(join(tmpdir(), 'etms-pglite-snapshot-'));
  const file = join(dir, 'migrated.tar');
  const db = await openDb({ dataDir: 'memory://' });
  try {
    await migrate(db);
    const lite = (db as unknown as { lite?: unknown }).lite;
    if (!(lite instanceof PGlite)) throw new Error('the embedded database is not a PGlite instance');
    writeFileSync(file, Buffer.from(await (await lite.dumpDataDir('none')).arrayBuffer()));
  } finally {
    await db.close();
  }
  project.provide('pgliteSnapshot', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
