/** Small helpers over lists that several parts of the project share. */

/** Items by key, each list in the order the items came. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/**
 * Things in progress (uploads arriving, files being checked, bodies being received), counted per key
 * — a person, an address, a credential — and in all, each count bounded. `take` counts one more and
 * gives back what ends it (once, however often it is called), or names the bound that is reached.
 */
export class InProgress<K> {
  private total = 0;
  private readonly byKey = new Map<K, number>();

  constructor(
    readonly perKey: number,
    readonly max = Number.POSITIVE_INFINITY,
  ) {}

  take(key: K): { end: () => void } | { refused: 'key' | 'all' } {
    const own = this.byKey.get(key) ?? 0;
    if (own >= this.perKey) return { refused: 'key' };
    if (this.total >= this.max) return { refused: 'all' };
    this.byKey.set(key, own + 1);
    this.total++;
    let ended = false;
    return {
      end: () => {
        if (ended) return;
        ended = true;
        this.total--;
        const left = (this.byKey.get(key) ?? 1) - 1;
        if (left > 0) this.byKey.set(key, left);
        else this.byKey.delete(key);
      },
    };
  }
}
