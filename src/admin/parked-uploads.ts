/**
 * A transcript file sent just after the session expired is not thrown away: it waits here (in
 * memory, bounded in count, size and time) under a random id kept in an HttpOnly cookie of the
 * same browser, until the person signs in again and chooses to upload it. Nothing is applied to
 * the request before that: the upload then runs as the signed-in person, with their access checks.
 *
 * Whoever sends a session cookie gets here, signed in or not, so what anyone can make this hold
 * is bounded too: a few files read at once (one per client address), and a few files kept per
 * address, so that one client can neither fill the memory nor push out the files of others.
 */
import { InProgress } from '../collections.js';
import { randomToken } from './session.js';

export const PARKED_COOKIE = 'etms_parked';

export interface ParkedUpload {
  id: string;
  reference: string;
  fileName: string;
  bytes: Buffer;
  /** The request's version the form was made from (stale forms are refused at upload). */
  version: string;
  back: string;
  /** The client address that sent it (the key of the per-address limits). */
  address: string;
  at: number;
}

export interface ParkedLimits {
  /** Files kept at once, from everyone. */
  maxItems?: number;
  /** Files kept at once from one client address (its oldest goes first). */
  maxPerAddress?: number;
  /** Files being read at once, from everyone. */
  maxReading?: number;
}

export class ParkedUploads {
  private readonly items = new Map<string, ParkedUpload>();
  /** Files being read now: one per address, a few in all. */
  private readonly reading: InProgress<string>;
  private readonly maxItems: number;
  private readonly maxPerAddress: number;

  constructor(
    private readonly clock: () => number = Date.now,
    readonly ttlMs = 30 * 60_000,
    limits: ParkedLimits = {},
  ) {
    this.maxItems = limits.maxItems ?? 50;
    this.maxPerAddress = limits.maxPerAddress ?? 3;
    this.reading = new InProgress(1, limits.maxReading ?? 4);
  }

  /**
   * A turn to read one file from this address before parking it, or undefined when this address
   * already has a file being read or as many files are being read as allowed: the caller then keeps
   * nothing and reads nothing. Call the returned function once the file is read (or refused).
   */
  startReading(address: string): (() => void) | undefined {
    const taken = this.reading.take(address);
    return 'end' in taken ? taken.end : undefined;
  }

  private sweep(address: string): void {
    const now = this.clock();
    for (const [id, item] of this.items) if (now - item.at > this.ttlMs) this.items.delete(id);
    // This address's oldest first out when it holds its share, so it never pushes out others' files.
    const own = [...this.items.values()].filter((item) => item.address === address);
    for (let i = 0; i <= own.length - this.maxPerAddress; i++) this.items.delete(own[i].id);
    // Oldest first out when full: memory stays bounded by maxItems × the upload size limit.
    while (this.items.size >= this.maxItems) this.items.delete(this.items.keys().next().value!);
  }

  park(item: Omit<ParkedUpload, 'id' | 'at'>): string {
    this.sweep(item.address);
    const id = randomToken(24);
    this.items.set(id, { ...item, id, at: this.clock() });
    return id;
  }

  /** How many files are kept now (expired ones included until the next park). */
  get size(): number {
    return this.items.size;
  }

  /** The parked file of this cookie for this request, if it is still there. */
  find(id: string | undefined, reference: string): ParkedUpload | undefined {
    if (!id) return undefined;
    const item = this.items.get(id);
    if (!item || item.reference !== reference) return undefined;
    if (this.clock() - item.at > this.ttlMs) {
      this.items.delete(id);
      return undefined;
    }
    return item;
  }

  take(id: string | undefined, reference: string): ParkedUpload | undefined {
    const item = this.find(id, reference);
    if (item) this.items.delete(item.id);
    return item;
  }
}
