/**
 * Downloads of the reports: PDF (pdfkit), XLSX (exceljs) and CSV (csv-stringify, with a UTF-8
 * BOM so spreadsheet programs read accents right). The summary's lines are laid out once
 * (summaryLines) and written by each format, so a download shows exactly the figures of the page.
 * The detailed export reads every row of the range in batches; its CSV and XLSX are written to the
 * response as the rows come (streamDetailed), never whole in memory, and stop at the format's row
 * limit with a last line saying so.
 */
import { PassThrough, type Writable } from 'node:stream';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { stringify as csvStream } from 'csv-stringify';
import type { AppContext } from '../context.js';
import { DETAILED_COLUMNS, OUTCOMES, OUTCOME_LABELS, REPORT_TEXT } from './labels.js';
import { formatDate, formatDays, formatMoney, formatMonth, formatShare, type Lang } from './format.js';
import { detailedRows, type DetailedQuery, type DetailedRow } from './detailed.js';
import type { SummaryReport } from './summary.js';
import { ExportTooLarge, ExportUnavailable, InvalidReportFormat } from './errors.js';
import { checkRange } from './scope.js';
import { exportPool } from './export-pool.js';
import { WorkerJobError } from '../workers/pool.js';
import { neutraliseFormula } from '../text/spreadsheet.js';
import { textHeight, useWeight, writeText } from './pdf-fonts.js';

export type ExportFormat = 'pdf' | 'xlsx' | 'csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['pdf', 'xlsx', 'csv'];

export interface ExportFile {
  body: Buffer;
  contentType: string;
  filename: string;
}

export interface ExportOptions {
  /** Leave PDF content streams uncompressed (tests read the text back). Default: compressed. */
  compressPdf?: boolean;
  /** Render PDF and XLSX on this thread instead of the export threads (inside those threads). */
  inline?: boolean;
}

/** Rows an export may hold, by format: beyond, a clear refusal before any rendering. */
export const EXPORT_MAX_ROWS: Record<ExportFormat, number> = { csv: 200_000, xlsx: 50_000, pdf: 10_000 };

/** A PDF or XLSX rendering job, done in an export thread (src/workers/render-worker.ts). */
export type RenderJob =
  | { kind: 'summary'; format: 'pdf' | 'xlsx'; lines: Line[]; lang: Lang; options: ExportOptions }
  | {
      kind: 'detailed';
      format: 'pdf';
      rows: DetailedRow[];
      q: { from: string; to: string };
      lang: Lang;
      options: ExportOptions;
    };

async function* fromArray<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/** Renders a PDF or XLSX job on this thread. */
export async function renderExport(job: RenderJob): Promise<Buffer> {
  const options = { ...job.options, inline: true };
  if (job.kind === 'summary')
    return job.format === 'xlsx' ? summaryXlsx(job.lines, job.lang) : summaryPdf(job.lines, options);
  return detailedPdf(fromArray(job.rows), job.q as DetailedQuery, job.lang, options);
}

async function rendered(job: RenderJob): Promise<Buffer> {
  if (job.options.inline) return renderExport(job);
  try {
    const bytes = await exportPool().run<Uint8Array>(job);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    if (error instanceof WorkerJobError) throw ExportUnavailable(error.reason);
    throw error;
  }
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export type LineStyle = 'title' | 'note' | 'header' | 'level0' | 'level1' | 'total' | 'figure' | 'blank';
export interface Line {
  style: LineStyle;
  cells: Array<string | number>;
}

function checkFormat(format: string): asserts format is ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw InvalidReportFormat(format);
}

const rangeText = (s: SummaryReport, lang: Lang) =>
  `${REPORT_TEXT.range[lang]}${lang === 'fr' ? '\u00a0:' : ':'} ${formatDate(s.range.from)} ${REPORT_TEXT.to[lang]} ${formatDate(s.range.to)}`;

