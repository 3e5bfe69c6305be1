/**
 * The fonts of the PDF downloads (reports and the requests list), so every name a board's SIS holds
 * prints as written: DejaVu Sans (every Latin accent — French, Polish, Turkish, Romanian,
 * Vietnamese —, Greek, Cyrillic, combining accents), regular and bold, and for the letters it lacks
 * Noto Sans SC (Chinese characters, kana) and Noto Sans KR (Hangul), whose files are cut by Unicode
 * range. A string is written as runs, each in the first font that has all its letters; a letter no
 * font has is written "?".
 *
 * The files are read and parsed once per thread (the export thread), on first use, and the
 * CJK pieces only when a letter needs them. pdfkit embeds only the glyphs a PDF uses.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { create, type Font } from 'fontkit';

export type Weight = 'regular' | 'bold';

interface FontRef {
  /** The name the font is registered under in a document. */
  key: string;
  /** Parsed once, to tell which letters the font has. */
  font: Font;
  /** The font file (TrueType), read once; each document parses its own copy to embed it. */
  data: Buffer;
}

interface Fallback {
  key: string;
  file: string;
  ranges: Array<[number, number]>;
  loaded?: { font: Font; data: Buffer };
}

interface Family {
  main: FontRef;
  /** The CJK fonts' pieces, by Unicode range, parsed on first use. */
  fallbacks: Fallback[];
  /** The pieces whose range holds a code point, found once per code point. */
  candidates: Map<number, Fallback[]>;
}

const require = createRequire(import.meta.url);

/**
 * A WOFF file as the plain TrueType font it wraps, each table inflated once: fontkit reads a WOFF
 * font by inflating a whole table at each glyph it reads, and cannot cut a WOFF2 font into the
 * subset pdfkit embeds.
 */
export function sfntOfWoff(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF font');
  const count = woff.readUInt16BE(12);
  const tables = Array.from({ length: count }, (_, i) => {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compLength);
    return {
      tag: woff.subarray(at, at + 4),
      checksum: woff.readUInt32BE(at + 16),
      data: compLength < origLength ? inflateSync(raw) : raw,
    };
  });
  const pad = (n: number) => (n + 3) & ~3;
  const header = 12 + 16 * count;
  const out = Buffer.alloc(header + tables.reduce((s, t) => s + pad(t.data.length), 0));
  const log2 = Math.floor(Math.log2(count));
  out.writeUInt32BE(woff.readUInt32BE(4), 0);
  out.writeUInt16BE(count, 4);
  out.writeUInt16BE(2 ** log2 * 16, 6);
  out.writeUInt16BE(log2, 8);
  out.writeUInt16BE(count * 16 - 2 ** log2 * 16, 10);
  let offset = header;
  tables.forEach((t, i) => {
    t.tag.copy(out, 12 + i * 16);
    out.writeUInt32BE(t.checksum, 12 + i * 16 + 4);
    out.writeUInt32BE(offset, 12 + i * 16 + 8);
    out.writeUInt32BE(t.data.length, 12 + i * 16 + 12);
    t.data.copy(out, offset);
    offset += pad(t.data.length);
  });
  return out;
}

function open(file: string): { font: Font; data: Buffer } {
  const data = sfntOfWoff(readFileSync(file));
  return { font: create(data), data };
}
const WEIGHTS: Record<Weight, number> = { regular: 400, bold: 700 };
/** The keys of the CJK fonts, whose letters a line may break between. */
const CJK_KEY = 'etms-cjk-';
let families: Record<Weight, Family> | undefined;

/** The fonts for the letters DejaVu Sans lacks, in the order they are tried. */
const FALLBACKS = [
  // Chinese characters (simplified and traditional forms) and kana.
  { id: 'sc', pkg: 'noto-sans-sc' },
  // Hangul.
  { id: 'kr', pkg: 'noto-sans-kr' },
];

function load(weight: Weight): Family {
  const w = WEIGHTS[weight];
  const main = open(require.resolve(`@fontsource/dejavu-sans/files/dejavu-sans-latin-${w}-normal.woff`));
  const fallbacks: Fallback[] = [];
  for (const { id, pkg } of FALLBACKS) {
    const unicode = require(`@fontsource/${pkg}/unicode.json`) as Record<string, string>;
    for (const [name, ranges] of Object.entries(unicode)) {
      // The numbered pieces hold the CJK letters; the Latin, Cyrillic and Vietnamese pieces add
      // nothing to DejaVu Sans.
      const piece = /^\[(\d+)\]$/.exec(name)?.[1];
      if (piece === undefined) continue;
      fallbacks.push({
        key: `${CJK_KEY}${id}-${w}-${piece}`,
        file: require.resolve(`@fontsource/${pkg}/files/${pkg}-${piece}-${w}-normal.woff`),
        ranges: ranges.split(',').map((r) => {
          const [from, to] = r.trim().replace(/^U\+/i, '').split('-');
          return [parseInt(from, 16), parseInt(to ?? from, 16)];
        }),
      });
    }
  }
  return { main: { key: `etms-${weight}`, ...main }, fallbacks, candidates: new Map() };
}

