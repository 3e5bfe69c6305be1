/**
 * Password checks (scrypt: about 50 ms of one core and 16 MB each) run in worker threads of their
 * own, a few at a time, at the lower priority of heavy work (serve.ts), never on Node's 4 libuv
 * threads: there 4 wrong passwords at once took both cores of a small machine at the request
 * thread's priority, and the file and DNS work that shares those threads waited behind them. At
 * most half the cores check passwords at once (at least one); a bounded number of sign-ins wait,
 * and past that a sign-in is refused before anything is counted.
 */
import { availableParallelism } from 'node:os';
import { HeavySlots, WorkerJobError, WorkerPool } from '../workers/pool.js';

/** Sign-ins that may wait for a check: at 50 ms a check, about 3 s of backlog on one core. */
const WAITING = 64;
/** A check takes about 50 ms; far past that, the thread is stuck and is replaced. */
const CHECK_TIMEOUT_MS = 10_000;

export class PasswordChecks {
  private readonly pool: WorkerPool;

  constructor(
    readonly atOnce = Math.max(1, Math.floor(availableParallelism() / 2)),
    readonly maxWaiting = WAITING,
  ) {
    this.pool = new WorkerPool({
      name: 'password check',
      entry: new URL('./password-worker.js', import.meta.url),
      size: atOnce,
      maxQueue: maxWaiting,
      timeoutMs: CHECK_TIMEOUT_MS,
      // scrypt's 16 MB are outside the JavaScript heap: a small heap is enough.
      maxOldGenerationSizeMb: 64,
      // Slots of their own: a sign-in never waits behind a PDF check or an export.
      slots: new HeavySlots(atOnce),
    });
  }

  /** Checks running now. */
  get active(): number {
    return this.pool.slots.running;
  }

  /** True when a new sign-in would find no room: refuse it before counting anything. */
  get full(): boolean {
    return this.pool.waiting >= this.maxWaiting;
  }

  /**
   * Checks a password; `first` for a browser the account signed in from, whose check waits ahead of
   * the others (many wrong passwords from elsewhere do not keep its owner waiting).
   */
  async verify(password: string, hash: string, first = false): Promise<boolean> {
    try {
      return await this.pool.run<boolean>({ password, hash }, [], { first });
    } catch (error) {
      // A check that could not run (the queue filled since `full` was read, a stuck thread) fails closed.
      if (error instanceof WorkerJobError) return false;
      throw error;
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The checks of this process. */
export const passwordChecks = new PasswordChecks();
