/**
 * A linear pass over an uploaded PDF before any PDF library opens it:
 * - every filtered stream is decoded incrementally, every layer of a filter chain in turn, and only
 *   counted (object streams are kept, to be scanned in turn); the pass stops as soon as the decoded
 *   total of all layers exceeds the bound, so a decompression bomb (a few MB inflating to GB, or a
 *   few KB inflating twice) costs at most that bound. A filter it cannot undo (an unknown name, a
 *   chain given by reference, an image codec before another filter, a predictor inside a chain) is
 *   refused: what cannot be measured is not sent;
 * - an image declares its size: one beyond MAX_IMAGE_PIXELS is refused (an image codec is the one
 *   layer the scan does not decode, so its declared size is what bounds it);
 * - the dictionaries outside streams, and the objects inside object streams, are searched for
 *   active content: JavaScript (/JS, /JavaScript, an /OpenAction running it), additional actions
 *   (/AA), /Launch, /GoToR, /GoToE, /SubmitForm, /ImportData, XFA forms, rich media and attached files
 *   (/EmbeddedFile, /EmbeddedFiles). Names written with #xx escapes are decoded first. A transcript
 *   needs none of these, and colleges must never get them. The raw bytes of a stream are searched
 *   too when they hold an object header: the cross-reference table can point into a stream, and a
 *   reader then takes objects from there that no dictionary outside shows;
 * - an encrypted PDF (a trailer /Encrypt) is read when anyone can open it: the standard security
 *   handler with an empty user password, as PDFs "secured" by an owner password only are (see
 *   pdf-decrypt.ts). Its streams are decrypted, then decoded, counted and searched like any other;
 *   names are never encrypted, so the dictionaries are searched as they are. A PDF that needs a
 *   password to open, another security handler or a crypt filter the scan does not know is
 *   refused: it could not be measured.
 */
import { transcriptError } from './errors.js';
import { encryptionOf, streamObjectNumbers } from './pdf-decrypt.js';
import { decoderOf, isImageFilter } from './pdf-filters.js';

/** Decoded bytes all the streams of one PDF may add up to (a scanned transcript page is a few MB). */
export const DEFAULT_MAX_DECODED_BYTES = 128 * 1024 * 1024;

/**
 * Names that make a PDF act rather than show: scripts, automatic and additional actions, launching
 * or fetching other files, sending a form, interactive (XFA) forms, media players, attachments. A
 * name ends at a delimiter or at white space, NUL included (PDF counts it as white space).
 */
const ACTIVE_NAMES =
  /\/(JavaScript|JS|Launch|EmbeddedFiles|EmbeddedFile|AA|SubmitForm|ImportData|GoToE|GoToR|XFA|RichMedia)(?=[\s\0/[\]<>(){}%]|$)/;

/** An object's header ("12 0 obj"): in a stream's bytes, objects hidden where the xref can point. */
const OBJECT_HEADER = /\d+[\s\0]+\d+[\s\0]+obj\b/;

function decodeNameEscapes(text: string): string {
  return text.includes('#')
    ? text.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : text;
}

function refuseActive(text: string): void {
  const found = ACTIVE_NAMES.exec(decodeNameEscapes(text));
  if (found) throw transcriptError('ETMS_E_TRANSCRIPT_PDF_ACTIVE_CONTENT', { reason: `/${found[1]}` });
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
}

/** Where the stream's data ends: after /Length bytes when that lands on endstream, else at endstream. */
function streamEnd(text: string, dict: string, start: number): number {
  const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
  if (length) {
    const end = start + Number(length[1]);
    let i = end;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (text.startsWith('endstream', i)) return end;
  }
  const found = text.indexOf('endstream', start);
  return found === -1 ? text.length : found;
}

/** A filter list the scan cannot read (given by reference, or with names it cannot parse). */
const UNREADABLE_FILTERS = null;

/** The filters of a stream dictionary, in order; UNREADABLE_FILTERS when they are given otherwise. */
function filtersOf(dict: string): string[] | typeof UNREADABLE_FILTERS {
  const at = dict.search(/\/Filter(?![A-Za-z0-9])/);
  if (at === -1) return [];
  const value = dict.slice(at + 7).trimStart();
  const single = /^\/([A-Za-z0-9]+)/.exec(value);
  if (single) return [single[1]];
  const list = /^\[([^\]]*)\]/.exec(value);
  if (!list) return UNREADABLE_FILTERS;
  const names = [...list[1].matchAll(/\/([A-Za-z0-9]+)/g)].map((m) => m[1]);
  return list[1].replace(/\/[A-Za-z0-9]+/g, '').trim() === '' ? names : UNREADABLE_FILTERS;
}

/**
 * Whether a filter before the last of a chain carries a predictor (/Predictor 2 or more in its
 * /DecodeParms): the scan does not undo predictors, so the next layer would read the wrong bytes
 * and could be under-counted. Legitimate writers put predictors on the last filter only.
 */
function predictorInsideChain(dict: string, filters: number): boolean {
  if (filters < 2 || !/\/Predictor\s+([2-9]|[1-9]\d)/.test(dict)) return false;
  const at = dict.indexOf('/DecodeParms');
  if (at === -1) return false;
  const value = dict.slice(at + 12).trimStart();
  if (!value.startsWith('[')) return true;
  // Split the array's top-level entries: null, or a << >> dictionary.
  const entries: string[] = [];
  let depth = 0;
  let from = -1;
  for (let i = 1; i < value.length; i++) {
    if (value.startsWith('<<', i)) {
      if (depth++ === 0) from = i;
      i++;
    } else if (value.startsWith('>>', i)) {
      if (--depth === 0) entries.push(value.slice(from, i + 2));
      i++;
    } else if (depth === 0 && value.startsWith('null', i)) {
      entries.push('null');
      i += 3;
    } else if (depth === 0 && value[i] === ']') break;
  }
  return entries.slice(0, filters - 1).some((e) => /\/Predictor\s+([2-9]|[1-9]\d)/.test(e));
}

