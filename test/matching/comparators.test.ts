import { describe, expect, it } from 'vitest';
import {
  damerauLevenshtein,
  jaroWinkler,
  oneDigitSlip,
  phoneticKeys,
  soundsAlike,
} from '../../src/matching/comparators.js';

describe('jaroWinkler', () => {
  it('matches the reference values', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.9611, 3);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.8133, 3);
  });
  it('is 1 for equal strings and 0 for nothing in common', () => {
    expect(jaroWinkler('SMITH', 'SMITH')).toBe(1);
    expect(jaroWinkler('ABC', 'XYZ')).toBe(0);
    expect(jaroWinkler('', 'ABC')).toBe(0);
  });
  it('handles names longer than its buffers', () => {
    const long = 'A'.repeat(80);
    expect(jaroWinkler(long, long + 'B')).toBeGreaterThan(0.99);
  });
});

describe('damerauLevenshtein', () => {
  it('counts substitutions, insertions, deletions and transpositions', () => {
    expect(damerauLevenshtein('SMITH', 'SMYTH')).toBe(1);
    expect(damerauLevenshtein('JOHN', 'JOHNN')).toBe(1);
    expect(damerauLevenshtein('JOHN', 'JHON')).toBe(1);
    expect(damerauLevenshtein('KITTEN', 'SITTING')).toBe(3);
    expect(damerauLevenshtein('', 'ABC')).toBe(3);
  });
  it('stops early above the limit', () => {
    expect(damerauLevenshtein('ABCDEFGH', 'ZYXWVUTS', 1)).toBe(2);
    expect(damerauLevenshtein('AB', 'ABCDEF', 2)).toBe(3);
  });
});

describe('phonetic key', () => {
  it('gives Double Metaphone codes', () => {
    expect(phoneticKeys('SMITH')[0]).toBe('SM0');
  });
  it('hears names that sound alike', () => {
    expect(soundsAlike('SMITH', 'SMYTHE')).toBe(true);
    expect(soundsAlike('CATHERINE', 'KATHRYN')).toBe(true);
    expect(soundsAlike('SMITH', 'JONES')).toBe(false);
    expect(soundsAlike('', 'JONES')).toBe(false);
  });
});

describe('oneDigitSlip', () => {
  it('accepts one substituted digit or two neighbours swapped', () => {
    expect(oneDigitSlip('123456789', '123456780')).toBe(true);
    expect(oneDigitSlip('123456789', '123465789')).toBe(true);
  });
  it('refuses two changes, far swaps and other lengths', () => {
    expect(oneDigitSlip('123456789', '123456700')).toBe(false);
    expect(oneDigitSlip('123456789', '923456781')).toBe(false);
    expect(oneDigitSlip('123456789', '12345678')).toBe(false);
    expect(oneDigitSlip('123', '123')).toBe(false);
  });
});
