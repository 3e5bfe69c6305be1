/**
 * A transcript file sent just after the session expired is not thrown away: it waits here (in
 * memory, bounded in count, size and time) under a random id kept in an HttpOnly cookie of the
 * same browser, until the person signs in again and chooses to upload it. Nothing is applied to
 * the request before that: the upload then runs as the signed-in person, with their access checks.
 */
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
  at: number;
}

export class ParkedUploads {
  private readonly items = new Map<string, ParkedUpload>();

  constructor(
    private readonly clock: () => number = Date.now,
    readonly ttlMs = 30 * 60_000,
    private readonly maxItems = 50,
  ) {}

  private sweep(): void {
    const now = this.clock();
    for (const [id, item] of this.items) if (now - item.at > this.ttlMs) this.items.delete(id);
    // Oldest first out when full: memory stays bounded by maxItems × the upload size limit.
    while (this.items.size >= this.maxItems) this.items.delete(this.items.keys().next().value!);
  }

  park(item: Omit<ParkedUpload, 'id' | 'at'>): string {
    this.sweep();
    const id = randomToken(24);
    this.items.set(id, { ...item, id, at: this.clock() });
    return id;
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
