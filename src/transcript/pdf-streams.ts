/**
 * Every stream a PDF reader may find in a file, each with the dictionary it would read for it.
 *
 * A reader reaches a stream through its object: it goes to an "N G obj" header (where the
 * cross-reference table points, or reading the file in order), reads the one dictionary after it
 * and the `stream` keyword after that. The cross-reference table may point anywhere, even inside a
 * string, a comment or another stream, so the dictionary is read forward, with PDF's lexical rules,
 * from every `obj` keyword written in the file (pdf-syntax.ts), never guessed backward from the
 * `stream` keyword: a string or comment may hold ">>", "obj" or a filter that is not the stream's.
 * A stream may so be found with several dictionaries (a header hidden in a comment of another
 * dictionary, say): each is kept.
 *
 * A `stream` keyword that follows what may be a dictionary, but that no such reading reaches (a
 * dictionary the scan cannot parse, too long, or a stream inside a string), is reported: what
 * cannot be measured is not sent.
 *
 * Linear in the file's size: ordinary objects are read once each; what headers hidden inside one
 * another make the reading cost beyond twice the file is refused.
 */
import { pdfUncheckable } from './errors.js';
import { isRegular, keywordAt, isWhite, readValue, skipSpace, valueEnd } from './pdf-syntax.js';
import type { PdfDict } from './pdf-syntax.js';

export interface PdfStream {
  dict: PdfDict;
  /** Where its dictionary lies in the file (from `<<` to after `>>`). */
  dictStart: number;
  dictEnd: number;
  /** Where its `stream` keyword is, and where its data starts (the first of `starts`). */
  keyword: number;
  start: number;
  /** Every place a reader may take its data to start from (see dataStarts), first the earliest. */
  starts: number[];
  /** Where the `obj` keyword it was read after is (see objectNumbers). */
  objectAt: number;
}

export interface PdfStreams {
  streams: PdfStream[];
  /** Spans of every dictionary read after an `obj` keyword, stream or not, in file order: each
   * start followed by its end. */
  dictionaries: number[];
  /** `stream` keywords after what may be a dictionary that no reading reached. */
  unexplained: number[];
}

/** Dictionaries one stream may be found with, beyond which the file is refused. */
const MAX_READINGS = 8;

/**
 * The object and generation numbers written just before the `obj` keyword at `at`, when they are
 * plain (white space only between them): what a stream's encryption key depends on.
 */
export function objectNumbers(text: string, at: number): [number, number] | undefined {
  const header = /(?:^|[^0-9])(\d+)[\s\0]+(\d+)[\s\0]+$/.exec(text.slice(Math.max(0, at - 48), at));
  return header ? [Number(header[1]), Number(header[2])] : undefined;
}

/**
 * Whether the `stream` keyword at `at` may follow a dictionary: ">>" before it, or a line holding
 * a comment (which may hide a ">>" written before it on that line).
 */
function mayFollowDictionary(text: string, at: number): boolean {
  let i = at - 1;
  let lineBreak = false;
  while (i >= 0 && isWhite(text.charCodeAt(i))) {
    if (text[i] === '\n' || text[i] === '\r') lineBreak = true;
    i--;
  }
  if (i >= 1 && text[i] === '>' && text[i - 1] === '>') return true;
  if (!lineBreak) return false;
  for (; i >= 0 && text[i] !== '\n' && text[i] !== '\r'; i--) if (text[i] === '%') return true;
  return false;
}

/** Skips one end of line (CR, LF or CR LF) at `at`. */
function afterEol(text: string, at: number): number {
  let i = at;
  if (text[i] === '\r') i++;
  if (text[i] === '\n') i++;
  return i;
}

/**
 * Every place the data of a stream may start, after its keyword: right after the end of line that
 * follows it (as the standard says); after spaces and tabs written before that end of line (as
 * lenient readers skip them, with a warning); after the next end of line whatever stands before it
 * (as some readers skip the rest of the keyword's line). The same place is given once.
 */
