import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, seedSchools, type TestStore } from '../support/db.js';
import { aRequest } from '../support/requests.js';
import { searchKey } from '../../src/domain/request.js';
import { dropSchema, openDb } from '../../src/store/db.js';
import { listMigrations, migrate } from '../../src/store/migrate.js';
import { copyIn } from '../../bench/lib/copy-in.js';
import { SORT_KEYS, type ListOptions, type Scope, type SearchCriteria } from '../../src/store/requests.js';
import type { Status } from '../../src/domain/status.js';

let store: TestStore;
let ids: Awaited<ReturnType<typeof seedSchools>>;

// [first, last, previous last, school]
const PEOPLE: Array<[string, string, string | null, string]> = [
  ['Amélie', 'Côté-Tremblay', null, '900001'],
  ['Marc', 'Tremblay', null, '900002'],
  ['Zoë', "O'Neil", null, '900001'],
  ['Priya', 'D’Souza', null, '900002'],
  ['Gabriel', 'LeBlanc', null, '900001'],
  ['Sofia', 'Da Silva', null, '900001'],
  ['Minh', 'Nguyễn', null, '900002'],
  ['Marie-Ève', 'Lee Lee', null, '900001'],
  ['Noah', 'Martin', 'Beauchamp', '900002'],
  ['Amélie', 'Gagnon', null, '900003'],
  ['Liam', 'Ashlee', null, '900001'],
];
const STATUSES_CYCLE: Status[] = [
  'ACTION_REQUIRED',
  'STUDENT_NOT_FOUND',
  'E_TRANSCRIPT_SENT',
  'AUTO_PROCESS_ERROR',
];

beforeAll(async () => {
  store = await createTestStore('names');
  ids = await seedSchools(store);
  // Every person five times, on different days and in different statuses.
  for (let round = 0; round < 5; round++) {
    for (const [i, [firstName, lastName, previousLastName, schoolBsid]] of PEOPLE.entries()) {
      const status = STATUSES_CYCLE[(i + round) % STATUSES_CYCLE.length];
      await store.requests.create(
        aRequest({
          firstName,
          lastName,
          previousLastName,
          schoolBsid,
          status,
          requestedAt: `2026-0${1 + round}-${String(10 + i).padStart(2, '0')}`,
          completedAt: status === 'E_TRANSCRIPT_SENT' ? new Date(Date.UTC(2026, 4, 1 + i)) : null,
          dateLastAttended: `20${10 + i}-06`,
        }),
      );
    }
  }
});
afterAll(async () => store.destroy());

const board = (): Scope => ({ boardId: ids.board.id });
const lastNames = async (criteria: SearchCriteria, scope = board()) => {
  const page = await store.requests.list({ scope, criteria, pageSize: 500 });
  return [...new Set(page.rows.map((r) => r.lastName))].sort();
};

