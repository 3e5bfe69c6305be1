/**
 * Reading a database row into a typed value: every repository maps its rows with these, in one
 * function per row type, so a column that changes type or meaning fails loudly at the first read
 * instead of travelling on as the wrong type. Both databases give the same values (see db.ts):
 * bigint and numeric as numbers, dates as YYYY-MM-DD strings, timestamps as Date.
 */
import type { Row } from './db.js';
import { UnexpectedColumn } from './errors.js';

const unexpected = UnexpectedColumn;

export interface RowReader {
  text(column: string): string;
  textOrNull(column: string): string | null;
  /** A text column holding one of a fixed set of codes. */
  code<T extends string>(column: string, codes: readonly T[]): T;
  codeOrNull<T extends string>(column: string, codes: readonly T[]): T | null;
  /** A whole number (integer and bigint columns). */
  int(column: string): number;
  intOrNull(column: string): number | null;
  /** Any number (numeric and floating-point columns). */
  num(column: string): number;
  bool(column: string): boolean;
  time(column: string): Date;
  timeOrNull(column: string): Date | null;
  /** Bytes the query sent as base64 text (`encode(column, 'base64')`). */
  base64(column: string): Buffer;
  /** A jsonb column: the value as both drivers parse it. */
  json(column: string): unknown;
}

/** A typed reader over one row. */
export function read(row: Row): RowReader {
  const value = (column: string) => row[column];
  const reader: RowReader = {
    text(column) {
      const v = value(column);
      if (typeof v !== 'string') throw unexpected(column, 'text', v);
      return v;
    },
    textOrNull(column) {
      const v = value(column);
      return v === null || v === undefined ? null : reader.text(column);
    },
    code(column, codes) {
      const v = reader.text(column);
      if (!(codes as readonly string[]).includes(v)) throw unexpected(column, codes.join(' | '), v);
      return v as (typeof codes)[number];
    },
    codeOrNull(column, codes) {
      const v = value(column);
      return v === null || v === undefined ? null : reader.code(column, codes);
    },
    int(column) {
      const v = value(column);
      if (typeof v !== 'number' || !Number.isInteger(v)) throw unexpected(column, 'a whole number', v);
      return v;
    },
    num(column) {
      const v = value(column);
      if (typeof v !== 'number' || !Number.isFinite(v)) throw unexpected(column, 'a number', v);
      return v;
    },
    intOrNull(column) {
      const v = value(column);
      return v === null || v === undefined ? null : reader.int(column);
    },
    bool(column) {
      const v = value(column);
      if (typeof v !== 'boolean') throw unexpected(column, 'a boolean', v);
      return v;
    },
    time(column) {
      const v = value(column);
      if (!(v instanceof Date)) throw unexpected(column, 'a timestamp', v);
      return v;
    },
    timeOrNull(column) {
      const v = value(column);
      return v === null || v === undefined ? null : reader.time(column);
    },
    base64(column) {
      const v = value(column);
      if (typeof v !== 'string') throw unexpected(column, 'base64 text', v);
      return Buffer.from(v, 'base64');
    },
    json(column) {
      return value(column) ?? null;
    },
  };
  return reader;
}
