/**
 * Files kept in the database — uploads waiting on the validation screen, transcripts — come back
 * byte for byte, every byte value included, on both databases.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, seedSchools, type TestStore } from '../support/db.js';
import { aRequest } from '../support/requests.js';

let store: TestStore;
let schoolId: number;
beforeAll(async () => {
  store = await createTestStore('files');
  ({
    north: { id: schoolId },
  } = await seedSchools(store));
});
afterAll(async () => store.destroy());

/** Every byte value, then random bytes: what a PDF holds. */
const FILE = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(300_000)]);

describe('files in the database', () => {
  it('keeps an upload waiting for confirmation byte for byte', async () => {
    const { request } = await store.requests.create(aRequest());
    const user = await store.users.create({
      username: 'fichiers.test',
      role: 'SCHOOL',
      schoolId,
      password: 'Fichiers-test-2026!',
    });
    const sessionId = randomBytes(16).toString('hex');
    await store.sessions.create({
      id: sessionId,
      userId: user.id,
      csrf: 'c',
      hours: 1,
      maxHours: 1,
      now: new Date(),
      userAgent: 'test',
      language: 'fr',
    });
    await store.pendingUploads.add({
      id: 'upload-1',
      sessionId,
      requestId: request.id,
      requestVersion: request.version,
      format: 'PDF',
      fileName: 'releve.pdf',
      content: FILE,
      diff: [],
      minutes: 10,
    });
    const pending = await store.pendingUploads.find('upload-1', sessionId, request.id);
    expect(pending?.content.equals(FILE)).toBe(true);
  });

  it('keeps a transcript byte for byte', async () => {
    const { request } = await store.requests.create(aRequest());
    const { transcript } = await store.transcripts.add({
      requestId: request.id,
      format: 'PDF',
      content: FILE,
      source: 'UPLOAD',
      createdBy: 'test',
    });
    expect(transcript.byteSize).toBe(FILE.length);
    expect((await store.transcripts.content(transcript.id))?.equals(FILE)).toBe(true);
  });
});
