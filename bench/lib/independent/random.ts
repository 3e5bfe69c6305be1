/**
 * Seeded randomness for the independent generator: every draw comes from a named stream derived
 * from the seed, so one part of the data (the students) does not change when another part's size
 * (the requests) does, and the same seed always gives the same files.
 */

/** 128-bit hash of a string (cyrb128), used to seed a stream from the seed and a stream label. */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A small fast generator (sfc32) with the draws the generator needs. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = hash128(seed);
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A uniform float in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** A key of `weights` with probability proportional to its value. */
  choose<K extends string>(weights: Readonly<Record<K, number>>): K {
    const keys = Object.keys(weights) as K[];
    let total = 0;
    for (const k of keys) total += Math.max(0, weights[k]);
    let u = this.next() * total;
    for (const k of keys) {
      u -= Math.max(0, weights[k]);
      if (u < 0) return k;
    }
    return keys[keys.length - 1];
  }

  /** Standard normal draw (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }
}

/** The stream `label` of the data set generated from `seed`. */
export function stream(seed: string | number, label: string): Rng {
  return new Rng(`${String(seed)}\u0000${label}`);
}

/** A fixed list of items drawn with fixed weights, by binary search over the cumulative weights. */
export class Weighted<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(items: readonly T[], weights: readonly number[]) {
    if (items.length === 0 || items.length !== weights.length) {
      throw new RangeError('a weighted list needs as many weights as items, and at least one item');
    }
    this.items = items;
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    for (let i = 0; i < items.length; i++) {
      sum += Math.max(0, weights[i]);
      this.cumulative[i] = sum;
    }
    if (!(sum > 0)) throw new RangeError('a weighted list needs a positive total weight');
    this.total = sum;
  }

  draw(rng: Rng): T {
    const u = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }

  /** The share of the total weight held by item `i`. */
  share(i: number): number {
    return (this.cumulative[i] - (i > 0 ? this.cumulative[i - 1] : 0)) / this.total;
  }
}

/**
 * Parses a ranked name list: names separated by commas or new lines, most frequent first. A name
 * followed by `=N` carries an explicit relative weight; the others get a Zipf weight 1/rank^exponent
 * scaled to the list's first weight (1 when no weight is given), which gives the heavy-tailed
 * frequencies of real name lists: a few very common names and many rare ones.
 */
export function rankedList(text: string, exponent = 0.7): Weighted<string> {
  const names: string[] = [];
  const weights: number[] = [];
  const entries = text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  let scale = 1;
  entries.forEach((entry, rank) => {
    const eq = entry.lastIndexOf('=');
    if (eq > 0) {
      const weight = Number(entry.slice(eq + 1));
      if (!Number.isFinite(weight) || weight < 0) throw new RangeError(`bad weight in name list: ${entry}`);
      names.push(entry.slice(0, eq).trim());
      weights.push(weight);
      if (rank === 0) scale = weight;
    } else {
      names.push(entry);
      weights.push(scale / Math.pow(rank + 1, exponent));
    }
  });
  return new Weighted(names, weights);
}
