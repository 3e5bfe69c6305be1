/**
 * The detailed report's CSV and XLSX are written as the rows are read, and stop at the format's
 * row limit with a last line saying so when rows arrived after the count that admitted them.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { createTestStore, type TestStore } from '../support/db.js';
import { aRequest } from '../support/requests.js';
import { detailedReport, EXPORT_MAX_ROWS, streamDetailed } from '../../src/reports/index.js';
import type { AppContext } from '../../src/context.js';
import { loadDataset, RANGE } from './dataset.js';

let store: TestStore;
let ctx: AppContext;
let scope: { boardId: number };

beforeAll(async () => {
  store = await createTestStore('reports_export_stream');
  const loaded = await loadDataset(store);
  ctx = loaded.ctx;
  scope = { boardId: loaded.schools.board.id };
});
afterAll(async () => store?.destroy());

/** A slow reader: takes one small chunk at a time, so the writer must wait for it. */
function slowSink(): { out: Writable; chunks: Buffer[] } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    highWaterMark: 256,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      setImmediate(done);
    },
  });
  return { out, chunks };
}

describe('streamed detailed downloads', () => {
  it('CSV: written in pieces as it is read, every row, formulas neutralised', async () => {
    const page = await detailedReport(ctx, { scope, ...RANGE, page: 1 });
    const file = await streamDetailed(ctx, { scope, ...RANGE }, 'csv', 'en');
    expect(file.filename).toBe('detailed-report_2026-03-02_2026-03-15.csv');
    const { out, chunks } = slowSink();
    await file.write(out);
    expect(chunks.length).toBeGreaterThan(1);
    const body = Buffer.concat(chunks);
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records: string[][] = parse(body, { bom: true, relax_column_count: true });
    expect(records).toHaveLength(page.total + 1);
    expect(records.slice(1).map((r) => r[1])).toEqual(page.rows.map((r) => r.referenceNumber));
  });

  it('stops at the row limit with a last line saying so, in CSV and in XLSX', async () => {
    const page = await detailedReport(ctx, { scope, ...RANGE, page: 1 });
    const saved = { ...EXPORT_MAX_ROWS };
    try {
      EXPORT_MAX_ROWS.csv = page.total;
      EXPORT_MAX_ROWS.xlsx = page.total;
      const csv = await streamDetailed(ctx, { scope, ...RANGE }, 'csv', 'fr');
      const xlsx = await streamDetailed(ctx, { scope, ...RANGE }, 'xlsx', 'en');
      // A request paid in the range arrives between the count and the download.
      await store.requests.create(
        aRequest({ referenceNumber: 'H20260310999999', requestedAt: RANGE.from, schoolBsid: '900001' }),
      );
      const csvSink = slowSink();
      await csv.write(csvSink.out);
      const records: string[][] = parse(Buffer.concat(csvSink.chunks), {
        bom: true,
        relax_column_count: true,
      });
      expect(records).toHaveLength(page.total + 2);
      expect(records.at(-1)).toEqual([
        `Téléchargement arrêté à ${page.total} lignes : choisissez une période plus courte pour obtenir les autres.`,
      ]);

      const xlsxSink = slowSink();
      await xlsx.write(xlsxSink.out);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.concat(xlsxSink.chunks) as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      expect(sheet.rowCount).toBe(page.total + 2);
      expect(sheet.getRow(page.total + 2).getCell(1).value).toBe(
        `Download stopped at ${page.total} rows: choose a shorter date range to get the others.`,
      );
    } finally {
      Object.assign(EXPORT_MAX_ROWS, saved);
    }
  });
});
