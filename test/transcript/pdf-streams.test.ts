import { describe, expect, it } from 'vitest';
import { addObjectStreamIntegers, integerObjects, streamEnds } from '../../src/transcript/pdf-length.js';
import { dataStarts, findStreams, objectNumbers } from '../../src/transcript/pdf-streams.js';
import { readValue, valueEnd, PdfName, PdfRef, type PdfDict } from '../../src/transcript/pdf-syntax.js';
import { EtmsError } from '../../src/errors.js';

/** The top-level entries of the dictionary read at the start of `text`. */
function entries(text: string): PdfDict {
  const read = readValue(text, 0);
  if ('error' in read || !(read.value instanceof Map)) throw new Error(`unread: ${text}`);
  expect(valueEnd(text, 0)).toBe(read.end);
  return read.value;
}

const filterOf = (text: string) => (entries(text).get('Filter') as PdfName).name;

describe('PDF dictionaries read with the lexical rules of PDF', () => {
  it('skip comments, strings, hex strings and nested dictionaries', () => {
    expect(filterOf('<< % /Filter /DCTDecode\n/Filter /FlateDecode >>')).toBe('FlateDecode');
    expect(filterOf('<< /X (a \\) /Filter /DCTDecode (b) obj) /Filter /FlateDecode >>')).toBe('FlateDecode');
    expect(filterOf('<< /X <6F626A 3E3E> /Filter /FlateDecode >>')).toBe('FlateDecode');
    expect(filterOf('<< /DecodeParms << /Filter /DCTDecode >> /Filter /Fl#61teDecode >>')).toBe(
      'FlateDecode',
    );
    const dict = entries('<< /Filter [ % /DCTDecode ]\n /AHx /Fl ] /Length 12 0 R /T (a\\(\\051\\\nb) >>');
    expect((dict.get('Filter') as PdfName[]).map((n) => n.name)).toEqual(['AHx', 'Fl']);
    expect(dict.get('Length')).toEqual(new PdfRef(12, 0));
    expect((dict.get('T') as Buffer).toString('latin1')).toBe('a()b');
  });

  it('say where reading stopped when the text is no dictionary', () => {
    for (const text of ['<< /A (open >>', '<< 5 /A 1 >>', '<< /A <6G> >>', '<< /A [1 2 >>', '<< /A 1'])
      expect(valueEnd(text, 0), text).toBeLessThan(0);
    expect(readValue('<< /A 1 R >>', 0)).toEqual({ error: 'dictionary key', at: 8 });
  });
});

