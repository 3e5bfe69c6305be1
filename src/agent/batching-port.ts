/**
 * The agent's submits and reports, and its record reads, gathered into batch calls (group commit):
 * items arriving while calls are in flight wait and leave together in the next call. Under load a call carries dozens of
 * items, each stored in the same transaction at the central; when idle an item leaves at once. Each
 * caller still gets its own result or its own error, so retries and reports work item by item.
 */
import type { CentralPort, ErrorReport, ItemOutcome, TranscriptSubmission } from './central-port.js';
import type { ReportErrorResult, SubmitTranscriptResult } from '../exchange/contract.js';
import { MAX_BATCH_ITEMS } from '../exchange/contract.js';
import type { SisAdapter, StudentRecord } from '../sis/index.js';

export interface BatchOptions {
  /** Items per call, at most MAX_BATCH_ITEMS. */
  maxBatch?: number;
  /** Calls of one kind in flight at once. */
  maxInFlight?: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export function createBatcher<I, O>(
  send: (items: I[]) => Promise<ItemOutcome<O>[]>,
  options: BatchOptions = {},
): (item: I) => Promise<O> {
  const maxBatch = Math.min(options.maxBatch ?? MAX_BATCH_ITEMS, MAX_BATCH_ITEMS);
  const maxInFlight = options.maxInFlight ?? 2;
  let queue: Waiting<I, O>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const settle = (batch: Waiting<I, O>[], outcomes: ItemOutcome<O>[]) => {
    if (outcomes.length !== batch.length) {
      const error = new Error(`a batch of ${batch.length} items came back with ${outcomes.length} outcomes`);
      for (const w of batch) w.reject(error);
      return;
    }
    outcomes.forEach((o, i) => (o.ok ? batch[i].resolve(o.value) : batch[i].reject(o.error)));
  };

  const pump = () => {
    scheduled = false;
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      inFlight++;
      send(batch.map((w) => w.item))
        .then(
          (outcomes) => settle(batch, outcomes),
          (error: unknown) => batch.forEach((w) => w.reject(error)),
        )
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      // Items made in the same turn of the event loop leave together.
      if (!scheduled) {
        scheduled = true;
        setImmediate(pump);
      }
    });
}

/** The port with submitTranscript and reportError going out in batches; the rest as it was. */
export function batchingPort(port: CentralPort, options: BatchOptions = {}): CentralPort {
  const submit = createBatcher<TranscriptSubmission, SubmitTranscriptResult>(
    (items) => port.submitTranscripts(items),
    options,
  );
  const report = createBatcher<ErrorReport, ReportErrorResult>((items) => port.reportErrors(items), options);
  return {
    transport: port.transport,
    lease: (max, o) => port.lease(max, o),
    submitTranscript: submit,
    reportError: report,
    release: (r) => port.release(r),
    submitTranscripts: (items) => port.submitTranscripts(items),
    reportErrors: (items) => port.reportErrors(items),
    close: () => port.close(),
  };
}

/** Students per batch of record reads from the SIS. */
const SIS_BATCH = 50;

/**
 * The SIS with transcript() going out in batches when the adapter has transcripts(); everything
 * else, name frequencies included, as it was.
 */
export function batchingSis(adapter: SisAdapter): SisAdapter {
  const options = { maxBatch: SIS_BATCH, maxInFlight: 2 };
  const transcript = adapter.transcripts
    ? createBatcher<string, StudentRecord | undefined>((numbers) => adapter.transcripts!(numbers), options)
    : (n: string) => adapter.transcript(n);
  const view: SisAdapter & { readonly frequencies?: unknown } = {
    kind: adapter.kind,
    candidates: (keys) => adapter.candidates(keys),
    transcript,
    health: () => adapter.health(),
    close: () => adapter.close(),
    get frequencies() {
      return (adapter as { frequencies?: unknown }).frequencies;
    },
  };
  return view;
}
