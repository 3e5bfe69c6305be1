import { readFileSync } from 'node:fs';
import path from 'node:path';
import { constants, deflateRawSync, deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { checkPdf, createPdfPool } from '../../src/transcript/pdf.js';
import { scanPdf } from '../../src/transcript/pdf-scan.js';
import { encryptionOf, type PdfEncryption } from '../../src/transcript/pdf-decrypt.js';
import { EtmsError } from '../../src/errors.js';
import { EMPTY_USER_PASSWORD } from '../../fixtures/transcripts/pdf-encrypted/index.js';
import { zerosBomb } from '../../fixtures/transcripts/zeros-bomb.js';

const ONE_PAGE = readFileSync(
  path.resolve(import.meta.dirname, '../../fixtures/transcripts/pdf/transcript-one-page.pdf'),
);

const encrypted = (name: string) =>
  readFileSync(path.resolve(import.meta.dirname, '../../fixtures/transcripts/pdf-encrypted', name));

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
 * A valid one-page PDF with an incremental update appending one extra stream object, its /Length
 * as given (by default the size of its data) and objects written after it.
 */
function withExtraStream(dict: string, data: Buffer, length = String(data.length), after = ''): Buffer {
  const base = ONE_PAGE;
  const object = Buffer.concat([
    Buffer.from(`\n999 0 obj\n<< ${dict} /Length ${length} >>\nstream\n`, 'latin1'),
    data,
    Buffer.from(`\nendstream\nendobj\n${after}%%EOF\n`, 'latin1'),
  ]);
  return Buffer.concat([base, object]);
}

/** A zlib stream with "endstream" written inside its data, in a stored block right after its header. */
function withFakeEnd(zlib: Buffer): Buffer {
  const stored = deflateRawSync('\nendstream\n', { level: 0, finishFlush: constants.Z_FULL_FLUSH });
  return Buffer.concat([zlib.subarray(0, 2), stored, zlib.subarray(2)]);
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

  it('reads NUL as white space and searches objects hidden in a stream where the xref can point', async () => {
    const refusedFor = async (pdf: Buffer) => (await refusal(scanPdf(pdf))).code;
    const withText = (from: string, to: string) =>
      Buffer.from(
        withExtraStream('/Type /Fo#6F', Buffer.alloc(0)).toString('latin1').replace(from, to),
        'latin1',
      );
    // A NUL after the name ends it, for a PDF reader as for the check.
    for (const action of ['/S /JavaScript\0/JS\0(app.alert(1))', '/S /Launch\0/F (calc.exe)', '/AA\0<< >>'])
      expect(await refusedFor(withText('/Type /Fo#6F', action))).toBe('ETMS_E_TRANSCRIPT_PDF_ACTIVE_CONTENT');
    // An object stream announced with a NUL is searched like any other.
    const hidden = deflateSync('10 0 << /S /JavaScript /JS (app.alert(1)) >>');
    expect(
      await refusedFor(withExtraStream('/Type\0/ObjStm /N 1 /First 5 /Filter /FlateDecode', hidden)),
    ).toBe('ETMS_E_TRANSCRIPT_PDF_ACTIVE_CONTENT');
    // Objects written inside an unfiltered stream, for the xref to point at.
    const smuggled = Buffer.from('q Q\n10 0 obj\n<< /S /Launch /F (calc.exe) >>\nendobj\n', 'latin1');
    expect(await refusedFor(withExtraStream('', smuggled))).toBe('ETMS_E_TRANSCRIPT_PDF_ACTIVE_CONTENT');
    // Other actions that fetch, send or run: forms sent, files opened, XFA.
    for (const action of [
      '/S /SubmitForm /F (http://x)',
      '/S /GoToE /D [0 /Fit]',
      '/S /GoToR /F (x.pdf)',
      '/XFA 12 0 R',
    ])
      expect(await refusedFor(withText('/Type /Fo#6F', action)), action).toBe(
        'ETMS_E_TRANSCRIPT_PDF_ACTIVE_CONTENT',
      );
    // An image under any filter may not declare more pixels than a page scan, nor hide its size.
    const image = (size: string) => `/Type /XObject /Subtype /Image ${size} /Filter /FlateDecode`;
    expect(await refusedFor(withExtraStream(image('/Width 100000 /Height 100000'), deflateSync('x')))).toBe(
      'ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE',
    );
    expect(await refusedFor(withExtraStream(image('/Width 5 0 R /Height 100'), deflateSync('x')))).toBe(
      'ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE',
    );
    // A page's ordinary content stream, a link to a web page, a normal image: accepted.
    await expect(
      scanPdf(withExtraStream('', Buffer.from('BT /F1 12 Tf (JavaScript 101) Tj ET', 'latin1'))),
    ).resolves.toBeUndefined();
    await expect(
      scanPdf(withText('/Type /Fo#6F', '/S /URI /URI (https://example.org)')),
    ).resolves.toBeUndefined();
    await expect(
      scanPdf(withExtraStream(image('/Width 2550 /Height 3300'), deflateSync('x'))),
    ).resolves.toBeUndefined();
  });

  it("reads a stream's dictionary as a reader does: comments, strings and nesting hide nothing", async () => {
    // 64 MB of zeros, checked at 16 MB: each way of writing its dictionary must be measured.
    const budget = { maxDecodedBytes: 16 * 1024 * 1024, pool };
    const bomb = zerosBomb(64);
    const tooLarge = async (pdf: Buffer, what: string) => {
      const error = await refusal(checkPdf(pdf, budget));
      expect(error.code, what).toBe('ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE');
      expect(error.status).toBe(413);
    };
    for (const dict of [
      // "obj" inside a string, or a comment, is no object header cutting the dictionary short.
      '/Filter /FlateDecode /X (obj)',
      '/Filter /FlateDecode % obj\n',
      // A filter in a comment is no filter.
      '% /Filter /DCTDecode\n/Filter /FlateDecode',
      // A name written with #xx escapes is the same name.
      '/Filter /Fl#61teDecode',
      // Comments between the entries of a filter list.
      '/Filter [ % /DCTDecode ]\n /FlateDecode % ]\n ]',
      // Escaped and nested parentheses inside a string, a filter written in it.
      '/T (a \\) /Filter /DCTDecode (b) obj) /Filter /FlateDecode',
      // Hex strings are strings, whatever they spell.
      '/X <6F626A> /Y <3E3E2F46696C746572202F444354> /Filter /FlateDecode',
      '/T (a \\) /Filter /DCTDecode (b)) /Filter /FlateDecode',
      // Some readers take the short /F of inline images for a stream's filter.
      '/F /FlateDecode',
      // The filter of a nested dictionary is not the stream's.
      '/DecodeParms << /Filter /DCTDecode /Columns 1 >> /Filter /FlateDecode',
    ])
      await tooLarge(withExtraStream(dict, bomb), dict);
    // A /Length in a comment is not the stream's: its data runs past an "endstream" written inside it.
    await tooLarge(
      withExtraStream('% /Length 20\n/Filter /FlateDecode', withFakeEnd(bomb)),
      'a /Length in a comment',
    );
    // An object header hidden in a comment gives the stream a second dictionary: both are measured.
    await tooLarge(
      withExtraStream('/Filter /DCTDecode % 12 0 obj << /Filter /FlateDecode\n', bomb),
      'a header in a comment',
    );
    // A comment between the dictionary and the stream keyword.
    const commented = withExtraStream('/Filter /FlateDecode', bomb);
    const at = commented.lastIndexOf('>>\nstream\n');
    await tooLarge(
      Buffer.concat([
        commented.subarray(0, at),
        Buffer.from('>> % note\nstream\n'),
        commented.subarray(at + 10),
      ]),
      'a comment before the stream keyword',
    );
    // A stream written inside another stream's data, where the cross-reference table can point.
    const inner = Buffer.concat([
      Buffer.from(`q Q\n12 0 obj\n<< /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`, 'latin1'),
      bomb,
      Buffer.from('\nendstream\nendobj\n', 'latin1'),
    ]);
    await tooLarge(withExtraStream('', inner), 'a stream inside a stream');
    // A dictionary a strict reader cannot read, but a lenient one might: not measured, so refused.
    const unreadable = await refusal(checkPdf(withExtraStream('5 /Filter /FlateDecode', bomb), budget));
    expect(unreadable).toMatchObject({ code: 'ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE', status: 422 });
    // The same tricks cannot hide active content: ">> stream" in a string starts no stream data.
    const hidden = withExtraStream(
      '/X (>>\nstream\n) /S /JavaScript /JS (app.alert(1)) /Y (endstream)',
      bomb,
    );
    expect((await refusal(checkPdf(hidden, budget))).code).toBe('ETMS_E_TRANSCRIPT_PDF_ACTIVE_CONTENT');
    // The fixtures, and the same shapes under the bound, pass.
    for (const name of ['transcript-one-page.pdf', 'transcript-two-pages.pdf']) {
      const fixture = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/transcripts/pdf', name));
      expect((await checkPdf(fixture, budget)).pages, name).toBeGreaterThan(0);
    }
    const small = deflateSync(Buffer.alloc(1 << 20));
    for (const dict of [
      '/Filter /FlateDecode /X (obj)',
      '% /Filter /DCTDecode\n/Filter /FlateDecode',
      '/T (a \\) (b) obj) /Filter [ % x\n /Fl#61teDecode ]',
      '/DecodeParms << /Columns 1 >> /Filter /FlateDecode',
    ])
      expect((await checkPdf(withExtraStream(dict, small), budget)).pages, dict).toBe(1);
  });

  it('measures a stream whose /Length is given by reference up to every end a reader may take', async () => {
    // 64 MB of zeros after an "endstream" written inside the data: a reader resolving the length
    // reads past it, one that does not stops there. Checked at 16 MB.
    const bomb = withFakeEnd(zerosBomb(64));
    const small = withFakeEnd(deflateSync(Buffer.alloc(1 << 20)));
    const defined = (data: Buffer) => `998 0 obj\n${data.length}\nendobj\n`;
    const shapes: [string, (data: Buffer) => string][] = [
      ['the length object', defined],
      ['the length object with a comment', (data) => `998 0 obj % size\n${data.length} endobj\n`],
      ['the length object defined twice', (data) => `998 0 obj 12 endobj\n${defined(data)}`],
      ['no length object the check can see', () => ''],
    ];
    for (const [what, after] of shapes) {
      const pdf = withExtraStream('/Filter /FlateDecode', bomb, '998 0 R', after(bomb));
      expect((await refusal(scanPdf(pdf, 16 << 20))).code, what).toBe(
        'ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE',
      );
      // The same shape without a bomb passes.
      const fine = withExtraStream('/Filter /FlateDecode', small, '998 0 R', after(small));
      await expect(scanPdf(fine, 16 << 20), what).resolves.toBeUndefined();
    }
    // Lengths no object defines, many times over, are not read again and again to the end of the file.
    const unresolved = Array.from(
      { length: 200 },
      (_, i) => `${i + 10} 0 obj\n<< /Filter /FlateDecode /Length 998 0 R >>\nstream\nx\nendstream\nendobj\n`,
    );
    const many = Buffer.from(`%PDF-1.7\n${unresolved.join('')}%${' '.repeat(64 * 1024)}\n%%EOF\n`, 'latin1');
    expect((await refusal(scanPdf(many))).code).toBe('ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE');
    // An ordinary PDF writing its lengths as objects of their own passes.
    let number = 900;
    const lengths: string[] = [];
    for (const name of ['transcript-one-page.pdf', 'transcript-two-pages.pdf']) {
      const fixture = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/transcripts/pdf', name));
      const indirect = fixture.toString('latin1').replace(/\/Length (\d+)/g, (_, length: string) => {
        lengths.push(`${++number} 0 obj\n${length}\nendobj\n`);
        return `/Length ${number} 0 R`;
      });
      const pdf = Buffer.from(`${indirect}\n${lengths.join('')}%%EOF\n`, 'latin1');
      expect(lengths.length, name).toBeGreaterThan(0);
      expect((await checkPdf(pdf, { maxDecodedBytes: 16 << 20, pool })).pages, name).toBeGreaterThan(0);
    }
  });

  it('measures a stream from every start a reader may take after its keyword', async () => {
    // Spaces or tabs between the keyword and its end of line: lenient readers skip them, and
    // inflate 64 MB of zeros, checked at 16 MB. Read from right after the keyword, the data starts
    // with a space no inflater accepts.
    const spaced = (after: string, data: Buffer, dict = '/Filter /FlateDecode') =>
      Buffer.from(
        withExtraStream(dict, data)
          .toString('latin1')
          .replace(/(999 0 obj\n<<[^\n]*>>\nstream)\n/, `$1${after}`),
        'latin1',
      );
    for (const after of [' \n', '\t\r\n', '  \r', ' % note\n'])
      expect(
        (await refusal(scanPdf(spaced(after, zerosBomb(64)), 16 << 20))).code,
        JSON.stringify(after),
      ).toBe('ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE');
    // Objects read from such a stream are searched too.
    const hidden = deflateSync('10 0 << /S /JavaScript /JS (app.alert(1)) >>');
    expect(
      (await refusal(scanPdf(spaced(' \n', hidden, '/Type /ObjStm /N 1 /First 5 /Filter /FlateDecode'))))
        .code,
    ).toBe('ETMS_E_TRANSCRIPT_PDF_ACTIVE_CONTENT');
    // The same shape under the bound passes.
    const small = spaced(' \n', deflateSync(Buffer.alloc(1 << 20)));
    expect((await checkPdf(small, { maxDecodedBytes: 16 << 20, pool })).pages).toBe(1);
  });

  it('bounds the size of any stream that may be an image, and of inline images in page content', async () => {
    const tooLarge = async (pdf: Buffer, what: string) =>
      expect((await refusal(scanPdf(pdf))).code, what).toBe('ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE');
    // Image objects whose /Subtype the check cannot read, or that declare no /Subtype, are sized by
    // the width and height they declare; a fax codec by the columns and rows it is given.
    const fax = '/Filter /CCITTFaxDecode /BitsPerComponent 1 /ColorSpace /DeviceGray';
    for (const dict of [
      `/Type /XObject /Subtype 8 0 R /Width 100000 /Height 100000 ${fax}`,
      `/Type /XObject /Width 100000 /Height 100000 ${fax}`,
      `/W 100000 /H 100000 ${fax}`,
      `/Width 100000.5 /Height 100000 ${fax}`,
      `${fax} /DecodeParms << /K -1 /Columns 100000 /Rows 100000 >>`,
    ])
      await tooLarge(withExtraStream(dict, Buffer.alloc(50)), dict);
    expect(
      (
        await refusal(
          scanPdf(withExtraStream(`/Subtype 8 0 R /Width 5 0 R /Height 100 ${fax}`, Buffer.alloc(50))),
        )
      ).code,
    ).toBe('ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE');
    // Inline images in a page's content, written as is or compressed, with short or long keys.
    const inline = (dict: string) => `q 612 0 0 792 0 0 cm BI ${dict} ID \n\0\0 EI Q`;
    const huge = [
      '/W 100000 /H 100000 /CS /G /BPC 1 /F /CCF /DP << /K -1 /Columns 100 >>',
      '/Width 100000 /Height 100000 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode',
      '/W 100000.9 /H 100000 /BPC 1 /F /CCF',
      '/W 2 % a comment\n/Width 100000 /H 100000 /BPC 1 /F /CCF',
    ];
    for (const dict of huge) {
      await tooLarge(withExtraStream('', Buffer.from(inline(dict), 'latin1')), dict);
      // After 4 MB of other drawing, so that the dictionary is cut between the inflater's chunks.
      const content = Buffer.from(`${'0 0 m 1 1 l S\n'.repeat(300_000)}${inline(dict)}`, 'latin1');
      await tooLarge(withExtraStream('/Filter /FlateDecode', deflateSync(content)), `${dict} compressed`);
    }
    expect(
      (await refusal(scanPdf(withExtraStream('', Buffer.from(inline('/W 5 0 R /H 100 /F /CCF'), 'latin1')))))
        .code,
    ).toBe('ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE');
    // Ordinary pages pass: an inline image of a page scan's size, "BI" in a page's text.
    for (const content of [
      inline('/W 2550 /H 3300 /BPC 1 /F /CCF'),
      'BT /F1 12 Tf (BIOLOGY BI 101 /W 100000 /H 100000 ID) Tj ET',
    ])
      await expect(
        scanPdf(withExtraStream('', Buffer.from(content, 'latin1'))),
        content,
      ).resolves.toBeUndefined();
  });

  it('decrypts PDFs secured with an owner password only, and checks them like any other', async () => {
    // RC4 40 and 128 bits, AES-128, AES-256 (revisions 5 and 6), metadata left in clear, object streams.
    for (const name of EMPTY_USER_PASSWORD)
      expect((await checkPdf(encrypted(name), { pool })).pages, name).toBe(1);
    // A bomb inside is measured once decrypted: refused over the bound, an ordinary PDF under it.
    const bomb = await refusal(
      checkPdf(encrypted('aes-256-bomb.pdf'), { maxDecodedBytes: 16 * 1024 * 1024, pool }),
    );
    expect(bomb).toMatchObject({ code: 'ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE', status: 413 });
    expect((await checkPdf(encrypted('aes-256-bomb.pdf'), { pool })).pages).toBe(1);
    // JavaScript in an object of its own, and in an encrypted object stream.
    for (const name of ['aes-128-javascript.pdf', 'aes-256-javascript-object-streams.pdf']) {
      const error = await refusal(checkPdf(encrypted(name), { pool }));
      expect(error.code, name).toBe('ETMS_E_TRANSCRIPT_PDF_ACTIVE_CONTENT');
      expect(error.details?.reason).toMatch(/\/JS|\/JavaScript/);
    }
  });

  it('refuses an encrypted PDF it cannot decrypt, saying what to do', async () => {
    for (const name of ['rc4-128-user-password.pdf', 'aes-256-user-password.pdf']) {
      const error = await refusal(checkPdf(encrypted(name), { pool }));
      expect(error).toMatchObject({ code: 'ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE', status: 422 });
      expect(error.message).toMatch(/password needed to open it.*save it again without an open password/);
    }
    const certificate = Buffer.from(
      encrypted('aes-256.pdf').toString('latin1').replace('/Filter /Standard', '/Filter /Adobe.PubSec'),
      'latin1',
    );
    const error = await refusal(checkPdf(certificate, { pool }));
    expect(error.code).toBe('ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE');
    expect(error.message).toContain('an encryption other than a password: Adobe.PubSec');
  });

  it('measures a stream of an encrypted PDF that may be read in clear both ways', async () => {
    // A cross-reference stream is stored in clear, but a reader taking it as a page's content
    // decrypts it: a bomb marked as one is measured decrypted too. RC4 encrypts as it decrypts.
    const pdf = encrypted('rc4-128.pdf');
    const encryption = encryptionOf(pdf.toString('latin1')) as PdfEncryption;
    const hidden = encryption.readings(999, 0, undefined, zerosBomb(40))[0];
    const marked = Buffer.concat([
      pdf,
      withExtraStream('/Type /XRef /Filter /FlateDecode', hidden).subarray(ONE_PAGE.length),
    ]);
    expect((await refusal(scanPdf(marked, 16 * 1024 * 1024))).code).toBe(
      'ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE',
    );
    // The same stream not marked: decrypted, as any other.
    const plain = Buffer.concat([
      pdf,
      withExtraStream('/Filter /FlateDecode', hidden).subarray(ONE_PAGE.length),
    ]);
    expect((await refusal(scanPdf(plain, 16 * 1024 * 1024))).code).toBe(
      'ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE',
    );
    // An object header written in a string of the dictionary is not the stream's: the key is the
    // one of the header the dictionary follows.
    const inString = withExtraStream(`/X (12 0 obj) /Filter /FlateDecode`, hidden);
    const named = Buffer.concat([pdf, inString.subarray(ONE_PAGE.length)]);
    expect((await refusal(scanPdf(named, 16 << 20))).code).toBe('ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE');
    // Under the bound, and with the encryption named with #xx escapes, the same shape passes.
    const escaped = Buffer.from(pdf.toString('latin1').replace('/Encrypt ', '/Encr#79pt '), 'latin1');
    await expect(scanPdf(escaped)).resolves.toBeUndefined();
    expect(
      (await refusal(scanPdf(Buffer.concat([escaped, plain.subarray(pdf.length)]), 16 << 20))).code,
    ).toBe('ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE');
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

  it('lets one person have only a few checks at once, leaving the queue to everyone else', async () => {
    const slow = createPdfPool({ timeoutMs: 20_000, maxQueue: 8 });
    try {
      const mine = [0, 1, 2].map(() =>
        checkPdf(ONE_PAGE, { pool: slow, owner: 'ecole.nord' }).catch((error: unknown) => error),
      );
      const third = (await mine[2]) as EtmsError;
      expect(third.code).toBe('ETMS_E_TRANSCRIPT_CHECK_BUSY');
      expect(third.message).toContain('You already have 2 files being checked');
      // Another person is served meanwhile, and the first person again once theirs are done.
      expect((await checkPdf(ONE_PAGE, { pool: slow, owner: 'ecole.sud' })).pages).toBe(1);
      await Promise.all(mine.slice(0, 2));
      expect((await checkPdf(ONE_PAGE, { pool: slow, owner: 'ecole.nord' })).pages).toBe(1);
    } finally {
      await slow.close();
    }
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
