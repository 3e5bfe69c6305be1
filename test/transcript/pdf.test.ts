import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { checkPdf, sniffTranscriptFile } from '../../src/transcript/pdf.js';
import { EtmsError } from '../../src/errors.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/transcripts');
const fixture = (dir: string, name: string) => readFileSync(path.join(FIXTURES, dir, name));

async function refusal(bytes: Uint8Array, maxBytes?: number): Promise<EtmsError> {
  try {
    await checkPdf(bytes, { maxBytes });
  } catch (error) {
    if (error instanceof EtmsError) return error;
    throw error;
  }
  throw new Error('the PDF was accepted');
}

describe('checkPdf', () => {
  it('accepts valid PDFs and counts their pages', async () => {
    const one = fixture('pdf', 'transcript-one-page.pdf');
    expect(await checkPdf(one)).toEqual({ pages: 1, bytes: one.byteLength });
    expect((await checkPdf(fixture('pdf', 'transcript-two-pages.pdf'))).pages).toBe(2);
  });

  it('judges by content: an XML renamed .pdf is not a PDF, a PDF renamed .xml is', async () => {
    const xml = await refusal(fixture('hostile', 'xml-renamed.pdf'));
    expect(xml.code).toBe('ETMS_E_TRANSCRIPT_NOT_PDF');
    expect(xml.message).toMatch(/XML/);
    expect((await checkPdf(fixture('hostile', 'pdf-renamed.xml'))).pages).toBe(1);
  });

  it('refuses a truncated PDF, an empty file and a PDF header on garbage', async () => {
    expect((await refusal(fixture('hostile', 'truncated.pdf'))).code).toBe(
      'ETMS_E_TRANSCRIPT_PDF_UNREADABLE',
    );
    expect((await refusal(new Uint8Array())).code).toBe('ETMS_E_TRANSCRIPT_EMPTY');
    expect((await refusal(Buffer.from('%PDF-1.7\nthis is not a pdf body\n%%EOF\n'))).code).toMatch(
      /ETMS_E_TRANSCRIPT_PDF_(UNREADABLE|NO_PAGES)/,
    );
  });

  it('refuses a PDF with no pages', async () => {
    const empty = await (await PDFDocument.create()).save({ addDefaultPage: false });
    expect((await refusal(empty)).code).toBe('ETMS_E_TRANSCRIPT_PDF_NO_PAGES');
  });

  it('applies the size cap before parsing', async () => {
    const one = fixture('pdf', 'transcript-one-page.pdf');
    const error = await refusal(one, 100);
    expect(error).toMatchObject({ code: 'ETMS_E_TRANSCRIPT_TOO_LARGE', status: 413 });
  });
});

describe('sniffTranscriptFile', () => {
  it('tells XML, PDF and other content apart', () => {
    expect(sniffTranscriptFile(fixture('valid', 'ossd-graduate.xml'))).toBe('xml');
    expect(sniffTranscriptFile(fixture('valid', 'utf8-bom.xml'))).toBe('xml');
    expect(sniffTranscriptFile(fixture('hostile', 'utf16.xml'))).toBe('xml');
    expect(sniffTranscriptFile(fixture('hostile', 'xml-renamed.pdf'))).toBe('xml');
    expect(sniffTranscriptFile(fixture('hostile', 'pdf-renamed.xml'))).toBe('pdf');
    expect(sniffTranscriptFile(Buffer.from('\n\n  <x/>'))).toBe('xml');
    expect(sniffTranscriptFile(Buffer.from('Name,OEN\n'))).toBe('unknown');
    expect(sniffTranscriptFile(new Uint8Array())).toBe('unknown');
    expect(sniffTranscriptFile(Buffer.from([0x50, 0x4b, 0x03, 0x04]))).toBe('unknown');
  });
});
