/**
 * What a stream's dictionary, as parsed (pdf-syntax.ts), tells the scan: the filter chains a reader
 * may apply, whether it is an object stream, its type, its /Length, and the image size it declares.
 * Read conservatively: where readers differ, every reading is kept; what cannot be read refuses.
 */
import { pdfUncheckable, transcriptError } from './errors.js';
import { duplicatedKeys, PdfName, PdfRef, type PdfDict, type PdfValue } from './pdf-syntax.js';

export interface StreamDictionary {
  /** Each filter chain a reader may apply (one, but a second when the short /F key names another). */
  chains: string[][];
  /** An object stream: its objects are decoded, kept and searched. */
  objectStream: boolean;
  /** Its /Type, when a name. */
  type: string | undefined;
  /** Its /Length, when given directly. */
  length: number | undefined;
}

/** Pixels one image may declare: a letter page scanned at 1,200 dpi is about 135 million; beyond,
 * it decodes to more than any bound of the scan, at one byte a pixel. */
export const MAX_IMAGE_PIXELS = 200_000_000;

/** Keys whose value decides how a stream is decoded: given twice, readers differ on which counts. */
const DECISIVE_KEYS = [
  'Filter',
  'F',
  'DecodeParms',
  'DP',
  'Length',
  'Type',
  'Subtype',
  'Width',
  'W',
  'Height',
  'H',
  'N',
  'First',
];

const byReference = () =>
  pdfUncheckable('a filter list given by reference', 'une liste de filtres donnée par référence');

/** The filter names of a /Filter (or /F) value; undefined when it names none. */
function chainOf(value: PdfValue | undefined): string[] | undefined {
  if (value instanceof PdfName) return [value.name];
  if (!Array.isArray(value)) {
    if (value instanceof PdfRef) throw byReference();
    return undefined;
  }
  return value.map((entry) => {
    if (!(entry instanceof PdfName)) throw byReference();
    return entry.name;
  });
}

function nameOf(value: PdfValue | undefined): string | undefined {
  return value instanceof PdfName ? value.name : undefined;
}

/** Whether decoding parameters carry a predictor (/Predictor 2 or more), or may (given by reference). */
function hasPredictor(params: PdfValue | undefined): boolean {
  if (params instanceof PdfRef) return true;
  if (!(params instanceof Map)) return false;
  const predictor = params.get('Predictor');
  return predictor instanceof PdfRef || (typeof predictor === 'number' && predictor >= 2);
}

/**
 * Whether a filter before the last of a chain carries a predictor: the scan does not undo
 * predictors, so the next layer would read the wrong bytes and could be under-counted. Legitimate
 * writers put predictors on the last filter only. A single dictionary of parameters for a chain is
 * taken as the first filter's.
 */
function predictorInsideChain(dict: PdfDict, filters: number): boolean {
  if (filters < 2) return false;
  return [dict.get('DecodeParms'), dict.get('DP')].some((params) =>
    Array.isArray(params) ? params.slice(0, filters - 1).some(hasPredictor) : hasPredictor(params),
  );
}

/** A size in pixels as declared (a real number as a reader truncates it); a reference refuses, as
 * the size could not be checked. */
function dimension(dict: PdfDict, long: string, short: string): number {
  let largest = 0;
  for (const value of [dict.get(long), dict.get(short)]) {
    if (value instanceof PdfRef)
      throw pdfUncheckable('an image size given by reference', 'une taille d’image donnée par référence');
    if (typeof value === 'number' && Number.isFinite(value)) largest = Math.max(largest, Math.trunc(value));
  }
  return largest;
}

/** The largest /Columns times /Rows its decoding parameters give (those of a fax codec). */
function codecPixels(dict: PdfDict): number {
  let largest = 0;
  for (const params of [dict.get('DecodeParms'), dict.get('DP')])
    for (const entry of Array.isArray(params) ? params : [params])
      if (entry instanceof Map) {
        const [columns, rows] = [entry.get('Columns'), entry.get('Rows')];
        if (typeof columns === 'number' && typeof rows === 'number')
          largest = Math.max(largest, Math.trunc(columns) * Math.trunc(rows));
      }
  return largest;
}

/**
 * Reads a stream's dictionary. Throws the 422 ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE for what the scan
 * cannot measure, and the 413 for an image declaring more than MAX_IMAGE_PIXELS.
 */
export function readStreamDictionary(dict: PdfDict, maxDecodedBytes: number): StreamDictionary {
  const duplicated = duplicatedKeys(dict);
  const twice = duplicated.size === 0 ? [] : DECISIVE_KEYS.filter((key) => duplicated.has(key));
  if (twice.length > 0)
    throw pdfUncheckable(
      `a stream dictionary giving /${twice[0]} twice`,
      `un dictionnaire de flux donnant /${twice[0]} deux fois`,
    );
  // Some readers take the short /F (and /DP) of inline images in a stream's dictionary too.
  const chains: string[][] = [chainOf(dict.get('Filter')) ?? []];
  const short = chainOf(dict.get('F'));
  if (short && short.join(' ') !== chains[0].join(' ')) chains.push(short);
  for (const chain of chains)
    if (predictorInsideChain(dict, chain.length))
      throw pdfUncheckable(
        'a predictor inside a filter chain',
        'un prédicteur au milieu d’une chaîne de filtres',
      );
  const type = nameOf(dict.get('Type'));
  // Checked for any stream that may be an image: its /Subtype says so, or is given by reference
  // (the scan does not resolve it), or it declares a width and a height, whatever its /Subtype.
  const subtype = dict.get('Subtype');
  const sized = (dict.has('Width') || dict.has('W')) && (dict.has('Height') || dict.has('H'));
  if (nameOf(subtype) === 'Image' || subtype instanceof PdfRef || sized) {
    const pixels = dimension(dict, 'Width', 'W') * dimension(dict, 'Height', 'H');
    if (pixels > MAX_IMAGE_PIXELS)
      throw transcriptError('ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE', { maxBytes: maxDecodedBytes });
  }
  // A fax codec draws the columns and rows its parameters give, whatever stream it decodes.
  if (codecPixels(dict) > MAX_IMAGE_PIXELS)
    throw transcriptError('ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE', { maxBytes: maxDecodedBytes });
  const length = dict.get('Length');
  return {
    chains,
    // A reader told by the cross-reference that objects lie in a stream may not check its /Type.
    objectStream: type === 'ObjStm' || (dict.has('N') && dict.has('First')),
    type,
    length: typeof length === 'number' && Number.isInteger(length) && length >= 0 ? length : undefined,
  };
}
