/**
 * A linear pass over an uploaded PDF before any PDF library opens it:
 * - every stream a reader may find is measured, with each dictionary a reader may read for it
 *   (pdf-streams.ts, pdf-stream-dict.ts): dictionaries are parsed with PDF's lexical rules, so a
 *   comment or a string cannot hide a filter or a /Length, cut a dictionary short or stand for one;
 *   a stream whose dictionary cannot be read is refused;
 * - a stream is measured from every start a reader may take after its `stream` keyword (spaces
 *   before the end of line skipped or not), and up to every end (pdf-length.ts): a /Length given by
 *   reference is resolved to each integer object it may name, in the file or in an object stream,
 *   and the first `endstream` is taken too; a reference the scan cannot resolve reaches the last
 *   `endstream` of the file. Reading far past the first ends, many times over, refuses the file;
 * - every filtered stream is decoded incrementally, every layer of a filter chain in turn, and only
 *   counted (object streams are kept, to be scanned in turn); the pass stops as soon as the decoded
 *   total of all layers exceeds the bound, so a decompression bomb (a few MB inflating to GB, or a
 *   few KB inflating twice) costs at most that bound. A filter it cannot undo (an unknown name, a
 *   chain given by reference, an image codec before another filter, a predictor inside a chain) is
 *   refused: what cannot be measured is not sent;
 * - an image declares its size: one beyond MAX_IMAGE_PIXELS is refused (an image codec is the one
 *   layer the scan does not decode, so its declared size is what bounds it). Any stream that may be
 *   an image (a /Subtype by reference, a width and a height) is bounded so, and so are the inline
 *   images found in what every stream decodes to, or holds as written (pdf-inline-images.ts);
 * - the dictionaries outside streams, and the objects inside object streams, are searched for
 *   active content: JavaScript (/JS, /JavaScript, an /OpenAction running it), additional actions
 *   (/AA), /Launch, /GoToR, /GoToE, /SubmitForm, /ImportData, XFA forms, rich media and attached files
 *   (/EmbeddedFile, /EmbeddedFiles). Names written with #xx escapes are decoded first. A transcript
 *   needs none of these, and colleges must never get them. Everything outside the data of streams
 *   is searched, strings and comments included (a name there is refused too); the raw bytes of a
 *   stream are searched too when they hold an `obj` keyword: the cross-reference table can point
 *   into a stream, and a reader then takes objects from there that no dictionary outside shows. A
 *   stream inside an object stream is refused;
 * - an encrypted PDF (a trailer /Encrypt) is read when anyone can open it: the standard security
 *   handler with an empty user password, as PDFs "secured" by an owner password only are (see
 *   pdf-decrypt.ts). Its streams are decrypted, then decoded, counted and searched like any other;
 *   names are never encrypted, so the dictionaries are searched as they are. A PDF that needs a
 *   password to open, another security handler or a crypt filter the scan does not know is
 *   refused: it could not be measured.
 */
import { pdfUncheckable, transcriptError } from './errors.js';
import { encryptionOf } from './pdf-decrypt.js';
import { decoderOf, isImageFilter } from './pdf-filters.js';
import { InlineImages } from './pdf-inline-images.js';
import { readStreamDictionary, type StreamDictionary } from './pdf-stream-dict.js';
import { addObjectStreamIntegers, integerObjects, streamEnds } from './pdf-length.js';
import { findStreams, holdsStream, objectNumbers, type PdfStream } from './pdf-streams.js';

/** Decoded bytes all the streams of one PDF may add up to (a scanned transcript page is a few MB). */
export const DEFAULT_MAX_DECODED_BYTES = 128 * 1024 * 1024;

/**
 * Names that make a PDF act rather than show: scripts, automatic and additional actions, launching
 * or fetching other files, sending a form, interactive (XFA) forms, media players, attachments. A
 * name ends at a delimiter or at white space, NUL included (PDF counts it as white space).
 */
