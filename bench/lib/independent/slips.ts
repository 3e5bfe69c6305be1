/**
 * The small accidents that change a typed value: a neighbouring key, a doubled or dropped letter,
 * two letters swapped, a scanner's misreading, a name written the way it sounds, a digit slip.
 * Each function returns a changed value, or the value itself when it offers nothing to change.
 */
import { type Rng } from './random.js';

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Keys next to each letter on a QWERTY keyboard (same row and the rows above and below). */
const NEIGHBOURS: Readonly<Record<string, string>> = (() => {
  const at = new Map<string, [number, number]>();
  KEYBOARD_ROWS.forEach((row, r) => [...row].forEach((c, i) => at.set(c, [r, i])));
  const out: Record<string, string> = {};
  for (const [c, [r, i]] of at) {
    let near = '';
    for (const [d, [r2, i2]] of at) {
      if (d === c) continue;
      // Rows are staggered by about half a key.
      if (
        (r2 === r && Math.abs(i2 - i) === 1) ||
        (Math.abs(r2 - r) === 1 && (i2 === i || i2 === i + (r2 < r ? 1 : -1)))
      ) {
        near += d;
      }
    }
    out[c] = near;
  }
  return out;
})();

function matchCase(replacement: string, original: string): string {
  return original === original.toUpperCase() && original !== original.toLowerCase()
    ? replacement.toUpperCase()
    : replacement;
}

function letterPositions(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) if (/\p{L}/u.test(s[i])) out.push(i);
  return out;
}

export type TypoKind = 'neighbour' | 'omission' | 'insertion' | 'transposition';

/** One keyboard typing accident. */
export function typo(rng: Rng, s: string): string {
  const letters = letterPositions(s);
  if (letters.length < 2) return s;
  const kind = rng.choose<TypoKind>({ neighbour: 0.45, omission: 0.2, insertion: 0.15, transposition: 0.2 });
  // Slips land rarely on the first letter, which people check.
  const pick = () => letters[rng.chance(0.05) ? 0 : rng.int(1, letters.length - 1)];
  const i = pick();
  const c = s[i];
  switch (kind) {
    case 'neighbour': {
      const near = NEIGHBOURS[c.toLowerCase()];
      if (!near) return s.slice(0, i) + s.slice(i + 1);
      return s.slice(0, i) + matchCase(rng.pick([...near]), c) + s.slice(i + 1);
    }
    case 'omission':
      return s.slice(0, i) + s.slice(i + 1);
    case 'insertion': {
      const near = NEIGHBOURS[c.toLowerCase()];
      const extra = near && rng.chance(0.5) ? matchCase(rng.pick([...near]), c) : c;
      return s.slice(0, i + 1) + extra + s.slice(i + 1);
    }
    case 'transposition': {
      const j = i + 1 < s.length && /\p{L}/u.test(s[i + 1]) ? i + 1 : i - 1;
      if (j < 0 || s[j] === c) return s.slice(0, i) + s.slice(i + 1);
      const [a, b] = j > i ? [i, j] : [j, i];
      return s.slice(0, a) + s[b] + s[a] + s.slice(b + 1);
    }
  }
}

/** Shapes a scanner or a hurried reader confuses. */
const OCR: readonly [RegExp, string][] = [
  [/m/, 'rn'],
  [/rn/, 'm'],
  [/l/, 'I'],
  [/I/, 'l'],
  [/i/, 'l'],
  [/o/, '0'],
  [/O/, '0'],
  [/cl/, 'd'],
  [/d/, 'cl'],
  [/w/, 'vv'],
  [/e/, 'c'],
  [/c/, 'e'],
  [/h/, 'b'],
  [/n/, 'h'],
  [/u/, 'v'],
  [/a/, 'o'],
  [/S/, '5'],
  [/B/, '8'],
  [/g/, 'q'],
];

export function ocrSlip(rng: Rng, s: string): string {
  const candidates = OCR.filter(([re]) => re.test(s.slice(1)));
  if (candidates.length === 0) return s;
  const [re, to] = rng.pick(candidates);
  // Apply to one occurrence after the first character.
  const rest = s.slice(1);
  const hits: number[] = [];
  const global = new RegExp(re.source, 'g');
  for (let m = global.exec(rest); m; m = global.exec(rest)) hits.push(m.index);
  const at = rng.pick(hits) + 1;
  const len = re.source.length;
  return s.slice(0, at) + to + s.slice(at + len);
}

