import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../support/db.js';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../../src/store/demo.js';
import { verifyPassword } from '../../src/domain/password.js';
import { STATUSES } from '../../src/domain/status.js';
import { demoReview } from '../../src/compose.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore('demo');
});
afterAll(async () => store.destroy());

describe('the demo board', () => {
  // Seeding runs the whole board's first start (hundreds of requests through their statuses): on the
  // embedded database under a loaded machine it has taken a minute, so it gets five.
  it(
    'is created into an empty database with schools, two users and requests in every status and origin',
    { timeout: 300_000 },
    async () => {
      const summary = await seedDemo(store, { today: new Date('2026-11-27T15:00:00Z'), review: demoReview });
      expect(summary).toMatchObject({ schools: 6, users: [DEMO_USERS.school, DEMO_USERS.board] });
      expect(summary!.requests).toBeGreaterThanOrEqual(380);
      const { rows } = await store.db.query<{ status: string; origin: string; n: number }>(
        'SELECT status, origin, count(*)::int AS n FROM requests GROUP BY status, origin',
      );
      for (const status of STATUSES)
        expect(
          rows.some((r) => r.status === status),
          status,
        ).toBe(true);
      expect(new Set(rows.map((r) => r.origin))).toEqual(new Set(['OCAS', 'OUAC']));
      const school = await store.users.byUsername(DEMO_USERS.school);
      const board = await store.users.byUsername(DEMO_USERS.board);
      expect(school?.role).toBe('SCHOOL');
      expect(board?.role).toBe('BOARD');
      expect(await verifyPassword(DEMO_PASSWORD, school!.passwordHash)).toBe(true);
      // Dates are relative to the seeding day: the newest request is from that day at the latest.
      const { rows: newest } = await store.db.query<{ d: string }>(
        'SELECT max(requested_at)::text AS d FROM requests',
      );
      expect(newest[0].d <= '2026-11-27').toBe(true);
      // Uploaded requests carry a real file for the central to process; sent ones keep theirs.
      const files = await store.db.query<{ status: string; with_file: number; total: number }>(
        `SELECT r.status, count(t.id)::int AS with_file, count(*)::int AS total FROM requests r
         LEFT JOIN transcripts t ON t.request_id = r.id AND t.superseded_at IS NULL
        WHERE r.status IN ('TRANSCRIPT_UPLOADED', 'E_TRANSCRIPT_SENT') GROUP BY r.status`,
      );
      const uploaded = files.rows.find((r) => r.status === 'TRANSCRIPT_UPLOADED')!;
      expect(uploaded.with_file).toBe(uploaded.total);
      expect(files.rows.find((r) => r.status === 'E_TRANSCRIPT_SENT')!.with_file).toBeGreaterThan(50);
      const completed = await store.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM requests WHERE tab = 'COMPLETED' AND completed_at IS NULL",
      );
      expect(completed.rows[0].n).toBe(0);
    },
  );

  it('gives its « Erreur d’autotraitement » requests the reason and candidates of the real matcher', async () => {
    const { rows } = await store.db.query<{
      code: string | null;
      fr: string | null;
      en: string | null;
      match: { reason?: string; candidates?: unknown[] } | null;
    }>(
      `SELECT auto_error_code AS code, auto_error_reason AS fr, auto_error_reason_en AS en, match_result AS match
         FROM requests WHERE status = 'AUTO_PROCESS_ERROR'`,
    );
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(row.match?.reason).toBe(row.code);
      expect(row.fr).toBeTruthy();
      expect(row.en).toBeTruthy();
      // A matcher that found nobody gives no candidate; any other reason comes with its candidates.
      if (row.code !== 'NOT_FOUND') expect(row.match?.candidates?.length).toBeGreaterThan(0);
    }
    expect(rows.filter((r) => (r.match?.candidates?.length ?? 0) > 0).length).toBeGreaterThan(5);
  });

  it('is never created twice or into a database that holds data', async () => {
    expect(await seedDemo(store)).toBeUndefined();
    const { rows } = await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    expect(rows[0].n).toBe(2);
  });
});
