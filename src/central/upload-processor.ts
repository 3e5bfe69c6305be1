/**
 * The upload processor: claims the requests whose uploaded file waits (« Fichier de relevé de notes
 * téléversé ») and processes each (src/requests/process-upload.ts). It polls every few seconds so a
 * request only shows momentarily in « En cours »; claims are exclusive, so replicas share the work.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import { SYSTEM } from '../requests/access.js';
import { processUpload, type ProcessOutcome } from '../requests/process-upload.js';

const CLAIM_SECONDS = 120;

export type ProcessSummary = Record<ProcessOutcome, number>;

/** Claims and processes up to `limit` uploaded requests; returns what happened to them. */
export async function processUploads(
  ctx: AppContext,
  options: { owner?: string; limit?: number } = {},
): Promise<ProcessSummary> {
  const now = ctx.clock();
  const claimed = await ctx.store.leases.claimUploaded({
    owner: options.owner ?? `central:${hostname()}:${process.pid}`,
    now,
    until: new Date(now.getTime() + CLAIM_SECONDS * 1000),
    limit: options.limit ?? 20,
  });
  const summary: ProcessSummary = { sent: 0, failed: 0, skipped: 0 };
  for (const { id, version } of claimed)
    summary[await processUpload(ctx, SYSTEM, { requestId: id, version })]++;
  return summary;
}

/** Runs processUploads every `intervalMs` until stopped. */
export function startProcessor(
  ctx: AppContext,
  options: { intervalMs?: number } = {},
): { stop(): Promise<void> } {
  const owner = `central:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const intervalMs = options.intervalMs ?? 2000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      try {
        // Keep going while there is a backlog, then wait for the next poll.
        for (;;) {
          const summary = await processUploads(ctx, { owner });
          if (
            stopped ||
            summary.sent + summary.failed + summary.skipped === 0 ||
            summary.sent + summary.failed === 0
          )
            break;
        }
      } catch (error) {
        ctx.log.error({ err: error }, 'upload processor poll failed; retrying at the next poll');
      }
      if (!stopped) timer = setTimeout(tick, intervalMs);
    })();
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
