/**
 * Reading a SOAP envelope into elements, off the thread that answers requests when it is large: a
 * 5 MB envelope of 19,000 small elements holds a thread for half a second or more. Small envelopes
 * (every call but a transcript batch) are read in place, where a thread's round trip would cost more
 * than the reading.
 */
import { poolKind, WorkerJobError, type WorkerPool } from '../workers/pool.js';
import { parseXmlElement, type XmlElement } from './soap-envelope.js';
import { ExchangeBusy, MalformedMessage } from './errors.js';

/** Envelopes up to this many characters are read in place (a few milliseconds at most). */
export const PARSE_IN_PLACE_MAX = 256 * 1024;

/** One thread, 10 s and 512 MB a message, 16 waiting (as many as one credential may send at once). */
export const ENVELOPE_POOL_LIMITS = { size: 1, maxQueue: 16, timeoutMs: 10_000, maxOldGenerationSizeMb: 512 };

const ENVELOPE_POOL = poolKind({
  name: 'SOAP envelope',
  entry: new URL('./envelope-parse-worker.js', import.meta.url),
  ...ENVELOPE_POOL_LIMITS,
});
/** A pool of envelope-reading threads with these limits (tests use small ones). */
export const createEnvelopePool = ENVELOPE_POOL.create;
/** The process-wide pool of envelope-reading threads, started on first use. */
export const envelopePool = ENVELOPE_POOL.shared;

/** The envelope's document element, as parseXmlElement gives it, with its errors. */
export async function parseEnvelope(text: string, pool?: WorkerPool): Promise<XmlElement> {
  if (text.length <= PARSE_IN_PLACE_MAX) return parseXmlElement(text);
  try {
    return await (pool ?? envelopePool()).run<XmlElement>(text);
  } catch (error) {
    if (!(error instanceof WorkerJobError)) throw error;
    if (error.reason === 'busy') throw ExchangeBusy();
    throw MalformedMessage(`the envelope needs more than its reading allows (${error.reason})`);
  }
}
