/**
 * Heavy or untrusted work (checking an uploaded PDF, rendering a report export) runs in a few
 * long-lived worker threads, never on the event loop that answers every other request. Each job has
 * a time limit, each thread a heap limit (`resourceLimits`), and the queue of waiting jobs is bounded:
 * a job over its time or memory ends its thread (a fresh one takes its place) and fails alone; a job
 * that finds the queue full is refused at once rather than waiting behind an unbounded backlog.
 *
 * The worker entry is a module beside its caller (`foo-worker.ts`, compiled to `foo-worker.js`);
 * when the sources run untranspiled (tests, tsx), the thread loads the TypeScript entry through tsx.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { errorFromWire } from '../errors.js';

export type WorkerFailure = 'busy' | 'timeout' | 'memory' | 'crashed';

/** Raised for a job the pool could not finish; `reason` says why. */
export class WorkerJobError extends Error {
  constructor(
    readonly reason: WorkerFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WorkerJobError';
  }
}

export interface WorkerPoolOptions {
  /** Names the pool in messages. */
  name: string;
  /** The compiled entry, e.g. `new URL('./pdf-worker.js', import.meta.url)`. */
  entry: URL;
  /** Threads (each runs one job at a time). */
  size?: number;
  /** Jobs that may wait for a thread; one more is refused. */
  maxQueue?: number;
  /** Wall-clock limit of one job. */
  timeoutMs?: number;
  /** Heap limit of one thread. */
  maxOldGenerationSizeMb?: number;
  maxYoungGenerationSizeMb?: number;
  /** The slots its jobs take; the process-wide heavySlots when absent. */
  slots?: HeavySlots;
}

/**
 * How many heavy jobs run at once in the process, all pools together (PDF checks and exports): one
 * core is left to the thread that answers requests, the others run heavy work. On 2 cores, one job
 * at a time: two heavy threads beside the request thread would leave it a third of the machine.
 * A job waits for a slot before its time limit starts; its pool's queue bounds how many wait.
 */
export class HeavySlots {
  private busy = 0;
  private readonly waiting: WorkerPool[] = [];

  constructor(readonly size: number) {}

  /** Jobs running now. */
  get running(): number {
    return this.busy;
  }

  take(pool: WorkerPool): boolean {
    if (this.busy < this.size) {
      this.busy++;
      return true;
    }
    if (!this.waiting.includes(pool)) this.waiting.push(pool);
    return false;
  }

  /** A job ended: the pools that waited longest get the slot first. */
  release(): void {
    this.busy--;
    while (this.busy < this.size && this.waiting.length > 0) this.waiting.shift()!.dispatch();
  }
}

/** The slots of this process: all cores but one, at least one. */
export const heavySlots = new HeavySlots(Math.max(1, availableParallelism() - 1));

interface Job {
  input: unknown;
  transfer: ArrayBuffer[];
  /** Waits ahead of the others (see WorkerPool.run). */
  first?: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Reply {
  etmsJob: true;
  ok: boolean;
  value?: unknown;
  error?: { code?: string; message: string; status?: number; details?: Record<string, unknown> };
}

/** How a thread starts its entry: directly when compiled, through tsx when it is a TypeScript source. */
function launch(entry: URL): { source: string | URL; eval: boolean; workerData?: unknown } {
  const path = fileURLToPath(entry);
  if (existsSync(path)) return { source: entry, eval: false };
  const ts = path.replace(/\.js$/, '.ts');
  if (!existsSync(ts)) throw new Error(`worker entry not found: ${path}`);
  // The ESM build of tsx's API (the CommonJS one cannot register hooks from an ESM thread).
  const tsxApi = createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const tsx = pathToFileURL(tsxApi).href;
  const source = `const { workerData } = require('node:worker_threads');
import(workerData.etmsTsx).then(({ register }) => { register(); return import(workerData.etmsEntry); });`;
  return { source, eval: true, workerData: { etmsTsx: tsx, etmsEntry: pathToFileURL(ts).href } };
}

class Lane {
  private worker: Worker | undefined;
  private job: Job | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pool: WorkerPool) {}

  get idle(): boolean {
    return this.job === undefined;
  }

  run(job: Job): void {
    this.job = job;
    const worker = this.ensure();
    worker.ref();
    this.timer = setTimeout(() => {
      // The thread goes first, so that the next job gets a fresh one.
      this.stop();
      this.finish(
        undefined,
        new WorkerJobError(
          'timeout',
          `${this.pool.name}: the job took longer than ${this.pool.timeoutMs} ms`,
        ),
      );
    }, this.pool.timeoutMs);
    worker.postMessage({ etmsJob: true, input: job.input }, job.transfer);
  }

  private finish(value: unknown, error?: unknown): void {
    const job = this.job;
    if (!job) return;
    clearTimeout(this.timer);
    this.job = undefined;
    this.worker?.unref();
    if (error !== undefined) job.reject(error);
    else job.resolve(value);
    this.pool.slots.release();
    this.pool.dispatch();
  }

