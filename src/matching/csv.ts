/**
 * A small RFC 4180 reader for the files `etms match` takes: UTF-8 with or without BOM, `,` or `;`
 * chosen from the header line, quoted fields with doubled quotes and line breaks inside, CRLF or LF.
 * It keeps the line number where each record starts, for error messages.
 */
import { csvSyntax, emptyFile, notUtf8, notUtf8Wide, type NotUtf8At } from './errors.js';

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  fields: string[];
}

export interface CsvTable {
  delimiter: ',' | ';';
  header: string[];
  records: CsvRecord[];
}

/**
 * The UTF-16 or UTF-32 a file is in, told by its byte order mark or, without one, by the zero bytes
 * that sit between the letters of text saved so (`s\0t\0` is valid UTF-8, read as garbage); undefined
 * for anything else.
 */
export function wideEncoding(bytes: Uint8Array): string | undefined {
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (a === 0xff && b === 0xfe)
    return c === 0 && d === 0 ? 'UTF-32 (little-endian)' : 'UTF-16 (little-endian)';
  if (a === 0xfe && b === 0xff) return 'UTF-16 (big-endian)';
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'UTF-32 (big-endian)';
  const ascii = (x: number | undefined) => x !== undefined && x > 0 && x < 0x80;
  if (ascii(a) && b === 0 && ascii(c) && d === 0) return 'UTF-16 (little-endian)';
  if (a === 0 && ascii(b) && c === 0 && ascii(d)) return 'UTF-16 (big-endian)';
  return undefined;
}

export function decodeUtf8(bytes: Uint8Array, file: string): string {
  const wide = wideEncoding(bytes);
  if (wide !== undefined) throw notUtf8Wide(file, wide);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notUtf8(file, whereNotUtf8(bytes, firstNonUtf8Byte(bytes)));
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The offset of the first byte that does not start a valid UTF-8 sequence, by the rules the decoder
 * applies (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF, no sequence cut short.
 * bytes.length when every sequence is valid.
 */
export function firstNonUtf8Byte(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    // Length of the sequence, and the range its second byte must fall in.
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    if (i + length > n) return i;
    if (bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (let k = 2; k < length; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    i += length;
  }
  return n;
}

/** Line, character and CSV column of the byte at offset, from the valid text before it. */
function whereNotUtf8(bytes: Uint8Array, offset: number): NotUtf8At {
  let before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
  if (before.charCodeAt(0) === 0xfeff) before = before.slice(1);
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let k = before.indexOf('\n'); k >= 0; k = before.indexOf('\n', k + 1)) line++;
  const character = Array.from(before.slice(lineStart)).length + 1;
  // "PK\x03\x04": a zip archive, as an .xlsx workbook is.
  const workbook = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  return { line, character, byteOffset: offset, column: columnAtEnd(before), workbook };
}

/**
 * The header's name for the field a character placed right after text would fall in, or undefined
 * when that is the header line or the text before cannot be read as CSV. The character stands in for
 * the byte that is not UTF-8; a closing quote is added when it falls inside a quoted field.
 */
function columnAtEnd(text: string): string | undefined {
  const delimiter = detectDelimiter(text);
  for (const ending of ['x', 'x"']) {
    let header: string[] | undefined;
    let last: string[] | undefined;
    try {
      forEachCsvRecord(text + ending, '', delimiter, (fields) => {
        if (header === undefined) header = fields;
        else last = fields;
      });
    } catch {
      continue;
    }
    if (header === undefined || last === undefined) return undefined;
    const i = last.length - 1;
    return header[i]?.trim().toLowerCase() || `number ${i + 1}`;
  }
  return undefined;
}

/** `;` when the header line (outside quotes) has more semicolons than commas, else `,`. */
export function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted) {
      if (c === '\n' || c === '\r') break;
      if (c === ',') commas++;
      else if (c === ';') semicolons++;
    }
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Calls onRecord for every record of the text, header included, in order. The fields array is handed
 * over to the callback (a new one per record). Blank lines are not records.
 *
 * Most lines of an SIS export hold no quote and end with LF or CRLF: such a line is split at once with
 * the delimiter. A line with a quote or a lone CR goes through the full RFC 4180 reader.
 */
export function forEachCsvRecord(
  text: string,
  file: string,
  delimiter: ',' | ';',
  onRecord: (fields: string[], line: number) => void,
): void {
  const n = text.length;
  let line = 1;
  let i = 0;
  let nextQuote = text.indexOf('"');
  let nextCr = text.indexOf('\r');
  while (i < n) {
    let lineEnd = text.indexOf('\n', i);
    if (lineEnd < 0) lineEnd = n;
    if (nextQuote >= 0 && nextQuote < i) nextQuote = text.indexOf('"', i);
    if (nextCr >= 0 && nextCr < i) nextCr = text.indexOf('\r', i);
    const quoted = nextQuote >= 0 && nextQuote < lineEnd;
    const loneCr = nextCr >= 0 && nextCr < lineEnd - 1;
    if (!quoted && !loneCr) {
      const end = nextCr === lineEnd - 1 && lineEnd > i ? lineEnd - 1 : lineEnd;
      if (end > i) onRecord(text.slice(i, end).split(delimiter), line);
      line++;
      i = lineEnd + 1;
      continue;
    }
    const start = readRecord(text, file, delimiter, i, line);
    if (!(start.fields.length === 1 && start.fields[0] === '')) onRecord(start.fields, line);
    i = start.next;
    line = start.nextLine;
  }
}

/** One record read the long way, from position i: its fields, where the next record starts, and its line. */
function readRecord(
  text: string,
  file: string,
  delimiter: string,
  i: number,
  line: number,
): { fields: string[]; next: number; nextLine: number } {
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  const startLine = line;
  const fields: string[] = [];
  let lineStart = i;
  for (;;) {
    if (text.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let from = i + 1;
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw csvSyntax(file, startLine, 1, 'a quoted field is never closed (a " is missing)');
        // Count line breaks inside the quoted part for the next records' line numbers.
        for (let k = i; k < q; k++)
          if (text.charCodeAt(k) === 10) {
            line++;
            lineStart = k + 1;
          }
        if (text.charCodeAt(q + 1) === 34) {
          value += text.slice(from, q + 1);
          i = q + 2;
          from = i;
          continue;
        }
        value += text.slice(from, q);
        i = q + 1;
        break;
      }
      fields.push(value);
      const c = text.charCodeAt(i);
      if (i < n && c !== d && c !== 10 && c !== 13) {
        throw csvSyntax(
          file,
          line,
          i - lineStart + 1,
          `unexpected text after a closing quote (a quote inside a field must be doubled: "")`,
        );
      }
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === d || c === 10 || c === 13) break;
        j++;
      }
      fields.push(text.slice(i, j));
      i = j;
    }
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === d) {
      i++;
      continue;
    }
    // End of line: CRLF, LF or a lone CR.
    if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
    else i++;
    line++;
    break;
  }
  return { fields, next: i, nextLine: line };
}

export function parseCsv(text: string, file: string): CsvTable {
  const delimiter = detectDelimiter(text);
  const records: CsvRecord[] = [];
  forEachCsvRecord(text, file, delimiter, (fields, line) => records.push({ line, fields }));
  const headerRecord = records.shift();
  if (headerRecord === undefined) throw emptyFile(file);
  const header = headerRecord.fields.map((h) => h.trim().toLowerCase());
  return { delimiter, header, records };
}
