import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSisAdapter, parseSisConfig, type SisConfig } from '../../../adapters/index.js';
import type { SisAdapter } from '../../../src/sis/index.js';
import { MysqlPoolRunner } from '../../../adapters/mysql/index.js';
import type { SqlRunner } from '../../../adapters/sql/sql-adapter.js';
import type { SqlConnectionConfig } from '../../../adapters/sql/connection.js';
import { recordingRunner, sisAdapterContract, sqlListQueryContract } from '../contract.js';
import { sqlTranscriptBatchContract } from '../transcripts-contract.js';
import {
  exampleConfig,
  loadedMariadb,
  mariadbReachable,
  MARIADB,
  perDateQueries,
  withoutQueries,
  type MariadbDatabase,
} from '../support/sql-backends.js';

const unreachable = await mariadbReachable();
if (unreachable)
  console.log(`mysql adapter tests skipped: no MariaDB at ${MARIADB.host}:${MARIADB.port} (${unreachable})`);
const example = await exampleConfig('mysql-sis.json');
const config = (extra: Record<string, unknown>) => ({ ...example, ...extra }) as SisConfig;

describe.skipIf(unreachable !== undefined)('mysql (MariaDB)', () => {
  sisAdapterContract('mysql (MariaDB)', async () => {
    const db = await loadedMariadb();
    try {
      return {
        adapter: await createSisAdapter(config({ url: db.url })),
        down: await createSisAdapter(
          config({ url: 'mysql://root@127.0.0.1:1/test', connectTimeoutMs: 1000 }),
        ),
        perDate: await createSisAdapter(config({ url: db.url, queries: perDateQueries(example) })),
        teardown: () => db.drop(),
      };
    } catch (error) {
      await db.drop();
      throw error;
    }
  });

  sqlTranscriptBatchContract('mysql (MariaDB)', async () => {
    const db = await loadedMariadb();
    return {
      adapter: ({ drop = [], wrap = (r: SqlRunner) => r } = {}) => {
        const c = config({ url: db.url, queries: withoutQueries(example, drop) });
        return createSisAdapter(c, {
          runner: wrap(new MysqlPoolRunner(parseSisConfig(c) as SqlConnectionConfig)),
        });
      },
      down: () => createSisAdapter(config({ url: 'mysql://root@127.0.0.1:1/test', connectTimeoutMs: 1000 })),
      teardown: () => db.drop(),
    };
  });

  sqlListQueryContract('mysql (MariaDB)', async () => {
    const db = await loadedMariadb();
    return {
      adapter: ({ extra, drop = [], seen = [] }) => {
        const c = config({ url: db.url, ...extra, queries: withoutQueries(example, drop) });
        return createSisAdapter(c, {
          runner: recordingRunner(new MysqlPoolRunner(parseSisConfig(c) as SqlConnectionConfig), seen),
        });
      },
      queries: Object.keys(example.queries as object),
      teardown: () => db.drop(),
    };
  });

  describe('mysql adapter', () => {
    let db: MariadbDatabase;
    let sis: SisAdapter;
    beforeAll(async () => {
      db = await loadedMariadb();
      sis = await createSisAdapter(config({ url: db.url, maxCandidates: 2 })).catch(
        async (error: unknown) => {
          await db.drop();
          throw error;
        },
      );
    });
    afterAll(async () => {
      await sis?.close();
      await db?.drop();
    });

    it('binds each occurrence of a repeated parameter', async () => {
      // candidatesBySurname uses :surname eight times and the year window sixteen times.
      const found = await sis.candidates({
        surnames: ['MACDONALD'],
        birthYears: [2005],
        birthDates: [],
        givenNames: ['ANNE'],
      });
      expect(found.map((s) => s.studentNumber)).toEqual(['S1003']);
    });

    it('binds a value that looks like SQL as a value', async () => {
      const found = await sis.candidates({
        oen: "1' OR '1'='1",
        studentNumber: "x\\' OR 1=1 -- ",
        surnames: [],
        birthYears: [],
        birthDates: [],
        givenNames: [],
      });
      expect(found).toEqual([]);
    });

    it('caps the candidates it returns', async () => {
      expect(
        await sis.candidates({
          birthDates: ['2005-03-14', '2005-06-01'],
          surnames: [],
          givenNames: ['EMILY', 'PATRICK', 'SARAH'],
          birthYears: [],
        }),
      ).toHaveLength(2);
    });

    it('opens read-only sessions', async () => {
      const runner = (sis as unknown as { runner: { query(q: unknown): Promise<unknown> } }).runner;
      const error = await runner
        .query({
          key: 'probe',
          text: 'INSERT INTO board (board_number, name) VALUES (?, ?)',
          names: ['a', 'b'],
          values: ['X', 'Y'],
        })
        .catch((e: unknown) => e);
      expect(String((error as Error).message)).toMatch(/READ ONLY/i);
    });
  });
});
