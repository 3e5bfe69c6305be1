import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../support/db.js';
import { aRequest } from '../support/requests.js';
import { detailedReport, DETAILED_PAGE_SIZE } from '../../src/reports/index.js';
import type { AppContext } from '../../src/context.js';
import { loadDataset, RANGE } from './dataset.js';

let store: TestStore;
let ctx: AppContext;
let schools: Awaited<ReturnType<typeof loadDataset>>['schools'];

beforeAll(async () => {
  store = await createTestStore('reports_detailed');
  ({ ctx, schools } = await loadDataset(store));
  // 60 more on one day of the range, so the report spans two pages.
  for (let i = 0; i < 60; i++) {
    await store.requests.create(
      aRequest({
        referenceNumber: `H20260308${String(500 + i).padStart(6, '0')}`,
        requestedAt: '2026-03-08',
        schoolBsid: '900002',
      }),
    );
  }
});
afterAll(async () => store?.destroy());

describe('detailed report', () => {
  it('gives the guide columns, 50 a page, sorted by payment date then reference', async () => {
    const first = await detailedReport(ctx, { scope: { boardId: schools.board.id }, ...RANGE, page: 1 });
    expect(first.total).toBe(23 + 60);
    expect(first.pageSize).toBe(DETAILED_PAGE_SIZE);
    expect(first.pageCount).toBe(2);
    expect(first.rows).toHaveLength(50);
    const second = await detailedReport(ctx, { scope: { boardId: schools.board.id }, ...RANGE, page: 2 });
    expect(second.rows).toHaveLength(33);
    const all = [...first.rows, ...second.rows];
    const keys = all.map((r) => `${r.paymentDate} ${r.referenceNumber}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(all.map((r) => r.referenceNumber)).size).toBe(83);
    expect(all.every((r) => r.paymentDate >= RANGE.from && r.paymentDate <= RANGE.to)).toBe(true);
  });

  it('fills each column from the request', async () => {
    const page = await detailedReport(ctx, { scope: { boardId: schools.board.id }, ...RANGE, page: 1 });
    const row = page.rows.find((r) => r.referenceNumber === 'H20260302000901');
    expect(row).toEqual({
      applicationNumber: expect.stringMatching(/^24\d{7}$/),
      referenceNumber: 'H20260302000901',
      paymentDate: '2026-03-02',
      firstName: 'Prénom1',
      lastName: 'Nom1',
      birthDate: '2005-04-17',
      studentNumber: 'S1001',
      source: 'École secondaire Nord',
      dateLastAttended: '2023-06',
      transcriptCount: 2,
      amountCollected: 6,
    });
  });

  it('keeps to the scope and clamps the page number', async () => {
    const south = await detailedReport(ctx, { scope: { schoolId: schools.south.id }, ...RANGE, page: 99 });
    expect(south.total).toBe(6 + 60);
    expect(south.page).toBe(2);
    expect(south.rows.every((r) => r.source === 'South Collegiate Institute')).toBe(true);
    const far = await detailedReport(ctx, { scope: { boardId: schools.other.id }, ...RANGE, page: 1 });
    expect(far.rows.map((r) => r.source)).toEqual(['Far Away Secondary School']);
    const none = await detailedReport(ctx, {
      scope: { boardId: schools.board.id },
      from: '2025-01-01',
      to: '2025-01-31',
      page: 1,
    });
    expect(none).toMatchObject({ total: 0, page: 1, pageCount: 1, rows: [] });
  });
});
