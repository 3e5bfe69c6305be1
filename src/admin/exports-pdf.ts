/**
 * The requests list as a landscape PDF table, with the school or board and the date in the header
 * and page numbers in the footer. Rendered in an export thread (src/reports/export-pool.ts) from
 * cells already written as text.
 */
import PDFDocument from 'pdfkit';
import { t, type Lang } from './i18n.js';
import { textHeight, useWeight, writeText } from '../reports/pdf-fonts.js';

export interface RequestsPdfJob {
  kind: 'requests';
  lang: Lang;
  heading: string;
  subtitle: string;
  generatedAt: string;
  columns: Array<{ id: string; label: string }>;
  rows: string[][];
  /** Set when the list had more rows than a PDF holds: the count written. */
  truncatedAt?: number;
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

export function renderRequestsPdf(src: RequestsPdfJob): Promise<Buffer> {
  const columns = src.columns;
  const doc = new PDFDocument({
    size: 'LETTER',
    layout: 'landscape',
    margin: 36,
    bufferPages: true,
    info: { Title: `${src.heading} — ${src.subtitle}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = doc.page.height - doc.page.margins.bottom - 18;
  const total = columns.reduce((s, c) => s + (WEIGHTS[c.id] ?? 1), 0);
  const widths = columns.map((c) => ((WEIGHTS[c.id] ?? 1) / total) * width);
  const rowHeight = 22;
  const padding = 4;
  let y = 0;

  /** Each cell wraps within its column (never cut, never over its neighbour). */
  const cellOptions = (i: number) => ({ width: widths[i] - 6, lineGap: 0 });
  const heightOf = (cells: string[]) =>
    Math.max(rowHeight, ...cells.map((c, i) => textHeight(doc, c, cellOptions(i)) + padding * 2));
  const writeCells = (cells: string[]) => {
    let x = left;
    cells.forEach((cell, i) => {
      writeText(doc, cell, x + 3, y + padding, cellOptions(i));
      x += widths[i];
    });
  };

  const labels = columns.map((c) => c.label);
  const header = () => {
    useWeight(doc, 'bold').fontSize(13).fillColor('#1b2a4a');
    writeText(doc, src.heading, left, 36, { width, lineBreak: false, ellipsis: true });
    useWeight(doc, 'regular').fontSize(9).fillColor('#333');
    writeText(doc, `${src.subtitle} — ${src.generatedAt}`, left, 54, { width, lineBreak: false });
    y = 72;
    useWeight(doc, 'bold').fontSize(7.5);
    const height = heightOf(labels);
    doc.rect(left, y, width, height).fill('#1b2a4a');
    doc.fillColor('#ffffff');
    writeCells(labels);
    y += height;
    useWeight(doc, 'regular').fontSize(7.5).fillColor('#111');
  };

  header();
  src.rows.forEach((row, index) => {
    const cells = row;
    const height = heightOf(cells);
    if (y + height > bottom) {
      doc.addPage();
      header();
    }
    if (index % 2 === 1) {
      doc.rect(left, y, width, height).fill('#eef1f6');
      doc.fillColor('#111');
    }
    writeCells(cells);
    y += height;
  });
  if (src.rows.length === 0) writeText(doc, t(src.lang, 'noRows'), left, y + 6);
  if (src.truncatedAt !== undefined) {
    useWeight(doc, 'bold');
    writeText(doc, t(src.lang, 'exportTruncated', { n: src.truncatedAt }), left, Math.min(y + 6, bottom));
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    useWeight(doc, 'regular').fontSize(8).fillColor('#555');
    const label = t(src.lang, 'pdfPage', { n: i + 1, count: range.count });
    // Written inside the bottom margin: lift the margin so pdfkit does not open a new page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    writeText(doc, label, left, doc.page.height - 28, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
