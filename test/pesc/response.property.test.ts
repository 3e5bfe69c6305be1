/**
 * Whatever a request holds — names and school names of any length and any characters, missing
 * fields — every kind of Transcript Response written for it validates against the real PESC
 * TranscriptResponse schema.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  REQUEST_RECEIVED,
  RESPONSE_FOR_OUTCOME,
  transcriptResponseXml,
  type PescOrganization,
  type ResponseRequest,
} from '../../src/pesc/response.js';
import { validateTranscriptXmlBatch } from '../../src/transcript/schema.js';

const text = fc.oneof(
  fc.constantFrom('Élodie', 'Côté-Lévesque', "O'Brien", 'Nguyễn', '李', 'Ana  Maria', ' ', 'a & <b>'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 90 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 90 }),
);
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const request: fc.Arbitrary<ResponseRequest> = fc.record({
  referenceNumber: fc.stringMatching(/^H[0-9]{14,20}$/),
  firstName: nullable(text),
  lastName: nullable(text),
  previousLastName: nullable(text),
  birthDate: nullable(
    fc
      .date({ min: new Date('1950-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  ),
  gender: nullable(fc.constantFrom('M' as const, 'F' as const, 'X' as const)),
  schoolBsid: fc.stringMatching(/^[0-9]{5,6}$/),
  schoolName: text,
  destinationCode: nullable(text),
  destinationName: nullable(text),
});

const KINDS = [...Object.values(RESPONSE_FOR_OUTCOME), REQUEST_RECEIVED];

/** Who sent a request, as a valid request's Source may name it (its name any text; none at all). */
const requester: fc.Arbitrary<PescOrganization> = fc.record({
  ids: fc.constantFrom<PescOrganization['ids']>(
    [],
    [['MutuallyDefined', 'OCAS']],
    [
      ['CEEBACT', ' 12345'],
      ['MutuallyDefined', ' MOHA '],
    ],
  ),
  name: fc.option(text, { nil: undefined }),
});

describe('Transcript Responses for any request', () => {
  it('every kind validates against the real PESC schema', async () => {
    const requests = fc.sample(request, { numRuns: 60, seed: 20261202 });
    const documents = requests.flatMap((r) => KINDS.map((kind) => transcriptResponseXml(r, kind)));
    const problems = await validateTranscriptXmlBatch(documents, 'response');
    const failures = problems
      .map((p, i) => ({ request: requests[Math.floor(i / KINDS.length)], problems: p }))
      .filter((f) => f.problems.length > 0);
    expect(failures.slice(0, 2)).toEqual([]);
  });

  it('the acknowledgement validates whoever sent the request, with the college as its Receiver', async () => {
    const cases = fc.sample(fc.tuple(request, requester), { numRuns: 80, seed: 20261203 });
    const documents = cases.map(([r, from]) =>
      transcriptResponseXml(r, REQUEST_RECEIVED, { requester: from }),
    );
    const problems = await validateTranscriptXmlBatch(documents, 'response');
    const failures = problems
      .map((p, i) => ({ case: cases[i], problems: p }))
      .filter((f) => f.problems.length > 0);
    expect(failures.slice(0, 2)).toEqual([]);
    expect(documents.some((d) => d.includes('<Receiver>'))).toBe(true);
  });
});