/** The summary as lines of cells; counts stay numbers, the average and the share are written as on the page. */
export function summaryLines(s: SummaryReport, lang: Lang): Line[] {
  const label = (r: { labelFr: string; labelEn: string }) => (lang === 'fr' ? r.labelFr : r.labelEn);
  return [
    { style: 'title', cells: [REPORT_TEXT.summaryTitle[lang]] },
    { style: 'note', cells: [rangeText(s, lang)] },
    { style: 'note', cells: [REPORT_TEXT.rangeNote[lang]] },
    { style: 'blank', cells: [] },
    {
      style: 'header',
      cells: [REPORT_TEXT.heading[lang], REPORT_TEXT.original[lang], REPORT_TEXT.reissue[lang]],
    },
    ...s.rows.map((r): Line => ({
      style: r.level === 0 ? 'level0' : 'level1',
      cells: [label(r), r.original, r.reissue],
    })),
    { style: 'total', cells: [REPORT_TEXT.total[lang], s.total.original, s.total.reissue] },
    { style: 'figure', cells: [REPORT_TEXT.averageDays[lang], formatDays(s.averageProcessingDays, lang)] },
    { style: 'figure', cells: [REPORT_TEXT.autoShare[lang], formatShare(s.autoShare, lang)] },
    { style: 'blank', cells: [] },
    {
      style: 'header',
      cells: [REPORT_TEXT.perSchool[lang], REPORT_TEXT.original[lang], REPORT_TEXT.reissue[lang]],
    },
    ...s.perSchool.map((p): Line => ({ style: 'level1', cells: [p.schoolName, p.original, p.reissue] })),
    { style: 'total', cells: [REPORT_TEXT.total[lang], s.total.original, s.total.reissue] },
    { style: 'blank', cells: [] },
    { style: 'header', cells: [REPORT_TEXT.weekOf[lang], ...OUTCOMES.map((o) => OUTCOME_LABELS[o][lang])] },
    ...s.weekly.map((w): Line => ({
      style: 'level1',
      cells: [formatDate(w.weekStart), ...OUTCOMES.map((o) => w.outcomes[o] ?? 0)],
    })),
  ];
}

function fileName(
  kind: 'summary' | 'detailed',
  range: { from: string; to: string },
  format: ExportFormat,
  lang: Lang,
): string {
  const base =
    kind === 'summary'
      ? lang === 'fr'
        ? 'rapport-sommaire'
        : 'summary-report'
      : lang === 'fr'
        ? 'rapport-detaille'
        : 'detailed-report';
  return `${base}_${range.from}_${range.to}.${format}`;
}

export async function exportSummary(
  summary: SummaryReport,
  format: ExportFormat,
  lang: Lang,
  options: ExportOptions = {},
): Promise<ExportFile> {
  checkFormat(format);
  const lines = summaryLines(summary, lang);
  let body: Buffer;
  if (format === 'csv')
    body = Buffer.from(
      csvOf(
        lines.filter((l) => l.style !== 'blank').map((l) => l.cells),
        true,
      ),
      'utf8',
    );
  else body = await rendered({ kind: 'summary', format, lines, lang, options });
  return {
    body,
    contentType: CONTENT_TYPES[format],
    filename: fileName('summary', summary.range, format, lang),
  };
}

/** A download written as it is read: headers first, then `write` streams the body into `out`. */
export interface ExportStream {
  contentType: string;
  filename: string;
  write(out: Writable): Promise<void>;
}

/** Rows between two yields of the request thread while an XLSX is written on it. */
const ROWS_PER_TURN = 500;

const truncatedLine = (max: number, lang: Lang) => REPORT_TEXT.truncated[lang].replace('{n}', String(max));

/**
 * The detailed report as CSV or XLSX, streamed: refused before anything is written when the range
 * holds more rows than the format allows (ETMS_E_EXPORT_TOO_LARGE); rows added since the count
 * stop at the limit too, with a last line saying so.
 */
