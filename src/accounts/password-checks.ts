/**
 * Password checks (scrypt: about 50 ms of one core and 16 MB each) run a few at a time. Node runs
 * them on its 4 libuv threads: 4 wrong passwords at once would take both cores of a small machine
 * from the thread that answers requests, and the file and DNS work that shares those threads
 * would wait behind them. Here at most half the cores check passwords at once (at least one), and
 * a bounded number of sign-ins wait; past that a sign-in is refused before anything is counted.
 */
import { availableParallelism } from 'node:os';
import { verifyPassword } from '../domain/password.js';

/** Sign-ins that may wait for a check: at 50 ms a check, about 3 s of backlog on one core. */
const WAITING = 64;

export class PasswordChecks {
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(
    readonly atOnce = Math.max(1, Math.floor(availableParallelism() / 2)),
    readonly maxWaiting = WAITING,
  ) {}

  /** Checks running now. */
  get active(): number {
    return this.running;
  }

  /** True when a new sign-in would find no room: refuse it before counting anything. */
  get full(): boolean {
    return this.running >= this.atOnce && this.queue.length >= this.maxWaiting;
  }

  async verify(password: string, hash: string): Promise<boolean> {
    if (this.running >= this.atOnce) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.running++;
    try {
      return await verifyPassword(password, hash);
    } finally {
      // The slot passes to the next sign-in waiting, or is given back.
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** The checks of this process. */
export const passwordChecks = new PasswordChecks();