const ACTIVE_NAMES =
  /\/(JavaScript|JS|Launch|EmbeddedFiles|EmbeddedFile|AA|SubmitForm|ImportData|GoToE|GoToR|XFA|RichMedia)(?=[\s\0/[\]<>(){}%]|$)/;

/**
 * An `obj` keyword in a stream's bytes: objects hidden where the cross-reference table can point
 * (its numbers may be apart from it, with comments between).
 */
const HIDDEN_OBJECT = /(?<![A-Za-z])obj(?![^\s\0()<>[\]{}/%])/;

function decodeNameEscapes(text: string): string {
  return text.includes('#')
    ? text.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : text;
}

function refuseActive(text: string): void {
  const found = ACTIVE_NAMES.exec(decodeNameEscapes(text));
  if (found) throw transcriptError('ETMS_E_TRANSCRIPT_PDF_ACTIVE_CONTENT', { reason: `/${found[1]}` });
}

/** Where the endstream keyword closing data that ends at `end` is (the end of the file if none). */
function closeOf(text: string, end: number): number {
  const close = text.indexOf('endstream', end);
  return close === -1 ? text.length : close;
}

/**
 * Searches for active content everything but the data of streams: the text between them, the data
 * of a stream holding an object (where the cross-reference table can point), and every dictionary
 * read after an `obj` keyword that reaches into a stream's data.
 */
function searchActive(text: string, data: [number, number][], dictionaries: number[]): void {
  const merged: [number, number][] = [];
  for (const [start, close] of [...data].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], close);
    else merged.push([start, close]);
  }
  let cursor = 0;
  for (const [start, close] of merged) {
    refuseActive(text.slice(cursor, start));
    const raw = text.slice(start, close);
    if (HIDDEN_OBJECT.test(raw)) refuseActive(raw);
    cursor = close;
  }
  refuseActive(text.slice(cursor));
  let j = 0;
  for (let k = 0; k < dictionaries.length; k += 2) {
    const [from, to] = [dictionaries[k], dictionaries[k + 1]];
    while (j < merged.length && merged[j][1] <= from) j++;
    if (j < merged.length && merged[j][0] < to) refuseActive(text.slice(from, to));
  }
}

export interface ScanOptions {
  /**
   * Called with each object stream of an encrypted PDF, decrypted (its filters still applied) and
   * where its bytes lie: a PDF library that does not decrypt can then read the objects inside.
   */
  onDecryptedObjectStream?: (start: number, end: number, data: Buffer) => void;
}

