/**
 * Transcripts read in batches by the SQL adapters (the *ByNumbers queries): the same records as one
 * transcript() per student, a student with unusable rows failing alone, an outage failing the call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SisAdapter } from '../../src/sis/index.js';
import type { SqlRunner } from '../../adapters/sql/sql-adapter.js';
import type { BoundQuery } from '../../adapters/sql/guard.js';

export const BY_NUMBERS = [
  'studentsByNumbers',
  'coursesByNumbers',
  'requirementsByNumbers',
  'schoolsByNumbers',
];

export interface TranscriptBatchBackend {
  /** An adapter on the loaded fixture, its runner wrapped by `wrap`, without the queries in `drop`. */
  adapter(options?: { drop?: string[]; wrap?: (runner: SqlRunner) => SqlRunner }): Promise<SisAdapter>;
  /** An adapter of the same kind whose backend is down. */
  down(): Promise<SisAdapter>;
  teardown(): Promise<void>;
}

/** A runner that lets `change` rewrite the rows of each answer, and records the queries run. */
function rewriting(
  inner: SqlRunner,
  seen: BoundQuery[],
  change: (q: BoundQuery, rows: Record<string, unknown>[]) => Record<string, unknown>[] = (_q, rows) => rows,
): SqlRunner {
  return {
    target: inner.target,
    query: async (q) => {
      seen.push(q);
      return change(q, await inner.query(q));
    },
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}

const NUMBERS = ['S1001', 'NOBODY', '0012345', 'S1003', 'S1001'];

export function sqlTranscriptBatchContract(name: string, setup: () => Promise<TranscriptBatchBackend>): void {
  describe(`SQL transcripts in batches: ${name}`, () => {
    let backend: TranscriptBatchBackend;
    beforeAll(async () => {
      backend = await setup();
    });
    afterAll(async () => {
      await backend?.teardown();
    });

    it('reads several students in four queries, the same records as one transcript() each, in order', async () => {
      const seen: BoundQuery[] = [];
      const sis = await backend.adapter({ wrap: (r) => rewriting(r, seen) });
      const outcomes = await sis.transcripts!(NUMBERS);
      expect([...new Set(seen.map((q) => q.key))].sort()).toEqual([...BY_NUMBERS].sort());
      expect(seen).toHaveLength(4);
      const one = await backend.adapter();
      for (const [i, n] of NUMBERS.entries())
        expect(outcomes[i], n).toEqual({ ok: true, value: await one.transcript(n) });
      expect(outcomes[1]).toEqual({ ok: true, value: undefined });
      await sis.close();
      await one.close();
    });

    it('falls back to one transcript() per student without the *ByNumbers queries', async () => {
      const seen: BoundQuery[] = [];
      const sis = await backend.adapter({ drop: BY_NUMBERS, wrap: (r) => rewriting(r, seen) });
      const outcomes = await sis.transcripts!(['S1001', 'S1003']);
      expect(seen.some((q) => BY_NUMBERS.includes(q.key))).toBe(false);
      expect(outcomes.map((o) => o.ok && o.value?.student.studentNumber)).toEqual(['S1001', 'S1003']);
      await sis.close();
    });

    it('fails only the student whose rows are unusable', async () => {
      // The courses of 0012345 come back with a course code no transcript can carry.
      const corrupt = (q: BoundQuery, rows: Record<string, unknown>[]) => {
        if (q.key === 'courses')
          return q.values[0] === '0012345'
            ? rows.map((row) => ({ ...row, course_code: 'not a code' }))
            : rows;
        if (q.key === 'coursesByNumbers')
          return rows.map((row) =>
            String(row.student_number) === '0012345' ? { ...row, course_code: 'not a code' } : row,
          );
        return rows;
      };
      for (const drop of [[], BY_NUMBERS]) {
        const sis = await backend.adapter({ drop, wrap: (r) => rewriting(r, [], corrupt) });
        const outcomes = await sis.transcripts!(['S1001', '0012345', 'S1003']);
        expect(outcomes[0].ok && outcomes[0].value?.student.studentNumber).toBe('S1001');
        expect(outcomes[1]).toMatchObject({ ok: false, error: { code: 'ETMS_E_SIS_DATA_INVALID' } });
        expect(outcomes[2].ok && outcomes[2].value?.student.studentNumber).toBe('S1003');
        await sis.close();
      }
    });

    it('rejects the whole call when the SIS cannot be reached, never answering « no student »', async () => {
      const sis = await backend.down();
      await expect(sis.transcripts!(['S1001', 'NOBODY'])).rejects.toMatchObject({
        code: 'ETMS_E_SIS_UNAVAILABLE',
      });
      await sis.close();
    });
  });
}
