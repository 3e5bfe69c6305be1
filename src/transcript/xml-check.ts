/**
 * Reading an uploaded transcript XML in full (byte guard, XSD, parse and mapping to the model) is
 * untrusted, heavy work: a 5 MB file of valid courses holds a thread for most of a second. It runs
 * in a worker thread, taking turns with the PDF checks and exports (workers/pool.ts), never on the
 * thread that answers requests; one person has at most MAX_CHECKS_PER_OWNER files being checked,
 * PDF and XML together.
 */
import { isEtmsError } from '../errors.js';
import { poolKind, WorkerJobError, type WorkerPool } from '../workers/pool.js';
import { transcriptError } from './errors.js';
import type { Transcript } from './model.js';
import type { ReadOptions } from './read.js';
import { startOwnerCheck } from './owner-checks.js';

export interface XmlCheckInput {
  bytes: Uint8Array;
  options: ReadOptions;
}

export interface XmlCheckOptions extends ReadOptions {
  /** The threads that read XML files; the process-wide pool when absent. */
  pool?: WorkerPool;
  /** Who asks (a staff account): at most MAX_CHECKS_PER_OWNER of their checks wait or run at once. */
  owner?: string;
}

/** Limits of the XML threads: one thread, 30 s and 512 MB a file, 8 files waiting. */
export const XML_POOL_LIMITS = { size: 1, maxQueue: 8, timeoutMs: 30_000, maxOldGenerationSizeMb: 512 };

const XML_POOL = poolKind({
  name: 'XML check',
  entry: new URL('./xml-check-worker.js', import.meta.url),
  ...XML_POOL_LIMITS,
});
/** A pool of XML-reading threads with these limits (tests use small ones). */
export const createXmlCheckPool = XML_POOL.create;
/** The process-wide XML pool, started on first use. */
export const xmlCheckPool = XML_POOL.shared;

/**
 * Checks an uploaded transcript XML file as readTranscriptXml does and returns its model, in a worker
 * thread. Throws readTranscriptXml's errors; ETMS_E_TRANSCRIPT_CHECK_BUSY when the pool's queue or
 * the person's own checks are full; ETMS_E_TRANSCRIPT_TOO_COMPLEX when the file needs more than its
 * thread's time or memory.
 */
export async function checkTranscriptXml(
  bytes: Buffer | Uint8Array,
  options: XmlCheckOptions = {},
): Promise<Transcript> {
  const { pool, owner, ...read } = options;
  const endCheck = startOwnerCheck(owner);
  try {
    // A copy goes to the thread: the caller keeps its bytes (they are stored once checked).
    const input: XmlCheckInput = { bytes: Uint8Array.from(bytes), options: read };
    return await (pool ?? xmlCheckPool()).run<Transcript>(input, [input.bytes.buffer as ArrayBuffer]);
  } catch (error) {
    if (error instanceof WorkerJobError) {
      if (error.reason === 'busy') throw transcriptError('ETMS_E_TRANSCRIPT_CHECK_BUSY', {}, error);
      throw transcriptError('ETMS_E_TRANSCRIPT_TOO_COMPLEX', { reason: error.reason }, error);
    }
    if (isEtmsError(error)) throw error;
    throw transcriptError('ETMS_E_TRANSCRIPT_VALIDATOR', { reason: (error as Error)?.message }, error);
  } finally {
    endCheck();
  }
}
