/**
 * Checks on the raw bytes of an uploaded XML file, before any XML parser sees them: size, encoding,
 * DOCTYPE and entity declarations (XXE, billion laughs), and the document's shape (nesting depth,
 * attributes, elements, names and values: text/xml-shape.ts). Each check is a linear
 * scan, so a hostile file costs at most one pass over at most maxBytes bytes.
 */
import { transcriptError, type XmlDocumentKind } from './errors.js';
import { DEFAULT_XML_SHAPE_LIMITS, xmlShapeProblem } from '../text/xml-shape.js';

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
/** A transcript nests about ten levels; anything far deeper is not a transcript. */
export const DEFAULT_MAX_DEPTH = 32;

export interface XmlGuardOptions {
  maxBytes?: number;
  maxDepth?: number;
  /** What the document is, for the sentences of the refusals (a transcript unless said). */
  document?: XmlDocumentKind;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  if (bytes.byteLength < prefix.length) return false;
  return prefix.every((b, i) => bytes[i] === b);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Names what a non-XML file looks like, from its first bytes. */
export function foreignFormat(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'PDF';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'ZIP (Word, Excel)';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return 'Microsoft Office';
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return 'RTF';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'PNG';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'JPEG';
  return undefined;
}

/** The encoding announced by a byte order mark or by the layout of "<?" in a non-UTF-8 file. */
function nonUtf8ByteOrder(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00])) return 'UTF-32 (little-endian)';
  if (startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) return 'UTF-32 (big-endian)';
  if (startsWith(bytes, [0xff, 0xfe])) return 'UTF-16 (little-endian)';
  if (startsWith(bytes, [0xfe, 0xff])) return 'UTF-16 (big-endian)';
  if (startsWith(bytes, [0x3c, 0x00, 0x3f, 0x00]) || startsWith(bytes, [0x3c, 0x00, 0x00, 0x00]))
    return 'UTF-16 (little-endian)';
  if (startsWith(bytes, [0x00, 0x3c, 0x00, 0x3f])) return 'UTF-16 (big-endian)';
  if (startsWith(bytes, [0x4c, 0x6f, 0xa7, 0x94])) return 'EBCDIC';
  return undefined;
}

/** Offset of the first byte that breaks UTF-8, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.byteLength;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return i;
    const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
    if (i + need >= n) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Returns the document text when the bytes pass every raw check, or throws the EtmsError that
 * says what is wrong.
 */
export function decodeTranscriptBytes(input: Uint8Array, options: XmlGuardOptions = {}): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const bytes = input;
  if (bytes.byteLength === 0) throw transcriptError('ETMS_E_TRANSCRIPT_EMPTY');
  if (bytes.byteLength > maxBytes)
    throw transcriptError('ETMS_E_TRANSCRIPT_TOO_LARGE', { bytes: bytes.byteLength, maxBytes });

  const kind = options.document === undefined ? {} : { document: options.document };
  const byteOrder = nonUtf8ByteOrder(bytes);
  if (byteOrder) throw transcriptError('ETMS_E_TRANSCRIPT_ENCODING', { encoding: byteOrder, ...kind });

  const hasBom = startsWith(bytes, [0xef, 0xbb, 0xbf]);
  const body = hasBom ? bytes.subarray(3) : bytes;
  const looksLike = foreignFormat(body);
  if (looksLike) throw transcriptError('ETMS_E_TRANSCRIPT_NOT_XML', { looksLike });

  // Latin-1 keeps one character per byte, so ASCII markup is found whatever the real encoding.
  const raw = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  if (raw.trim() === '') throw transcriptError('ETMS_E_TRANSCRIPT_EMPTY');
  const declaration = /<!\s*(DOCTYPE|ENTITY)/i.exec(raw);
  if (declaration)
    throw transcriptError('ETMS_E_TRANSCRIPT_DOCTYPE', {
      declaration: declaration[1].toUpperCase(),
      line: lineAt(raw, declaration.index),
      ...(options.document === undefined ? {} : { document: options.document }),
    });

  const xmlDecl = /^<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']*)["']/.exec(raw);
  if (xmlDecl) {
    const declared = xmlDecl[1].trim();
    if (!/^(utf-?8|us-ascii|ascii)$/i.test(declared))
      throw transcriptError('ETMS_E_TRANSCRIPT_ENCODING', { encoding: declared, line: 1, ...kind });
  }

  const bad = firstInvalidUtf8(body);
  if (bad !== -1) {
    const byte = body[bad];
    // A lone byte from 0xA0 to 0xFF is typical of accented letters saved in Latin-1 or Windows-1252.
    const encoding = byte >= 0x80 ? 'ISO-8859-1 / Windows-1252' : 'an encoding other than UTF-8';
    throw transcriptError('ETMS_E_TRANSCRIPT_ENCODING', {
      encoding,
      line: lineAt(raw, bad),
      reason: `byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at offset ${bad + (hasBom ? 3 : 0)}`,
      ...kind,
    });
  }
  const text = new TextDecoder('utf-8').decode(body);
  if (text.trimStart()[0] !== '<') {
    throw transcriptError('ETMS_E_TRANSCRIPT_NOT_XML', {
      line: 1,
      reason: 'the file does not start with an XML element',
      reasonFr: 'le fichier ne commence pas par un élément XML',
      ...(options.document === undefined ? {} : { document: options.document }),
    });
  }
  checkShape(text, options.maxDepth ?? DEFAULT_MAX_DEPTH, options.document);
  return text;
}

/**
 * Throws when the document's shape passes a limit (nesting deeper than maxDepth, too many
 * attributes on one element or in all, too many elements, names or attribute values too long): one
 * linear pass, so neither the parser nor the schema validator spends more than that on such a file.
 */
export function checkShape(text: string, maxDepth: number, document?: XmlDocumentKind): void {
  const found = xmlShapeProblem(text, { ...DEFAULT_XML_SHAPE_LIMITS, maxDepth });
  if (!found) return;
  const kind = document === undefined ? {} : { document };
  if (found.limit === 'depth')
    throw transcriptError('ETMS_E_TRANSCRIPT_TOO_DEEP', { maxDepth, line: found.line, ...kind });
  if (found.limit === 'malformed')
    throw transcriptError('ETMS_E_TRANSCRIPT_NOT_XML', {
      line: found.line,
      ...(found.misplaced === 'declaration'
        ? {
            reason: 'an XML declaration <?xml …?> may only open the file, before anything else',
            reasonFr: 'une déclaration XML <?xml …?> ne peut venir qu’au tout début du fichier',
          }
        : { reason: 'a tag is not well-formed', reasonFr: 'une balise est mal formée' }),
      ...kind,
    });
  throw transcriptError('ETMS_E_TRANSCRIPT_TOO_COMPLEX', {
    limit: found.limit,
    max: found.max,
    line: found.line,
    ...kind,
  });
}
