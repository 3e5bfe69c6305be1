/**
 * A linear pass over an uploaded PDF before any PDF library opens it:
 * - every FlateDecode stream is inflated incrementally and only counted (object streams are kept,
 *   to be scanned in turn); the pass stops as soon as the decoded total exceeds the bound, so a
 *   decompression bomb (a few MB inflating to GB) costs at most that bound;
 * - the dictionaries outside streams, and the objects inside object streams, are searched for
 *   active content: JavaScript (/JS, /JavaScript, an /OpenAction running it), additional actions
 *   (/AA), /Launch, and attached files (/EmbeddedFile, /EmbeddedFiles). Names written with #xx
 *   escapes are decoded first. A transcript needs none of these, and colleges must never get them.
 * Encrypted object streams cannot be read without their key: they are not searched.
 */
import { Unzlib } from 'fflate';
import { transcriptError } from './errors.js';

/** Decoded bytes all the streams of one PDF may add up to (a scanned transcript page is a few MB). */
export const DEFAULT_MAX_DECODED_BYTES = 128 * 1024 * 1024;

const ACTIVE_NAMES = /\/(JavaScript|JS|Launch|EmbeddedFiles|EmbeddedFile|AA)(?=[\s/[\]<>(){}%]|$)/;

interface Inflated {
  bytes: number;
  exceeded: boolean;
  data?: Buffer;
}

/** Compressed bytes given to the inflater at a time: deflate expands at most ~1,032 times, so one
 * step never makes more than ~16 MB before the budget is checked again. */
const INPUT_STEP = 16 * 1024;

/**
 * Inflates a zlib stream, counting, and keeping the output only if asked; stops once budget is passed.
 * It runs synchronously on the calling thread (the PDF check's own low-priority worker), never on
 * Node's shared threadpool, where a few bombs would stall every file, DNS and zlib call of the server.
 */
function inflateCounting(data: Buffer, budget: number, keep: boolean): Inflated {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let exceeded = false;
  const inflater = new Unzlib((chunk) => {
    bytes += chunk.length;
    if (bytes > budget) exceeded = true;
    else if (keep) chunks.push(Buffer.from(chunk));
  });
  try {
    for (let at = 0; at < data.length && !exceeded; at += INPUT_STEP)
      inflater.push(data.subarray(at, at + INPUT_STEP), at + INPUT_STEP >= data.length);
  } catch {
    // A damaged or truncated stream is not this pass's concern: what inflated so far is counted
    // and searched.
  }
  return { bytes, exceeded, data: keep && !exceeded ? Buffer.concat(chunks) : undefined };
}

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

/** The filters of a stream dictionary, in order. */
function filtersOf(dict: string): string[] {
  const single = /\/Filter\s*\/([A-Za-z0-9]+)/.exec(dict);
  if (single) return [single[1]];
  const list = /\/Filter\s*\[([^\]]*)\]/.exec(dict);
  return list ? [...list[1].matchAll(/\/([A-Za-z0-9]+)/g)].map((m) => m[1]) : [];
}

/** Throws an EtmsError when the PDF decodes to more than maxDecodedBytes or carries active content. */
export async function scanPdf(bytes: Buffer, maxDecodedBytes = DEFAULT_MAX_DECODED_BYTES): Promise<void> {
  const text = bytes.toString('latin1');
  let decoded = 0;
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
    const dict = decodeNameEscapes(text.slice(dictStart, at));
    refuseActive(text.slice(pos, dictStart));
    refuseActive(dict);
    const end = streamEnd(text, dict, start);
    const filters = filtersOf(dict);
    const objectStream = /\/Type\s*\/ObjStm\b/.test(dict);
    if (filters[0] === 'FlateDecode' || filters[0] === 'Fl') {
      const out = inflateCounting(bytes.subarray(start, end), maxDecodedBytes - decoded, objectStream);
      decoded += out.bytes;
      if (out.exceeded)
        throw transcriptError('ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE', { maxBytes: maxDecodedBytes });
      if (out.data) refuseActive(out.data.toString('latin1'));
    } else if (objectStream && filters.length === 0) {
      refuseActive(text.slice(start, end));
    } else if (objectStream) {
      throw transcriptError('ETMS_E_TRANSCRIPT_PDF_UNREADABLE', {
        reason: `object stream encoded with ${filters.join(', ')}, which is not checked`,
      });
    }
    pos = Math.max(end, start);
    const close = text.indexOf('endstream', pos);
    pos = close === -1 ? text.length : close + 9;
  }
  refuseActive(text.slice(pos));
}
