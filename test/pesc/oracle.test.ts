/**
 * The conformance oracle: the real PESC schemas (wsdl/pesc/, unedited copies of ../shared/pesc/)
 * compiled by the project's own validator, and by the xmllint command, against every document the
 * product writes: the sample transcripts, a transcript for every demo student, every Transcript
 * Response kind; and the Transcript Requests the intake reads.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { createSisAdapter } from '../../adapters/index.js';
import { buildTranscript, transcriptToXml } from '../../src/transcript/build.js';
import { validateTranscriptXmlBatch, type SchemaName } from '../../src/transcript/schema.js';
import {
  REQUEST_RECEIVED,
  RESPONSE_FOR_OUTCOME,
  transcriptResponseXml,
  type ResponseRequest,
} from '../../src/pesc/response.js';
import { readPescTranscriptRequest } from '../../src/pesc/request.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PESC = path.join(ROOT, 'wsdl/pesc');
const SHARED = path.resolve(ROOT, '../shared/pesc');
const run = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), 'etms-pesc-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** xmllint (libxml2-utils), no network: every document of the list valid against the schema file. */
async function xmllint(schema: string, documents: string[]): Promise<string> {
  const files = documents.map((doc, i) => {
    const file = path.join(work, `${path.basename(schema, '.xsd')}-${i}.xml`);
    writeFileSync(file, doc);
    return file;
  });
  try {
    const { stderr } = await run(
      'xmllint',
      ['--nonet', '--noout', '--schema', path.join(PESC, schema), ...files],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return stderr;
  } catch (error) {
    return `FAILED ${(error as { stderr?: string }).stderr ?? String(error)}`;
  }
}

async function expectValid(schema: SchemaName, documents: string[]): Promise<void> {
  const problems = await validateTranscriptXmlBatch(documents, schema);
  const failures = problems
    .map((p, i) => ({ i, p }))
    .filter(({ p }) => p.length > 0)
    .slice(0, 3);
  expect(failures).toEqual([]);
}

const RESPONSE_REQUEST: ResponseRequest = {
  referenceNumber: 'H20260411000123',
  firstName: 'Élodie',
  lastName: 'Tremblay-Ouellette',
  previousLastName: 'Gagnon',
  birthDate: '2007-02-28',
  gender: 'F',
  schoolBsid: '722790',
  schoolName: 'École secondaire Étienne-Brûlé',
  destinationCode: 'SHER',
  destinationName: 'Sheridan College',
};
const RESPONSES = [...Object.values(RESPONSE_FOR_OUTCOME), REQUEST_RECEIVED];

describe('the vendored schemas', () => {
  it('are the unedited PESC files: every checksum of SHA256SUMS holds (and equals ../shared/pesc when present)', () => {
    const sums = readFileSync(path.join(PESC, 'SHA256SUMS'), 'utf8').trim().split('\n');
    expect(sums).toHaveLength(5);
    for (const line of sums) {
      const [sum, file] = line.split(/\s+/);
      const bytes = readFileSync(path.join(PESC, file));
      expect(createHash('sha256').update(bytes).digest('hex'), file).toBe(sum);
      if (existsSync(SHARED)) expect(bytes.equals(readFileSync(path.join(SHARED, file))), file).toBe(true);
    }
    // The message schemas the product uses, recorded here too so an edit of SHA256SUMS is seen.
    expect(sums.map((l) => l.slice(0, 8)).sort()).toEqual(
      ['2cab3cbb', '4e3a1351', '78f00a57', 'a77abb68', 'bf675ceb'].sort(),
    );
  });

  it('refuse a broken document (the oracle enforces the schema)', async () => {
    const sample = readFileSync(path.join(PESC, 'examples-HighSchoolTranscript_v1.5.0.xml'), 'utf8');
    const [ok, broken] = await validateTranscriptXmlBatch(
      [sample, sample.replace('<CEEBACT>123456</CEEBACT>', '<CEEBACT>12345</CEEBACT>')],
      'pesc-transcript',
    );
    expect(ok).toEqual([]);
    expect(broken.length).toBeGreaterThan(0);
  });
});

describe('High School Transcripts the product writes', () => {
  const fixtures = readdirSync(path.join(ROOT, 'fixtures/transcripts/valid'))
    .sort()
    .map((f) => readFileSync(path.join(ROOT, 'fixtures/transcripts/valid', f), 'utf8'));

  it('every sample transcript validates against the real PESC schema, with both validators', async () => {
    expect(fixtures.length).toBe(15);
    await expectValid('pesc-transcript', fixtures);
    await expectValid('transcript', fixtures);
    expect(await xmllint('HighSchoolTranscript_v1.5.0.xsd', fixtures)).not.toMatch(
      /fails to validate|FAILED/,
    );
  });

  it('a transcript built for every demo student validates against the real PESC schema', async () => {
    const demo = path.join(ROOT, 'fixtures/demo');
    const students = (
      parse(readFileSync(path.join(demo, 'students.csv')), { columns: true }) as Array<{
        student_number: string;
      }>
    ).map((s) => s.student_number);
    expect(students.length).toBe(5000);
    const sis = await createSisAdapter({ kind: 'csv', dir: demo });
    const documents: string[] = [];
    try {
      for (const [i, studentNumber] of students.entries()) {
        const record = await sis.transcript(studentNumber);
        if (!record) continue;
        documents.push(
          transcriptToXml(
            buildTranscript(record, {
              referenceNumber: `H20261101${String(i).padStart(6, '0')}`,
              transmission: i % 10 === 0 ? 'Reissue' : 'Original',
              destination: i % 2 === 0 ? { name: 'Collège Boréal', code: 'BORL' } : undefined,
            }),
          ),
        );
      }
    } finally {
      await sis.close();
    }
    expect(documents.length).toBe(students.length);
    await expectValid('pesc-transcript', documents);
    await expectValid('transcript', documents);
    // The command-line oracle on a sample of them.
    expect(
      await xmllint(
        'HighSchoolTranscript_v1.5.0.xsd',
        documents.filter((_, i) => i % 100 === 0),
      ),
    ).not.toMatch(/fails to validate|FAILED/);
  }, 240_000);
});

describe('Transcript Responses', () => {
  it('every kind validates against the real PESC Transcript Response schema', async () => {
    expect(RESPONSES.map((k) => k.status).sort()).toEqual(
      [
        'Canceled',
        'Hold',
        'MultipleMatch',
        'NoRecord',
        'NoRecord',
        'OfflineRecordSent',
        'TranscriptRequestReceived',
      ].sort(),
    );
    const documents = RESPONSES.map((kind) => transcriptResponseXml(RESPONSE_REQUEST, kind));
    // A request typed with the least the intake accepts still gives a valid response.
    documents.push(
      transcriptResponseXml(
        {
          ...RESPONSE_REQUEST,
          firstName: null,
          lastName: null,
          previousLastName: null,
          birthDate: null,
          gender: null,
          destinationCode: null,
          destinationName: null,
        },
        RESPONSE_FOR_OUTCOME.MULTIPLE_MATCH,
      ),
    );
    await expectValid('response', documents);
    expect(await xmllint('TranscriptResponse_v1.4.0.xsd', documents)).not.toMatch(/fails to validate|FAILED/);
    expect(documents[RESPONSES.indexOf(RESPONSE_FOR_OUTCOME.ON_HOLD_FINANCIAL)]).toMatch(
      /<ResponseStatus>Hold<\/ResponseStatus>\s*<ResponseHold>\s*<HoldReason>Financial</,
    );
  });
});

describe('Transcript Requests', () => {
  it('the PESC example request validates, and one carrying Ontario identifiers is read into the intake', async () => {
    const example = readFileSync(path.join(PESC, 'examples-TranscriptRequest_v1.4.0.xml'), 'utf8');
    const ontario = example
      .replace(
        '<CEEBACT>123456</CEEBACT>\n        </School>',
        '<LocalOrganizationID><LocalOrganizationIDCode>722790</LocalOrganizationIDCode><LocalOrganizationIDQualifier>ON</LocalOrganizationIDQualifier></LocalOrganizationID>\n        </School>',
      )
      .replace(
        '<Birth>',
        '<AgencyIdentifier><AgencyAssignedID>948743687</AgencyAssignedID><AgencyCode>Province</AgencyCode><StateProvinceCode>ON</StateProvinceCode></AgencyIdentifier><Birth>',
      );
    await expectValid('request', [example, ontario]);
    expect(await xmllint('TranscriptRequest_v1.4.0.xsd', [example, ontario])).not.toMatch(
      /fails to validate|FAILED/,
    );
    const { request, requester, partnerTrackingId } = await readPescTranscriptRequest(Buffer.from(ontario), {
      origin: 'OCAS',
    });
    // Who sent it, as its Source names it: the acknowledgement goes back there.
    expect(requester).toEqual({ ids: [['MutuallyDefined', 'EXAMPLE-COLLEGE']], name: 'Example College' });
    // REQ-0001 is the application centre's own tracking ID, not a reference number of ours.
    expect(partnerTrackingId).toBe('REQ-0001');
    expect(request).toEqual({
      origin: 'OCAS',
      requestType: 'ORIGINAL',
      requestedAt: '2024-06-01',
      schoolBsid: '722790',
      sendTiming: 'END_OF_TERM',
      firstName: 'Jane',
      lastName: 'Doe',
      previousLastName: 'Smith',
      birthDate: '2006-03-15',
      gender: 'F',
      oen: '948743687',
      dateLastAttended: '2024-06',
      destinationCode: 'EXAMPLE-COLLEGE',
      destinationName: 'Example College',
    });
  });
});