/** Both weights, read once per thread. */
export function pdfFonts(): Record<Weight, Family> {
  families ??= { regular: load('regular'), bold: load('bold') };
  return families;
}

const hasAll = (font: Font, text: string) => {
  for (const ch of text) if (!font.hasGlyphForCodePoint(ch.codePointAt(0)!)) return false;
  return true;
};

function fallbackFor(family: Family, text: string): FontRef | undefined {
  const code = text.codePointAt(0)!;
  let candidates = family.candidates.get(code);
  if (!candidates) {
    candidates = family.fallbacks.filter((f) => f.ranges.some(([from, to]) => code >= from && code <= to));
    family.candidates.set(code, candidates);
  }
  for (const f of candidates) {
    f.loaded ??= open(f.file);
    if (hasAll(f.loaded.font, text)) return { key: f.key, ...f.loaded };
  }
  return undefined;
}

const refs = new WeakMap<Font, FontRef>();
/** One FontRef per font, so runs in the same font compare equal. */
const refOf = (r: FontRef) => {
  const known = refs.get(r.font);
  if (known) return known;
  refs.set(r.font, r);
  return r;
};

export interface TextRun {
  text: string;
  font: FontRef;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** Letters DejaVu Sans has (checked by the tests): such a string is one run without a closer look. */
const LATIN_1 = /^[\x20-\x7e\u00a0-\u00ff\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u202f\u20ac]*$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The string as runs of one font each: each letter (with its combining accents) in DejaVu Sans when
 * it has it (in its composed form, NFC, when it has that), else in a CJK font, else "?".
 */
export function textRuns(value: string, weight: Weight): TextRun[] {
  const family = pdfFonts()[weight];
  const main = refOf(family.main);
  if (LATIN_1.test(value)) return [{ text: value, font: main }];
  const runs: TextRun[] = [];
  const push = (text: string, font: FontRef) => {
    const last = runs.at(-1);
    if (last && (last.font === font || (/^\s+$/.test(text) && hasAll(last.font.font, text))))
      last.text += text;
    else runs.push({ text, font });
  };
  for (const { segment } of segmenter.segment(value)) {
    if (CONTROL.test(segment)) {
      push('?', main);
      continue;
    }
    // The composed form first: one glyph for a letter and its accents reads and prints best.
    const composed = segment.normalize('NFC');
    if (hasAll(main.font, composed)) {
      push(composed, main);
      continue;
    }
    if (hasAll(main.font, segment)) {
      push(segment, main);
      continue;
    }
    const other = fallbackFor(family, segment) ?? fallbackFor(family, composed);
    if (other) {
      push(composed === segment || !hasAll(other.font, segment) ? composed : segment, refOf(other));
      continue;
    }
    // Letter by letter: a base letter one font has keeps it, a letter no font has is "?".
    for (const ch of composed) {
      if (hasAll(main.font, ch)) push(ch, main);
      else {
        const one = fallbackFor(family, ch);
        if (one) push(ch, refOf(one));
        else push('?', main);
      }
    }
  }
  return runs;
}

type Doc = PDFKit.PDFDocument;
const weights = new WeakMap<Doc, Weight>();
const registered = new WeakMap<Doc, Set<string>>();

function select(doc: Doc, ref: FontRef): void {
  let known = registered.get(doc);
  if (!known) registered.set(doc, (known = new Set()));
  if (!known.has(ref.key)) {
    // Each document parses the file itself: fontkit keeps the glyphs it has read with the letters
    // first seen for them, and a glyph read as part of another (Â holds A) in one document would
    // then have no letter in the next one's text layer.
    doc.registerFont(ref.key, ref.data);
    known.add(ref.key);
  }
  doc.font(ref.key);
}

/** Chooses the weight of the text written next (DejaVu Sans regular or bold). */
export function useWeight(doc: Doc, weight: Weight): Doc {
  weights.set(doc, weight);
  select(doc, refOf(pdfFonts()[weight].main));
  return doc;
}

export interface WriteOptions {
  width?: number;
  align?: 'left' | 'right' | 'center';
  lineGap?: number;
  lineBreak?: boolean;
  ellipsis?: boolean;
}

/** Writes a string at (x, y) as pdfkit does, each run in its font. */
export function writeText(doc: Doc, value: string, x: number, y: number, options: WriteOptions = {}): void {
  const weight = weights.get(doc) ?? 'regular';
  const runs = textRuns(value, weight);
  const main = refOf(pdfFonts()[weight].main);
  if (runs.length <= 1) {
    const font = runs[0]?.font ?? main;
    // On the baseline of the text beside it: a CJK font reaches higher above its letters.
    const shift = ascentOf(doc, main) - ascentOf(doc, font);
    select(doc, font);
    doc.text(runs[0]?.text ?? '', x, y + shift, options);
  } else mixed(doc, runs, main, x, y, options, true);
  useWeight(doc, weight);
}

/** How far above its baseline pdfkit sets a line's top in this font, at the current size. */
function ascentOf(doc: Doc, font: FontRef): number {
  select(doc, font);
  // pdfkit's ascender is in thousandths of the font size.
  const current = (doc as unknown as { _font: { ascender: number } })._font;
  return (current.ascender / 1000) * fontSize(doc);
}

/** The height writeText takes for this string in this width. */
export function textHeight(doc: Doc, value: string, options: WriteOptions = {}): number {
  const weight = weights.get(doc) ?? 'regular';
  const runs = textRuns(value, weight);
  let height: number;
  if (runs.length <= 1) {
    if (runs.length === 1) select(doc, runs[0].font);
    height = doc.heightOfString(runs[0]?.text ?? '', options);
  } else height = mixed(doc, runs, refOf(pdfFonts()[weight].main), 0, 0, options, false);
  useWeight(doc, weight);
  return height;
}

interface Piece {
  text: string;
  font: FontRef;
  width: number;
  space: boolean;
}

/**
 * Lays out (and writes when asked) a string of several fonts within a width: lines break at spaces
 * and around Chinese characters, a word wider than the column is broken between letters, and each
 * line is as tall as its tallest font, baselines aligned. Returns the height taken.
 */
function mixed(
  doc: Doc,
  runs: TextRun[],
  main: FontRef,
  x: number,
  y: number,
  options: WriteOptions,
  draw: boolean,
): number {
  const measure = (text: string, font: FontRef) => {
    select(doc, font);
    return doc.widthOfString(text);
  };
  const pieces: Piece[] = [];
  for (const run of runs) {
    const cjk = run.font.key.startsWith(CJK_KEY);
    for (const { segment } of segmenter.segment(run.text)) {
      const space = /^\s+$/.test(segment);
      const last = pieces.at(-1);
      if (last && !space && !last.space && !cjk && last.font === run.font && !/[-‐]$/.test(last.text))
        last.text += segment;
      else pieces.push({ text: segment, font: run.font, width: 0, space });
    }
  }
  for (const p of pieces) p.width = measure(p.text, p.font);

  const width = options.lineBreak === false || options.width === undefined ? Infinity : options.width;
  const lines: Piece[][] = [[]];
  let used = 0;
  const place = (p: Piece) => {
    const line = lines.at(-1)!;
    if (p.space) {
      if (line.length > 0) {
        line.push(p);
        used += p.width;
      }
      return;
    }
    if (used + p.width > width && line.length > 0) {
      while (line.at(-1)?.space) used -= line.pop()!.width;
      lines.push([]);
      used = 0;
    }
    if (p.width > width) {
      // Wider than the column on its own: broken between letters.
      let part = '';
      for (const { segment } of segmenter.segment(p.text)) {
        const next = part + segment;
        if (part && measure(next, p.font) > width) {
          lines.at(-1)!.push({ ...p, text: part, width: measure(part, p.font) });
          lines.push([]);
          part = segment;
        } else part = next;
      }
      const rest = { ...p, text: part, width: measure(part, p.font) };
      lines.at(-1)!.push(rest);
      used = rest.width;
      return;
    }
    lines.at(-1)!.push(p);
    used += p.width;
  };
  pieces.forEach(place);
  while (lines.at(-1)?.at(-1)?.space) lines.at(-1)!.pop();

  const gap = options.lineGap ?? 0;
  const fonts = [...new Set(pieces.map((p) => p.font))];
  const metrics = new Map(
    fonts.map((f) => {
      const ascent = ascentOf(doc, f);
      return [f, { height: doc.currentLineHeight(true), ascent }];
    }),
  );
  const lineHeight = Math.max(...fonts.map((f) => metrics.get(f)!.height)) + gap;
  // Every run on DejaVu Sans's baseline, as in the cells beside: CJK letters rise no higher than
  // DejaVu Sans's own ascent.
  const ascent = ascentOf(doc, main);
  if (draw)
    lines.forEach((line, i) => {
      const total = line.reduce((s, p) => s + p.width, 0);
      const room = width === Infinity ? (options.width ?? total) : width;
      let px =
        options.align === 'right'
          ? x + room - total
          : options.align === 'center'
            ? x + (room - total) / 2
            : x;
      const top = y + i * lineHeight;
      for (const p of line) {
        select(doc, p.font);
        doc.text(p.text, px, top + ascent - metrics.get(p.font)!.ascent, { lineBreak: false });
        px += p.width;
      }
    });
  return lines.length * lineHeight;
}

const fontSize = (doc: Doc) => (doc as unknown as { _fontSize: number })._fontSize;
