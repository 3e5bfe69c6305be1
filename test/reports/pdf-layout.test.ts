/**
 * The report PDFs as a reader sees them, read back with poppler's pdftotext: headers wrap instead
 * of running over the figures or being cut, and long values wrap within their column.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../support/db.js';
import {
  summaryReport,
  summaryLines,
  DETAILED_COLUMNS,
  REPORT_TEXT,
  OUTCOME_LABELS,
  OUTCOMES,
} from '../../src/reports/index.js';
import { renderExport } from '../../src/reports/export.js';
import type { DetailedRow } from '../../src/reports/detailed.js';
import { loadDataset, RANGE } from './dataset.js';
import { cutWords, havePdftotext, missingWords, outsidePage, overlaps, pdfLayout } from './pdf-layout.js';

const LONG_SURNAME = 'Wolfeschlegelsteinhausenbergerdorffvoralternwa'; // 46 characters

let store: TestStore;
let lines: { fr: ReturnType<typeof summaryLines>; en: ReturnType<typeof summaryLines> };

describe.skipIf(!havePdftotext)('report PDF layout', () => {
  beforeAll(async () => {
    store = await createTestStore('reports_pdf_layout');
    const loaded = await loadDataset(store);
    const summary = await summaryReport(loaded.ctx, {
      scope: { boardId: loaded.schools.board.id },
      ...RANGE,
    });
    lines = { fr: summaryLines(summary, 'fr'), en: summaryLines(summary, 'en') };
  });
  afterAll(async () => store?.destroy());

  for (const lang of ['fr', 'en'] as const) {
    it(`summary (${lang}): headers wrap above their figures, nothing overlaps or is cut`, async () => {
      const pdf = await renderExport({
        kind: 'summary',
        format: 'pdf',
        lines: lines[lang],
        lang,
        options: {},
      });
      const layout = pdfLayout(pdf);
      expect(overlaps(layout)).toEqual([]);
      expect(cutWords(layout)).toEqual([]);
      expect(outsidePage(layout)).toEqual([]);
      for (const label of [
        REPORT_TEXT.heading[lang],
        REPORT_TEXT.original[lang],
        REPORT_TEXT.reissue[lang],
        REPORT_TEXT.perSchool[lang],
        ...OUTCOMES.map((o) => OUTCOME_LABELS[o][lang]),
      ])
        expect(missingWords(layout, label), label).toEqual([]);
    });
  }

  it('detailed: header cells and a 46-character surname wrap within their columns', async () => {
    const rows: DetailedRow[] = Array.from({ length: 60 }, (_, i) => ({
      applicationNumber: `24001${String(i).padStart(4, '0')}`,
      referenceNumber: `H2024042405${String(i).padStart(4, '0')}`,
      paymentDate: '2024-04-24',
      firstName: i === 3 ? 'Maximilian-Alexander' : 'Sam',
      lastName: i === 3 ? LONG_SURNAME : 'Tremblay',
      birthDate: '2006-05-29',
      studentNumber: '321412342',
      source:
        i === 3
          ? 'École secondaire catholique Franco-Cité de la région de Sudbury'
          : 'Acton District High School',
      dateLastAttended: '2022-03',
      transcriptCount: 1,
      amountCollected: 6,
    }));
    for (const lang of ['fr', 'en'] as const) {
      const pdf = await renderExport({
        kind: 'detailed',
        format: 'pdf',
        rows,
        q: { from: '2024-04-01', to: '2024-04-30' },
        lang,
        options: {},
      });
      const layout = pdfLayout(pdf);
      expect(overlaps(layout), lang).toEqual([]);
      expect(cutWords(layout), lang).toEqual([]);
      expect(outsidePage(layout), lang).toEqual([]);
      for (const c of DETAILED_COLUMNS) expect(missingWords(layout, c[lang]), c[lang]).toEqual([]);
      // The surname is broken across lines of its cell, every letter kept.
      const first = layout.words.find((w) => w.text.startsWith('Wolfe'))!;
      const column = layout.words
        .filter((w) => w.page === first.page && Math.abs(w.xMin - first.xMin) < 1 && w.yMin >= first.yMin)
        .sort((a, b) => a.yMin - b.yMin);
      expect(column.map((w) => w.text).join('')).toContain(LONG_SURNAME);
      expect(layout.pages.length).toBeGreaterThan(1);
      expect(missingWords(layout, lang === 'fr' ? 'Page 1 de 2' : 'Page 1 of 2')).toEqual([]);
    }
  });
});
