import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  explainReason,
  schemaDirectory,
  validateTranscriptXml,
  validateTranscriptXmlBatch,
} from '../../src/transcript/schema.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/transcripts');
const valid = readFileSync(path.join(FIXTURES, 'valid', 'ossd-graduate.xml'), 'utf8');
const invalid = readFileSync(path.join(FIXTURES, 'hostile', 'schema-invalid.xml'), 'utf8');

describe('XSD validation', () => {
  it('finds the profile schema files', () => {
    expect(schemaDirectory()).toMatch(/wsdl$/);
  });

  it('validates a batch and attributes problems to the right document', async () => {
    const docs = Array.from({ length: 30 }, (_, i) => (i % 7 === 3 ? invalid : valid));
    const results = await validateTranscriptXmlBatch(docs);
    expect(results.map((r) => r.length > 0)).toEqual(docs.map((d) => d === invalid));
    expect(results[3].map((p) => p.element).sort()).toEqual([
      'CourseAcademicGrade',
      'CourseCode',
      'CreatedDateTime',
    ]);
  });

  it('leaves the caller’s bytes whole: only the run’s own encoding of a text goes to the xmllint thread', async () => {
    // Small Buffers share Node's pool: a transfer of theirs would empty every other Buffer too.
    const pooled = Buffer.from(valid, 'utf8');
    const neighbour = Buffer.from('a neighbour in the same pool', 'utf8');
    const standalone = new TextEncoder().encode(valid);
    const results = await validateTranscriptXmlBatch([pooled, valid, standalone, invalid]);
    expect(results.map((r) => r.length > 0)).toEqual([false, false, false, true]);
    expect(pooled.toString('utf8')).toBe(valid);
    expect(neighbour.toString('utf8')).toBe('a neighbour in the same pool');
    expect(new TextDecoder().decode(standalone)).toBe(valid);
    expect(await validateTranscriptXml(pooled)).toEqual([]);
  });

  it('still answers per document when one of a batch is not well-formed', async () => {
    const results = await validateTranscriptXmlBatch([valid, valid.slice(0, 500), invalid]);
    expect(results[0]).toEqual([]);
    expect(results[1][0].reason).toMatch(/not well-formed/);
    expect(results[2].length).toBe(3);
  });

  it('shares one run between concurrent single validations and answers each', async () => {
    const results = await Promise.all([
      validateTranscriptXml(valid),
      validateTranscriptXml(invalid),
      validateTranscriptXml(Buffer.from(valid)),
    ]);
    expect(results.map((r) => r.length)).toEqual([0, 3, 0]);
  });

  it('explains libxml2 reasons in plain English and French', () => {
    expect(
      explainReason("[facet 'pattern'] The value '105' is not accepted by the pattern '100|[1-9]?[0-9]'."),
    ).toEqual({
      en: "the value '105' is not in the expected form",
      fr: 'la valeur « 105 » n’a pas la forme attendue',
    });
    expect(explainReason('Missing child element(s). Expected is ( LastName ).').en).toBe(
      'a required element is missing: LastName',
    );
    expect(explainReason('Something new.').en).toBe('Something new.');
  });
});
