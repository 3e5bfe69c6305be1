/**
 * String comparators used on normalised names and identifiers.
 */
import { doubleMetaphone } from 'double-metaphone';

const JW_A = new Uint8Array(64);
const JW_B = new Uint8Array(64);
const DL_ROWS = [new Int32Array(65), new Int32Array(65), new Int32Array(65)];

/** Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, up to 4 characters). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  // Names are short: reuse two buffers instead of allocating per comparison.
  const matchedA = la <= 64 ? JW_A.fill(0, 0, la) : new Uint8Array(la);
  const matchedB = lb <= 64 ? JW_B.fill(0, 0, lb) : new Uint8Array(lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const ca = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === ca) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * Damerau-Levenshtein distance (optimal string alignment: insertions, deletions, substitutions and
 * transpositions of adjacent characters). `limit` lets callers stop early: any distance above it is
 * returned as limit + 1.
 */
export function damerauLevenshtein(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > limit) return limit + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  const small = lb < 65;
  let prev2 = small ? DL_ROWS[0].fill(0, 0, lb + 1) : new Int32Array(lb + 1);
  let prev = small ? DL_ROWS[1] : new Int32Array(lb + 1);
  let curr = small ? DL_ROWS[2] : new Int32Array(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    curr[0] = i;
    let rowMin = curr[0];
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min(prev[j] + 1, curr[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb)
        v = Math.min(v, prev2[j - 2] + 1);
      curr[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    const t = prev2;
    prev2 = prev;
    prev = curr;
    curr = t;
  }
  return prev[lb];
}

const phoneticCache = new Map<string, [string, string]>();

/** Double Metaphone codes (primary, alternate) of a normalised name without its spaces. */
export function phoneticKeys(normalised: string): [string, string] {
  const key = normalised.includes(' ') ? normalised.replace(/ /g, '') : normalised;
  let codes = phoneticCache.get(key);
  if (codes === undefined) {
    codes = key === '' ? ['', ''] : doubleMetaphone(key);
    // The cache is bounded so that a long-running daemon does not grow without limit.
    if (phoneticCache.size > 200_000) phoneticCache.clear();
    phoneticCache.set(key, codes);
  }
  return codes;
}

/** True when two names sound alike: one Double Metaphone code of one equals one code of the other. */
export function soundsAlike(a: string, b: string): boolean {
  if (a === '' || b === '') return false;
  const [pa, sa] = phoneticKeys(a);
  const [pb, sb] = phoneticKeys(b);
  if (pa === '' || pb === '') return false;
  return pa === pb || pa === sb || sa === pb || (sa !== '' && sa === sb);
}

/**
 * Digits that differ by one slip: one substitution or one transposition of adjacent digits,
 * same length. Used on OENs and student numbers.
 */
export function oneDigitSlip(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let first = -1;
  let diffs = 0;
  for (let i = 0; i < a.length; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) {
      if (first < 0) first = i;
      diffs++;
      if (diffs > 2) return false;
    }
  }
  if (diffs === 1) return true;
  // Two differences: only a swap of two neighbouring digits counts.
  return (
    a[first] === b[first + 1] &&
    a[first + 1] === b[first] &&
    first + 1 < a.length &&
    a[first + 1] !== b[first + 1]
  );
}
