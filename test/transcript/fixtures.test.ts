import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostileFixtures, pdfFixtures, validFixtures } from '../../fixtures/transcripts/generate.js';
import { TRANSCRIPT_CASES } from '../../fixtures/transcripts/cases.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/transcripts');

describe('committed sample transcripts', () => {
  it('are exactly what the generator writes today', async () => {
    const expected = new Map<string, Uint8Array | string>([
      ...[...validFixtures()].map(([n, c]) => [`valid/${n}`, c] as const),
      ...[...(await pdfFixtures())].map(([n, c]) => [`pdf/${n}`, c] as const),
      ...[...(await hostileFixtures())].map(([n, c]) => [`hostile/${n}`, c] as const),
    ]);
    const committed = ['valid', 'pdf', 'hostile'].flatMap((dir) =>
      readdirSync(path.join(FIXTURES, dir)).map((n) => `${dir}/${n}`),
    );
    expect(committed.sort()).toEqual([...expected.keys()].sort());
    for (const [name, contents] of expected) {
      expect([name, Buffer.compare(readFileSync(path.join(FIXTURES, name)), Buffer.from(contents))]).toEqual([
        name,
        0,
      ]);
    }
  });

  it('cover every OST case the upload and agent paths meet', () => {
    const names = TRANSCRIPT_CASES.map((c) => c.name);
    expect(names.length).toBeGreaterThanOrEqual(12);
    const all = TRANSCRIPT_CASES.flatMap((c) => c.record.courses);
    expect(all.some((c) => c.status === 'W')).toBe(true);
    expect(all.some((c) => c.status === 'X')).toBe(true);
    expect(all.some((c) => c.deliverySchoolBsid)).toBe(true);
    for (const note of ['EQUIVALENCY', 'CHALLENGE', 'SUBSTITUTION', 'ELEARNING'] as const)
      expect(all.some((c) => c.notes.includes(note))).toBe(true);
    expect(TRANSCRIPT_CASES.some((c) => c.record.award?.kind === 'OSSC')).toBe(true);
    expect(TRANSCRIPT_CASES.some((c) => c.record.literacy === 'OLC4O')).toBe(true);
    expect(TRANSCRIPT_CASES.some((c) => c.record.shsm)).toBe(true);
    expect(TRANSCRIPT_CASES.some((c) => c.ctx.transmission === 'Reissue')).toBe(true);
  });
});
