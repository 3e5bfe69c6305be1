import { describe, expect, it } from 'vitest';
import { forEachCsvRecord, parseCsv } from '../../src/matching/csv.js';

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
