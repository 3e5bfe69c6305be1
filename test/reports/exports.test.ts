import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { PDFDocument } from 'pdf-lib';
import { createTestStore, type TestStore } from '../support/db.js';
import {
  detailedReport,
  exportDetailed,
  exportSummary,
  EXPORT_MAX_ROWS,
  formatDays,
  formatShare,
  summaryReport,
  type SummaryReport,
} from '../../src/reports/index.js';
import type { AppContext } from '../../src/context.js';
import { loadDataset, RANGE } from './dataset.js';
import { pdfTextItems } from './pdf-text.js';

let store: TestStore;
let ctx: AppContext;
let summary: SummaryReport;
let scope: { boardId: number };

beforeAll(async () => {
  store = await createTestStore('reports_exports');
  const loaded = await loadDataset(store);
  ctx = loaded.ctx;
  scope = { boardId: loaded.schools.board.id };
  summary = await summaryReport(ctx, { scope, ...RANGE });
});
afterAll(async () => store?.destroy());

/** The figures of the page: every row, the total, the average and the share, per school. */
function pageFigures(s: SummaryReport, lang: 'fr' | 'en') {
  return {
    rows: s.rows.map((r) => [lang === 'fr' ? r.labelFr : r.labelEn, r.original, r.reissue]),
    total: [s.total.original, s.total.reissue],
    average: formatDays(s.averageProcessingDays, lang),
    share: formatShare(s.autoShare, lang),
    schools: s.perSchool.map((p) => [p.schoolName, p.original, p.reissue]),
  };
}

