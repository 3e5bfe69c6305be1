/**
 * The lexical rules of PDF (ISO 32000-2 §7.2, §7.3), enough to read one direct object as a reader
 * does: white space (NUL included), comments running to the end of the line, literal strings
 * balancing their parentheses with backslash escapes, hex strings, names with #xx escapes,
 * numbers, references, arrays and dictionaries nested to any depth up to MAX_DEPTH.
 * Strict: what a careful reader would not accept throws a PdfSyntaxError saying where it stopped.
 */

export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

export type PdfValue = number | boolean | null | PdfName | PdfRef | Buffer | PdfValue[] | PdfDict;
export type PdfDict = Map<string, PdfValue>;

export class PdfSyntaxError extends Error {
  constructor(
    message: string,
    /** Where reading stopped. */
    readonly at: number,
  ) {
    super(message);
  }
}

/** Arrays and dictionaries nested deeper than this are not read. */
const MAX_DEPTH = 32;

/** 1: white space, 2: delimiter; 0: a regular character. */
const CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[c] = 1;
for (const c of '()<>[]{}/%') CLASS[c.charCodeAt(0)] = 2;

export function isWhite(code: number): boolean {
  return code < 256 && CLASS[code] === 1;
}

/** A character of a name, number or keyword (NaN, past the end, is none). */
export function isRegular(code: number): boolean {
  return code >= 0 && code < 256 && CLASS[code] === 0;
}

/** The position after any white space and comments from `at`. */
export function skipSpace(text: string, at: number): number {
  let i = at;
  for (;;) {
    while (i < text.length && isWhite(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 0x25) return i;
    while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  }
}

const duplicates = new WeakMap<PdfDict, Set<string>>();

/** Keys a dictionary gives more than once (readers differ on which value they keep). */
export function duplicatedKeys(dict: PdfDict): ReadonlySet<string> {
  return duplicates.get(dict) ?? new Set();
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** A value read, or where and why reading stopped (no exception: hostile files fail often). */
export type Read = { value: PdfValue; end: number } | { error: string; at: number };

const failed = (error: string, at: number): Read => ({ error, at });

/** The bytes of a literal string: escapes undone, a backslash before an end of line dropped. */
function unescape(written: string): Buffer {
  if (!written.includes('\\')) return Buffer.from(written, 'latin1');
  const out = written.replace(/\\([0-7]{1,3}|\r\n|[\s\S])/g, (_, escaped: string) => {
    if (escaped >= '0' && escaped <= '7') return String.fromCharCode(parseInt(escaped, 8) & 0xff);
    if (escaped === '\r\n' || escaped === '\r' || escaped === '\n') return '';
    return ESCAPES[escaped] ?? escaped;
  });
  return Buffer.from(out, 'latin1');
}

function literalString(text: string, at: number): Read {
  let nesting = 0;
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x28) nesting++;
    else if (c === 0x29 && nesting-- === 0) return { value: unescape(text.slice(at + 1, i)), end: i + 1 };
  }
  return failed('unterminated string', text.length);
}

function hexString(text: string, at: number): Read {
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3e) {
      const hex = text.slice(at + 1, i).replace(/[\s\0]/g, '');
      return { value: Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'), end: i + 1 };
    }
    if (!isHexDigit(c) && !isWhite(c)) return failed('hex string', i);
  }
  return failed('unterminated hex string', text.length);
}

function nameEnd(text: string, at: number): number {
  let end = at + 1;
  while (isRegular(text.charCodeAt(end))) end++;
  return end;
}

function name(text: string, at: number): { value: PdfName; end: number } {
  const end = nameEnd(text, at);
  const written = text.slice(at + 1, end);
  const decoded = written.includes('#')
    ? written.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : written;
  return { value: new PdfName(decoded), end };
}

/**
 * Reads one direct object at `at` (white space and comments before it skipped): a dictionary, an
 * array, a name, a number, a string, a reference, a boolean or null.
 */
