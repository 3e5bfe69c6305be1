/**
 * The central's background work: the upload processor (continuous) and the nightly transmission.
 */
import type { AppContext } from '../context.js';
import { startProcessor } from './upload-processor.js';
import { scheduleTransmission } from './transmission.js';

export async function startCentral(
  ctx: AppContext,
  options: { processorIntervalMs?: number } = {},
): Promise<{ stop(): Promise<void> }> {
  const processor = startProcessor(ctx, { intervalMs: options.processorIntervalMs });
  const transmission = scheduleTransmission(ctx);
  ctx.log.info(
    { at: ctx.config.delivery.time, timeZone: ctx.config.businessTime.timeZone },
    'central started: upload processor running, nightly transmission scheduled',
  );
  return {
    async stop() {
      await Promise.all([processor.stop(), transmission.stop()]);
    },
  };
}

export {
  runTransmission,
  scheduleTransmission,
  retractionXml,
  type TransmissionSummary,
  type TransmissionOptions,
  type Manifest,
} from './transmission.js';
export { processUploads, startProcessor } from './upload-processor.js';
