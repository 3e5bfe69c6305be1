import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadTranscript } from '../../src/requests/upload-transcript.js';
import { getPendingUpload } from '../../src/requests/get-pending-upload.js';
import { commandBench, fixture, type CommandBench } from './support.js';

let bench: CommandBench;
beforeAll(async () => {
  bench = await commandBench('cmd_get_pending_upload');
});
afterAll(() => bench?.close());

describe('getPendingUpload', () => {
  it('gives the waiting file’s comparison to its session only, and nothing for a malformed id', async () => {
    const staff = await bench.staff();
    const request = await bench.file();
    const outcome = await uploadTranscript(bench.ctx, staff, {
      reference: request.referenceNumber,
      fileName: 'rizzo.xml',
      content: fixture('valid/ossd-graduate.xml'),
    });
    if (outcome.kind !== 'to-confirm') throw new Error('expected the file to wait for confirmation');
    const view = await getPendingUpload(bench.ctx, staff, {
      reference: request.referenceNumber.toLowerCase(),
      pendingId: outcome.pendingId,
    });
    expect(view.request.id).toBe(request.id);
    expect(view.pending?.rows).toEqual(outcome.rows);
    // Showing the comparison reads no file: its bytes are read when it is kept.
    expect(view.pending).not.toHaveProperty('content');
    const other = await bench.staff();
    expect(
      (
        await getPendingUpload(bench.ctx, other, {
          reference: request.referenceNumber,
          pendingId: outcome.pendingId,
        })
      ).pending,
    ).toBeUndefined();
    expect(
      (await getPendingUpload(bench.ctx, staff, { reference: request.referenceNumber, pendingId: "'; --" }))
        .pending,
    ).toBeUndefined();
  });
});