describe('summary downloads', () => {
  it('CSV: UTF-8 with BOM, the same figures as the page', async () => {
    const file = await exportSummary(summary, 'csv', 'fr');
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.filename).toBe('rapport-sommaire_2026-03-02_2026-03-15.csv');
    expect([...file.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records: string[][] = parse(file.body, { bom: true, relax_column_count: true });
    const expected = pageFigures(summary, 'fr');
    const rowStart = records.findIndex((r) => r[0] === 'À traiter');
    const rows = records
      .slice(rowStart, rowStart + expected.rows.length)
      .map((r) => [r[0], Number(r[1]), Number(r[2])]);
    expect(rows).toEqual(expected.rows);
    expect(records[rowStart + expected.rows.length]).toEqual(['NOMBRE TOTAL DE RELEVÉS DE NOTES', '16', '7']);
    expect(records.find((r) => r[0].startsWith('Temps de traitement moyen'))?.[1]).toBe('1,1');
    expect(records.find((r) => r[0] === 'Demandes traitées par Auto-SGÉRN')?.[1]).toBe('50\u00a0%');
    expect(records.find((r) => r[0] === 'École secondaire Nord')).toEqual([
      'École secondaire Nord',
      '11',
      '6',
    ]);
    const weekHeader = records.findIndex((r) => r[0] === 'Semaine du');
    expect(records[weekHeader + 2]).toEqual(['2026/03/09', '2', '3', '1', '0', '1', '2', '1', '2']);
  });

  it('XLSX: read back with exceljs, the same figures as the page', async () => {
    const file = await exportSummary(summary, 'xlsx', 'en');
    expect(file.filename).toBe('summary-report_2026-03-02_2026-03-15.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const values: unknown[][] = [];
    sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    const expected = pageFigures(summary, 'en');
    const start = values.findIndex((v) => v[0] === 'To process');
    expect(values.slice(start, start + expected.rows.length)).toEqual(expected.rows);
    expect(values[start + expected.rows.length]).toEqual(['TOTAL TRANSCRIPT REQUESTS', 16, 7]);
    expect(values.find((v) => v[0] === 'Average processing time (business days)')?.[1]).toBe('1.1');
    expect(values.find((v) => v[0] === 'Requests processed by Auto-eTMS')?.[1]).toBe('50%');
    expect(values.filter((v) => expected.schools.some((s) => s[0] === v[0]))).toEqual(expected.schools);
  });

  it('PDF: one page, and its text carries the same figures as the page', async () => {
    const file = await exportSummary(summary, 'pdf', 'fr', { compressPdf: false });
    expect(file.contentType).toBe('application/pdf');
    expect((await PDFDocument.load(file.body)).getPageCount()).toBeGreaterThanOrEqual(1);
    const items = pdfTextItems(file.body);
    const expected = pageFigures(summary, 'fr');
    for (const [label, original, reissue] of expected.rows) {
      const at = items.indexOf(String(label));
      expect(at, String(label)).toBeGreaterThan(-1);
      expect(items.slice(at + 1, at + 3)).toEqual([String(original), String(reissue)]);
    }
    const total = items.indexOf('NOMBRE TOTAL DE RELEVÉS DE NOTES');
    expect(items.slice(total + 1, total + 3)).toEqual(['16', '7']);
    expect(items[items.indexOf('Temps de traitement moyen des demandes (jours ouvrables)') + 1]).toBe('1,1');
    expect(items[items.indexOf('Demandes traitées par Auto-SGÉRN') + 1]).toBe('50\u00a0%');
    const nord = items.indexOf('École secondaire Nord');
    expect(items.slice(nord + 1, nord + 3)).toEqual(['11', '6']);
  });

  it('PDF is compressed unless asked otherwise', async () => {
    const file = await exportSummary(summary, 'pdf', 'en');
    expect(file.body.toString('latin1')).toContain('/FlateDecode');
    expect((await PDFDocument.load(file.body)).getPageCount()).toBe(1);
  });

  it('refuses an unknown format', async () => {
    await expect(exportSummary(summary, 'docx' as 'csv', 'fr')).rejects.toMatchObject({
      code: 'ETMS_E_REPORT_FORMAT',
    });
  });
});

describe('detailed downloads', () => {
  it('CSV holds every row of the range, not one page, with the page values', async () => {
    const page = await detailedReport(ctx, { scope, ...RANGE, page: 1 });
    const file = await exportDetailed(ctx, { scope, ...RANGE }, 'csv', 'fr');
    expect(file.filename).toBe('rapport-detaille_2026-03-02_2026-03-15.csv');
    const records: string[][] = parse(file.body, { bom: true });
    expect(records[0]).toEqual([
      'Numéro de demande',
      'Numéro de référence',
      'Date du paiement',
      'Prénom',
      'Nom de famille',
      'Date de naissance',
      'Numéro d’élève',
      'Source',
      'Dernière année d’études',
      'Nombre de relevés de notes',
      'Montant recueilli',
    ]);
    expect(records).toHaveLength(1 + page.total);
    const first = page.rows[0];
    expect(records[1]).toEqual([
      first.applicationNumber,
      first.referenceNumber,
      '2026/03/02',
      first.firstName,
      first.lastName,
      '2005/04/17',
      first.studentNumber,
      first.source,
      'juin 2023',
      String(first.transcriptCount),
      first.amountCollected.toFixed(2).replace('.', ','),
    ]);
  });

  it('CSV neutralises cells a spreadsheet would run as formulas', async () => {
    // Paid on a day outside the other tests' range, so it changes none of their figures.
    const { request } = await store.requests.create({
      origin: 'OCAS',
      requestType: 'ORIGINAL',
      requestedAt: '2026-04-01',
      schoolBsid: '900001',
      referenceNumber: 'H20260401999999',
      firstName: '=HYPERLINK("http://x")',
      lastName: '+Smith',
    });
    const file = await exportDetailed(ctx, { scope, from: '2026-04-01', to: '2026-04-01' }, 'csv', 'en');
    const records: string[][] = parse(file.body, { bom: true });
    expect(records).toHaveLength(2);
    expect(records[1][1]).toBe(request.referenceNumber);
    expect(records[1][3]).toBe(`'=HYPERLINK("http://x")`);
    expect(records[1][4]).toBe(`'+Smith`);
  });

  it('refuses, before rendering anything, an export longer than its format holds', async () => {
    const page = await detailedReport(ctx, { scope, ...RANGE, page: 1 });
    const saved = { ...EXPORT_MAX_ROWS };
    try {
      EXPORT_MAX_ROWS.pdf = page.total - 1;
      const error = await exportDetailed(ctx, { scope, ...RANGE }, 'pdf', 'en').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ETMS_E_EXPORT_TOO_LARGE', status: 413 });
      expect((error as Error).message).toMatch(/download it as CSV/);
      EXPORT_MAX_ROWS.pdf = page.total;
      expect(
        (await exportDetailed(ctx, { scope, ...RANGE }, 'pdf', 'en')).body.subarray(0, 5).toString(),
      ).toBe('%PDF-');
    } finally {
      Object.assign(EXPORT_MAX_ROWS, saved);
    }
  });

  it('XLSX and PDF hold every row, in the same order', async () => {
    const page = await detailedReport(ctx, { scope, ...RANGE, page: 1 });
    const xlsx = await exportDetailed(ctx, { scope, ...RANGE }, 'xlsx', 'en');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const refs: string[] = [];
    const amounts: number[] = [];
    workbook.worksheets[0].eachRow((row, n) => {
      if (n === 1) return;
      refs.push(String(row.getCell(2).value));
      amounts.push(Number(row.getCell(11).value));
    });
    expect(refs).toEqual(page.rows.map((r) => r.referenceNumber));
    expect(amounts).toEqual(page.rows.map((r) => r.amountCollected));

    const pdf = await exportDetailed(ctx, { scope, ...RANGE }, 'pdf', 'en', { compressPdf: false });
    const items = pdfTextItems(pdf.body);
    const pdfRefs = items.filter((t) => /^H\d{14}$/.test(t));
    expect(pdfRefs).toEqual(page.rows.map((r) => r.referenceNumber));
    expect(items).toContain('Prénom1');
    expect(items).toContain('Jun. 2023');
    expect(items).toContain('$6.00');
    // Every page says where it is in the report.
    const pages = (await PDFDocument.load(pdf.body)).getPageCount();
    expect(items.filter((t) => /^Page \d+ of \d+$/.test(t))).toEqual(
      Array.from({ length: pages }, (_, i) => `Page ${i + 1} of ${pages}`),
    );
  });
});
