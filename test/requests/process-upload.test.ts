import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processUpload } from '../../src/requests/process-upload.js';
import { SYSTEM } from '../../src/requests/access.js';
import type { TranscriptRequest } from '../../src/domain/request.js';
import { commandBench, fixture, type CommandBench } from './support.js';

let bench: CommandBench;
beforeAll(async () => {
  bench = await commandBench('cmd_process_upload');
});
afterAll(() => bench?.close());

/** A request whose file (if any) was uploaded: « Fichier de relevé de notes téléversé ». */
async function uploaded(file?: Buffer, format: 'XML' | 'PDF' = 'XML'): Promise<TranscriptRequest> {
  const request = await bench.file({ destinationCode: 'SENECA' });
  if (file)
    await bench.store.transcripts.add({
      requestId: request.id,
      format,
      content: file,
      source: 'UPLOAD',
      createdBy: 'x',
    });
  return bench.store.requests.transition({ id: request.id, to: 'TRANSCRIPT_UPLOADED', actor: 'x' });
}

const run = (r: TranscriptRequest) =>
  processUpload(bench.ctx, SYSTEM, { requestId: r.id, version: r.version });

describe('processUpload', () => {
  it('completes a request whose file passes the checks again, with its delivery', async () => {
    const request = await uploaded(fixture('pdf/transcript-one-page.pdf'), 'PDF');
    expect(await run(request)).toBe('sent');
    const after = (await bench.store.requests.get(request.id))!;
    expect([after.status, after.completionMethod, after.lastUpdatedBy]).toEqual([
      'E_TRANSCRIPT_SENT',
      'PDF',
      'System/Système',
    ]);
    expect(
      (await bench.store.deliveries.ofRequest(request.id)).map((d) => [d.destinationCode, d.status]),
    ).toEqual([['SENECA', 'PENDING']]);
  });

  it('sends a request whose file fails, or has no file, to « Erreur de téléversement » with the reason', async () => {
    const invalid = await uploaded(fixture('hostile/schema-invalid.xml'));
    expect(await run(invalid)).toBe('failed');
    const event = (await bench.store.requests.events(invalid.id)).at(-1)!;
    expect(event).toMatchObject({ toStatus: 'UPLOAD_ERROR', details: { code: 'ETMS_E_TRANSCRIPT_SCHEMA' } });
    const missing = await uploaded();
    expect(await run(missing)).toBe('failed');
    expect((await bench.store.requests.events(missing.id)).at(-1)?.details).toMatchObject({
      code: 'ETMS_E_UPLOAD_MISSING',
    });
    expect(await bench.store.deliveries.ofRequest(invalid.id)).toEqual([]);
  });

  it('skips a request changed since it was claimed', async () => {
    const request = await uploaded(fixture('pdf/transcript-one-page.pdf'), 'PDF');
    await bench.store.requests.transition({ id: request.id, to: 'CANCELLED', actor: 'x' });
    expect(await run(request)).toBe('skipped');
    expect((await bench.store.requests.get(request.id))?.status).toBe('CANCELLED');
  });
});
