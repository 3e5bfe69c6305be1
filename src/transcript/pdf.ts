/**
 * Uploaded files are judged by their content, never by their name or declared type: a PDF must
 * start with %PDF-, open with pdf-lib and have a page; anything that opens with '<' is XML.
 * Opening a PDF is untrusted, possibly heavy work: it runs in a worker thread with time and memory
 * limits, after a bounded scan that refuses decompression bombs, JavaScript and attachments.
 */
import { isEtmsError } from '../errors.js';
import { poolKind, WorkerJobError, type WorkerPool } from '../workers/pool.js';
import { transcriptError } from './errors.js';
import { DEFAULT_MAX_BYTES, foreignFormat } from './guard.js';
import type { PdfInspectInput } from './pdf-inspect.js';
import { DEFAULT_MAX_DECODED_BYTES } from './pdf-scan.js';
import { startOwnerCheck } from './owner-checks.js';

export { MAX_CHECKS_PER_OWNER } from './owner-checks.js';

export type TranscriptFileKind = 'xml' | 'pdf' | 'unknown';

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

function hasPdfHeader(bytes: Uint8Array): boolean {
  return bytes.byteLength >= PDF_MAGIC.length && PDF_MAGIC.every((b, i) => bytes[i] === b);
}

/** What a transcript file is, from its first bytes. */
export function sniffTranscriptFile(bytes: Buffer | Uint8Array): TranscriptFileKind {
  if (hasPdfHeader(bytes)) return 'pdf';
  // UTF-16/32 byte order marks: XML in an encoding the reader will name when it refuses it.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'xml';
  if (bytes[0] === 0x3c && bytes[1] === 0x00) return 'xml';
  if (bytes[0] === 0x00 && bytes[1] === 0x3c) return 'xml';
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const limit = Math.min(bytes.byteLength, i + 1024);
  while (i < limit && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return i < bytes.byteLength && bytes[i] === 0x3c ? 'xml' : 'unknown';
}

export interface PdfCheckOptions {
  maxBytes?: number;
  /** Bound on the decoded size of all the PDF's compressed streams together. */
  maxDecodedBytes?: number;
  /** The threads that open PDFs; the process-wide pool when absent. */
  pool?: WorkerPool;
  /** Who asks (a staff account): at most MAX_CHECKS_PER_OWNER of their checks wait or run at once (owner-checks.ts). */
  owner?: string;
}

/** Limits of the PDF threads: one thread (the machine's other core answers requests), 20 s, 256 MB. */
export const PDF_POOL_LIMITS = { size: 1, maxQueue: 8, timeoutMs: 20_000, maxOldGenerationSizeMb: 256 };

const PDF_POOL = poolKind({
  name: 'PDF check',
  entry: new URL('./pdf-worker.js', import.meta.url),
  ...PDF_POOL_LIMITS,
});
/** A pool of PDF-checking threads with these limits (tests use small ones). */
export const createPdfPool = PDF_POOL.create;
/** The process-wide PDF pool, started on first use. */
export const pdfPool = PDF_POOL.shared;

function poolRefusal(error: WorkerJobError) {
  if (error.reason === 'busy') return transcriptError('ETMS_E_TRANSCRIPT_CHECK_BUSY', {}, error);
  return transcriptError('ETMS_E_TRANSCRIPT_PDF_TOO_COMPLEX', { reason: error.reason }, error);
}

/** Checks an uploaded PDF by its content; returns its page count and size or throws an EtmsError. */
export async function checkPdf(
  bytes: Buffer | Uint8Array,
  options: PdfCheckOptions = {},
): Promise<{ pages: number; bytes: number }> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.byteLength === 0) throw transcriptError('ETMS_E_TRANSCRIPT_EMPTY');
  if (bytes.byteLength > maxBytes)
    throw transcriptError('ETMS_E_TRANSCRIPT_TOO_LARGE', { bytes: bytes.byteLength, maxBytes });
  if (!hasPdfHeader(bytes)) {
    const kind = sniffTranscriptFile(bytes);
    throw transcriptError('ETMS_E_TRANSCRIPT_NOT_PDF', {
      looksLike: kind === 'xml' ? 'XML' : foreignFormat(bytes),
    });
  }
  // Every complete PDF ends with %%EOF (readers tolerate a little trailing junk); without it the file was cut off.
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .subarray(Math.max(0, bytes.byteLength - 1024))
    .toString('latin1');
  if (!tail.includes('%%EOF'))
    throw transcriptError('ETMS_E_TRANSCRIPT_PDF_UNREADABLE', {
      reason: 'no %%EOF marker: the file is incomplete',
    });
  const endCheck = startOwnerCheck(options.owner);
  let pages: number;
  try {
    const input: PdfInspectInput = {
      bytes,
      maxDecodedBytes: options.maxDecodedBytes ?? DEFAULT_MAX_DECODED_BYTES,
    };
    pages = await (options.pool ?? pdfPool()).run<number>(input);
  } catch (error) {
    if (error instanceof WorkerJobError) throw poolRefusal(error);
    if (isEtmsError(error)) throw error;
    throw transcriptError('ETMS_E_TRANSCRIPT_PDF_UNREADABLE', {}, error);
  } finally {
    endCheck();
  }
  if (pages < 1) throw transcriptError('ETMS_E_TRANSCRIPT_PDF_NO_PAGES');
  return { pages, bytes: bytes.byteLength };
}
