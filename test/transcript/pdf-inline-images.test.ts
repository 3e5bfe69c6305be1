import { describe, expect, it } from 'vitest';
import { InlineImages } from '../../src/transcript/pdf-inline-images.js';
import { EtmsError } from '../../src/errors.js';

/** The code refusing `content` given in two chunks cut at `cut`, or 'pass'. */
function checked(content: string, cut: number): string {
  const images = new InlineImages(1 << 20);
  try {
    images.push(Buffer.from(content.slice(0, cut), 'latin1'));
    images.push(Buffer.from(content.slice(cut), 'latin1'));
    images.end();
  } catch (error) {
    if (error instanceof EtmsError) return error.code;
    throw error;
  }
  return 'pass';
}

describe('inline images in decoded content', () => {
  it('reads a dictionary cut anywhere between two chunks', () => {
    const content = 'q 1 0 0 1 0 0 cm BI /W 100000 /H 100000 /BPC 1 /F /CCF ID \n\0\0 EI Q';
    for (let cut = 0; cut <= content.length; cut++)
      expect(checked(content, cut), String(cut)).toBe('ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE');
    const small = 'q BI /W 2550 /H 3300 /BPC 1 /F /CCF ID \n\0\0 EI Q';
    for (let cut = 0; cut <= small.length; cut++) expect(checked(small, cut), String(cut)).toBe('pass');
  });

  it('refuses a size given by reference, or dictionaries written inside one another', () => {
    expect(checked('BI /W 5 0 R /H 100 ID x EI', 3)).toBe('ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE');
    const nested = `BI ${'/X 1 %BI\n'.repeat(400)}`.repeat(2000);
    expect(checked(nested, nested.length >> 1)).toBe('ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE');
    // Text that is no inline image passes.
    expect(checked('BT (BI 1) Tj (BI) Tj /BI 2 ET', 5)).toBe('pass');
  });
});
