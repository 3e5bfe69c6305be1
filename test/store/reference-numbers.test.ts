import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, seedSchools, type TestStore } from '../support/db.js';
import { aRequest } from '../support/requests.js';
import {
  formatReferenceNumber,
  isReferenceNumber,
  REFERENCE_NUMBER_PATTERN,
} from '../../src/domain/request.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore('refs');
  await seedSchools(store);
});
afterAll(async () => store.destroy());

describe('reference numbers', () => {
  it('are H + the Ontario day + a zero-padded sequence', () => {
    // 02:30 UTC on 12 April is still 11 April in Toronto.
    expect(formatReferenceNumber(new Date('2024-04-12T02:30:00Z'), 49903)).toBe('H20240411049903');
    expect(formatReferenceNumber(new Date('2024-11-25T15:00:00Z'), 556834)).toBe('H20241125556834');
    expect(formatReferenceNumber(new Date('2024-11-25T15:00:00Z'), 1234567)).toBe('H202411251234567');
    expect(REFERENCE_NUMBER_PATTERN.test('H20240411049903')).toBe(true);
  });

  it('name a real day of 1900-2099 to be filed; the shape alone is what a lookup checks', () => {
    for (const ref of [
      'H20240411049903',
      'H20240229000001',
      'H19000101000001',
      'H20991231000001',
      'H202411251234567',
    ])
      expect(isReferenceNumber(ref), ref).toBe(true);
    for (const ref of [
      'H20241341049906',
      'H20250229000001',
      'H20240431000001',
      'H20240400000001',
      'H99999999999999',
      'H00000000000000',
      'H18991231000001',
      'H21000101000001',
      'H2024041104990',
      'h20240411049903',
      '',
    ]) {
      expect(isReferenceNumber(ref), ref).toBe(false);
      if (ref.length >= 15 && ref.startsWith('H')) expect(REFERENCE_NUMBER_PATTERN.test(ref), ref).toBe(true);
    }
  });

  // On PostgreSQL the creations race over a pool of connections; the embedded database has one
  // connection and runs them one after another, where a smaller number proves as much, faster.
  const concurrent = process.env.DATABASE_URL ? 1000 : 250;
  it(`stay unique across ${concurrent} concurrent creations`, async () => {
    const created = await Promise.all(
      Array.from({ length: concurrent }, () => store.requests.create(aRequest())),
    );
    const refs = new Set(created.map((c) => c.request.referenceNumber));
    expect(refs.size).toBe(concurrent);
    for (const ref of refs) expect(ref).toMatch(REFERENCE_NUMBER_PATTERN);
  });

  it('creation is idempotent by reference number, and a reused number with other details is refused', async () => {
    const input = aRequest({ referenceNumber: 'H20260302000001' });
    const first = await store.requests.create(input);
    const again = await store.requests.create(input);
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.request.id).toBe(first.request.id);
    await expect(
      store.requests.create({ ...input, lastName: 'Autre', applicationNumber: '999' }),
    ).rejects.toMatchObject({ code: 'ETMS_E_REFERENCE_CONFLICT' });
    // Any field of the filing counts, and the refusal names it: a birth date changed alone.
    const other = store.requests.create({ ...input, birthDate: '2001-01-02' });
    await expect(other).rejects.toMatchObject({ code: 'ETMS_E_REFERENCE_CONFLICT' });
    await expect(other).rejects.toThrow(/birthDate/);
    // A field left out is its default: the same filing again.
    const defaults = await store.requests.create({
      ...input,
      sendTiming: 'NOW',
      transcriptCount: 1,
      amountCollected: 0,
      applicantLanguage: 'fr',
    });
    expect(defaults.created).toBe(false);
  });

  it('refuses a request for an unknown school', async () => {
    await expect(store.requests.create(aRequest({ schoolBsid: '123123' }))).rejects.toMatchObject({
      code: 'ETMS_E_UNKNOWN_SCHOOL',
    });
  });
});
