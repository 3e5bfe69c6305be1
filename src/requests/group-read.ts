/**
 * Transcript XML checks in groups, for the files agents submit. Each XSD validation run compiles the
 * schema again whatever its size, and one run can check hundreds of documents; so checks are
 * gathered while a run is going (group commit) and started together, all in one synchronous loop so
 * that their validations share one run. Each file is checked as fully as an upload; only its
 * transmission header is read into the model, which is all a submit stores it with.
 */
import { readTranscriptIdentity, type ReadOptions, type TranscriptIdentity } from '../transcript/read.js';

interface Waiting {
  bytes: Uint8Array;
  options: ReadOptions;
  resolve: (t: TranscriptIdentity) => void;
  reject: (e: unknown) => void;
}

export interface GroupReader {
  read(bytes: Uint8Array, options?: ReadOptions): Promise<TranscriptIdentity>;
}

export function createGroupReader(settings: { maxBatch?: number; windowMs?: number } = {}): GroupReader {
  const maxBatch = settings.maxBatch ?? 400;
  const windowMs = settings.windowMs ?? 5;
  let queue: Waiting[] = [];
  let running = false;
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    timer = undefined;
    if (running || queue.length === 0) return;
    running = true;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    const reads = batch.map((w) => readTranscriptIdentity(w.bytes, w.options));
    void Promise.allSettled(reads).then((results) => {
      results.forEach((r, i) =>
        r.status === 'fulfilled' ? batch[i].resolve(r.value) : batch[i].reject(r.reason),
      );
      running = false;
      schedule();
    });
  };

  const schedule = () => {
    if (running || queue.length === 0) return;
    if (queue.length >= maxBatch) {
      if (timer) clearTimeout(timer);
      flush();
    } else timer ??= setTimeout(flush, windowMs);
  };

  return {
    read(bytes, options = {}) {
      return new Promise<TranscriptIdentity>((resolve, reject) => {
        queue.push({ bytes, options, resolve, reject });
        schedule();
      });
    },
  };
}

/** The process-wide reader: every submit of the central shares it. */
export const groupReader = createGroupReader();
