import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadTranscript } from '../../src/requests/upload-transcript.js';
import { checkPdf, createPdfPool } from '../../src/transcript/pdf.js';
import { HeavySlots } from '../../src/workers/pool.js';
import { commandBench, fixture, transcriptFor, type CommandBench } from './support.js';

let bench: CommandBench;
beforeAll(async () => {
  bench = await commandBench('cmd_upload_transcript');
});
afterAll(() => bench?.close());

describe('uploadTranscript', () => {
  it('keeps a PDF, and an XML that agrees with the request, as the next version', async () => {
    const staff = await bench.staff();
    const request = await bench.file();
    const pdf = await uploadTranscript(bench.ctx, staff, {
      reference: request.referenceNumber,
      fileName: 'releve.pdf',
      content: fixture('pdf/transcript-one-page.pdf'),
    });
    expect(pdf.kind).toBe('kept');
    expect(pdf.request).toMatchObject({ status: 'TRANSCRIPT_UPLOADED', lastUpdatedBy: staff.username });
    const xml = await uploadTranscript(bench.ctx, staff, {
      reference: request.referenceNumber,
      fileName: 'releve.xml',
      content: await transcriptFor(request.referenceNumber),
    });
    expect(xml.kind).toBe('kept');
    const versions = await bench.store.transcripts.versions(request.id);
    expect(versions.map((v) => [v.version, v.format, v.source, v.supersededAt === null])).toEqual([
      [1, 'PDF', 'UPLOAD', false],
      [2, 'XML', 'UPLOAD', true],
    ]);
  });

  it('holds a file that disagrees with the request for the person to confirm, and keeps nothing yet', async () => {
    const staff = await bench.staff();
    const request = await bench.file();
    const outcome = await uploadTranscript(bench.ctx, staff, {
      reference: request.referenceNumber,
      fileName: 'rizzo.xml',
      content: fixture('valid/ossd-graduate.xml'),
    });
    if (outcome.kind !== 'to-confirm') throw new Error(`expected a confirmation, got ${outcome.kind}`);
    expect(outcome.rows.some((row) => row.differs)).toBe(true);
    const pending = await bench.store.pendingUploads.find(outcome.pendingId, staff.sessionId, request.id);
    expect(pending).toMatchObject({ requestVersion: request.version, format: 'XML' });
    expect(await bench.store.transcripts.versions(request.id)).toEqual([]);
    expect((await bench.store.requests.get(request.id))?.status).toBe('ACTION_REQUIRED');
  });

  it('refuses a file that is no transcript, an invalid one, a stale form and a request out of scope, changing nothing', async () => {
    const staff = await bench.staff();
    const request = await bench.file();
    const attempt = (content: Buffer, extra: object = {}) =>
      uploadTranscript(bench.ctx, staff, {
        reference: request.referenceNumber,
        fileName: 'f',
        content,
        ...extra,
      });
    await expect(attempt(Buffer.from('just some words'))).rejects.toMatchObject({
      code: 'ETMS_E_UPLOAD_NOT_TRANSCRIPT',
    });
    await expect(attempt(fixture('hostile/schema-invalid.xml'))).rejects.toMatchObject({
      code: 'ETMS_E_TRANSCRIPT_SCHEMA',
    });
    await expect(
      attempt(fixture('pdf/transcript-one-page.pdf'), { expectedVersion: 0 }),
    ).rejects.toMatchObject({
      code: 'ETMS_E_REQUEST_STALE',
    });
    const school = await bench.staff({ schoolId: bench.south.id });
    await expect(
      uploadTranscript(bench.ctx, school, {
        reference: request.referenceNumber,
        fileName: 'f.pdf',
        content: fixture('pdf/transcript-one-page.pdf'),
      }),
    ).rejects.toMatchObject({ code: 'ETMS_E_REQUEST_NOT_FOUND' });
    expect(await bench.store.transcripts.versions(request.id)).toEqual([]);
    expect((await bench.store.requests.get(request.id))?.version).toBe(request.version);
  });

  it('reads an XML file as one of the person’s checks: with two files of theirs being checked, it is refused', async () => {
    const staff = await bench.staff();
    const request = await bench.file();
    // Two PDF checks of this person that never get a slot: both stay in flight.
    const stuck = createPdfPool({ slots: new HeavySlots(0) });
    const pending = [0, 1].map(() =>
      checkPdf(fixture('pdf/transcript-one-page.pdf'), { pool: stuck, owner: staff.username }).catch(
        (e: unknown) => e,
      ),
    );
    try {
      await expect(
        uploadTranscript(bench.ctx, staff, {
          reference: request.referenceNumber,
          fileName: 'releve.xml',
          content: await transcriptFor(request.referenceNumber),
        }),
      ).rejects.toMatchObject({ code: 'ETMS_E_TRANSCRIPT_CHECK_BUSY' });
      expect(await bench.store.transcripts.versions(request.id)).toEqual([]);
    } finally {
      await stuck.close();
      await Promise.all(pending);
    }
    const kept = await uploadTranscript(bench.ctx, staff, {
      reference: request.referenceNumber,
      fileName: 'releve.xml',
      content: await transcriptFor(request.referenceNumber),
    });
    expect(kept.kind).toBe('kept');
  });

  it('takes a replacement for a request already sent, not for a cancelled one', async () => {
    const staff = await bench.staff();
    const sent = await bench.file({ status: 'E_TRANSCRIPT_SENT', completionMethod: 'MANUAL_XML' });
    const replaced = await uploadTranscript(bench.ctx, staff, {
      reference: sent.referenceNumber,
      fileName: 'f.pdf',
      content: fixture('pdf/transcript-one-page.pdf'),
    });
    expect(replaced.request.status).toBe('TRANSCRIPT_UPLOADED');
    const cancelled = await bench.file({ status: 'CANCELLED' });
    await expect(
      uploadTranscript(bench.ctx, staff, {
        reference: cancelled.referenceNumber,
        fileName: 'f.pdf',
        content: fixture('pdf/transcript-one-page.pdf'),
      }),
    ).rejects.toMatchObject({ code: 'ETMS_E_TRANSITION_REFUSED' });
  });
});
