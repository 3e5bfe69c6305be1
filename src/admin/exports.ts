/**
 * « Télécharger vers : CSV / PDF » — every row of the current tab or search, streamed from the
 * store page by page. CSV starts with a UTF-8 BOM so Excel reads the accents; the PDF is a landscape
 * table with the school or board and the date in the header and page numbers in the footer.
 */
import type { Response } from 'express';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import PDFDocument from 'pdfkit';
import type { TranscriptRequest } from '../domain/request.js';
import type { CellEnv, Column } from './columns.js';
import { EXPORT_DETAILS } from './columns.js';
import { t, type Lang } from './i18n.js';
import { neutraliseFormula } from '../text/spreadsheet.js';

export interface ExportSource {
  rows: AsyncIterable<TranscriptRequest>;
  columns: Column[];
  /** Prepares what the cells need (ages) for a batch of rows. */
  prepare(rows: TranscriptRequest[]): Promise<void>;
  env: CellEnv;
  lang: Lang;
  /** Board or school name for the PDF header. */
  heading: string;
  /** What the export holds (tab name or « Recherche »). */
  subtitle: string;
  generatedAt: string;
  filename: string;
}

async function* batches<T>(source: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of source) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

export async function sendCsv(res: Response, src: ExportSource): Promise<void> {
  const columns = src.columns.filter((c) => c.text);
  const labels = new Set(columns.map((c) => c.label));
  const details = EXPORT_DETAILS.filter((d) => !labels.has(d.label));
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${src.filename}.csv"`);
  const csv = stringify({
    bom: true,
    header: true,
    columns: [...columns.map((c) => t(src.lang, c.label)), ...details.map((d) => t(src.lang, d.label))],
  });
  csv.pipe(res);
  for await (const batch of batches(src.rows, 500)) {
    await src.prepare(batch);
    for (const r of batch) {
      const ok = csv.write(
        [...columns.map((c) => c.text!(r, src.env)), ...details.map((d) => d.text(r, src.lang))].map((cell) =>
          neutraliseFormula(cell),
        ),
      );
      if (!ok) await once(csv, 'drain');
    }
  }
  csv.end();
  await once(res, 'finish');
}

const WEIGHTS: Record<string, number> = {
  requestedAt: 1,
  age: 0.9,
  referenceNumber: 1.6,
  name: 2,
  requestType: 1,
  source: 2.2,
  dateLastAttended: 1.1,
  sendTiming: 2,
  status: 1.8,
  lastUpdatedBy: 1.3,
  completedAt: 1,
};

export async function sendPdf(res: Response, src: ExportSource): Promise<void> {
  const columns = src.columns.filter((c) => c.text);
  const doc = new PDFDocument({
    size: 'LETTER',
    layout: 'landscape',
    margin: 36,
    bufferPages: true,
    info: { Title: `${src.heading} — ${src.subtitle}` },
  });
  res.status(200);
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', `attachment; filename="${src.filename}.pdf"`);
  doc.pipe(res);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = doc.page.height - doc.page.margins.bottom - 18;
  const total = columns.reduce((s, c) => s + (WEIGHTS[c.id] ?? 1), 0);
  const widths = columns.map((c) => ((WEIGHTS[c.id] ?? 1) / total) * width);
  const rowHeight = 22;
  let y = 0;

  const header = () => {
    doc.font('Helvetica-Bold').fontSize(13).fillColor('#1b2a4a').text(src.heading, left, 36, { width });
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor('#333')
      .text(`${src.subtitle} — ${src.generatedAt}`, left, 54, { width });
    y = 72;
    doc.rect(left, y, width, rowHeight).fill('#1b2a4a');
    let x = left;
    doc.font('Helvetica-Bold').fontSize(7.5).fillColor('#ffffff');
    columns.forEach((c, i) => {
      doc.text(t(src.lang, c.label), x + 3, y + 4, {
        width: widths[i] - 6,
        height: rowHeight - 4,
        ellipsis: true,
      });
      x += widths[i];
    });
    y += rowHeight;
    doc.font('Helvetica').fontSize(7.5).fillColor('#111');
  };

  header();
  let index = 0;
  for await (const batch of batches(src.rows, 500)) {
    await src.prepare(batch);
    for (const r of batch) {
      if (y + rowHeight > bottom) {
        doc.addPage();
        header();
      }
      if (index % 2 === 1) {
        doc.rect(left, y, width, rowHeight).fill('#eef1f6');
        doc.fillColor('#111');
      }
      let x = left;
      columns.forEach((c, i) => {
        doc.text(c.text!(r, src.env), x + 3, y + 4, {
          width: widths[i] - 6,
          height: rowHeight - 4,
          ellipsis: true,
        });
        x += widths[i];
      });
      y += rowHeight;
      index++;
    }
  }
  if (index === 0) doc.text(t(src.lang, 'noRows'), left, y + 6);
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.font('Helvetica').fontSize(8).fillColor('#555');
    const label = t(src.lang, 'pdfPage', { n: i + 1, count: range.count });
    // Written inside the bottom margin: lift the margin so pdfkit does not open a new page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.text(label, left, doc.page.height - 28, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  await once(res, 'finish');
}
