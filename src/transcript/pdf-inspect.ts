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

/** Returns the page count of a PDF whose header, size and %%EOF were already checked. */
export async function inspectPdf(input: PdfInspectInput): Promise<number> {
  const bytes = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  await scanPdf(bytes, input.maxDecodedBytes);
  try {
    // Owner-password protection (printing or editing restrictions) is common on transcripts; reading pages is allowed.
    const doc = await PDFDocument.load(bytes, {
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
