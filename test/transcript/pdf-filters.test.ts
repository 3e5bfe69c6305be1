import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decoderOf, isImageFilter } from '../../src/transcript/pdf-filters.js';
import { zerosBomb } from '../../fixtures/transcripts/zeros-bomb.js';

function decode(filter: string, data: Buffer | string, budget = 1 << 20): string | undefined {
  const decoder = decoderOf(filter);
  if (!decoder) throw new Error(`no decoder for ${filter}`);
  const out = decoder(Buffer.isBuffer(data) ? data : Buffer.from(data, 'latin1'), budget, true);
  return out.data?.toString('latin1');
}

describe('PDF stream filters', () => {
  it('undo the encodings of the PDF reference, under their long and short names', () => {
    expect(decode('FlateDecode', deflateSync('Hello'))).toBe('Hello');
    expect(decode('Fl', deflateSync('Hello'))).toBe('Hello');
    expect(decode('ASCIIHexDecode', '48 65 6c6C6F>ignored')).toBe('Hello');
    expect(decode('AHx', '4865 7>')).toBe('Hep');
    expect(decode('ASCII85Decode', '87cURD]j7BEbo7~>')).toBe('Hello world');
    expect(decode('A85', 'z87cURDZ~>')).toBe('\0\0\0\0Hello');
    // Run length: "copy 3" then "repeat x 4 times" then the end marker.
    expect(decode('RunLengthDecode', Buffer.from([2, 0x61, 0x62, 0x63, 253, 0x78, 128, 0x7a]))).toBe(
      'abcxxxx',
    );
    // The example of the PDF reference (7.4.4.2): 45 45 45 45 45 65 45 45 45 66.
    const lzw = Buffer.from([0x80, 0x0b, 0x60, 0x50, 0x22, 0x0c, 0x0c, 0x85, 0x01]);
    expect(decode('LZWDecode', lzw)).toBe('-----A---B');
    expect(decode('LZW', lzw)).toBe('-----A---B');
  });

  it('count a damaged zlib stream as far as a lenient reader inflates it, and a bad header as nothing', () => {
    // 16 MB of zeros, then bytes no inflater accepts: a reader has drawn the 16 MB by then.
    const bomb = zerosBomb(16);
    const damaged = Buffer.concat([bomb.subarray(0, bomb.length - 6), Buffer.from([0xff, 0xff, 0xff, 0xff])]);
    const decoder = decoderOf('FlateDecode')!;
    const counted = decoder(damaged, 1 << 30, false).bytes;
    expect(counted).toBeGreaterThanOrEqual(16 << 20);
    // Whatever the step the damage falls in, nothing made before it is dropped.
    for (const cut of [100, 5_000, 40_000]) {
      const at = Math.min(cut, bomb.length - 10);
      const broken = Buffer.concat([bomb.subarray(0, at), Buffer.from([0xff, 0xff, 0xff])]);
      const whole = decoder(bomb.subarray(0, at), 1 << 30, false).bytes;
      expect(decoder(broken, 1 << 30, false).bytes, String(cut)).toBeGreaterThanOrEqual(whole);
    }
    // A stream no reader can open (a space before its header) makes nothing.
    expect(decoder(Buffer.concat([Buffer.from(' \n'), bomb]), 1 << 30, false).bytes).toBe(0);
    expect(decode('FlateDecode', deflateSync('Hello'))).toBe('Hello');
  });

  it('stop counting once the budget is passed, keeping nothing', () => {
    const zeros = deflateSync(Buffer.alloc(4 << 20));
    const out = decoderOf('FlateDecode')!(zeros, 1 << 20, true);
    expect(out.exceeded).toBe(true);
    expect(out.data).toBeUndefined();
    expect(out.bytes).toBeLessThan(32 << 20);
    // Run length grows 64 times: 2 bytes for 128.
    const runs = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i % 2 === 0 ? 129 : 0)));
    const grown = decoderOf('RL')!(runs, 1 << 20, false);
    expect(grown.exceeded).toBe(true);
    // ASCII85's z: 1 byte for 4.
    expect(decoderOf('A85')!(Buffer.alloc(1 << 19, 'z'), 1 << 20, false).exceeded).toBe(true);
  });

  it('know no other names: image codecs are told apart, the rest has no decoder', () => {
    expect(decoderOf('Crypt')).toBeUndefined();
    expect(decoderOf('toString')).toBeUndefined();
    expect(decoderOf('DCTDecode')).toBeUndefined();
    expect(isImageFilter('DCTDecode')).toBe(true);
    expect(isImageFilter('JBIG2Decode')).toBe(true);
    expect(isImageFilter('FlateDecode')).toBe(false);
  });
});
