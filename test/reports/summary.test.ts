import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../support/db.js';
import { summaryReport, SUMMARY_ROWS } from '../../src/reports/index.js';
import type { AppContext } from '../../src/context.js';
import { loadDataset, RANGE } from './dataset.js';

let store: TestStore;
let ctx: AppContext;
let schools: Awaited<ReturnType<typeof loadDataset>>['schools'];

beforeAll(async () => {
  store = await createTestStore('reports_summary');
  ({ ctx, schools } = await loadDataset(store));
});
afterAll(async () => store?.destroy());

// [key, level, original, reissue], counted by hand from dataset.ts.
const EXPECTED: Array<[string, 0 | 1, number, number]> = [
  ['TO_PROCESS', 0, 3, 1],
  ['ACTION_REQUIRED', 1, 2, 1],
  ['AUTO_PROCESS_ERROR', 1, 1, 0],
  ['INCOMPLETE', 0, 3, 2],
  ['ON_HOLD_FINANCIAL', 1, 1, 0],
  ['STUDENT_NOT_FOUND', 1, 1, 1],
  ['NO_ACADEMIC_DATA', 1, 1, 0],
  ['UPLOAD_ERROR', 1, 0, 1],
  ['IN_PROGRESS', 0, 1, 0],
  ['COMPLETED', 0, 9, 4],
  ['COMPLETED_AUTO_OCAS', 1, 3, 1],
  ['COMPLETED_AUTO_OUAC', 1, 1, 0],
  ['COMPLETED_MANUAL_OCAS', 1, 1, 1],
  ['COMPLETED_MANUAL_OUAC', 1, 0, 1],
  ['COMPLETED_PAPER_OCAS', 1, 1, 0],
  ['COMPLETED_PAPER_OUAC', 1, 1, 0],
  ['CANCELLED', 1, 1, 0],
  // Of the Terminé requests, those the destination received (dataset.ts: RECEIVED); not added to Terminé.
  ['RECEIPT_PROCESSED', 1, 2, 1],
  ['COMPLETED_UNKNOWN_OCAS', 1, 1, 0],
  ['COMPLETED_UNKNOWN_OUAC', 1, 0, 1],
];

