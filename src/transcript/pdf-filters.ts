/**
 * The PDF stream filters the scan can undo, each counting what it produces and stopping once a
 * budget is passed: a stream may chain several (`/Filter [/FlateDecode /FlateDecode]`), and each
 * layer of a chain can multiply the size again, so every layer is decoded and counted, never only
 * the first. They all run synchronously on the calling thread (the PDF check's own worker).
 */
import { Unzlib } from 'fflate';

export interface Decoded {
  /** Bytes produced, up to the point where the budget was passed. */
  bytes: number;
  exceeded: boolean;
  /** The output, when it was asked for and the budget was not passed. */
  data?: Buffer;
}

/** Shown each piece of the output as it is produced (to look into it without keeping it). */
export type Sink = (chunk: Uint8Array) => void;

type Decoder = (data: Buffer, budget: number, keep: boolean, sink?: Sink) => Decoded;

/** Collects output in chunks, counting, and keeping it only while asked and under budget. */
class Output {
  bytes = 0;
  exceeded = false;
  private readonly chunks: Buffer[] = [];
  private pending: number[] = [];

  constructor(
    private readonly budget: number,
    private readonly keep: boolean,
    private readonly sink?: Sink,
    /** Output already shown to the sink (by an earlier decoding of the same data). */
    private shown = 0,
  ) {}

  chunk(chunk: Uint8Array): void {
    const before = this.bytes;
    this.bytes += chunk.length;
    if (this.sink && this.bytes > this.shown) {
      this.sink(chunk.subarray(Math.max(0, this.shown - before)));
      this.shown = this.bytes;
    }
    if (this.bytes > this.budget) this.exceeded = true;
    else if (this.keep) this.chunks.push(Buffer.from(chunk));
  }

  /** Counts output a reader may produce that the scan could not see. */
  count(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.budget) this.exceeded = true;
  }

  /** One byte at a time, for the small decoders; flushed every 64 KB. */
  byte(value: number): void {
    this.pending.push(value);
    if (this.pending.length >= 65_536) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    this.chunk(Uint8Array.from(this.pending));
    this.pending = [];
  }

  result(): Decoded {
    this.flush();
    return {
      bytes: this.bytes,
      exceeded: this.exceeded,
      data: this.keep && !this.exceeded ? Buffer.concat(this.chunks) : undefined,
    };
  }
}

/** Compressed bytes given to the inflater at a time: deflate expands at most ~1,032 times, so one
 * step never makes more than ~16 MB before the budget is checked again. */
const INFLATE_STEP = 16 * 1024;

/** Compressed bytes given at a time when a damaged stream is inflated again, closer. */
const DAMAGED_STEP = 256;

/** The most bytes deflate data may inflate to, for each byte of it. */
const DEFLATE_RATIO = 1032;

/** Whether a zlib header (two bytes) is one a reader accepts. */
function zlibHeader(data: Buffer): boolean {
  return (
    data.length >= 2 && (data[0] & 15) === 8 && data[0] >> 4 <= 7 && ((data[0] << 8) | data[1]) % 31 === 0
  );
}

/** Inflates in steps of `step` bytes; where the step that failed starts, or -1 when none did. */
function inflateSteps(data: Buffer, step: number, out: Output): number {
  const inflater = new Unzlib((chunk) => out.chunk(chunk));
  let at = 0;
  try {
    for (; at < data.length && !out.exceeded; at += step)
      inflater.push(data.subarray(at, at + step), at + step >= data.length);
  } catch {
    return at;
  }
  return -1;
}

/**
 * Inflates a zlib stream. Never on Node's shared threadpool, where a few bombs would stall every
 * file, DNS and zlib call of the server. A damaged stream is counted as a lenient reader reads it,
 * up to the damage: the inflater drops what the step that failed had made, so the stream is
 * inflated again in small steps up to there, and the most that last small step could make is
 * counted too. A header no reader accepts is counted as nothing.
 */
const flate: Decoder = (data, budget, keep, sink) => {
  const out = new Output(budget, keep, sink);
  const failed = inflateSteps(data, INFLATE_STEP, out);
  if (failed < 0 || out.exceeded || !zlibHeader(data)) return out.result();
  const closer = new Output(budget, keep, sink, out.bytes);
  const damaged = inflateSteps(
    data.subarray(0, Math.min(data.length, failed + INFLATE_STEP)),
    DAMAGED_STEP,
    closer,
  );
  if (damaged >= 0) closer.count(Math.min(DAMAGED_STEP, data.length - damaged) * DEFLATE_RATIO);
  if (closer.bytes < out.bytes) closer.count(out.bytes - closer.bytes);
  return closer.result();
};

/** LZW as PDF writes it: 9- to 12-bit codes, 256 clears the table, 257 ends; EarlyChange 1. The
 * table is kept as prefix links (4,096 entries at most), so a hostile stream cannot grow it. */