describe('name search by word', () => {
  it('finds a name by the start of any of its words, whatever the accents, case and punctuation', async () => {
    expect(await lastNames({ lastName: 'Tremblay' })).toEqual(['Côté-Tremblay', 'Tremblay']);
    expect(await lastNames({ lastName: 'trem' })).toEqual(['Côté-Tremblay', 'Tremblay']);
    expect(await lastNames({ lastName: 'COTE' })).toEqual(['Côté-Tremblay']);
    expect(await lastNames({ lastName: 'cote tremb' })).toEqual(['Côté-Tremblay']);
    expect(await lastNames({ lastName: 'silva' })).toEqual(['Da Silva']);
    expect(await lastNames({ lastName: 'da silva' })).toEqual(['Da Silva']);
    expect(await lastNames({ lastName: 'nguyen' })).toEqual(['Nguyễn']);
    expect(await lastNames({ lastName: 'beauchamp' })).toEqual(['Martin']);
    expect(await lastNames({ firstName: 'eve' })).toEqual(['Lee Lee']);
    expect(await lastNames({ firstName: 'zoe' })).toEqual(["O'Neil"]);
  });

  it('takes apostrophes and inner capitals as word starts too', async () => {
    for (const typed of ['Neil', "O'Neil", 'oneil', 'o neil'])
      expect(await lastNames({ lastName: typed })).toEqual(["O'Neil"]);
    for (const typed of ['Souza', "D'Souza", 'dsouza'])
      expect(await lastNames({ lastName: typed })).toEqual(['D’Souza']);
    for (const typed of ['blanc', 'LeBlanc', 'le blanc'])
      expect(await lastNames({ lastName: typed })).toEqual(['LeBlanc']);
  });

  it('does not match inside a word', async () => {
    expect(await lastNames({ lastName: 'blay' })).toEqual([]);
    expect(await lastNames({ lastName: 'lee' })).toEqual(['Lee Lee']);
    expect(await lastNames({ lastName: 'agnon' })).toEqual([]);
    expect(await lastNames({ lastName: 'neil tremblay' })).toEqual([]);
  });

  it('with both names, keeps the requests that match both, whichever is typed longer', async () => {
    expect(await lastNames({ firstName: 'amelie', lastName: 'tremblay' })).toEqual(['Côté-Tremblay']);
    expect(await lastNames({ firstName: 'a', lastName: 'tremblay' })).toEqual(['Côté-Tremblay']);
    expect(await lastNames({ firstName: 'amelie', lastName: 't' })).toEqual(['Côté-Tremblay']);
    expect(await lastNames({ firstName: 'marc', lastName: 'cote' })).toEqual([]);
    expect(await lastNames({ firstName: 'marie eve', lastName: 'lee' })).toEqual(['Lee Lee']);
  });

  it('counts and pages each request once, even when several of its words match', async () => {
    const lee = await store.requests.list({ scope: board(), criteria: { lastName: 'lee' } });
    expect(lee.total).toBe(5);
    expect(lee.rows).toHaveLength(5);
    expect(new Set(lee.rows.map((r) => r.id)).size).toBe(5);
    const o = await store.requests.list({ scope: board(), criteria: { lastName: 'o' } });
    expect(o.rows.filter((r) => r.lastName === "O'Neil")).toHaveLength(5);
    expect(new Set(o.rows.map((r) => r.id)).size).toBe(o.total);
    // Every start of every word typed, against a model of the rule: the index-only total, the
    // requests read from the table (sorting by reference number does) and the model agree.
    const tails = (name: string) => {
      const forms = [
        searchKey(name),
        searchKey(name.replace(/['’`]/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2')),
      ];
      return forms.flatMap((form) => form.split(' ').map((_, i, words) => words.slice(i).join(' ')));
    };
    const matches = (name: string, text: string) =>
      !text || tails(name).some((tail) => tail.startsWith(text));
    const typed = new Set(['o n', 'le b', 'd s', 'lee l', 'cote t', 'marie e']);
    for (const [first, last, previous] of PEOPLE) {
      for (const tail of [...tails(first), ...tails(`${last} ${previous ?? ''}`)])
        for (let n = 1; n <= tail.split(' ')[0].length; n++) typed.add(tail.slice(0, n));
    }
    for (const text of typed) {
      for (const criteria of [
        { lastName: text },
        { firstName: text },
        { firstName: text.slice(0, 1), lastName: text },
      ]) {
        const expected =
          5 *
          PEOPLE.filter(
            ([first, last, previous]) =>
              matches(first, searchKey(criteria.firstName)) &&
              matches(`${last} ${previous ?? ''}`, searchKey(criteria.lastName)),
          ).length;
        const fast = await store.requests.list({ scope: { all: true }, criteria, pageSize: 500 });
        const slow = await store.requests.list({
          scope: { all: true },
          criteria,
          pageSize: 500,
          sort: 'referenceNumber',
        });
        expect(fast.total, JSON.stringify(criteria)).toBe(expected);
        expect(slow.total, JSON.stringify(criteria)).toBe(expected);
        expect(fast.rows.map((r) => r.id).sort()).toEqual(slow.rows.map((r) => r.id).sort());
      }
    }
  });

  it('treats LIKE wildcards and a text of punctuation only as no name', async () => {
    expect(await lastNames({ lastName: 'Tr_mblay' })).toEqual([]);
    expect(await lastNames({ lastName: 'Tre%' })).toEqual(['Côté-Tremblay', 'Tremblay']);
    const punctuation = await store.requests.list({ scope: board(), criteria: { lastName: ' - ' } });
    const everything = await store.requests.list({ scope: board(), criteria: {} });
    expect(punctuation.total).toBe(everything.total);
  });
});

describe('name search scope', () => {
  it('never reaches outside the board or the school', async () => {
    expect(await lastNames({ lastName: 'gagnon' })).toEqual([]);
    expect(await lastNames({ lastName: 'gagnon' }, { boardId: ids.other.id })).toEqual(['Gagnon']);
    expect(await lastNames({ lastName: 'gagnon' }, { all: true })).toEqual(['Gagnon']);
    expect(await lastNames({ lastName: 'tremblay' }, { schoolId: ids.north.id })).toEqual(['Côté-Tremblay']);
    expect(await lastNames({ lastName: 'tremblay' }, { schoolId: ids.south.id })).toEqual(['Tremblay']);
    expect(await lastNames({ firstName: 'amelie' }, { schoolId: ids.far.id })).toEqual(['Gagnon']);
    const north = await store.requests.list({
      scope: { schoolId: ids.north.id },
      criteria: { lastName: 't' },
      sort: 'status',
    });
    expect(north.rows.every((r) => r.schoolId === ids.north.id)).toBe(true);
  });
});

describe('name search with the other criteria and sorts', () => {
  const ids_ = (rows: Array<{ id: number }>) => rows.map((r) => r.id);

  it('reads the same requests whatever the sort, in the order asked', async () => {
    const criteria = { lastName: 't' };
    const byDate = await store.requests.list({ scope: board(), criteria, pageSize: 500 });
    expect(byDate.total).toBe(10);
    const dates = byDate.rows.map((r) => `${r.requestedAt}#${String(r.id).padStart(8, '0')}`);
    expect([...dates].sort()).toEqual(dates);
    for (const sort of SORT_KEYS) {
      for (const dir of ['asc', 'desc'] as const) {
        const page = await store.requests.list({ scope: board(), criteria, sort, dir, pageSize: 500 });
        expect(page.total).toBe(byDate.total);
        expect(ids_(page.rows).sort()).toEqual(ids_(byDate.rows).sort());
      }
    }
    const newest = await store.requests.list({ scope: board(), criteria, dir: 'desc', pageSize: 500 });
    expect(ids_(newest.rows)).toEqual(ids_(byDate.rows).reverse());
    const age = await store.requests.list({
      scope: board(),
      criteria,
      sort: 'age',
      dir: 'asc',
      pageSize: 500,
    });
    expect(ids_(age.rows)).toEqual(ids_(newest.rows));
    const byName = await store.requests.list({ scope: board(), criteria, sort: 'name', pageSize: 500 });
    const keys = byName.rows.map((r) =>
      searchKey([r.lastName, r.previousLastName].filter(Boolean).join(' ')),
    );
    expect([...keys].sort()).toEqual(keys);
  });

  it('pages through the matches without losing or repeating one, and past the end gives the last page', async () => {
    const all = await store.requests.list({ scope: board(), criteria: { lastName: 't' }, pageSize: 500 });
    const seen: number[] = [];
    for (let page = 1; page <= 3; page++)
      seen.push(
        ...ids_(
          (await store.requests.list({ scope: board(), criteria: { lastName: 't' }, pageSize: 3, page }))
            .rows,
        ),
      );
    expect(seen).toEqual(ids_(all.rows).slice(0, 9));
    const beyond = await store.requests.list({
      scope: board(),
      criteria: { lastName: 't' },
      pageSize: 4,
      page: 99,
    });
    expect(beyond.page).toBe(3);
    expect(ids_(beyond.rows)).toEqual(ids_(all.rows).slice(8));
    const exported: number[] = [];
    for await (const r of store.requests.all({ scope: board(), criteria: { lastName: 't' } }, 4))
      exported.push(r.id);
    expect(exported).toEqual(ids_(all.rows));
  });

  it('pages a search sorted by another column, or narrowed by status, without losing or repeating one', async () => {
    const statuses = [
      ...new Set(
        (await store.requests.list({ scope: board(), criteria: { lastName: 't' }, pageSize: 500 })).rows.map(
          (r) => r.status,
        ),
      ),
    ];
    for (const options of [
      { criteria: { lastName: 't' }, sort: 'name' as const },
      { criteria: { lastName: 't' }, sort: 'status' as const, dir: 'desc' as const },
      { criteria: { lastName: 't', statuses: statuses.slice(0, 2) } },
    ]) {
      const all = await store.requests.list({ scope: board(), ...options, pageSize: 500 });
      expect(all.total).toBe(all.rows.length);
      expect(all.total).toBeGreaterThan(3);
      const seen: number[] = [];
      for (let page = 1; page <= Math.ceil(all.total / 3) + 1; page++) {
        const part = await store.requests.list({ scope: board(), ...options, pageSize: 3, page });
        expect(part.total).toBe(all.total);
        if (part.page !== page) {
          // Past the end: the last page again.
          expect(part.page).toBe(Math.ceil(all.total / 3));
          expect(ids_(part.rows)).toEqual(ids_(all.rows).slice((part.page - 1) * 3));
          break;
        }
        seen.push(...ids_(part.rows));
      }
      expect(seen).toEqual(ids_(all.rows));
    }
  });

  it('combines with the date ranges, statuses, date last attended, numbers and a tab', async () => {
    const every = (
      await store.requests.list({ scope: board(), criteria: { lastName: 'tremblay' }, pageSize: 500 })
    ).rows;
    const check = async (
      options: Partial<ListOptions> & { criteria: SearchCriteria },
      keep: (r: (typeof every)[number]) => boolean,
    ) => {
      const page = await store.requests.list({ scope: board(), pageSize: 500, ...options });
      const expected = every.filter(keep);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(every.length);
      expect(ids_(page.rows).sort()).toEqual(ids_(expected).sort());
      expect(page.total).toBe(expected.length);
    };
    await check(
      { criteria: { lastName: 'tremblay', createdFrom: '2026-02-01' } },
      (r) => r.requestedAt >= '2026-02-01',
    );
    await check(
      { criteria: { lastName: 'tremblay', createdTo: '2026-02-28' } },
      (r) => r.requestedAt <= '2026-02-28',
    );
    await check(
      { criteria: { lastName: 'tremblay', statuses: ['ACTION_REQUIRED', 'STUDENT_NOT_FOUND'] } },
      (r) => ['ACTION_REQUIRED', 'STUDENT_NOT_FOUND'].includes(r.status),
    );
    await check(
      { criteria: { lastName: 'tremblay', lastAttendedFrom: '2011-01' } },
      (r) => r.dateLastAttended! >= '2011-01',
    );
    await check(
      { criteria: { lastName: 'tremblay', oen: every[0].oen! }, tab: every[0].tab },
      (r) => r.tab === every[0].tab,
    );
    await check(
      { criteria: { lastName: 'tremblay', referenceNumber: every[0].referenceNumber } },
      (r) => r.id === every[0].id,
    );
    await check(
      { criteria: { lastName: 'tremblay', applicationNumber: every[0].applicationNumber! } },
      (r) => r.id === every[0].id,
    );
    await check(
      { criteria: { lastName: 'tremblay', accountNumber: every[0].accountNumber! } },
      (r) => r.id === every[0].id,
    );
    await check({ criteria: { lastName: 'tremblay' }, tab: 'TO_PROCESS' }, (r) => r.tab === 'TO_PROCESS');
  });
});

describe('the name words kept by the database', () => {
  it('follow a change of name, school or date, and a removed request', async () => {
    const { request } = await store.requests.create(
      aRequest({ firstName: 'Jeanne', lastName: 'Avant', schoolBsid: '900001' }),
    );
    await store.db.query(
      `UPDATE requests SET last_name = 'Après-Coup', search_last = 'apres coup', school_id = $2, school_bsid = '900003', board_id = $3 WHERE id = $1`,
      [request.id, ids.far.id, ids.other.id],
    );
    expect(await lastNames({ lastName: 'avant' }, { all: true })).toEqual([]);
    expect(await lastNames({ lastName: 'coup' })).toEqual([]);
    expect(await lastNames({ lastName: 'coup' }, { schoolId: ids.far.id })).toEqual(['Après-Coup']);
    const { rows } = await store.db.query<{ id: number }>(
      `INSERT INTO requests (reference_number, origin, request_type, requested_at, board_id, school_id, school_bsid, status, first_name, last_name, search_first, search_last)
       VALUES ('HTEST0000001', 'OCAS', 'ORIGINAL', '2026-01-01', $1, $2, '900001', 'ACTION_REQUIRED', 'Ola', 'Éphémère', 'ola', 'ephemere') RETURNING id`,
      [ids.board.id, ids.north.id],
    );
    expect(await lastNames({ lastName: 'ephem' })).toEqual(['Éphémère']);
    await store.db.query('DELETE FROM requests WHERE id = $1', [rows[0].id]);
    expect(await lastNames({ lastName: 'ephem' })).toEqual([]);
    const { rows: left } = await store.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM request_name_words WHERE request_id = $1',
      [rows[0].id],
    );
    expect(left[0].n).toBe(0);
  });

  it('are filled for every request of a bulk load', async () => {
    const columns = [
      'reference_number',
      'origin',
      'request_type',
      'requested_at',
      'board_id',
      'school_id',
      'school_bsid',
      'status',
      'first_name',
      'last_name',
      'search_first',
      'search_last',
    ];
    const line = (n: number, last: string) =>
      [
        `HBULK000000${n}`,
        'OCAS',
        'ORIGINAL',
        '2026-01-01',
        ids.board.id,
        ids.north.id,
        '900001',
        'ACTION_REQUIRED',
        'Bo',
        last,
        'bo',
        searchKey(last),
      ].join('\t') + '\n';
    await copyIn(store.db, 'requests', columns, [
      line(1, 'Vrac-Un'),
      line(2, 'Vrac-Deux'),
      line(3, "D'Vrac"),
    ]);
    expect(await lastNames({ lastName: 'vrac' })).toEqual(["D'Vrac", 'Vrac-Deux', 'Vrac-Un']);
    expect(await lastNames({ lastName: 'deux' })).toEqual(['Vrac-Deux']);
  });

  it('index the search key the application computes, and only add forms for apostrophes and inner capitals', async () => {
    const letters = fc.constantFrom(...'aàâäbcçdeéèêëfghiîïjklmnoôöpqrstuùûüvwxyÿzæœøßåñãõńłđ'.split(''));
    const word = fc.array(letters, { minLength: 1, maxLength: 8 }).map((cs) => cs.join(''));
    const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
    const name = fc
      .tuple(
        fc.array(word, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(' ', '-', ' - ', '  ', '.'),
        fc.boolean(),
      )
      .map(([words, sep, upper]) => words.map((w) => (upper ? w.toUpperCase() : capital(w))).join(sep));
    const names = fc.sample(name, { numRuns: 300, seed: 42 });
    const { rows } = await store.db.query<{ raw: string; forms: string[] | null }>(
      'SELECT raw, request_name_forms(key, raw) AS forms FROM unnest($1::text[], $2::text[]) AS x(raw, key)',
      [names, names.map((n) => searchKey(n))],
    );
    for (const row of rows) expect(row.forms ?? []).toEqual(searchKey(row.raw) ? [searchKey(row.raw)] : []);
    const { rows: special } = await store.db.query<{ forms: string[] }>(
      `SELECT request_name_forms('oneil', 'O''Neil') AS forms UNION ALL SELECT request_name_forms('mcdonald', 'McDonald') UNION ALL SELECT request_name_forms('jp', 'JP')`,
    );
    expect(special.map((r) => r.forms)).toEqual([['oneil', 'o neil'], ['mcdonald', 'mc donald'], ['jp']]);
  });

  it('are filled for the requests already there when the migration runs', async () => {
    const url = process.env.DATABASE_URL;
    const schema = `names_backfill_${randomBytes(4).toString('hex')}`;
    const db = await openDb({ url, dataDir: 'memory://', schema, poolSize: 2 });
    try {
      const before = listMigrations().filter((m) => m.name < '006');
      await db.exec(
        'CREATE TABLE schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      for (const m of before) {
        await db.exec(m.sql);
        await db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      }
      await db.exec(`INSERT INTO boards (code, name) VALUES ('B1', 'Board');
        INSERT INTO schools (board_id, bsid, name) SELECT id, '100001', 'School' FROM boards;
        INSERT INTO requests (reference_number, origin, request_type, requested_at, board_id, school_id, school_bsid, status, first_name, last_name, search_first, search_last)
          SELECT 'HOLD000000' || n, 'OCAS', 'ORIGINAL', '2025-01-01', s.board_id, s.id, s.bsid, 'ACTION_REQUIRED', 'Anne', 'D''Arcy-Roy', 'anne', 'darcy roy'
          FROM schools s, generate_series(1, 3) AS n;`);
      expect(await migrate(db)).toEqual(
        listMigrations()
          .filter((m) => m.name >= '006')
          .map((m) => m.name),
      );
      const { rows } = await db.query<{ tail: string; n: number }>(
        "SELECT tail, count(*)::int AS n FROM request_name_words WHERE part = 'l' GROUP BY tail ORDER BY tail",
      );
      expect(rows).toEqual([
        { tail: 'arcy roy', n: 3 },
        { tail: 'd arcy roy', n: 3 },
        { tail: 'darcy roy', n: 3 },
        { tail: 'roy', n: 3 },
      ]);
    } finally {
      if (db.kind === 'postgres') await dropSchema(db, schema);
      await db.close();
    }
  });
});
