/**
 * French downloads and e-mails follow French typography as the French pages do: non-breaking spaces
 * before « : ; ! ? » and inside « », typographic apostrophes, the decimal comma, and dates in the
 * chart written the French way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestStore, type TestStore } from '../support/db.js';
import {
  exportDetailed,
  exportSummary,
  summaryReport,
  weeklyVolumeSvg,
  type SummaryReport,
} from '../../src/reports/index.js';
import type { AppContext } from '../../src/context.js';
import {
  APPLICANT_EMAIL_KINDS,
  applicantEmail,
  pendingNotice,
  summaryNotice,
} from '../../src/notify/templates.js';
import { loadDataset, RANGE } from './dataset.js';
import { pdfTextItems } from './pdf-text.js';
import { frenchTypographyProblems } from '../admin/typography.js';

let store: TestStore;
let ctx: AppContext;
let summary: SummaryReport;
let scope: { boardId: number };

beforeAll(async () => {
  store = await createTestStore('reports_typography');
  const loaded = await loadDataset(store);
  ctx = loaded.ctx;
  scope = { boardId: loaded.schools.board.id };
  summary = await summaryReport(ctx, { scope, ...RANGE });
});
afterAll(async () => store?.destroy());

async function xlsxText(body: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => {
    cells.push(sheet.name);
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
  });
  return cells.join('\n');
}

describe('French typography in downloads', () => {
  it('summary CSV, XLSX and PDF', async () => {
    const problems: string[] = [];
    const csv = await exportSummary(summary, 'csv', 'fr');
    problems.push(...frenchTypographyProblems(csv.body.toString('utf8'), 'summary CSV'));
    const xlsx = await exportSummary(summary, 'xlsx', 'fr');
    problems.push(...frenchTypographyProblems(await xlsxText(xlsx.body), 'summary XLSX'));
    const pdf = await exportSummary(summary, 'pdf', 'fr', { compressPdf: false });
    problems.push(...frenchTypographyProblems(pdfTextItems(pdf.body).join('\n'), 'summary PDF'));
    expect(problems).toEqual([]);
    expect(csv.body.toString('utf8')).toContain('Période\u00a0: 2026/03/02 au 2026/03/15');
  });

  it('detailed CSV, XLSX and PDF, amounts with the decimal comma', async () => {
    const problems: string[] = [];
    const csv = await exportDetailed(ctx, { scope, ...RANGE }, 'csv', 'fr');
    const csvText = csv.body.toString('utf8');
    problems.push(...frenchTypographyProblems(csvText, 'detailed CSV'));
    const xlsx = await exportDetailed(ctx, { scope, ...RANGE }, 'xlsx', 'fr');
    // The amount cell is a number formatted by the spreadsheet; the rest is text as written.
    problems.push(
      ...frenchTypographyProblems(
        (await xlsxText(xlsx.body)).replace(/^\d+(\.\d+)?$/gm, ''),
        'detailed XLSX',
      ),
    );
    const pdf = await exportDetailed(ctx, { scope, ...RANGE }, 'pdf', 'fr', { compressPdf: false });
    problems.push(...frenchTypographyProblems(pdfTextItems(pdf.body).join('\n'), 'detailed PDF'));
    expect(problems).toEqual([]);
    expect(csvText).toMatch(/"\d+,\d\d"/);
  });

  it('the weekly chart writes French dates and labels', () => {
    const svg = weeklyVolumeSvg(summary, 'fr');
    const text = svg.replace(/<[^>]+>/g, '\n').replace(/&[a-z]+;/g, ' ');
    expect(frenchTypographyProblems(text, 'chart')).toEqual([]);
    expect(text).toContain('2\u00a0mars');
    expect(text).not.toMatch(/Mar\.|2026-03/);
  });
});

describe('French typography in e-mails', () => {
  it('applicant e-mails, French text and subject', () => {
    const problems: string[] = [];
    for (const kind of APPLICANT_EMAIL_KINDS) {
      const mail = applicantEmail(
        kind,
        { firstName: 'Zoé', referenceNumber: 'H20260302000001', origin: 'OCAS' },
        'fr',
        {
          schoolName: 'École secondaire Nord',
          boardName: 'Conseil scolaire du Nord',
          contact: '705 555-0100',
        },
      );
      problems.push(...frenchTypographyProblems(`${mail.subject}\n${mail.text}`, kind));
    }
    expect(problems).toEqual([]);
  });

  it('staff notices, French half', () => {
    const summaryMail = summaryNotice({
      scopeName: 'Conseil scolaire du Nord',
      counts: { ACTION_REQUIRED: 2, AUTO_PROCESS_ERROR: 1, STUDENT_NOT_FOUND: 1 },
      waiting: { thresholdHours: 8, count: 3 },
      autoCompleted: { count: 4, since: new Date('2026-03-02T13:00:00Z') },
      baseUrl: 'https://etms.example.org',
      timeZone: 'America/Toronto',
    });
    const frenchHalf = summaryMail.text.split('\n\n—\n\n')[0];
    expect(frenchHalf).toContain('Avis sommaire');
    const pending = pendingNotice({
      items: [
        { referenceNumber: 'H20260302000001', status: 'ACTION_REQUIRED', waitedHours: 9.5 },
        { referenceNumber: 'H20260302000002', status: 'AUTO_PROCESS_ERROR', waitedHours: 12 },
      ],
      thresholdHours: 8,
      baseUrl: 'https://etms.example.org',
    });
    const pendingFrench = pending.text.split('\n\n')[0];
    expect([
      ...frenchTypographyProblems(frenchHalf, 'summary notice'),
      ...frenchTypographyProblems(pendingFrench, 'pending notice'),
    ]).toEqual([]);
  });
});

describe('spreadsheet headers', () => {
  it('wrap within their cells in both Excel downloads', async () => {
    const load = async (body: Buffer) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(body as unknown as ArrayBuffer);
      return workbook.worksheets[0];
    };
    const summarySheet = await load((await exportSummary(summary, 'xlsx', 'fr')).body);
    const headerRows: number[] = [];
    summarySheet.eachRow((row, n) => {
      if (row.getCell(2).value === 'Demandes originales') headerRows.push(n);
    });
    expect(headerRows.length).toBeGreaterThan(0);
    for (const n of headerRows) expect(summarySheet.getRow(n).getCell(2).alignment?.wrapText).toBe(true);
    const detailed = await load((await exportDetailed(ctx, { scope, ...RANGE }, 'xlsx', 'fr')).body);
    expect(detailed.getRow(1).getCell(9).value).toBe('Dernière année d’études');
    expect(detailed.getRow(1).getCell(9).alignment?.wrapText).toBe(true);
  });
});
