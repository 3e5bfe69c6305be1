/**
 * Where the data of a stream may end, for every reader. A reader takes /Length bytes when they land
 * on the `endstream` keyword, and else looks for the keyword. A /Length given by reference
 * (`/Length 5 0 R`) is the integer object it names: a reader resolving it may read past an
 * `endstream` written inside the data, one that does not stops at the first. The object may be
 * defined several times (readers may take any), or inside an object stream, or nowhere the scan
 * can see: then every end a reader could take is kept, up to the last `endstream` of the file.
 */
import { transcriptError } from './errors.js';
import { isWhite, PdfRef, readValue, type PdfValue } from './pdf-syntax.js';
import { objectNumbers, objKeywords } from './pdf-streams.js';

/** Integer objects by number and generation ("5 0"), each definition found. */
export type IntegerObjects = Map<string, Set<number>>;

/** Values one length object may be defined with, beyond which a stream using it is refused. */
const MAX_DEFINITIONS = 8;

/** Characters an integer object is read within (its value, comments before it included). */
const INTEGER_SPAN = 256;

const isLength = (value: PdfValue | undefined): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

function add(index: IntegerObjects, key: string, value: number): void {
  const values = index.get(key);
  if (values) values.add(value);
  else index.set(key, new Set([value]));
}

/** Whether the value at `at` may be a number (read then with PDF's lexical rules). */
function mayBeNumber(text: string, at: number): boolean {
  const c = text[at];
  return c !== undefined && '0123456789+-.'.includes(c);
}

/**
 * Every integer object written in the file (`5 0 obj 1234 endobj`), found after each `obj` keyword
 * as findStreams finds dictionaries; comments may stand between. One pass over the file.
 */
export function integerObjects(text: string): IntegerObjects {
  const index: IntegerObjects = new Map();
  for (const [at, from] of objKeywords(text)) {
    if (!mayBeNumber(text, from)) continue;
    const numbers = objectNumbers(text, at);
    const read = readValue(text.slice(from, from + INTEGER_SPAN), 0);
    if (numbers && !('error' in read) && isLength(read.value)) add(index, numbers.join(' '), read.value);
  }
  return index;
}

/** Adds the integer objects of a decoded object stream (its header gives each object's offset). */
export function addObjectStreamIntegers(
  index: IntegerObjects,
  objects: string,
  first: PdfValue | undefined,
): void {
  if (!isLength(first)) return;
  const header = objects.slice(0, first);
  for (let at = 0; ;) {
    const num = readValue(header, at);
    if ('error' in num) return;
    const offset = readValue(header, num.end);
    if ('error' in offset || !isLength(num.value) || !isLength(offset.value)) return;
    const where = first + offset.value;
    const value = readValue(objects.slice(where, where + INTEGER_SPAN), 0);
    if (!('error' in value) && isLength(value.value)) add(index, `${num.value} 0`, value.value);
    at = offset.end;
  }
}

/** Whether `endstream` follows `end`, white space between. */
function landsOnEndstream(text: string, end: number): boolean {
  let i = end;
  while (i < text.length && isWhite(text.charCodeAt(i))) i++;
  return text.startsWith('endstream', i);
}

/**
 * Every end a reader may take for the data of a stream starting at `start`, the one a reader most
 * likely takes first: the end after /Length bytes when that lands on `endstream`, else the first
 * `endstream` (the end of the file when none). A /Length by reference gives one end for each
 * integer it may name, and the first `endstream` too; when it names none the scan can see, the
 * last `endstream` of the file is kept as well.
 */
export function streamEnds(
  text: string,
  length: PdfValue | undefined,
  start: number,
  index: IntegerObjects,
): number[] {
  const found = text.indexOf('endstream', start);
  const first = found === -1 ? text.length : found;
  if (isLength(length)) return landsOnEndstream(text, start + length) ? [start + length] : [first];
  if (!(length instanceof PdfRef)) return [first];
  const values = index.get(`${length.num} ${length.gen}`);
  if (values && values.size > MAX_DEFINITIONS)
    throw transcriptError('ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE', {
      reason: 'a stream length defined many times over',
      reasonFr: 'une longueur de flux définie de nombreuses fois',
    });
  const ends = [...(values ?? [])]
    .map((value) => start + value)
    .filter((end) => end <= text.length && landsOnEndstream(text, end));
  ends.push(first);
  if (!values) ends.push(Math.max(first, text.lastIndexOf('endstream')));
  return [...new Set(ends)];
}
