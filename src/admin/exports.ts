/**
 * « Télécharger vers : CSV / PDF » — every row of the current tab or search, streamed from the
 * store page by page. CSV starts with a UTF-8 BOM so Excel reads the accents; the PDF is a landscape
 * table with the school or board and the date in the header and page numbers in the footer.
 */
import type { Response } from 'express';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import type { TranscriptRequest } from '../domain/request.js';
import type { CellEnv, Column } from './columns.js';
import { EXPORT_DETAILS } from './columns.js';
import { t, type Lang } from './i18n.js';
import { neutraliseFormula } from '../text/spreadsheet.js';
import { exportPool } from '../reports/export-pool.js';
import { ExportUnavailable } from '../reports/errors.js';
import { WorkerJobError } from '../workers/pool.js';
import type { RequestsPdfJob } from './exports-pdf.js';

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
  let written = 0;
  outer: for await (const batch of batches(src.rows, 500)) {
    await src.prepare(batch);
    for (const r of batch) {
      if (written++ >= REQUESTS_EXPORT_MAX_ROWS.csv) {
        csv.write([t(src.lang, 'exportTruncated', { n: REQUESTS_EXPORT_MAX_ROWS.csv })]);
        break outer;
      }
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

/** Rows a requests export holds, by format; a longer list ends with a line saying so. */
export const REQUESTS_EXPORT_MAX_ROWS = { csv: 200_000, pdf: 5_000 };

export async function sendPdf(res: Response, src: ExportSource): Promise<void> {
  const columns = src.columns.filter((c) => c.text);
  const rows: string[][] = [];
  let truncatedAt: number | undefined;
  outer: for await (const batch of batches(src.rows, 500)) {
    await src.prepare(batch);
    for (const r of batch) {
      if (rows.length >= REQUESTS_EXPORT_MAX_ROWS.pdf) {
        truncatedAt = rows.length;
        break outer;
      }
      rows.push(columns.map((c) => c.text!(r, src.env)));
    }
  }
  const job: RequestsPdfJob = {
    kind: 'requests',
    lang: src.lang,
    heading: src.heading,
    subtitle: src.subtitle,
    generatedAt: src.generatedAt,
    columns: columns.map((c) => ({ id: c.id, label: t(src.lang, c.label) })),
    rows,
    truncatedAt,
  };
  let body: Buffer;
  try {
    const bytes = await exportPool().run<Uint8Array>(job);
    body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    if (error instanceof WorkerJobError) throw ExportUnavailable(error.reason);
    throw error;
  }
  res.status(200);
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', `attachment; filename="${src.filename}.pdf"`);
  res.send(body);
}