const lzw: Decoder = (data, budget, keep, sink) => {
  const out = new Output(budget, keep, sink);
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const length = new Int32Array(4096);
  const scratch = new Uint8Array(4096);
  for (let i = 0; i < 256; i++) {
    prefix[i] = -1;
    suffix[i] = i;
    length[i] = 1;
  }
  let next = 258;
  let width = 9;
  let previous = -1;
  let buffer = 0;
  let held = 0;
  const firstByte = (code: number): number => {
    let c = code;
    while (prefix[c] >= 0) c = prefix[c];
    return suffix[c];
  };
  for (let i = 0; i < data.length && !out.exceeded; i++) {
    buffer = ((buffer << 8) | data[i]) & 0xffffff;
    held += 8;
    while (held >= width && !out.exceeded) {
      const code = (buffer >>> (held - width)) & ((1 << width) - 1);
      held -= width;
      if (code === 257) return out.result();
      if (code === 256) {
        next = 258;
        width = 9;
        previous = -1;
        continue;
      }
      if (code > next || (code === next && previous < 0)) return out.result();
      if (previous >= 0 && next < 4096) {
        prefix[next] = previous;
        suffix[next] = firstByte(code === next ? previous : code);
        length[next] = length[previous] + 1;
        next++;
      }
      let at = length[code];
      for (let c = code; c >= 0; c = prefix[c]) scratch[--at] = suffix[c];
      out.flush();
      out.chunk(scratch.subarray(0, length[code]));
      previous = code;
      if (next + 1 >= 1 << width && width < 12) width++;
    }
  }
  return out.result();
};

/** RunLength: a length byte n < 128 copies n + 1 bytes, n > 128 repeats the next byte 257 − n times. */
const runLength: Decoder = (data, budget, keep, sink) => {
  const out = new Output(budget, keep, sink);
  let i = 0;
  while (i < data.length && !out.exceeded) {
    const n = data[i++];
    if (n === 128) break;
    if (n < 128) {
      out.flush();
      out.chunk(data.subarray(i, i + n + 1));
      i += n + 1;
    } else {
      for (let k = 0; k < 257 - n; k++) out.byte(data[i]);
      i++;
    }
  }
  return out.result();
};

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** ASCIIHex: two hex digits a byte, white space ignored, `>` ends. It only ever shrinks. */
const asciiHex: Decoder = (data, budget, keep, sink) => {
  const out = new Output(budget, keep, sink);
  let high = -1;
  for (let i = 0; i < data.length && !out.exceeded; i++) {
    const c = data[i];
    if (c === 0x3e) break;
    if (!isHexDigit(c)) continue;
    const digit = parseInt(String.fromCharCode(c), 16);
    if (high < 0) high = digit;
    else {
      out.byte(high * 16 + digit);
      high = -1;
    }
  }
  if (high >= 0) out.byte(high * 16);
  return out.result();
};

/** ASCII85: five characters for four bytes, `z` for four zeros (the one way it grows), `~>` ends. */
const ascii85: Decoder = (data, budget, keep, sink) => {
  const out = new Output(budget, keep, sink);
  const group: number[] = [];
  const emit = (count: number): void => {
    let value = 0;
    for (let k = 0; k < 5; k++) value = value * 85 + (k < group.length ? group[k] : 84);
    for (let k = 0; k < count; k++) out.byte((value >>> (24 - 8 * k)) & 0xff);
  };
  for (let i = 0; i < data.length && !out.exceeded; i++) {
    const c = data[i];
    if (c === 0x7e) break;
    if (c === 0x7a && group.length === 0) {
      for (let k = 0; k < 4; k++) out.byte(0);
      continue;
    }
    if (c < 0x21 || c > 0x75) continue;
    group.push(c - 0x21);
    if (group.length === 5) {
      emit(4);
      group.length = 0;
    }
  }
  if (group.length > 1) emit(group.length - 1);
  return out.result();
};

const DECODERS: Record<string, Decoder> = {
  FlateDecode: flate,
  Fl: flate,
  LZWDecode: lzw,
  LZW: lzw,
  RunLengthDecode: runLength,
  RL: runLength,
  ASCIIHexDecode: asciiHex,
  AHx: asciiHex,
  ASCII85Decode: ascii85,
  A85: ascii85,
};

/** Image codecs: the scan cannot undo them, so they may only come last, where the viewer draws them. */
const IMAGE_FILTERS = new Set(['DCTDecode', 'DCT', 'JPXDecode', 'JBIG2Decode', 'CCITTFaxDecode', 'CCF']);

/** The decoder of a filter the scan can undo, or undefined. */
export function decoderOf(filter: string): Decoder | undefined {
  return Object.hasOwn(DECODERS, filter) ? DECODERS[filter] : undefined;
}

export function isImageFilter(filter: string): boolean {
  return IMAGE_FILTERS.has(filter);
}
