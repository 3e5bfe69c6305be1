import { describe, expect, it } from 'vitest';
import { decodeUtf8, firstNonUtf8Byte, forEachCsvRecord, parseCsv } from '../../src/matching/csv.js';

function records(text: string, delimiter: ',' | ';' = ','): Array<[number, string[]]> {
  const out: Array<[number, string[]]> = [];
  forEachCsvRecord(text, 'f.csv', delimiter, (fields, line) => out.push([line, fields]));
  return out;
}

describe('forEachCsvRecord', () => {
  it('splits plain lines and keeps their line numbers, skipping blank lines', () => {
    expect(records('a,b\n1,2\n\n3,4\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [4, ['3', '4']],
    ]);
  });
  it('reads CRLF, a lone CR and a last line without a line break', () => {
    expect(records('a,b\r\n1,2\r3,4\r\n\r\n5,6')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [3, ['3', '4']],
      [5, ['5', '6']],
    ]);
  });
  it('reads quoted lines between plain ones, with line breaks inside quotes counted', () => {
    const text = 'a,b\n1,"x, ""y""\nz"\n2,3\n"4",5\n';
    expect(records(text)).toEqual([
      [1, ['a', 'b']],
      [2, ['1', 'x, "y"\nz']],
      [4, ['2', '3']],
      [5, ['4', '5']],
    ]);
  });
  it('keeps empty fields at both ends and splits on the delimiter given', () => {
    expect(records(',a;b,\n', ';')).toEqual([[1, [',a', 'b,']]]);
    expect(records(',a,\n')).toEqual([[1, ['', 'a', '']]]);
  });
  it('names the line of a broken quote after plain lines', () => {
    expect(() => records('a,b\n1,2\n3,"oops\n')).toThrow(/line 3/);
    expect(() => records('a,b\n1,"x"y\n')).toThrow(/line 2, character 6/);
  });
});

describe('parseCsv', () => {
  it('gives the same table whatever the line endings', () => {
    const lf = parseCsv('Student_Number;Name\n1;"A;B"\n2;C\n', 'f.csv');
    const crlf = parseCsv('Student_Number;Name\r\n1;"A;B"\r\n2;C\r\n', 'f.csv');
    expect(lf).toEqual(crlf);
    expect(lf.delimiter).toBe(';');
    expect(lf.header).toEqual(['student_number', 'name']);
    expect(lf.records).toEqual([
      { line: 2, fields: ['1', 'A;B'] },
      { line: 3, fields: ['2', 'C'] },
    ]);
  });
});

describe('decodeUtf8', () => {
  it('finds the first byte the decoder refuses: stray, overlong, surrogate, too high, cut short', () => {
    const at = (...bytes: number[]) => firstNonUtf8Byte(Uint8Array.from(bytes));
    expect(at(0x61, 0xc3, 0xa9, 0x62)).toBe(4); // a é b: valid
    expect(at(0x61, 0xe9, 0x62)).toBe(1); // Latin-1 é
    expect(at(0x61, 0x80)).toBe(1); // a continuation byte alone
    expect(at(0xc0, 0xaf)).toBe(0); // overlong /
    expect(at(0xe0, 0x80, 0xaf)).toBe(0); // overlong /
    expect(at(0xed, 0xa0, 0x80)).toBe(0); // a surrogate
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(0); // above U+10FFFF
    expect(at(0x61, 0xe2, 0x82)).toBe(1); // € cut short at the end
    expect(at(0xf0, 0x9f, 0x98, 0x80)).toBe(4); // an emoji
  });
  it('names line, character, column and byte offset, after a BOM and quoted line breaks', () => {
    const bytes = Buffer.concat([
      Buffer.from('\ufeffid,name,city\n1,"A\nB",Ottawa\n2,Zoë,'),
      Buffer.from([0xe9]),
      Buffer.from('vis\n'),
    ]);
    expect(() => decodeUtf8(bytes, 'f.csv')).toThrow(
      'f.csv, line 4, column city, character 7 (byte offset 38): the file is not UTF-8 text',
    );
    expect(() => decodeUtf8(Buffer.from([0x69, 0x64, 0xff]), 'f.csv')).toThrow(
      /^f\.csv, line 1, character 3 \(byte offset 2\)/,
    );
    const xlsx = Buffer.from([
      0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0xb5,
    ]);
    expect(() => decodeUtf8(xlsx, 'f.csv')).toThrow(/byte offset 14\): the file is a workbook, not CSV text/);
    expect(() => decodeUtf8(Buffer.from('id,name\n1,"Z\u00e9', 'latin1'), 'f.csv')).toThrow(
      /^f\.csv, line 2, column name, character 5 \(byte offset 12\)/,
    );
  });
});
