/**
 * Each test file gets its own schema in the PostgreSQL of DATABASE_URL when set (CI), dropped when
 * the file's tests end; else its own in-memory PGlite, started from the migrated snapshot the global
 * setup made once (test/support/pglite-snapshot.ts).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { dropSchema } from '../../src/store/db.js';

export interface TestStore extends Store {
  schema: string;
  /** Drops the schema and closes the connections. */
  destroy(): Promise<void>;
}

export const usingServer = Boolean(process.env.DATABASE_URL);

export async function createTestStore(label = 't'): Promise<TestStore> {
  const schema = `${label
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '_')
    .slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const snapshot = usingServer ? undefined : inject('pgliteSnapshot');
  const store = await openStore(
    snapshot
      ? { dataDir: 'memory://', snapshot: new Blob([readFileSync(snapshot)]) }
      : { url: process.env.DATABASE_URL, dataDir: 'memory://', schema, poolSize: 20 },
  );
  return {
    ...store,
    schema,
    async destroy() {
      if (store.db.kind === 'postgres') await dropSchema(store.db, schema);
      await store.close();
    },
  };
}

/** A board with two schools, for tests that need somewhere to file requests. */
export async function seedSchools(store: Store) {
  const board = await store.organisations.upsertBoard('B99001', 'Conseil scolaire d’essai');
  const other = await store.organisations.upsertBoard('B99002', 'Other Test Board');
  const north = await store.organisations.upsertSchool(
    board.id,
    '900001',
    'École secondaire Nord',
    'Sudbury',
  );
  const south = await store.organisations.upsertSchool(
    board.id,
    '900002',
    'South Collegiate Institute',
    'Toronto',
  );
  const far = await store.organisations.upsertSchool(
    other.id,
    '900003',
    'Far Away Secondary School',
    'Ottawa',
  );
  return { board, other, north, south, far };
}
