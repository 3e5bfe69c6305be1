/**
 * Inline images (`BI /W 2550 /H 3300 /F /CCF ... ID data EI`) in the decoded bytes of a stream: a
 * page's content may draw an image declared there rather than as an object, and its codec is the
 * one layer the scan does not decode, so its declared size is what bounds it, as for image objects.
 *
 * The bytes are looked into as they are decoded, chunk after chunk, with a small tail kept between
 * chunks so that a dictionary cut by a chunk's end is read whole: one pass, whatever the size.
 */
import { pdfUncheckable, transcriptError } from './errors.js';
import { MAX_IMAGE_PIXELS } from './pdf-stream-dict.js';
import { keywordAt, readValue, skipSpace, PdfName, PdfRef } from './pdf-syntax.js';

/** Characters an inline image's dictionary may take before its `ID` (a real one takes a few dozen). */
const MAX_DICTIONARY = 4096;

/** A value read this close to the end of what is at hand may go on in the next chunk. */
const MARGIN = 32;

const WIDTH = new Set(['W', 'Width']);
const HEIGHT = new Set(['H', 'Height']);

/** The size a width or height entry declares: a reader takes a real number too, truncated. */
function sizeOf(value: unknown): number {
  if (value instanceof PdfRef)
    throw pdfUncheckable(
      'an inline image size given by reference',
      'une taille d’image en ligne donnée par référence',
    );
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.trunc(value)) : 0;
}

type Reading = { pixels: number | 'more' | undefined; end: number };

/**
 * Reads the dictionary of an inline image after its `BI` at `from`: the pixels it declares, 'more'
 * when it may go on past what is at hand, or undefined when this is no inline image a reader
 * draws; and where reading stopped.
 */
function declaredPixels(text: string, from: number, last: boolean): Reading {
  let width = 0;
  let height = 0;
  for (let i = skipSpace(text, from); ; i = skipSpace(text, i)) {
    if (i - from > MAX_DICTIONARY)
      throw pdfUncheckable(
        'an inline image dictionary too long',
        'un dictionnaire d’image en ligne trop long',
      );
    if (!last && i > text.length - MARGIN) return { pixels: 'more', end: i };
    if (keywordAt(text, i, 'ID')) return { pixels: width * height, end: i };
    if (text[i] !== '/') return { pixels: undefined, end: i };
    const key = readValue(text, i);
    if ('error' in key || !(key.value instanceof PdfName)) return { pixels: undefined, end: i };
    const value = readValue(text, key.end);
    if ('error' in value)
      return { pixels: !last && value.at >= text.length - MARGIN ? 'more' : undefined, end: value.at };
    if (WIDTH.has(key.value.name)) width = Math.max(width, sizeOf(value.value));
    if (HEIGHT.has(key.value.name)) height = Math.max(height, sizeOf(value.value));
    i = value.end;
  }
}

/**
 * Looks for inline images in decoded bytes given chunk after chunk; refuses one declaring more
 * than MAX_IMAGE_PIXELS (413), or one whose size is given by reference (422). Dictionaries written
 * inside one another (in comments) making the reading cost beyond twice the data are refused (422).
 */
export class InlineImages {
  /** The end of the previous chunk, from a dictionary not yet read whole (or its last few bytes). */
  private tail = '';
  /** Characters seen, and read in dictionaries. */
  private seen = 0;
  private spent = 0;

  constructor(private readonly maxDecodedBytes: number) {}

  readonly push = (chunk: Uint8Array): void => {
    this.seen += chunk.length;
    this.look(
      this.tail + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('latin1'),
      false,
    );
  };

  /** The end of the data: what the tail holds is read as it is. */
  end(): void {
    this.look(this.tail, true);
  }

  private look(text: string, last: boolean): void {
    // Kept for the next chunk: enough to find a `BI` cut in two, with the character before it.
    let keep = Math.max(0, text.length - 3);
    for (let at = text.indexOf('BI'); at !== -1; at = text.indexOf('BI', at + 2)) {
      if (!keywordAt(text, at, 'BI')) continue;
      const { pixels, end } = declaredPixels(text, at + 2, last);
      this.spent += end - at;
      if (this.spent > 2 * this.seen + (1 << 20))
        throw pdfUncheckable(
          'inline images written inside one another too many times',
          'des images en ligne écrites les unes dans les autres trop de fois',
        );
      if (pixels === 'more') {
        keep = Math.max(0, at - 1);
        break;
      }
      if (pixels !== undefined && pixels > MAX_IMAGE_PIXELS)
        throw transcriptError('ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE', { maxBytes: this.maxDecodedBytes });
    }
    this.tail = last ? '' : text.slice(keep);
  }
}
