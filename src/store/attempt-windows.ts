/**
 * Counted attempts per key in fixed windows (failed sign-ins per address, failed machine
 * credentials per address), in the database so that replicas sharing it apply one limit. Each
 * count is one atomic statement: concurrent attempts never read the same count.
 */
import type { Db } from './db.js';
import { read } from './row.js';

export interface WindowCount {
  /** Attempts counted in the current window, this one included. */
  attempts: number;
  windowStart: Date;
}

export class AttemptWindowRepository {
  constructor(private readonly db: Db) {}

  /** Counts one attempt under key: a window older than windowMs starts again at 1. */
  async count(key: string, now: Date, windowMs: number): Promise<WindowCount> {
    const { rows } = await this.db.query(
      `INSERT INTO attempt_windows AS w (key, window_start, attempts) VALUES ($1, $2, 1)
       ON CONFLICT (key) DO UPDATE SET
         attempts = CASE WHEN w.window_start <= $2::timestamptz - make_interval(secs => $3) THEN 1 ELSE w.attempts + 1 END,
         window_start = CASE WHEN w.window_start <= $2::timestamptz - make_interval(secs => $3) THEN $2 ELSE w.window_start END
       RETURNING attempts, window_start`,
      [key, now, windowMs / 1000],
    );
    const r = read(rows[0]);
    return { attempts: r.int('attempts'), windowStart: r.time('window_start') };
  }

  /** Gives back an attempt counted in that window (one that turned out to be legitimate). */
  async giveBack(key: string, windowStart: Date): Promise<void> {
    await this.db.query(
      'UPDATE attempt_windows SET attempts = GREATEST(attempts - 1, 0) WHERE key = $1 AND window_start = $2',
      [key, windowStart],
    );
  }

  /** Forgets the windows of keys starting with prefix that ended before now. */
  async sweep(prefix: string, now: Date, windowMs: number): Promise<void> {
    await this.db.query(
      `DELETE FROM attempt_windows
        WHERE starts_with(key, $1) AND window_start <= $2::timestamptz - make_interval(secs => $3)`,
      [prefix, now, windowMs / 1000],
    );
  }
}
