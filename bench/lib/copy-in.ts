/**
 * Bulk load for the load benchmarks: `COPY table (columns) FROM STDIN` (text format) fed from lines,
 * on PostgreSQL (pg-copy-streams) or PGlite (a Blob per chunk); a million rows go in seconds
 * instead of minutes.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../../src/store/db.js';

const CHUNK_LINES = 50_000;
const SAFE_NAME = /^[a-z_][a-z0-9_]*$/;

function copySql(table: string, columns: readonly string[], source: string): string {
  for (const name of [table, ...columns])
    if (!SAFE_NAME.test(name)) throw new Error(`Invalid table or column name for COPY: ${name}`);
  return `COPY ${table} (${columns.join(', ')}) FROM ${source}`;
}

export async function copyIn(
  db: Db,
  table: string,
  columns: readonly string[],
  lines: Iterable<string> | AsyncIterable<string>,
): Promise<void> {
  if (db.pool) {
    const client = await db.pool.connect();
    try {
      await pipeline(Readable.from(lines), client.query(copyFrom(copySql(table, columns, 'STDIN'))));
    } finally {
      client.release();
    }
    return;
  }
  const lite = db.lite;
  if (!lite) throw new Error('copyIn needs PostgreSQL or PGlite');
  // PGlite reads COPY input from a Blob: load in chunks so memory stays flat.
  const sql = copySql(table, columns, "'/dev/blob'");
  let chunk: string[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    await lite.query(sql, [], { blob: new Blob(chunk) });
    chunk = [];
  };
  for await (const line of lines) {
    chunk.push(line);
    if (chunk.length >= CHUNK_LINES) await flush();
  }
  await flush();
}