export async function streamDetailed(
  ctx: AppContext,
  q: DetailedQuery,
  format: 'csv' | 'xlsx',
  lang: Lang,
): Promise<ExportStream> {
  checkFormat(format);
  const range = { scope: q.scope, ...checkRange(q.from, q.to) };
  const max = EXPORT_MAX_ROWS[format];
  const count = await ctx.store.reports.count(range);
  if (count > max) throw ExportTooLarge(count, max, format);
  return {
    contentType: CONTENT_TYPES[format],
    filename: fileName('detailed', q, format, lang),
    write: (out) =>
      format === 'csv'
        ? detailedCsv(detailedRows(ctx, q), lang, max, out)
        : detailedXlsx(detailedRows(ctx, q), lang, max, out),
  };
}

async function collected(file: ExportStream): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  await file.write(sink);
  if (!sink.writableFinished) await once(sink, 'finish');
  return Buffer.concat(chunks);
}

export async function exportDetailed(
  ctx: AppContext,
  q: DetailedQuery,
  format: ExportFormat,
  lang: Lang,
  options: ExportOptions = {},
): Promise<ExportFile> {
  checkFormat(format);
  if (format !== 'pdf') {
    const file = await streamDetailed(ctx, q, format, lang);
    return { body: await collected(file), contentType: file.contentType, filename: file.filename };
  }
  const range = { scope: q.scope, ...checkRange(q.from, q.to) };
  const count = await ctx.store.reports.count(range);
  if (count > EXPORT_MAX_ROWS[format]) throw ExportTooLarge(count, EXPORT_MAX_ROWS[format], format);
  const rows = detailedRows(ctx, q);
  let body: Buffer;
  {
    const all: DetailedRow[] = [];
    for await (const row of rows) if (all.push(row) > EXPORT_MAX_ROWS[format]) break;
    body = await rendered({
      kind: 'detailed',
      format,
      rows: all,
      q: { from: q.from, to: q.to },
      lang,
      options,
    });
  }
  return { body, contentType: CONTENT_TYPES[format], filename: fileName('detailed', q, format, lang) };
}

// ---- CSV ----

function csvOf(records: Array<Array<string | number>>, bom: boolean): string {
  return stringify(
    records.map((r) => r.map((cell) => neutraliseFormula(cell))),
    { bom },
  );
}

/** The detailed row as the page shows it, in the column order of the guide. */
export function detailedCells(row: DetailedRow, lang: Lang): Array<string | number> {
  return [
    row.applicationNumber ?? '',
    row.referenceNumber,
    formatDate(row.paymentDate),
    row.firstName ?? '',
    row.lastName ?? '',
    formatDate(row.birthDate),
    row.studentNumber ?? '',
    row.source,
    formatMonth(row.dateLastAttended, lang),
    row.transcriptCount,
    formatMoney(row.amountCollected, lang),
  ];
}

async function detailedCsv(
  rows: AsyncIterable<DetailedRow>,
  lang: Lang,
  max: number,
  out: Writable,
): Promise<void> {
  const csv = csvStream({ bom: true });
  const written = pipeline(csv, out);
  const put = async (cells: Array<string | number>) => {
    if (!csv.write(cells.map((cell) => neutraliseFormula(cell)))) await once(csv, 'drain');
  };
  try {
    await put(DETAILED_COLUMNS.map((c) => c[lang]));
    let n = 0;
    for await (const row of rows) {
      if (csv.destroyed) break;
      if (n++ >= max) {
        await put([truncatedLine(max, lang)]);
        break;
      }
      // The amount is a bare number (no currency sign) so a spreadsheet can add it up, with the
      // decimal comma in French as a French spreadsheet reads it.
      const cells = detailedCells(row, lang);
      const amount = row.amountCollected.toFixed(2);
      cells[10] = lang === 'fr' ? amount.replace('.', ',') : amount;
      await put(cells);
    }
  } finally {
    csv.end();
    await written;
  }
}

