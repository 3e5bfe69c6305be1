import { describe, expect, it } from 'vitest';
import { read } from '../../src/store/row.js';

describe('reading a row', () => {
  const at = new Date('2026-03-02T14:00:00Z');
  const row = read({
    name: 'Nord',
    none: null,
    n: 42,
    amount: 12.5,
    flag: true,
    at,
    status: 'PAPER_SENT',
    content: Buffer.from([1, 2]).toString('base64'),
    doc: { a: 1 },
  });

  it('gives each column as its type, absent values as null', () => {
    expect(row.text('name')).toBe('Nord');
    expect(row.textOrNull('none')).toBeNull();
    expect(row.textOrNull('missing')).toBeNull();
    expect(row.int('n')).toBe(42);
    expect(row.num('amount')).toBe(12.5);
    expect(row.bool('flag')).toBe(true);
    expect(row.time('at')).toBe(at);
    expect(row.code('status', ['PAPER_SENT', 'CANCELLED'] as const)).toBe('PAPER_SENT');
    expect(row.base64('content')).toEqual(Buffer.from([1, 2]));
    expect(row.json('doc')).toEqual({ a: 1 });
    expect(row.json('none')).toBeNull();
  });

  it('refuses a value of another type or outside its codes, naming the column', () => {
    expect(() => row.text('n')).toThrow(expect.objectContaining({ code: 'ETMS_E_DB_ROW' }));
    expect(() => row.int('amount')).toThrow(/amount/);
    expect(() => row.int('name')).toThrow(/name/);
    expect(() => row.time('name')).toThrow(/timestamp/);
    expect(() => row.base64('n')).toThrow(/base64/);
    expect(() => row.code('name', ['PAPER_SENT'] as const)).toThrow(/PAPER_SENT/);
    expect(() => row.text('none')).toThrow(/none/);
  });
});
