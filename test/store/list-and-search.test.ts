import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, seedSchools, type TestStore } from '../support/db.js';
import { aRequest } from '../support/requests.js';
import type { Status } from '../../src/domain/status.js';

let store: TestStore;
let ids: Awaited<ReturnType<typeof seedSchools>>;

beforeAll(async () => {
  store = await createTestStore('list');
  ids = await seedSchools(store);
  const names = [
    ['Amélie', 'Tremblay'],
    ['Jean-Philippe', 'Gagnon'],
    ['Priya', 'Singh'],
    ['Minh', 'Nguyễn'],
    ['Zoë', "O'Neil"],
    ['Liam', 'Smith'],
    ['Sofia', 'Da Silva'],
    ['Omar', 'Haddad'],
    ['Chloé', 'Côté'],
    ['Noah', 'Li'],
  ];
  let day = 1;
  for (let i = 0; i < 120; i++) {
    const [firstName, lastName] = names[i % names.length];
    const status: Status =
      i % 4 === 0 ? 'E_TRANSCRIPT_SENT' : i % 4 === 1 ? 'STUDENT_NOT_FOUND' : 'ACTION_REQUIRED';
    await store.requests.create(
      aRequest({
        firstName,
        lastName,
        previousLastName: i === 7 ? 'Beauchamp' : null,
        requestedAt: `2026-01-${String((day++ % 28) + 1).padStart(2, '0')}`,
        schoolBsid: i % 3 === 0 ? '900002' : i % 10 === 9 ? '900003' : '900001',
        status,
        completedAt: status === 'E_TRANSCRIPT_SENT' ? new Date(Date.UTC(2026, 1, 1 + (i % 27))) : null,
        oen: String(100000000 + i),
        dateLastAttended: `20${String(10 + (i % 12)).padStart(2, '0')}-06`,
      }),
    );
  }
});
afterAll(async () => store.destroy());

describe('listing a tab', () => {
  it('counts per tab for a school, a board and match the rows', async () => {
    const board = await store.requests.countsByTab({ boardId: ids.board.id });
    const school = await store.requests.countsByTab({ schoolId: ids.north.id });
    const { rows } = await store.db.query<{ tab: string; n: number }>(
      'SELECT tab, count(*)::int AS n FROM requests WHERE board_id = $1 GROUP BY tab',
      [ids.board.id],
    );
    for (const r of rows) expect(board[r.tab as keyof typeof board]).toBe(r.n);
    expect(school.TO_PROCESS + school.INCOMPLETE + school.COMPLETED).toBeLessThan(
      board.TO_PROCESS + board.INCOMPLETE + board.COMPLETED,
    );
    expect(board.IN_PROGRESS).toBe(0);
  });

  it('pages by 50 with the default sort (requested date ascending)', async () => {
    const page1 = await store.requests.list({ scope: { boardId: ids.board.id }, tab: 'TO_PROCESS' });
    expect(page1.pageSize).toBe(50);
    expect(page1.rows.length).toBeLessThanOrEqual(50);
    const dates = page1.rows.map((r) => r.requestedAt);
    expect([...dates].sort()).toEqual(dates);
    expect(page1.rows.every((r) => r.boardId === ids.board.id && r.tab === 'TO_PROCESS')).toBe(true);
    const last = await store.requests.list({ scope: { boardId: ids.board.id }, tab: 'TO_PROCESS', page: 99 });
    expect(last.page).toBe(last.pageCount);
    expect(page1.total).toBe(last.total);
  });

  it('sorts Terminé by completion date descending by default', async () => {
    const page = await store.requests.list({ scope: { boardId: ids.board.id }, tab: 'COMPLETED' });
    const done = page.rows.map((r) => r.completedAt!.getTime());
    expect([...done].sort((a, b) => b - a)).toEqual(done);
  });

  it('sorts by every column of the guide, both ways', async () => {
    for (const sort of [
      'referenceNumber',
      'name',
      'requestType',
      'source',
      'dateLastAttended',
      'sendTiming',
      'status',
      'lastUpdatedBy',
      'age',
    ] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const page = await store.requests.list({
          scope: { boardId: ids.board.id },
          tab: 'TO_PROCESS',
          sort,
          dir,
        });
        expect(page.rows.length).toBeGreaterThan(0);
      }
    }
    const byName = await store.requests.list({
      scope: { boardId: ids.board.id },
      tab: 'TO_PROCESS',
      sort: 'name',
      dir: 'asc',
    });
    const keys = byName.rows.map((r) =>
      (r.lastName ?? '')
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/'/g, ''),
    );
    expect([...keys].sort()).toEqual(keys);
    await expect(
      store.requests.list({ scope: { boardId: ids.board.id }, sort: 'password' as never }),
    ).rejects.toMatchObject({ code: 'ETMS_E_INVALID_SORT' });
  });

  it('never shows another school or board', async () => {
    const school = await store.requests.list({
      scope: { schoolId: ids.far.id },
      tab: 'TO_PROCESS',
      pageSize: 500,
    });
    expect(school.rows.every((r) => r.schoolId === ids.far.id)).toBe(true);
    const board = await store.requests.list({ scope: { boardId: ids.board.id }, pageSize: 500 });
    expect(board.rows.some((r) => r.schoolId === ids.far.id)).toBe(false);
    const sample = school.rows[0];
    await expect(
      store.requests.getInScope(sample.referenceNumber, { schoolId: ids.north.id }),
    ).rejects.toMatchObject({ code: 'ETMS_E_REQUEST_NOT_FOUND' });
    expect((await store.requests.getInScope(sample.referenceNumber, { schoolId: ids.far.id })).id).toBe(
      sample.id,
    );
  });
});