describe('streams a reader may find', () => {
  const pdf = (body: string) => `%PDF-1.7\n${body}\n%%EOF\n`;

  it('reads each from its object header, with every dictionary a header leads to', () => {
    const plain = pdf('5 0 obj\n<< /Length 3 >>\nstream\nabc\nendstream\nendobj');
    const { streams, unexplained } = findStreams(plain);
    expect(streams).toHaveLength(1);
    expect(objectNumbers(plain, streams[0].objectAt)).toEqual([5, 0]);
    expect(plain.slice(streams[0].start, streams[0].start + 3)).toBe('abc');
    expect(unexplained).toEqual([]);
    // A header in a string fits no stream; one in a comment does: the stream has two dictionaries.
    const inString = findStreams(pdf('5 0 obj\n<< /X (12 0 obj) /Length 3 >>\nstream\nabc\nendstream'));
    expect(inString.streams).toHaveLength(1);
    const commented = pdf(
      '5 0 obj\n<< /Length 3 % 12 0 obj << /Filter /FlateDecode\n >>\nstream\nabc\nendstream',
    );
    const found = findStreams(commented).streams;
    expect(found.map((s) => objectNumbers(commented, s.objectAt))).toEqual([
      [5, 0],
      [12, 0],
    ]);
    expect(found.map((s) => s.dict.has('Filter'))).toEqual([false, true]);
  });

  it('skips the comments after each header, headers written in them included', () => {
    // The header, and each `obj` ending a comment line, lead to the same dictionary (not `a obj`,
    // followed by more of its comment).
    const commented = pdf('5 0 obj % a obj obj\n% b obj\n<< /Length 3 >>\nstream\nabc\nendstream');
    const found = findStreams(commented).streams;
    expect(found).toHaveLength(3);
    expect(new Set(found.map((s) => s.dictStart)).size).toBe(1);
    expect(findStreams(pdf(`1 0 obj ${'obj %'.repeat(10_000)}\n`)).streams).toHaveLength(0);
  });

  it('starts its data at every place a reader may take, once each', () => {
    const startsOf = (after: string) => {
      const text = `5 0 obj\n<< /Length 3 >>\nstream${after}abc\nendstream`;
      return dataStarts(text, text.indexOf('stream')).map((at) => text.slice(at, at + 3));
    };
    expect(startsOf('\n')).toEqual(['abc']);
    expect(startsOf('\r\n')).toEqual(['abc']);
    // Spaces or tabs before the end of line: as written, then after them and the end of line.
    expect(startsOf(' \t\r\n')).toEqual([' \t\r', 'abc']);
    // Anything else on the keyword's line: some readers skip the rest of that line.
    expect(startsOf(' x\n')).toEqual([' x\n', 'x\na', 'abc']);
    expect(findStreams(`5 0 obj\n<< >>\nstream \nabc\nendstream`).streams[0].starts).toHaveLength(2);
  });

  it('reports a stream keyword after what may be a dictionary that no header leads to', () => {
    expect(
      findStreams(pdf('5 0 obj\n<< 7 /Filter /FlateDecode >>\nstream\nabc\nendstream')).unexplained,
    ).toHaveLength(1);
    expect(findStreams(pdf('5 0 obj\n<< /A 1 >> % x\nstream\nabc\nendstream')).unexplained).toHaveLength(0);
    expect(findStreams(pdf('(>> % x\nstream\n)')).unexplained).toHaveLength(1);
    // The word in a page's text, or ending another word, is no keyword.
    expect(findStreams(pdf('BT (mainstream stream) Tj ET endstream')).unexplained).toHaveLength(0);
  });

  it('refuses objects nested in one another past twice the size of the file', () => {
    let error: unknown;
    try {
      findStreams(pdf('1 0 obj << /A ('.repeat(20_000)));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EtmsError);
    expect((error as EtmsError).code).toBe('ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE');
  });
});

describe('where the data of a stream may end', () => {
  const body = '5 0 obj\n<< /Length 8 0 R >>\nstream\nab\nendstream\ncd\nendstream\nendobj\n';
  const start = body.indexOf('ab');
  const first = body.indexOf('endstream');
  const last = body.lastIndexOf('endstream');

  it('finds the integer objects a reference may name, each definition', () => {
    const index = integerObjects(
      '8 0 obj 12 endobj 8 0 obj % a size\n 14\nendobj 9 0 obj << /A 1 >> endobj 7 0 obj -3 endobj',
    );
    expect([...(index.get('8 0') ?? [])]).toEqual([12, 14]);
    expect(index.has('9 0')).toBe(false);
    expect(index.has('7 0')).toBe(false);
  });

  it('keeps every end a reader may take', () => {
    // A direct /Length landing on endstream; else the first endstream.
    expect(streamEnds(body, 2, start, new Map())).toEqual([start + 2]);
    expect(streamEnds(body, 3, start, new Map())).toEqual([first]);
    // By reference: each resolved end that lands on endstream, and the first endstream.
    const past = last - 1 - start;
    expect(streamEnds(body, new PdfRef(8, 0), start, new Map([['8 0', new Set([past, 3])]]))).toEqual([
      last - 1,
      first,
    ]);
    // A reference the scan cannot resolve: up to the last endstream of the file too.
    expect(streamEnds(body, new PdfRef(8, 0), start, new Map())).toEqual([first, last]);
    // A length defined many times over is refused.
    const many = new Map([['8 0', new Set(Array.from({ length: 9 }, (_, i) => i))]]);
    expect(() => streamEnds(body, new PdfRef(8, 0), start, many)).toThrow(EtmsError);
  });

  it('resolves a reference to an integer inside an object stream', () => {
    const index = integerObjects(body);
    // Object 11 at offset 0 (a dictionary), object 8 at offset 11 (the integer), from /First 10.
    const objects = '11 0 8 11 << /A 1 >> ' + String(last - 1 - start);
    addObjectStreamIntegers(index, objects, 10);
    expect([...(index.get('8 0') ?? [])]).toEqual([last - 1 - start]);
    expect(index.has('11 0')).toBe(false);
    expect(streamEnds(body, new PdfRef(8, 0), start, index)).toEqual([last - 1, first]);
  });
});
