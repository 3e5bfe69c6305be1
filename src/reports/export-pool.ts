/**
 * The threads that render PDF and XLSX downloads (reports and the requests list), so a large file
 * never holds the thread that answers requests: one thread, 60 s and 512 MB a file, 4 waiting.
 */
import { WorkerPool } from '../workers/pool.js';

let shared: WorkerPool | undefined;

export function exportPool(): WorkerPool {
  shared ??= new WorkerPool({
    name: 'export rendering',
    entry: new URL('../workers/render-worker.js', import.meta.url),
    size: 1,
    maxQueue: 4,
    timeoutMs: 60_000,
    maxOldGenerationSizeMb: 512,
  });
  return shared;
}
