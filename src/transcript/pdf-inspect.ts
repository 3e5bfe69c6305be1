/**
 * The heavy part of a PDF check, run in a worker thread (see pdf.ts): the bounded scan for
 * decompression bombs and active content, then pdf-lib opens the file and counts its pages.
 */
import { PDFDocument } from 'pdf-lib';
import { transcriptError } from './errors.js';
import { scanPdf } from './pdf-scan.js';

export interface PdfInspectInput {
  bytes: Uint8Array;
  maxDecodedBytes?: number;
}

/** The bytes with each listed stream's data replaced (the list in file order). */
function withStreamsReplaced(bytes: Buffer, streams: { start: number; end: number; data: Buffer }[]): Buffer {
  if (streams.length === 0) return bytes;
  const parts: Buffer[] = [];
  let at = 0;
  for (const { start, end, data } of streams) {
    parts.push(bytes.subarray(at, start), data);
    at = end;
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts);
}

/** Returns the page count of a PDF whose header, size and %%EOF were already checked. */
export async function inspectPdf(input: PdfInspectInput): Promise<number> {
  const bytes = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  const objectStreams: { start: number; end: number; data: Buffer }[] = [];
  await scanPdf(bytes, input.maxDecodedBytes, {
    onDecryptedObjectStream: (start, end, data) => objectStreams.push({ start, end, data }),
  });
  try {
    // Owner-password protection (printing or editing restrictions) is common on transcripts; reading
    // pages is allowed. pdf-lib does not decrypt: it is given the object streams the scan decrypted
    // (it reads objects in order and finds where a stream ends when its /Length no longer fits).
    const doc = await PDFDocument.load(withStreamsReplaced(bytes, objectStreams), {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: true,
    });
    return doc.getPageCount();
  } catch (error) {
    throw transcriptError(
      'ETMS_E_TRANSCRIPT_PDF_UNREADABLE',
      { reason: error instanceof Error ? error.message.slice(0, 200) : undefined },
      error,
    );
  }
}