/** Sound-alike rewrites: a name spelt the way it is heard. */
const SOUNDS: readonly [RegExp, string][] = [
  [/ph/gi, 'f'],
  [/f/gi, 'ph'],
  [/ck/gi, 'k'],
  [/c(?=[aou])/gi, 'k'],
  [/k(?=[aou])/gi, 'c'],
  [/ee/gi, 'ea'],
  [/ea/gi, 'ee'],
  [/ie$/gi, 'y'],
  [/y$/gi, 'ie'],
  [/ey$/gi, 'y'],
  [/ou/gi, 'u'],
  [/oo/gi, 'u'],
  [/tt/gi, 't'],
  [/ll/gi, 'l'],
  [/nn/gi, 'n'],
  [/ss/gi, 's'],
  [/rr/gi, 'r'],
  [/mm/gi, 'm'],
  [/dd/gi, 'd'],
  [/([aeiou])([mdbgkp])(?=[aeiou])/gi, '$1$2$2'],
  [/uy/gi, 'uye'],
  [/([aeiou])([lnrst])(?=[aeiou])/gi, '$1$2$2'],
  [/z/gi, 's'],
  [/s(?=[aeiou])/gi, 'z'],
  [/^mac/gi, 'Mc'],
  [/^mc/gi, 'Mac'],
  [/sch/gi, 'sh'],
  [/gh/gi, ''],
  [/th/gi, 't'],
  [/ei/gi, 'ie'],
  [/ie(?!$)/gi, 'ei'],
  [/x/gi, 'ks'],
  [/ah$/gi, 'a'],
  [/a$/gi, 'ah'],
  [/eigh/gi, 'ay'],
  [/kh/gi, 'k'],
  [/dh/gi, 'd'],
  [/v/gi, 'w'],
  [/w/gi, 'v'],
  [/j(?=[aeiou])/gi, 'y'],
  [/i/gi, 'y'],
  [/y(?=[^aeiou])/gi, 'i'],
  [/eau$/gi, 'o'],
  [/ault$/gi, 'o'],
  [/ette$/gi, 'et'],
  [/qu/gi, 'k'],
];

export function soundAlike(rng: Rng, s: string): string {
  const candidates = SOUNDS.filter(([re]) => {
    re.lastIndex = 0;
    return re.test(s);
  });
  if (candidates.length === 0) return s;
  const [re, to] = rng.pick(candidates);
  re.lastIndex = 0;
  // Rewrite one occurrence: people misspell one sound, not all of them.
  const hits: { index: number; text: string }[] = [];
  for (let m = re.exec(s); m; m = re.exec(s)) {
    hits.push({ index: m.index, text: m[0] });
    if (m[0].length === 0) re.lastIndex++;
  }
  re.lastIndex = 0;
  const hit = rng.pick(hits);
  // Replace the match found at that position, in its context (some patterns look ahead).
  const tail = s.slice(hit.index);
  const single = new RegExp(re.source, re.flags.replace('g', ''));
  const match = single.exec(tail);
  if (!match || match.index !== 0) return s;
  const newTail = tail.replace(single, to);
  let replaced = newTail.slice(0, newTail.length - (tail.length - match[0].length));
  replaced =
    hit.index === 0 && /^\p{Lu}/u.test(s)
      ? replaced.charAt(0).toUpperCase() + replaced.slice(1).toLowerCase()
      : replaced.toLowerCase();
  const out = s.slice(0, hit.index) + replaced + tail.slice(match[0].length);
  return out.length > 0 ? out : s;
}

/** One digit slip in a number: a wrong digit, or two neighbouring digits swapped. */
export function digitSlip(rng: Rng, digits: string, kind: 'digit' | 'swap'): string {
  if (digits.length < 2) return digits;
  if (kind === 'swap') {
    for (let k = 0; k < 10; k++) {
      const i = rng.int(0, digits.length - 2);
      if (digits[i] !== digits[i + 1]) {
        return digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2);
      }
    }
  }
  const i = rng.int(0, digits.length - 1);
  const d = (Number(digits[i]) + rng.int(1, 9)) % 10;
  return digits.slice(0, i) + String(d) + digits.slice(i + 1);
}
