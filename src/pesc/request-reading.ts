/**
 * Reading a PESC Transcript Request off the thread that answers requests when it is large: its
 * checks and its reading are linear in its size, and a 5 MB document (a schema allows extensions of
 * any size) held that thread for a fifth of a second before it was even validated. A document the
 * size of a real request (a few kilobytes) is read in place, where a thread's round trip would cost
 * more than the reading.
 */
import { poolKind, WorkerJobError, type WorkerPool } from '../workers/pool.js';
import { readPescTranscriptRequest, type PescRequestOptions, type PescTranscriptRequest } from './request.js';
import { ExchangeBusy, MalformedMessage } from '../api/errors.js';

/** Documents up to this many bytes are read in place. */
export const READ_IN_PLACE_MAX = 64 * 1024;

/** One thread, 20 s and 512 MB a document, 16 waiting (as many as one credential may send at once). */
export const REQUEST_POOL_LIMITS = { size: 1, maxQueue: 16, timeoutMs: 20_000, maxOldGenerationSizeMb: 512 };

export interface RequestReadingInput {
  bytes: Uint8Array;
  options: PescRequestOptions;
}

const REQUEST_POOL = poolKind({
  name: 'PESC request',
  entry: new URL('./request-reading-worker.js', import.meta.url),
  ...REQUEST_POOL_LIMITS,
});
/** A pool of request-reading threads with these limits (tests use small ones). */
export const createRequestPool = REQUEST_POOL.create;
/** The process-wide pool, started on first use. */
export const requestPool = REQUEST_POOL.shared;

/** readPescTranscriptRequest, in its own thread for a large document; the same result and errors. */
export async function readPescRequest(
  bytes: Buffer | Uint8Array,
  options: PescRequestOptions = {},
  pool?: WorkerPool,
): Promise<PescTranscriptRequest> {
  if (bytes.byteLength <= READ_IN_PLACE_MAX) return readPescTranscriptRequest(bytes, options);
  // A copy goes to the thread: the caller keeps its bytes.
  const input: RequestReadingInput = { bytes: Uint8Array.from(bytes), options };
  try {
    return await (pool ?? requestPool()).run<PescTranscriptRequest>(input, [
      input.bytes.buffer as ArrayBuffer,
    ]);
  } catch (error) {
    if (!(error instanceof WorkerJobError)) throw error;
    if (error.reason === 'busy') throw ExchangeBusy();
    throw MalformedMessage(`the document needs more than its reading allows (${error.reason})`);
  }
}
