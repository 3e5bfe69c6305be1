import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDb, dropSchema } from '../../src/store/db.js';
import { listMigrations, migrate } from '../../src/store/migrate.js';

describe('migrations', () => {
  it('are numbered, applied in order once, and a second run applies nothing', async () => {
    const names = listMigrations().map((m) => m.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(listMigrations().map((m) => m.version)).size).toBe(names.length);
    const db = await openDb({ dataDir: 'memory://', schema: 'm_once' });
    try {
      expect(await migrate(db)).toEqual(names);
      expect(await migrate(db)).toEqual([]);
      const { rows } = await db.query<{ name: string }>(
        'SELECT name FROM schema_migrations ORDER BY version',
      );
      expect(rows.map((r) => r.name)).toEqual(names);
    } finally {
      await db.close();
    }
  });

  it.runIf(Boolean(process.env.DATABASE_URL))(
    'run once when several replicas start together on one PostgreSQL schema',
    async () => {
      const schema = `m_race_${randomBytes(3).toString('hex')}`;
      const replicas = await Promise.all(
        [1, 2, 3].map(() => openDb({ url: process.env.DATABASE_URL, schema, poolSize: 2 })),
      );
      try {
        const results = await Promise.all(replicas.map((db) => migrate(db)));
        expect(results.flat()).toEqual(listMigrations().map((m) => m.name));
        const { rows } = await replicas[0].query<{ n: number }>(
          'SELECT count(*)::int AS n FROM schema_migrations',
        );
        expect(rows[0].n).toBe(listMigrations().length);
      } finally {
        await dropSchema(replicas[0], schema);
        await Promise.all(replicas.map((db) => db.close()));
      }
    },
  );
});