export function readValue(text: string, at: number, depth = 0): Read {
  let i = skipSpace(text, at);
  if (depth > MAX_DEPTH) return failed('nested too deep', i);
  const c = text[i];
  if (c === '<' && text[i + 1] === '<') {
    const dict: PdfDict = new Map();
    for (i = skipSpace(text, i + 2); !(text[i] === '>' && text[i + 1] === '>'); i = skipSpace(text, i)) {
      if (text[i] !== '/') return failed(i < text.length ? 'dictionary key' : 'unterminated', i);
      const key = name(text, i);
      const value = readValue(text, key.end, depth + 1);
      if ('error' in value) return value;
      if (dict.has(key.value.name)) {
        const seen = duplicates.get(dict) ?? new Set<string>();
        duplicates.set(dict, seen.add(key.value.name));
      }
      dict.set(key.value.name, value.value);
      i = value.end;
    }
    return { value: dict, end: i + 2 };
  }
  if (c === '[') {
    const array: PdfValue[] = [];
    for (i = skipSpace(text, i + 1); text[i] !== ']'; i = skipSpace(text, i)) {
      if (i >= text.length) return failed('unterminated array', i);
      const item = readValue(text, i, depth + 1);
      if ('error' in item) return item;
      array.push(item.value);
      i = item.end;
    }
    return { value: array, end: i + 1 };
  }
  if (c === '<') return hexString(text, i);
  if (c === '(') return literalString(text, i);
  if (c === '/') return name(text, i);
  for (const [keyword, value] of KEYWORDS)
    if (keywordEnd(text, i, keyword) > 0) return { value, end: i + keyword.length };
  const ref = referenceEnd(text, i);
  if (ref > 0) {
    const [num, gen] = text.slice(i, ref).split(/[\s\0]+/);
    return { value: new PdfRef(Number(num), Number(gen)), end: ref };
  }
  const number = numberEnd(text, i);
  if (number < 0) return failed('unexpected token', i);
  return { value: Number(text.slice(i, number)), end: number };
}

const KEYWORDS: [string, boolean | null][] = [
  ['true', true],
  ['false', false],
  ['null', null],
];

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** The end of a keyword written at `at` as a whole token, or -1. */
function keywordEnd(text: string, at: number, keyword: string): number {
  return text.startsWith(keyword, at) && !isRegular(text.charCodeAt(at + keyword.length))
    ? at + keyword.length
    : -1;
}

/** The end of a number (123, -4.5, .5, +6.) written at `at`, or -1. */
function numberEnd(text: string, at: number): number {
  let i = at;
  if (text[i] === '+' || text[i] === '-') i++;
  const digits = i;
  while (isDigit(text.charCodeAt(i))) i++;
  if (i > digits) {
    if (text[i] !== '.') return i;
    i++;
    while (isDigit(text.charCodeAt(i))) i++;
    return i;
  }
  if (text[i] !== '.') return -1;
  const fraction = ++i;
  while (isDigit(text.charCodeAt(i))) i++;
  return i > fraction ? i : -1;
}

/** The end of a reference ("12 0 R") written at `at`, or -1. */
function referenceEnd(text: string, at: number): number {
  let i = at;
  for (let part = 0; part < 2; part++) {
    const digits = i;
    while (isDigit(text.charCodeAt(i))) i++;
    if (i === digits || !isWhite(text.charCodeAt(i))) return -1;
    while (isWhite(text.charCodeAt(i))) i++;
  }
  return keywordEnd(text, i, 'R');
}

/**
 * Where the direct object at `at` ends, read as readValue reads it but building nothing; when it
 * cannot be read, -1 minus where reading stopped.
 */
export function valueEnd(text: string, at: number, depth = 0): number {
  let i = skipSpace(text, at);
  if (depth > MAX_DEPTH) return -1 - i;
  const c = text[i];
  if (c === '<' && text[i + 1] === '<') {
    for (i = skipSpace(text, i + 2); !(text[i] === '>' && text[i + 1] === '>'); i = skipSpace(text, i)) {
      if (text[i] !== '/') return -1 - i;
      const end = valueEnd(text, nameEnd(text, i), depth + 1);
      if (end < 0) return end;
      i = end;
    }
    return i + 2;
  }
  if (c === '[') {
    for (i = skipSpace(text, i + 1); text[i] !== ']'; i = skipSpace(text, i)) {
      if (i >= text.length) return -1 - i;
      const end = valueEnd(text, i, depth + 1);
      if (end < 0) return end;
      i = end;
    }
    return i + 1;
  }
  if (c === '<' || c === '(') {
    const read = c === '<' ? hexString(text, i) : literalString(text, i);
    return 'error' in read ? -1 - read.at : read.end;
  }
  if (c === '/') return nameEnd(text, i);
  for (const [keyword] of KEYWORDS) if (keywordEnd(text, i, keyword) > 0) return i + keyword.length;
  const end = Math.max(referenceEnd(text, i), numberEnd(text, i));
  return end < 0 ? -1 - i : end;
}

/** readValue, throwing a PdfSyntaxError where it stopped. */
export function parseValue(text: string, at: number): { value: PdfValue; end: number } {
  const read = readValue(text, at);
  if ('error' in read) throw new PdfSyntaxError(read.error, read.at);
  return read;
}

/** Whether `keyword` is written at `at` as a whole token (no regular character on either side). */
export function keywordAt(text: string, at: number, keyword: string): boolean {
  return (
    text.startsWith(keyword, at) &&
    !isRegular(text.charCodeAt(at + keyword.length)) &&
    (at === 0 || !isRegular(text.charCodeAt(at - 1)))
  );
}
