/**
 * Transcript XML checks in groups. Each XSD validation run compiles the schema again whatever its
 * size, and one run can check hundreds of documents; so checks are gathered while a run is going
 * (group commit) and started together, all in one synchronous loop so that readTranscriptXml's
 * validations share one run.
 */
import { readTranscriptXml, type ReadOptions } from '../transcript/read.js';
import type { Transcript } from '../transcript/model.js';

interface Waiting {
  bytes: Uint8Array;
  options: ReadOptions;
  resolve: (t: Transcript) => void;
  reject: (e: unknown) => void;
}

export interface GroupReader {
  read(bytes: Uint8Array, options?: ReadOptions): Promise<Transcript>;
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
    const reads = batch.map((w) => readTranscriptXml(w.bytes, w.options));
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
      return new Promise<Transcript>((resolve, reject) => {
        queue.push({ bytes, options, resolve, reject });
        schedule();
      });
    },
  };
}

/** The process-wide reader the central and the agent share. */
export const groupReader = createGroupReader();