export function dataStarts(text: string, keyword: number): number[] {
  const after = keyword + 6;
  let white = after;
  while (white < text.length && ' \t\f\v\0'.includes(text[white])) white++;
  let line = after;
  while (line < text.length && text[line] !== '\r' && text[line] !== '\n') line++;
  return [...new Set([afterEol(text, after), afterEol(text, white), afterEol(text, line)])];
}

/**
 * Each `obj` keyword written as a whole token (not `endobj`), in file order: where it is, and where
 * the value after it starts (white space and comments skipped). One pass over the file: a comment
 * holding many `obj` keywords is skipped to the end of its line once, not once for each.
 */
export function* objKeywords(text: string): Generator<[at: number, value: number]> {
  // The last comment skipped: from where it was read, to the end of its line.
  let commentFrom = 0;
  let commentEnd = -1;
  for (let at = text.indexOf('obj'); at !== -1; at = text.indexOf('obj', at + 3)) {
    if (isRegular(text.charCodeAt(at + 3)) || (at >= 3 && text.startsWith('end', at - 3))) continue;
    let i = at + 3;
    for (;;) {
      while (i < text.length && isWhite(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== 0x25) break;
      if (i < commentFrom || i > commentEnd) {
        commentFrom = i;
        commentEnd = i;
        while (commentEnd < text.length && text[commentEnd] !== '\n' && text[commentEnd] !== '\r')
          commentEnd++;
      }
      i = commentEnd;
    }
    yield [at, i];
  }
}

/** Finds every stream of a PDF given as latin1 text; throws the 422 when it cannot read them all. */
export function findStreams(text: string): PdfStreams {
  const streams: PdfStream[] = [];
  const dictionaries: number[] = [];
  const budget = 2 * text.length + (1 << 20);
  let spent = 0;
  for (const [at, from] of objKeywords(text)) {
    if (!text.startsWith('<<', from)) continue;
    // Read within what the budget leaves: a reading cut there refuses the file.
    const limit = Math.min(text.length, from + budget - spent);
    const end = valueEnd(limit < text.length ? text.slice(0, limit) : text, from);
    const stop = end < 0 ? -1 - end : end;
    spent += stop - from;
    if (spent > budget || (end < 0 && limit < text.length && stop >= limit))
      throw pdfUncheckable(
        'objects written inside one another too many times',
        'des objets écrits les uns dans les autres trop de fois',
      );
    if (end < 0) continue;
    dictionaries.push(from, end);
    const keyword = skipSpace(text, end);
    if (!keywordAt(text, keyword, 'stream')) continue;
    // Read again, building it, for the few objects that are streams.
    const parsed = readValue(text, from);
    const starts = dataStarts(text, keyword);
    if ('error' in parsed || !(parsed.value instanceof Map) || parsed.end !== end)
      throw new Error('a dictionary read two ways');
    streams.push({
      dict: parsed.value,
      dictStart: from,
      dictEnd: end,
      keyword,
      start: starts[0],
      starts,
      objectAt: at,
    });
  }
  // The keywords reached, in order: how many dictionaries each was reached with, and which not.
  const reached = new Float64Array(streams.length);
  for (const [i, stream] of streams.entries()) reached[i] = stream.keyword;
  reached.sort();
  for (let i = MAX_READINGS; i < reached.length; i++)
    if (reached[i] === reached[i - MAX_READINGS])
      throw pdfUncheckable(
        'a stream read with too many dictionaries',
        'un flux lu avec trop de dictionnaires différents',
      );
  const unexplained: number[] = [];
  let next = 0;
  for (let at = text.indexOf('stream'); at !== -1; at = text.indexOf('stream', at + 6)) {
    while (next < reached.length && reached[next] < at) next++;
    if (reached[next] !== at && keywordAt(text, at, 'stream') && mayFollowDictionary(text, at))
      unexplained.push(at);
  }
  return { streams, dictionaries, unexplained };
}

/** Whether text (decoded objects, say) holds a `stream` keyword that may follow a dictionary. */
export function holdsStream(text: string): boolean {
  for (let at = text.indexOf('stream'); at !== -1; at = text.indexOf('stream', at + 6))
    if (keywordAt(text, at, 'stream') && mayFollowDictionary(text, at)) return true;
  return false;
}
