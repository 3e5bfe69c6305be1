/**
 * libxml2's xmllint (the xmllint-wasm build) kept warm in a few long-lived worker threads.
 * xmllint-wasm's own entry point starts a new thread and compiles the wasm module for every run,
 * about half a second of CPU each; here each thread compiles the module once and only instantiates
 * it per run (a few milliseconds), so the cost of a validation is the schema and the documents.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface XmllintFile {
  fileName: string;
  contents: string | Uint8Array;
}

export interface XmllintRun {
  args: string[];
  files: XmllintFile[];
  /** 64 KiB wasm pages the run may grow to. */
  maxMemoryPages: number;
  /**
   * Buffers of `files` the run owns: moved to the thread instead of copied (they are unusable here
   * afterwards). Never a buffer the caller still holds.
   */
  transfer?: ArrayBuffer[];
}

export interface XmllintResult {
  exitCode: number;
  stderr: string;
}

/**
 * The thread's code, CommonJS evaluated as is (no loader needed in the thread). Requiring
 * xmllint-node.js also installs that file's own message handler, which ignores messages that do
 * not carry its tag; ours carry another.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const factory = require(workerData.modulePath);
const compiled = new WebAssembly.Module(readFileSync(workerData.wasmPath));
let chain = Promise.resolve();
function run(job) {
  return new Promise((resolve) => {
    let stderr = '';
    let settled = false;
    const done = (exitCode, extra) => {
      if (settled) return;
      settled = true;
      resolve({ exitCode, stderr: stderr + (extra || '') });
    };
    try {
      factory({
        inputFiles: job.files,
        arguments: job.args,
        print() {},
        printErr(text) { stderr += text + '\\n'; },
        onExit(code) { done(code); },
        onAbort(reason) { done(-1, 'WASM Abort: ' + reason + '\\n'); },
        wasmMemory: new WebAssembly.Memory({ initial: 256, maximum: Math.max(256, job.maxMemoryPages) }),
        instantiateWasm(imports, ready) {
          const instance = new WebAssembly.Instance(compiled, imports);
          ready(instance, compiled);
          return instance.exports;
        },
      }).catch((error) => done(-1, String(error && error.message || error) + '\\n'));
    } catch (error) {
      done(-1, String(error && error.message || error) + '\\n');
    }
  });
}
parentPort.on('message', (message) => {
  if (!message || message.etmsXmllint !== true) return;
  chain = chain.then(() => run(message)).then((result) => {
    parentPort.postMessage({ etmsXmllint: true, id: message.id, ...result });
  });
});
`;

interface Job {
  id: number;
  run: XmllintRun;
  resolve: (r: XmllintResult) => void;
  reject: (e: unknown) => void;
}

class Lane {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Job>();

  constructor(private readonly paths: { modulePath: string; wasmPath: string }) {}

  get load(): number {
    return this.pending.size;
  }

  submit(job: Job): void {
    const worker = this.ensure();
    this.pending.set(job.id, job);
    if (this.pending.size === 1) worker.ref();
    worker.postMessage(
      {
        etmsXmllint: true,
        id: job.id,
        args: job.run.args,
        files: job.run.files,
        maxMemoryPages: job.run.maxMemoryPages,
      },
      job.run.transfer ?? [],
    );
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: this.paths });
    // An idle thread must not keep a command-line run alive; it is ref'd while it has work.
    worker.unref();
    worker.on('message', (message: { etmsXmllint?: boolean; id: number } & XmllintResult) => {
      if (message?.etmsXmllint !== true) return;
      const job = this.pending.get(message.id);
      if (!job) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      job.resolve({ exitCode: message.exitCode, stderr: message.stderr });
    });
    const fail = (error: unknown) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const jobs = [...this.pending.values()];
      this.pending.clear();
      // The next run starts a fresh thread; the runs it held fail rather than hang.
      for (const job of jobs) job.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the xmllint thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}

export class XmllintPool {
  private readonly lanes: Lane[];
  private nextId = 1;

  constructor(size = Math.max(1, Math.min(2, availableParallelism()))) {
    const require = createRequire(import.meta.url);
    const paths = {
      modulePath: require.resolve('xmllint-wasm/xmllint-node.js'),
      wasmPath: require.resolve('xmllint-wasm/xmllint.wasm'),
    };
    this.lanes = Array.from({ length: size }, () => new Lane(paths));
  }

  /** Runs xmllint with these arguments over these in-memory files, on the least busy thread. */
  run(run: XmllintRun): Promise<XmllintResult> {
    const lane = this.lanes.reduce((best, l) => (l.load < best.load ? l : best));
    return new Promise((resolve, reject) => lane.submit({ id: this.nextId++, run, resolve, reject }));
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.close()));
  }
}

let shared: XmllintPool | undefined;

/** The process-wide pool, started on first use. */
export function xmllintPool(): XmllintPool {
  shared ??= new XmllintPool();
  return shared;
}
