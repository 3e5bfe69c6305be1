import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTranscriptXml, createXmlCheckPool } from '../../src/transcript/xml-check.js';
import { readTranscriptXml } from '../../src/transcript/read.js';
import { checkPdf, createPdfPool } from '../../src/transcript/pdf.js';
import { HeavySlots } from '../../src/workers/pool.js';
import { EtmsError } from '../../src/errors.js';

const fixture = (name: string) =>
  readFileSync(path.resolve(import.meta.dirname, '../../fixtures/transcripts', name));
const VALID = fixture('valid/ossd-graduate.xml');
const ONE_PAGE = fixture('pdf/transcript-one-page.pdf');

async function refusal(promise: Promise<unknown>): Promise<EtmsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EtmsError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const pool = createXmlCheckPool();
afterAll(() => pool.close());

describe('transcript XML read in a worker thread', () => {
  it('returns the model readTranscriptXml returns, and its refusals with their codes', async () => {
    expect(await checkTranscriptXml(VALID, { pool })).toEqual(await readTranscriptXml(VALID));
    const invalid = await refusal(checkTranscriptXml(fixture('hostile/schema-invalid.xml'), { pool }));
    expect(invalid.code).toBe('ETMS_E_TRANSCRIPT_SCHEMA');
    expect((await refusal(checkTranscriptXml(fixture('hostile/billion-laughs.xml'), { pool }))).code).toBe(
      'ETMS_E_TRANSCRIPT_DOCTYPE',
    );
    // The caller's bytes stay whole: they are stored once checked.
    const bytes = Buffer.from(VALID);
    await checkTranscriptXml(bytes, { pool });
    expect(bytes.equals(VALID)).toBe(true);
  });

  it('refuses a file beyond the queue, and ends one past its time limit', async () => {
    const blocked = createXmlCheckPool({ maxQueue: 0, slots: new HeavySlots(0) });
    const slow = createXmlCheckPool({ timeoutMs: 1 });
    try {
      expect((await refusal(checkTranscriptXml(VALID, { pool: blocked }))).code).toBe(
        'ETMS_E_TRANSCRIPT_CHECK_BUSY',
      );
      expect((await refusal(checkTranscriptXml(VALID, { pool: slow }))).code).toBe(
        'ETMS_E_TRANSCRIPT_TOO_COMPLEX',
      );
    } finally {
      await blocked.close();
      await slow.close();
    }
  });

  it('counts a person’s XML and PDF checks together: a third file waits for none of them', async () => {
    // Jobs of this pool never get a slot: the person's two checks stay in flight.
    const stuck = createPdfPool({ slots: new HeavySlots(0) });
    const stuckXml = createXmlCheckPool({ slots: new HeavySlots(0) });
    try {
      const pdf = checkPdf(ONE_PAGE, { pool: stuck, owner: 'ecole.nord' }).catch((e: unknown) => e);
      const xml = checkTranscriptXml(VALID, { pool: stuckXml, owner: 'ecole.nord' }).catch((e: unknown) => e);
      const third = await refusal(checkTranscriptXml(VALID, { pool, owner: 'ecole.nord' }));
      expect(third.code).toBe('ETMS_E_TRANSCRIPT_CHECK_BUSY');
      expect(third.message).toContain('You already have 2 files being checked');
      expect((await refusal(checkPdf(ONE_PAGE, { pool: stuck, owner: 'ecole.nord' }))).code).toBe(
        'ETMS_E_TRANSCRIPT_CHECK_BUSY',
      );
      // Another person is served meanwhile, and the first again once theirs have ended.
      expect((await checkTranscriptXml(VALID, { pool, owner: 'ecole.sud' })).student).toBeDefined();
      await stuck.close();
      await stuckXml.close();
      await Promise.all([pdf, xml]);
      expect((await checkTranscriptXml(VALID, { pool, owner: 'ecole.nord' })).student).toBeDefined();
    } finally {
      await stuck.close();
      await stuckXml.close();
    }
  });
});