describe('search', () => {
  const scope = () => ({ boardId: ids.board.id });
  it('finds by last name ignoring case and accents, and by previous last name', async () => {
    const nguyen = await store.requests.list({ scope: scope(), criteria: { lastName: 'NGUYEN' } });
    expect(nguyen.total).toBeGreaterThan(0);
    expect(nguyen.rows.every((r) => r.lastName === 'Nguyễn')).toBe(true);
    const cote = await store.requests.list({
      scope: scope(),
      criteria: { lastName: 'cote', firstName: 'chloe' },
    });
    expect(cote.total).toBeGreaterThan(1);
    expect(cote.rows.every((r) => r.firstName === 'Chloé')).toBe(true);
    // First and last name together are read from the name-words index; the order seen is the same.
    const dates = cote.rows.map((r) => r.requestedAt);
    expect([...dates].sort()).toEqual(dates);
    const newest = await store.requests.list({
      scope: scope(),
      criteria: { lastName: 'cote', firstName: 'chloe' },
      dir: 'desc',
    });
    expect(newest.rows.map((r) => r.id)).toEqual([...cote.rows].reverse().map((r) => r.id));
    const oneil = await store.requests.list({ scope: scope(), criteria: { lastName: "O'Neil" } });
    expect(oneil.total).toBeGreaterThan(0);
    const previous = await store.requests.list({ scope: scope(), criteria: { lastName: 'beauchamp' } });
    expect(previous.total).toBe(1);
  });

  it('finds by reference, application, account number and OEN exactly', async () => {
    const any = (await store.requests.list({ scope: scope(), pageSize: 1 })).rows[0];
    for (const criteria of [
      { referenceNumber: any.referenceNumber.toLowerCase() },
      { applicationNumber: any.applicationNumber! },
      { accountNumber: any.accountNumber! },
      { oen: any.oen! },
    ]) {
      const found = await store.requests.list({ scope: scope(), criteria });
      expect(found.rows.map((r) => r.id)).toEqual([any.id]);
    }
  });

  it('filters by created date range, date last attended range and statuses', async () => {
    const range = await store.requests.list({
      scope: scope(),
      criteria: { createdFrom: '2026-01-05', createdTo: '2026-01-10' },
      pageSize: 500,
    });
    expect(range.total).toBeGreaterThan(0);
    expect(range.rows.every((r) => r.requestedAt >= '2026-01-05' && r.requestedAt <= '2026-01-10')).toBe(
      true,
    );
    const attended = await store.requests.list({
      scope: scope(),
      criteria: { lastAttendedFrom: '2015-01', lastAttendedTo: '2016-12' },
      pageSize: 500,
    });
    expect(
      attended.rows.every((r) => r.dateLastAttended! >= '2015-01' && r.dateLastAttended! <= '2016-12'),
    ).toBe(true);
    const statuses = await store.requests.list({
      scope: scope(),
      criteria: { statuses: ['STUDENT_NOT_FOUND'] },
      pageSize: 500,
    });
    expect(statuses.total).toBeGreaterThan(0);
    expect(statuses.rows.every((r) => r.status === 'STUDENT_NOT_FOUND')).toBe(true);
  });

  it('treats LIKE wildcards in names as plain text', async () => {
    const none = await store.requests.list({ scope: scope(), criteria: { lastName: 'Tr_mblay' } });
    expect(none.total).toBe(0);
    const percent = await store.requests.list({ scope: scope(), criteria: { lastName: 'Tre%blay' } });
    expect(percent.total).toBe(0);
  });

  it('streams every row of a filtered tab for exports', async () => {
    const all: number[] = [];
    for await (const r of store.requests.all({ scope: scope(), tab: 'TO_PROCESS' }, 7)) all.push(r.id);
    const counts = await store.requests.countsByTab(scope());
    expect(all.length).toBe(counts.TO_PROCESS);
    expect(new Set(all).size).toBe(all.length);
  });
});
