import { readFileSync } from 'node:fs';
import path from 'node:path';
import { constants, deflateRawSync, deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { checkPdf, createPdfPool } from '../../src/transcript/pdf.js';
import { scanPdf } from '../../src/transcript/pdf-scan.js';
import { EtmsError } from '../../src/errors.js';

const ONE_PAGE = readFileSync(
  path.resolve(import.meta.dirname, '../../fixtures/transcripts/pdf/transcript-one-page.pdf'),
);

async function refusal(promise: Promise<unknown>): Promise<EtmsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EtmsError) return error;
    throw error;
  }
  throw new Error('the PDF was accepted');
}

/**
 * A zlib stream inflating to `megabytes` MB of zeros from a few KB per GB: one full-flushed block of
 * 1 MB of zeros, repeated (its checksum is wrong, which a reader only notices after inflating it all).
 */
function zerosBomb(megabytes: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const parts = [Buffer.from([0x78, 0xda])];
  for (let i = 0; i < megabytes; i++) parts.push(block);
  parts.push(Buffer.from([0x03, 0x00, 0, 0, 0, 0]));
  return Buffer.concat(parts);
}

/** A valid one-page PDF with an incremental update appending one extra stream object. */
function withExtraStream(dict: string, data: Buffer): Buffer {
  const base = ONE_PAGE;
  const object = Buffer.concat([
    Buffer.from(`\n999 0 obj\n<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1'),
  ]);
  return Buffer.concat([base, object]);
}

async function pdfWith(edit: (doc: PDFDocument) => void, objectStreams = false): Promise<Uint8Array> {
  const doc = await PDFDocument.load(ONE_PAGE);
  edit(doc);
  return doc.save({ useObjectStreams: objectStreams });
}

describe('hostile PDFs', () => {
  const pool = createPdfPool({ timeoutMs: 20_000 });
  afterAll(() => pool.close());

  it("inflates on the checking thread itself, never on Node's shared threadpool", async () => {
    // The threadpool also serves every file, DNS and zlib call of the server: a few bombs inflating
    // there would stall them all. Inflated on the calling thread, the scan is done before any
    // callback of the event loop could run: only microtasks pass.
    const bomb = withExtraStream('/Type /ObjStm /N 1 /First 0 /Filter /FlateDecode', zerosBomb(256));
    let refused: unknown;
    void scanPdf(bomb, 64 * 1024 * 1024).catch((error: unknown) => (refused = error));
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(refused).toBeInstanceOf(EtmsError);
    expect((refused as EtmsError).code).toBe('ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE');
  });

  it('refuses a decompression bomb early, without inflating it', async () => {
    // 4 GB of zeros in about 4 MB, as an object stream, the shape pdf-lib inflates on load.
    const bomb = withExtraStream('/Type /ObjStm /N 1 /First 0 /Filter /FlateDecode', zerosBomb(4096));
    expect(bomb.length).toBeLessThan(8 * 1024 * 1024);
    const error = await refusal(checkPdf(bomb, { maxBytes: 10 * 1024 * 1024, pool }));
    expect(error.code).toBe('ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE');
    expect(error.status).toBe(413);
    // A plain (non-object) stream is bounded too, with a bound the caller chooses.
    const image = withExtraStream('/Filter [/FlateDecode]', zerosBomb(40));
    expect((await refusal(checkPdf(image, { maxDecodedBytes: 16 * 1024 * 1024, pool }))).code).toBe(
      'ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE',
    );
    // Under the bound, the same shape is an ordinary PDF.
    const small = withExtraStream('/Filter /FlateDecode', deflateSync(Buffer.alloc(1024 * 1024)));
    expect((await checkPdf(small, { pool })).pages).toBe(1);
  });

  it('counts every layer of a filter chain, and refuses what it cannot measure', async () => {
    // Inflated once, a few KB; inflated twice, a GiB of zeros: every layer counts.
    const twice = deflateSync(zerosBomb(1024), { level: 9 });
    expect(twice.length).toBeLessThan(64 * 1024);
    const bomb = withExtraStream('/Filter [/FlateDecode /FlateDecode]', twice);
    const error = await refusal(checkPdf(bomb, { pool }));
    expect(error.code).toBe('ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE');
    // The same with the short names, through ASCII hex, and with run lengths inside.
    const hex = Buffer.from(twice.toString('hex') + '>', 'latin1');
    expect((await refusal(scanPdf(withExtraStream('/Filter [/AHx /Fl /Fl]', hex)))).code).toBe(
      'ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE',
    );
    const runs = deflateSync(Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => (i % 2 === 0 ? 129 : 0))));
    expect(
      (await refusal(scanPdf(withExtraStream('/Filter [/FlateDecode /RunLengthDecode]', runs), 16 << 20)))
        .code,
    ).toBe('ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE');
    // What the scan cannot decode is not sent: an unknown filter, a chain by reference, an image
    // codec before another filter, a predictor inside a chain.
    for (const dict of [
      '/Filter /Unheard',
      '/Filter [/FlateDecode /Unheard]',
      '/Filter 12 0 R',
      '/Filter [/DCTDecode /FlateDecode]',
      '/Filter [/FlateDecode /FlateDecode] /DecodeParms [<< /Predictor 12 /Columns 4 >> null]',
    ]) {
      const refused = await refusal(checkPdf(withExtraStream(dict, deflateSync('x')), { pool }));
      expect(refused.code, dict).toBe('ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE');
      expect(refused.status).toBe(422);
    }
    // An image declaring more pixels than any page scan is refused; its codec is never decoded.
    const huge = '/Type /XObject /Subtype /Image /Width 100000 /Height 100000 /Filter /DCTDecode';
    expect((await refusal(scanPdf(withExtraStream(huge, Buffer.alloc(64))))).code).toBe(
      'ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE',
    );
    // Ordinary shapes pass: a scanned page (an image codec last, after Flate), a predictor on the
    // last filter, a chain under the bound.
    for (const dict of [
      '/Type /XObject /Subtype /Image /Width 5100 /Height 6600 /Filter [/FlateDecode /DCTDecode]',
      '/Filter [/ASCII85Decode /FlateDecode] /DecodeParms [null << /Predictor 12 /Columns 4 >>]',
      '/Filter [/FlateDecode /FlateDecode]',
    ])
      await expect(
        scanPdf(withExtraStream(dict, deflateSync(deflateSync(Buffer.alloc(1 << 20))))),
      ).resolves.toBeUndefined();
  });

  it('refuses JavaScript, automatic actions, launches and attachments, also inside object streams', async () => {
    const js = (doc: PDFDocument) => {
      const action = doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') });
      doc.catalog.set(PDFName.of('OpenAction'), action);
    };
    const aa = (doc: PDFDocument) => {
      doc.getPage(0).node.set(PDFName.of('AA'), doc.context.obj({}));
    };
    const launch = (doc: PDFDocument) => {
      doc.catalog.set(
        PDFName.of('OpenAction'),
        doc.context.obj({ S: 'Launch', F: PDFString.of('calc.exe') }),
      );
    };
    const attach = async (doc: PDFDocument) => {
      await doc.attach(Buffer.from('hello'), 'note.txt', { mimeType: 'text/plain' });
    };
    for (const objectStreams of [false, true]) {
      for (const [edit, name] of [
        [js, /\/JS|\/JavaScript/],
        [aa, /\/AA/],
        [launch, /\/Launch/],
      ] as const) {
        const error = await refusal(checkPdf(await pdfWith(edit, objectStreams), { pool }));
        expect(error.code).toBe('ETMS_E_TRANSCRIPT_PDF_ACTIVE_CONTENT');
        expect(error.details?.reason).toMatch(name);
      }
      const doc = await PDFDocument.load(ONE_PAGE);
      await attach(doc);
      const attached = await doc.save({ useObjectStreams: objectStreams });
      expect((await refusal(checkPdf(attached, { pool }))).code).toBe('ETMS_E_TRANSCRIPT_PDF_ACTIVE_CONTENT');
    }
    // A name spelt with #xx escapes is the same name.
    const escaped = withExtraStream('/Type /Fo#6F', Buffer.alloc(0));
    const hidden = Buffer.from(
      escaped.toString('latin1').replace('/Type /Fo#6F', '/Type /Action /S /J#61vaScript'),
      'latin1',
    );
    expect((await refusal(checkPdf(hidden, { pool }))).code).toBe('ETMS_E_TRANSCRIPT_PDF_ACTIVE_CONTENT');
    // An ordinary transcript, saved with or without object streams, passes.
    for (const objectStreams of [false, true])
      expect((await checkPdf(await pdfWith(() => {}, objectStreams), { pool })).pages).toBe(1);
  });

  it('ends a check that runs past its time limit and refuses work beyond the queue', async () => {
    const slow = createPdfPool({ timeoutMs: 1, maxQueue: 1 });
    try {
      const jobs = [0, 1, 2].map(() => refusal(checkPdf(ONE_PAGE, { pool: slow })));
      const codes = (await Promise.all(jobs)).map((e) => e.code);
      expect(codes.filter((c) => c === 'ETMS_E_TRANSCRIPT_PDF_TOO_COMPLEX')).toHaveLength(2);
      expect(codes).toContain('ETMS_E_TRANSCRIPT_CHECK_BUSY');
    } finally {
      await slow.close();
    }
    // The pool starts a fresh thread after a job was stopped.
    expect((await checkPdf(ONE_PAGE, { pool })).pages).toBe(1);
  });

  it('ends a check that needs more memory than its thread may have', async () => {
    const small = createPdfPool({ maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 });
    try {
      const doc = await PDFDocument.create();
      for (let i = 0; i < 3000; i++) doc.addPage().drawText(`line ${i}`.repeat(20));
      const big = await doc.save();
      const error = await refusal(checkPdf(big, { maxBytes: 50 * 1024 * 1024, pool: small }));
      expect(error.code).toBe('ETMS_E_TRANSCRIPT_PDF_TOO_COMPLEX');
    } finally {
      await small.close();
    }
  });
});
