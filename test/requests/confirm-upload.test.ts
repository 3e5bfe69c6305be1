import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadTranscript } from '../../src/requests/upload-transcript.js';
import { confirmUpload } from '../../src/requests/confirm-upload.js';
import type { StaffActor } from '../../src/requests/access.js';
import { commandBench, fixture, type CommandBench } from './support.js';

let bench: CommandBench;
beforeAll(async () => {
  bench = await commandBench('cmd_confirm_upload');
});
afterAll(() => bench?.close());

/** A request with a file waiting on the validation screen for `staff`. */
async function waiting(staff: StaffActor) {
  const request = await bench.file();
  const outcome = await uploadTranscript(bench.ctx, staff, {
    reference: request.referenceNumber,
    fileName: 'rizzo.xml',
    content: fixture('valid/ossd-graduate.xml'),
  });
  if (outcome.kind !== 'to-confirm') throw new Error('expected the file to wait for confirmation');
  return { request, pendingId: outcome.pendingId };
}

describe('confirmUpload', () => {
  it('keeps the waiting file when confirmed, once', async () => {
    const staff = await bench.staff();
    const { request, pendingId } = await waiting(staff);
    // The sample file is another student's (name and birth date differ): its own confirmation.
    const input = { reference: request.referenceNumber, pendingId, decision: 'confirm-other' as const };
    const kept = await confirmUpload(bench.ctx, staff, input);
    expect(kept.kind).toBe('kept');
    expect(kept.request.status).toBe('TRANSCRIPT_UPLOADED');
    expect((await bench.store.transcripts.versions(request.id)).map((v) => v.format)).toEqual(['XML']);
    expect((await confirmUpload(bench.ctx, staff, input)).kind).toBe('gone');
  });

  it('drops the file when cancelled; another session cannot see it', async () => {
    const staff = await bench.staff();
    const { request, pendingId } = await waiting(staff);
    const other = await bench.staff();
    expect(
      (
        await confirmUpload(bench.ctx, other, {
          reference: request.referenceNumber,
          pendingId,
          decision: 'confirm',
        })
      ).kind,
    ).toBe('gone');
    expect(
      (
        await confirmUpload(bench.ctx, staff, {
          reference: request.referenceNumber,
          pendingId,
          decision: 'cancel',
        })
      ).kind,
    ).toBe('cancelled');
    expect(await bench.store.pendingUploads.find(pendingId, staff.sessionId, request.id)).toBeUndefined();
    expect((await bench.store.requests.get(request.id))?.status).toBe('ACTION_REQUIRED');
  });

  it('refuses and drops the file when the request changed meanwhile', async () => {
    const staff = await bench.staff();
    const { request, pendingId } = await waiting(staff);
    await bench.store.requests.transition({ id: request.id, to: 'ON_HOLD_FINANCIAL', actor: 'someone' });
    await expect(
      confirmUpload(bench.ctx, staff, {
        reference: request.referenceNumber,
        pendingId,
        decision: 'confirm-other',
      }),
    ).rejects.toMatchObject({ code: 'ETMS_E_REQUEST_STALE' });
    expect(await bench.store.pendingUploads.find(pendingId, staff.sessionId, request.id)).toBeUndefined();
    expect(await bench.store.transcripts.versions(request.id)).toEqual([]);
  });

  it('never saves another student’s file with the ordinary confirmation', async () => {
    const staff = await bench.staff();
    const { request, pendingId } = await waiting(staff);
    await expect(
      confirmUpload(bench.ctx, staff, { reference: request.referenceNumber, pendingId, decision: 'confirm' }),
    ).rejects.toMatchObject({ code: 'ETMS_E_OTHER_STUDENT_UNCONFIRMED' });
    expect(await bench.store.transcripts.versions(request.id)).toEqual([]);
    // Still waiting: the explicit confirmation keeps it.
    const kept = await confirmUpload(bench.ctx, staff, {
      reference: request.referenceNumber,
      pendingId,
      decision: 'confirm-other',
    });
    expect(kept.kind).toBe('kept');
  });
});