  private stop(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const how = launch(this.pool.entry);
    const worker = new Worker(how.source, {
      eval: how.eval,
      workerData: how.workerData,
      resourceLimits: {
        maxOldGenerationSizeMb: this.pool.maxOldGenerationSizeMb,
        maxYoungGenerationSizeMb: this.pool.maxYoungGenerationSizeMb,
      },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      if (reply?.etmsJob !== true || this.worker !== worker) return;
      if (reply.ok) return this.finish(reply.value);
      const e = reply.error ?? { message: 'unknown error' };
      this.finish(
        undefined,
        e.code
          ? errorFromWire({ code: e.code, message: e.message, status: e.status ?? 500, details: e.details })
          : new Error(e.message),
      );
    });
    const fail = (error: unknown) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const memory = (error as { code?: string })?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.finish(
        undefined,
        new WorkerJobError(
          memory ? 'memory' : 'crashed',
          memory
            ? `${this.pool.name}: the job needed more than ${this.pool.maxOldGenerationSizeMb} MB`
            : `${this.pool.name}: the thread stopped (${error instanceof Error ? error.message : String(error)})`,
          { cause: error },
        ),
      );
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.finish(undefined, new WorkerJobError('crashed', `${this.pool.name}: closed`));
    if (worker) await worker.terminate();
  }
}

export class WorkerPool {
  readonly name: string;
  readonly entry: URL;
  readonly timeoutMs: number;
  readonly maxQueue: number;
  readonly maxOldGenerationSizeMb: number;
  readonly maxYoungGenerationSizeMb: number;
  readonly slots: HeavySlots;
  private readonly lanes: Lane[];
  private readonly queue: Job[] = [];
  /** The jobs at the head of the queue that were asked to go first. */
  private firstWaiting = 0;

  constructor(options: WorkerPoolOptions) {
    this.name = options.name;
    this.entry = options.entry;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxQueue = options.maxQueue ?? 16;
    this.maxOldGenerationSizeMb = options.maxOldGenerationSizeMb ?? 256;
    this.maxYoungGenerationSizeMb = options.maxYoungGenerationSizeMb ?? 32;
    this.slots = options.slots ?? heavySlots;
    this.lanes = Array.from({ length: Math.max(1, options.size ?? 1) }, () => new Lane(this));
  }

  /** Jobs waiting for a thread. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Runs one job; rejects with a WorkerJobError when the pool is full or the job exceeds a limit. A job
   * asked to go `first` waits ahead of the others, after the earlier ones asked to, and is bounded by
   * their number alone: a flood of ordinary jobs neither delays nor refuses it.
   */
  run<T>(input: unknown, transfer: ArrayBuffer[] = [], options: { first?: boolean } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const first = options.first === true;
      const job: Job = { input, transfer, first, resolve: resolve as (v: unknown) => void, reject };
      if (first) this.queue.splice(this.firstWaiting++, 0, job);
      else this.queue.push(job);
      this.dispatch();
      // Still waiting (no idle thread or no free slot) beyond the bound: refused at once.
      const at = this.queue.indexOf(job);
      const over = first
        ? this.firstWaiting > this.maxQueue
        : this.queue.length - this.firstWaiting > this.maxQueue;
      if (at >= 0 && over && (first ? at === this.firstWaiting - 1 : at === this.queue.length - 1)) {
        this.queue.splice(at, 1);
        if (first) this.firstWaiting--;
        reject(new WorkerJobError('busy', `${this.name}: ${this.maxQueue} jobs are already waiting`));
      }
    });
  }

  /** Starts waiting jobs while a thread is idle and a slot is free (a lane that finished, a slot released). */
  dispatch(): void {
    while (this.queue.length > 0) {
      const lane = this.lanes.find((l) => l.idle);
      if (!lane || !this.slots.take(this)) return;
      const job = this.queue.shift()!;
      if (job.first) this.firstWaiting--;
      lane.run(job);
    }
  }

  async close(): Promise<void> {
    this.firstWaiting = 0;
    for (const job of this.queue.splice(0)) job.reject(new WorkerJobError('crashed', `${this.name}: closed`));
    await Promise.all(this.lanes.map((l) => l.close()));
  }
}

/**
 * One kind of pool (PDF checks, XML reading, large envelopes…): `create` makes one with other limits
 * (tests use small ones), `shared` the process-wide one, started on first use.
 */
export function poolKind(options: WorkerPoolOptions): {
  create(limits?: Partial<WorkerPoolOptions>): WorkerPool;
  shared(): WorkerPool;
} {
  let shared: WorkerPool | undefined;
  return {
    create: (limits = {}) => new WorkerPool({ ...options, ...limits }),
    shared: () => (shared ??= new WorkerPool(options)),
  };
}
