import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTranscriptBuild, runTranscriptValidate } from '../../src/transcript/commands.js';
import { TRANSCRIPT_CASES } from '../../fixtures/transcripts/cases.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/transcripts');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } },
    out,
    err,
  };
}

describe('runTranscriptValidate', () => {
  it('prints valid and returns 0 for a valid XML transcript', async () => {
    const { io, out } = capture();
    expect(await runTranscriptValidate(path.join(FIXTURES, 'valid', 'ossd-graduate.xml'), {}, io)).toBe(0);
    expect(out.join('')).toBe('valid\n');
  });

  it('prints the validation rows when given the request', async () => {
    const { io, out } = capture();
    const code = await runTranscriptValidate(
      path.join(FIXTURES, 'valid', 'ossd-graduate.xml'),
      { request: { firstName: 'randy', lastName: 'Rizzo', birthDate: '1991/08/29', gender: 'M' } },
      io,
    );
    expect(code).toBe(0);
    const lines = out.join('').trimEnd().split('\n');
    expect(lines[0]).toBe('valid');
    expect(lines[1]).toBe('= FIRST NAME\trandy\tRandy');
    expect(lines[3]).toBe('≠ DATE OF BIRTH\t1991/08/29\t1991/08/28');
    expect(lines).toHaveLength(10);
  });

  it('prints one line per schema problem and returns 2', async () => {
    const { io, out } = capture();
    expect(await runTranscriptValidate(path.join(FIXTURES, 'hostile', 'schema-invalid.xml'), {}, io)).toBe(2);
    const lines = out.join('').trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^ETMS_E_TRANSCRIPT_SCHEMA: line \d+, element \w+: /);
  });

  it('prints French lines when asked', async () => {
    const { io, out } = capture();
    expect(
      await runTranscriptValidate(path.join(FIXTURES, 'hostile', 'xxe-file.xml'), { lang: 'fr' }, io),
    ).toBe(2);
    expect(out.join('')).toMatch(
      /^ETMS_E_TRANSCRIPT_DOCTYPE: Le fichier XML contient une déclaration DOCTYPE/,
    );
  });

  it('checks PDFs by content whatever their name', async () => {
    const { io, out } = capture();
    expect(await runTranscriptValidate(path.join(FIXTURES, 'hostile', 'pdf-renamed.xml'), {}, io)).toBe(0);
    expect(out.join('')).toBe('valid (PDF, 1 page)\n');
    const two = capture();
    expect(
      await runTranscriptValidate(path.join(FIXTURES, 'pdf', 'transcript-two-pages.pdf'), {}, two.io),
    ).toBe(0);
    expect(two.out.join('')).toBe('valid (PDF, 2 pages)\n');
    const renamed = capture();
    expect(
      await runTranscriptValidate(path.join(FIXTURES, 'hostile', 'xml-renamed.pdf'), {}, renamed.io),
    ).toBe(0);
    const truncated = capture();
    expect(
      await runTranscriptValidate(path.join(FIXTURES, 'hostile', 'truncated.pdf'), {}, truncated.io),
    ).toBe(2);
    expect(truncated.out.join('')).toMatch(/ETMS_E_TRANSCRIPT_PDF_UNREADABLE/);
  });

  it('returns 2 with a sentence for a missing file', async () => {
    const { io, out } = capture();
    expect(await runTranscriptValidate(path.join(FIXTURES, 'no-such-file.xml'), {}, io)).toBe(2);
    expect(out.join('')).toMatch(
      /ETMS_E_TRANSCRIPT_FILE_UNREADABLE: The file .*no-such-file.xml cannot be read \(ENOENT\)/,
    );
  });
});

describe('runTranscriptBuild', () => {
  it('prints the XML of a record and returns 0', async () => {
    const c = TRANSCRIPT_CASES[0];
    const { io, out } = capture();
    expect(await runTranscriptBuild(c.record, c.ctx, io)).toBe(0);
    expect(out.join('')).toContain(`<RequestTrackingID>${c.ctx.referenceNumber}</RequestTrackingID>`);
  });

  it('returns 2 and explains why a record cannot make a transcript', async () => {
    const c = TRANSCRIPT_CASES[0];
    const { io, out, err } = capture();
    const record = { ...c.record, courses: [{ ...c.record.courses[0], code: 'XX' }] };
    expect(await runTranscriptBuild(record, c.ctx, io)).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('')).toMatch(
      /ETMS_E_TRANSCRIPT_RECORD_INVALID: The student record cannot produce a valid transcript: the course code 'XX'/,
    );
  });
});