/** Pixels one image may declare: a letter page scanned at 1,200 dpi is about 135 million; beyond,
 * it decodes to more than any bound of the scan, at one byte a pixel. */
export const MAX_IMAGE_PIXELS = 200_000_000;

/** An image (any filter) declaring more than MAX_IMAGE_PIXELS, or a size the scan cannot read. */
function refuseHugeImage(dict: string, maxDecodedBytes: number): void {
  if (!/\/Subtype\s*\/Image\b/.test(dict)) return;
  const width = /\/Width\s+(\d+)(\s+\d+\s+R)?/.exec(dict);
  const height = /\/Height\s+(\d+)(\s+\d+\s+R)?/.exec(dict);
  if (width?.[2] || height?.[2])
    throw uncheckable('an image size given by reference', 'une taille d’image donnée par référence');
  if (width && height && Number(width[1]) * Number(height[1]) > MAX_IMAGE_PIXELS)
    throw transcriptError('ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE', { maxBytes: maxDecodedBytes });
}

function uncheckable(reason: string, reasonFr: string): Error {
  return transcriptError('ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE', { reason, reasonFr });
}

export interface ScanOptions {
  /**
   * Called with each object stream of an encrypted PDF, decrypted (its filters still applied) and
   * where its bytes lie: a PDF library that does not decrypt can then read the objects inside.
   */
  onDecryptedObjectStream?: (start: number, end: number, data: Buffer) => void;
}

/** Throws an EtmsError when the PDF decodes to more than maxDecodedBytes or carries active content. */
export async function scanPdf(
  bytes: Buffer,
  maxDecodedBytes = DEFAULT_MAX_DECODED_BYTES,
  options: ScanOptions = {},
): Promise<void> {
  const text = bytes.toString('latin1');
  const encryption = encryptionOf(text);
  let decoded = 0;
  /** Decodes one reading of a stream through its filters, counting; the output when it is kept. */
  const decodeChain = (raw: Buffer, filters: string[], objectStream: boolean): Buffer | undefined => {
    let data: Buffer | undefined = raw;
    for (const [i, filter] of filters.entries()) {
      const last = i === filters.length - 1;
      if (isImageFilter(filter) && last && !objectStream) return undefined;
      const decoder = decoderOf(filter);
      if (!decoder || !data)
        throw uncheckable(`the filter ${filter} in this position`, `le filtre ${filter} à cette place`);
      const out = decoder(data, maxDecodedBytes - decoded, !last || objectStream);
      decoded += out.bytes;
      if (out.exceeded)
        throw transcriptError('ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE', { maxBytes: maxDecodedBytes });
      data = out.data;
    }
    return data;
  };
  let pos = 0;
  for (let at = text.indexOf('stream', pos); at !== -1; at = text.indexOf('stream', pos)) {
    // A stream keyword follows its dictionary's ">>"; "endstream" and words in strings do not.
    let back = at - 1;
    while (back >= 0 && isSpace(text.charCodeAt(back))) back--;
    if (back < 1 || text[back] !== '>' || text[back - 1] !== '>') {
      pos = at + 6;
      continue;
    }
    let start = at + 6;
    if (text[start] === '\r') start++;
    if (text[start] === '\n') start++;
    const objAt = text.lastIndexOf('obj', at);
    const dictStart = Math.max(pos, objAt === -1 ? pos : objAt);
    // NUL is white space to a PDF reader: read as a space, /Type\0/ObjStm is an object stream too.
    const dict = decodeNameEscapes(text.slice(dictStart, at)).replace(/\0/g, ' ');
    refuseActive(text.slice(pos, dictStart));
    refuseActive(dict);
    const end = streamEnd(text, dict, start);
    const filters = filtersOf(dict);
    if (filters === UNREADABLE_FILTERS)
      throw uncheckable('a filter list given by reference', 'une liste de filtres donnée par référence');
    if (predictorInsideChain(dict, filters.length))
      throw uncheckable(
        'a predictor inside a filter chain',
        'un prédicteur au milieu d’une chaîne de filtres',
      );
    const objectStream = /\/Type\s*\/ObjStm\b/.test(dict);
    refuseHugeImage(dict, maxDecodedBytes);
    const raw = bytes.subarray(start, end);
    // An image codec alone is never decoded: nothing to decrypt. Else every reading is measured.
    const measured =
      objectStream || filters.length > 1 || (filters.length === 1 && !isImageFilter(filters[0]));
    let readings = [raw];
    if (encryption && measured) {
      // The key of a stream depends on its object's number: each number a reader may give it.
      const objects = streamObjectNumbers(text, pos, back + 1);
      if (objects.length === 0)
        throw uncheckable(
          'an encrypted stream without its object number',
          'un flux chiffré sans son numéro d’objet',
        );
      readings = objects.flatMap(([num, gen]) => encryption.readings(num, gen, dict, raw));
      if (objectStream) options.onDecryptedObjectStream?.(start, end, readings[0]);
    }
    for (const reading of readings) {
      const data = decodeChain(reading, filters, objectStream);
      if (objectStream && data) refuseActive(data.toString('latin1'));
    }
    pos = Math.max(end, start);
    const close = text.indexOf('endstream', pos);
    const rawText = text.slice(start, close === -1 ? text.length : close);
    if (OBJECT_HEADER.test(rawText)) refuseActive(rawText);
    pos = close === -1 ? text.length : close + 9;
  }
  refuseActive(text.slice(pos));
}