// ---- XLSX ----

async function summaryXlsx(lines: Line[], lang: Lang): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'eTMS';
  const sheet = workbook.addWorksheet(REPORT_TEXT.summaryTitle[lang]);
  sheet.getColumn(1).width = 60;
  for (let c = 2; c <= 1 + OUTCOMES.length; c++) sheet.getColumn(c).width = 18;
  for (const line of lines) {
    const row = sheet.addRow(line.cells);
    if (line.style === 'title') row.font = { bold: true, size: 14 };
    if (line.style === 'header' || line.style === 'level0' || line.style === 'total')
      row.font = { bold: true };
    // A header wraps within its cell rather than being cut by the next one.
    if (line.style === 'header') row.alignment = { wrapText: true, vertical: 'bottom' };
    if (line.style === 'level1') row.getCell(1).alignment = { indent: 2 };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function detailedXlsx(
  rows: AsyncIterable<DetailedRow>,
  lang: Lang,
  max: number,
  out: Writable,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(REPORT_TEXT.detailedTitle[lang]);
  sheet.columns = DETAILED_COLUMNS.map((c) => ({
    header: c[lang],
    key: c.key,
    width: c.key === 'source' ? 36 : 18,
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).alignment = { wrapText: true, vertical: 'bottom' };
  sheet.getRow(1).commit();
  let n = 0;
  for await (const row of rows) {
    if (out.destroyed) break;
    if (n++ >= max) {
      const last = sheet.addRow([truncatedLine(max, lang)]);
      last.font = { bold: true };
      last.commit();
      break;
    }
    const cells = detailedCells(row, lang);
    const added = sheet.addRow([...cells.slice(0, 10), row.amountCollected]);
    added.getCell(11).numFmt = lang === 'fr' ? '#,##0.00 "$"' : '"$"#,##0.00';
    added.commit();
    // Written on the request thread: let the other requests through now and then.
    if (n % ROWS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  await workbook.commit();
  if (!out.writableFinished && !out.destroyed) await once(out, 'finish');
}

// ---- PDF ----

function pdfBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

async function summaryPdf(lines: Line[], options: ExportOptions): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 48,
    compress: options.compressPdf ?? true,
    info: { Title: String(lines[0].cells[0]), Producer: 'eTMS' },
  });
  const out = pdfBuffer(doc);
  const left = doc.page.margins.left;
  const bottom = doc.page.height - doc.page.margins.bottom;
  let y = doc.page.margins.top;
  for (const line of lines) {
    const wide = line.cells.length > 3;
    // DejaVu Sans sets wider than Helvetica did: 9 pt and a wider label column keep each label on one line.
    const fontSize = line.style === 'title' ? 15 : wide ? 7 : 9;
    const rowHeight = line.style === 'blank' ? 8 : fontSize + 6;
    if (y + rowHeight > bottom) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    if (line.style === 'blank') {
      y += rowHeight;
      continue;
    }
    const bold =
      line.style === 'title' || line.style === 'header' || line.style === 'level0' || line.style === 'total';
    useWeight(doc, bold ? 'bold' : 'regular').fontSize(fontSize);
    if (line.style === 'title' || line.style === 'note') {
      writeText(doc, String(line.cells[0]), left, y, { lineBreak: false });
      y += rowHeight;
      continue;
    }
    // Label column, then figures right-aligned in fixed columns. Every cell wraps within its
    // column (never cut, never over its neighbour): the line is as tall as its tallest cell.
    const labelWidth = wide ? 70 : 350;
    const figureWidth = wide ? (doc.page.width - left * 2 - labelWidth) / (line.cells.length - 1) : 80;
    const indent = line.style === 'level1' && !wide ? 14 : 0;
    const cells = line.cells.map((cell, i) => ({
      text: String(cell),
      x: i === 0 ? left + indent : left + labelWidth + (i - 1) * figureWidth,
      width: i === 0 ? labelWidth - indent - 4 : figureWidth - 4,
      align: i === 0 ? ('left' as const) : ('right' as const),
    }));
    const height = Math.max(
      rowHeight,
      ...cells.map((c) => textHeight(doc, c.text, { width: c.width, lineGap: 0 }) + 6),
    );
    if (y + height > bottom) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    for (const c of cells) writeText(doc, c.text, c.x, y, { width: c.width, align: c.align, lineGap: 0 });
    if (line.style === 'total' || line.style === 'header')
      doc
        .moveTo(left, y + height - 3)
        .lineTo(doc.page.width - left, y + height - 3)
        .lineWidth(0.5)
        .stroke();
    y += height;
  }
  doc.end();
  return out;
}

async function detailedPdf(
  rows: AsyncIterable<DetailedRow>,
  q: DetailedQuery,
  lang: Lang,
  options: ExportOptions,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    layout: 'landscape',
    margin: 32,
    compress: options.compressPdf ?? true,
    // Pages stay open until the end so each can say « Page n de N ».
    bufferPages: true,
    info: { Title: REPORT_TEXT.detailedTitle[lang], Producer: 'eTMS' },
  });
  const out = pdfBuffer(doc);
  // The count column holds « transcripts » in DejaVu Sans Bold on one line.
  const widths = [62, 72, 50, 62, 72, 50, 62, 110, 48, 46, 50];
  const left = doc.page.margins.left;
  const bottom = doc.page.height - doc.page.margins.bottom;
  const rowHeight = 11;
  let y = 0;
  const header = () => {
    y = doc.page.margins.top;
    useWeight(doc, 'bold').fontSize(12);
    writeText(doc, REPORT_TEXT.detailedTitle[lang], left, y, { lineBreak: false });
    y += 16;
    useWeight(doc, 'regular').fontSize(8);
    writeText(
      doc,
      `${REPORT_TEXT.range[lang]}${lang === 'fr' ? '\u00a0:' : ':'} ${formatDate(q.from)} ${REPORT_TEXT.to[lang]} ${formatDate(q.to)}`,
      left,
      y,
      { lineBreak: false },
    );
    y += 14;
    useWeight(doc, 'bold').fontSize(6.5);
    y += cellsRow(DETAILED_COLUMNS.map((c) => c[lang])) + 2;
    useWeight(doc, 'regular').fontSize(6.5);
  };
  /** Writes one line of cells, each wrapped within its column (never cut); returns its height. */
  const cellsRow = (cells: Array<string | number>, align?: (i: number) => 'left' | 'right'): number => {
    let x = left;
    let height = rowHeight;
    cells.forEach((cell, i) => {
      const text = String(cell);
      const options = { width: widths[i] - 3, lineGap: 0, align: align?.(i) ?? 'left' };
      height = Math.max(height, textHeight(doc, text, options) + 2);
      writeText(doc, text, x, y, options);
      x += widths[i];
    });
    return height;
  };
  const measure = (cells: Array<string | number>): number =>
    Math.max(
      rowHeight,
      ...cells.map((cell, i) => textHeight(doc, String(cell), { width: widths[i] - 3, lineGap: 0 }) + 2),
    );
  header();
  for await (const row of rows) {
    const cells = detailedCells(row, lang);
    if (y + measure(cells) > bottom) {
      doc.addPage();
      header();
    }
    y += cellsRow(cells, (i) => (i >= 9 ? 'right' : 'left'));
  }
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Written inside the bottom margin: lift it for this text so pdfkit does not add a page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    useWeight(doc, 'regular').fontSize(7);
    writeText(
      doc,
      lang === 'fr' ? `Page ${i + 1} de ${count}` : `Page ${i + 1} of ${count}`,
      left,
      doc.page.height - margin + 10,
      { width: doc.page.width - left * 2, align: 'right', lineBreak: false },
    );
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return out;
}