describe('summary report', () => {
  it('counts every row of the guide, in its order, split original / reissue', async () => {
    const report = await summaryReport(ctx, { scope: { boardId: schools.board.id }, ...RANGE });
    expect(report.range).toEqual(RANGE);
    expect(report.rows.map((r) => [r.key, r.level, r.original, r.reissue])).toEqual(EXPECTED);
    for (const row of report.rows) expect(row.original + row.reissue).toBeGreaterThan(0);
    expect(report.total).toEqual({ original: 16, reissue: 7 });
  });

  it('labels each row in French and English', async () => {
    const report = await summaryReport(ctx, { scope: { boardId: schools.board.id }, ...RANGE });
    const byKey = new Map(report.rows.map((r) => [r.key, r]));
    expect(byKey.get('STUDENT_NOT_FOUND')).toMatchObject({
      labelFr: 'Élève non trouvé',
      labelEn: 'Student not found',
    });
    expect(byKey.get('COMPLETED_PAPER_OUAC')).toMatchObject({
      labelFr: 'Relevés de notes papier envoyés – OUAC',
      labelEn: 'Paper transcripts sent – OUAC',
    });
    expect(byKey.get('COMPLETED_UNKNOWN_OCAS')?.labelFr).toBe('Source inconnue – OCAS');
    expect(byKey.get('RECEIPT_PROCESSED')?.labelFr).toMatch(/^Reçu traité/);
    expect(new Set(SUMMARY_ROWS.map((r) => r.key)).size).toBe(SUMMARY_ROWS.length);
  });

  it('averages business days from reception to completion over sent requests (closure day, weekend and DST included)', async () => {
    const report = await summaryReport(ctx, { scope: { boardId: schools.board.id }, ...RANGE });
    // 4+8+3+16+8+24+8+16+1+8+8+0 = 104 business hours over 12 sent requests = 13 days / 12 = 1.083…
    expect(report.processedCount).toBe(12);
    expect(report.averageProcessingDays).toBe(1.1);
  });

  it('gives the share processed by Auto-eTMS among requests sent electronically or on paper', async () => {
    const report = await summaryReport(ctx, { scope: { boardId: schools.board.id }, ...RANGE });
    // AUTO 5 / (AUTO 5 + manual 3 + paper 2)
    expect(report.autoShare).toBe(0.5);
  });

  it('totals per school, by name', async () => {
    const report = await summaryReport(ctx, { scope: { boardId: schools.board.id }, ...RANGE });
    expect(report.perSchool).toEqual([
      { schoolId: schools.north.id, schoolName: 'École secondaire Nord', original: 11, reissue: 6 },
      { schoolId: schools.south.id, schoolName: 'South Collegiate Institute', original: 5, reissue: 1 },
    ]);
  });

  it('gives the weekly volume by outcome, weeks starting on Monday, every outcome present', async () => {
    const report = await summaryReport(ctx, { scope: { boardId: schools.board.id }, ...RANGE });
    expect(report.weekly).toEqual([
      {
        weekStart: '2026-03-02',
        outcomes: {
          TO_PROCESS: 2,
          INCOMPLETE: 2,
          IN_PROGRESS: 0,
          AUTO: 5,
          MANUAL: 2,
          PAPER: 0,
          CANCELLED: 0,
          UNKNOWN: 0,
        },
      },
      {
        weekStart: '2026-03-09',
        outcomes: {
          TO_PROCESS: 2,
          INCOMPLETE: 3,
          IN_PROGRESS: 1,
          AUTO: 0,
          MANUAL: 1,
          PAPER: 2,
          CANCELLED: 1,
          UNKNOWN: 2,
        },
      },
    ]);
  });

  it('keeps to the scope: one school, or everything', async () => {
    const north = await summaryReport(ctx, { scope: { schoolId: schools.north.id }, ...RANGE });
    expect(north.total).toEqual({ original: 11, reissue: 6 });
    expect(north.perSchool.map((p) => p.schoolName)).toEqual(['École secondaire Nord']);
    const all = await summaryReport(ctx, { scope: { all: true }, ...RANGE });
    expect(all.total).toEqual({ original: 16, reissue: 8 });
  });

  it('widening the range takes in the requests paid on its edges', async () => {
    const wide = await summaryReport(ctx, {
      scope: { boardId: schools.board.id },
      from: '2026-03-01',
      to: '2026-03-16',
    });
    expect(wide.total).toEqual({ original: 18, reissue: 7 });
    expect(wide.weekly.map((w) => w.weekStart)).toEqual([
      '2026-02-23',
      '2026-03-02',
      '2026-03-09',
      '2026-03-16',
    ]);
  });

  it('an empty range gives zeros, not errors', async () => {
    const empty = await summaryReport(ctx, {
      scope: { boardId: schools.board.id },
      from: '2025-01-06',
      to: '2025-01-12',
    });
    expect(empty.total).toEqual({ original: 0, reissue: 0 });
    expect(empty.averageProcessingDays).toBe(0);
    expect(empty.autoShare).toBe(0);
    expect(empty.perSchool).toEqual([]);
    expect(empty.weekly).toHaveLength(1);
  });

  it('refuses a range that is not one', async () => {
    await expect(
      summaryReport(ctx, { scope: { boardId: schools.board.id }, from: '2026-03-15', to: '2026-03-02' }),
    ).rejects.toMatchObject({ code: 'ETMS_E_REPORT_RANGE' });
    await expect(
      summaryReport(ctx, { scope: { boardId: schools.board.id }, from: '2026-02-30', to: '2026-03-02' }),
    ).rejects.toMatchObject({ code: 'ETMS_E_REPORT_RANGE' });
    await expect(
      summaryReport(ctx, { scope: { boardId: schools.board.id }, from: "2026-03-01'; --", to: '2026-03-02' }),
    ).rejects.toMatchObject({ code: 'ETMS_E_REPORT_RANGE' });
  });
});