/** Throws an EtmsError when the PDF decodes to more than maxDecodedBytes or carries active content. */
export async function scanPdf(
  bytes: Buffer,
  maxDecodedBytes = DEFAULT_MAX_DECODED_BYTES,
  options: ScanOptions = {},
): Promise<void> {
  const text = bytes.toString('latin1');
  const encryption = encryptionOf(text);
  const { streams, dictionaries, unexplained } = findStreams(text);
  const integers = integerObjects(text);
  let decoded = 0;
  /** Decodes one reading of a stream through its filters, counting; the output when it is kept. */
  const decodeChain = (raw: Buffer, filters: string[], objectStream: boolean): Buffer | undefined => {
    let data: Buffer | undefined = raw;
    // What a reader draws (the last layer's output, or the data as written) is looked into for
    // inline images; an object stream's objects hold none.
    const inline = objectStream ? undefined : new InlineImages(maxDecodedBytes);
    if (filters.length === 0) inline?.push(raw);
    for (const [i, filter] of filters.entries()) {
      const last = i === filters.length - 1;
      if (isImageFilter(filter) && last && !objectStream) return undefined;
      const decoder = decoderOf(filter);
      if (!decoder || !data)
        throw pdfUncheckable(`the filter ${filter} in this position`, `le filtre ${filter} à cette place`);
      const out = decoder(
        data,
        maxDecodedBytes - decoded,
        !last || objectStream,
        last ? inline?.push : undefined,
      );
      decoded += out.bytes;
      if (out.exceeded)
        throw transcriptError('ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE', { maxBytes: maxDecodedBytes });
      data = out.data;
    }
    inline?.end();
    return data;
  };
  const decrypted: { start: number; end: number; data: Buffer }[] = [];
  // Bytes read for the ends measured beyond each stream's first: past twice the file (ends by
  // reference far apart, many times over), the file is refused rather than read again and again.
  const readBudget = 2 * text.length + (1 << 20);
  let readAgain = 0;
  /** Measures one stream ending at `end`, with each filter chain its dictionary gives. */
  const measure = (
    stream: PdfStream,
    dictionary: StreamDictionary,
    start: number,
    end: number,
    first: boolean,
  ) => {
    const { chains, objectStream, type } = dictionary;
    for (const filters of chains) {
      // An image codec alone is never decoded. Else every reading is measured (data left as
      // written only looked into for inline images).
      if (filters.length === 1 && isImageFilter(filters[0]) && !objectStream) continue;
      const raw = bytes.subarray(start, Math.max(start, end));
      let readings = [raw];
      if (encryption) {
        // The key of a stream depends on its object's number, written before its `obj` keyword.
        const object = objectNumbers(text, stream.objectAt);
        if (!object)
          throw pdfUncheckable(
            'an encrypted stream without its object number',
            'un flux chiffré sans son numéro d’objet',
          );
        readings = encryption.readings(object[0], object[1], type, raw);
        if (objectStream && first) decrypted.push({ start, end, data: readings[0] });
      }
      for (const reading of readings) {
        const data = decodeChain(reading, filters, objectStream);
        if (!objectStream || !data) continue;
        const objects = data.toString('latin1');
        refuseActive(objects);
        if (holdsStream(objects))
          throw pdfUncheckable('a stream inside an object stream', 'un flux dans un flux d’objets');
        addObjectStreamIntegers(integers, objects, stream.dict.get('First'));
      }
    }
  };
  const readings = streams.map((stream) => readStreamDictionary(stream.dict, maxDecodedBytes));
  const measureAll = (indices: number[]) => {
    for (const i of indices) {
      const stream = streams[i];
      // From every start a reader may take, to every end it may take from there.
      let first = true;
      for (const start of stream.starts)
        for (const end of streamEnds(text, stream.dict.get('Length'), start, integers)) {
          if (!first) readAgain += Math.max(0, end - start);
          if (readAgain > readBudget)
            throw pdfUncheckable(
              'stream lengths given by reference that cannot be told apart',
              'des longueurs de flux données par référence impossibles à départager',
            );
          measure(stream, readings[i], start, end, first);
          first = false;
        }
    }
  };
  // Object streams first: a /Length by reference may name an integer inside one.
  const indices = [...streams.keys()];
  measureAll(indices.filter((i) => readings[i].objectStream));
  // Every end a reader may take, for the search below; a /Length the scan cannot resolve may end a
  // stream later still, up to the last endstream of the file, which is kept then.
  const closes = streams.map(({ dict, start, starts }) => {
    const ends = starts.flatMap((from) => streamEnds(text, dict.get('Length'), from, integers));
    return closeOf(text, Math.max(start, ...ends));
  });
  searchActive(
    text,
    streams.map(({ start }, i) => [start, closes[i]]),
    dictionaries,
  );
  if (unexplained.length > 0)
    throw pdfUncheckable(
      'a stream whose dictionary cannot be read',
      'un flux dont le dictionnaire est illisible',
    );

  measureAll(indices.filter((i) => !readings[i].objectStream));
  // Replaced in file order, once each: a stream found with several dictionaries is given once.
  let after = 0;
  for (const { start, end, data } of decrypted.sort((a, b) => a.start - b.start))
    if (start >= after) {
      options.onDecryptedObjectStream?.(start, end, data);
      after = end;
    }
}
