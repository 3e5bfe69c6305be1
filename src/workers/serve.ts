/**
 * The thread side of a worker pool: answers each job message with the handler's value, or with
 * the error it threw (an EtmsError keeps its code, status and details across the thread boundary).
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { isEtmsError } from '../errors.js';

export function serveJobs<I, O>(
  handler: (input: I) => Promise<O> | O,
  transferOf?: (value: O) => ArrayBuffer[],
): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs runs only inside a worker thread');
  lowerThisThreadsPriority();
  const answer = async (message: { etmsJob?: boolean; input: I }) => {
    if (message?.etmsJob !== true) return;
    try {
      const value = await handler(message.input);
      port.postMessage({ etmsJob: true, ok: true, value }, transferOf?.(value) ?? []);
    } catch (error) {
      const e = error as { code?: unknown; message?: unknown; status?: unknown; details?: unknown };
      port.postMessage({
        etmsJob: true,
        ok: false,
        error: {
          code: isEtmsError(error) ? error.code : undefined,
          message: typeof e?.message === 'string' ? e.message : String(error),
          status: typeof e?.status === 'number' ? e.status : undefined,
          details: e?.details && typeof e.details === 'object' ? e.details : undefined,
        },
      });
    }
  };
  port.on('message', (message: { etmsJob?: boolean; input: I }) => void answer(message));
}

/**
 * Heavy work (a PDF check, an export) yields the processor to the thread that answers requests: on
 * Linux, a process id of 0 names the calling thread only, so the server's own thread keeps its
 * priority. Where the system refuses, the thread runs at the normal priority.
 */
function lowerThisThreadsPriority(): void {
  try {
    setPriority(0, WORKER_NICE);
  } catch {
    // Not permitted or not supported: nothing to do.
  }
}

/** A nice value well below the server's (0) and above the lowest (19), so jobs still progress. */
const WORKER_NICE = 10;
