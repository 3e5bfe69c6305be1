import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTranscriptTransmission, readTranscriptXml } from '../../src/transcript/read.js';
import { buildTranscript, transcriptToXml } from '../../src/transcript/build.js';
import { messageEn, messageFr, type SchemaProblem } from '../../src/transcript/errors.js';
import { runTranscriptValidate } from '../../src/transcript/commands.js';
import { EtmsError } from '../../src/errors.js';
import { TRANSCRIPT_CASES } from '../../fixtures/transcripts/cases.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/transcripts');
const fixture = (dir: string, name: string) => readFileSync(path.join(FIXTURES, dir, name));
const validXml = fixture('valid', 'ossd-graduate.xml').toString('utf8');

async function refusal(
  bytes: Uint8Array,
  opts?: { maxBytes?: number; maxDepth?: number },
): Promise<EtmsError> {
  try {
    await readTranscriptXml(bytes, opts);
  } catch (error) {
    if (error instanceof EtmsError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('valid transcripts', () => {
  for (const c of TRANSCRIPT_CASES) {
    it(`reads ${c.name}.xml back to the model it was built from`, async () => {
      const t = await readTranscriptXml(fixture('valid', `${c.name}.xml`));
      expect(t).toEqual(buildTranscript(c.record, c.ctx));
    });
  }

  it('reads documents of the earlier profile, stored before, to the same model', async () => {
    for (const name of ['ossd-graduate', 'course-notes']) {
      const c = TRANSCRIPT_CASES.find((x) => x.name === name)!;
      const legacy = fixture('legacy-v1', `${name}.xml`);
      expect(legacy.toString('utf8')).toContain('<MIDENT>');
      expect(await readTranscriptXml(legacy)).toEqual(buildTranscript(c.record, c.ctx));
      expect((await readTranscriptTransmission(legacy)).requestTrackingId).toBe(c.ctx.referenceNumber);
    }
  });

  it('reads a PESC High School Transcript exported by another system', async () => {
    const sample = readFileSync(
      path.resolve(import.meta.dirname, '../../wsdl/pesc/examples-HighSchoolTranscript_v1.5.0.xml'),
    );
    const t = await readTranscriptXml(sample);
    expect(t.student).toMatchObject({
      studentNumber: 'S0001234',
      firstName: 'Jane',
      lastName: 'Doe',
      gender: 'F',
    });
    expect(t.school).toEqual({ bsid: '123456', name: 'Example Secondary School' });
    expect(t.sessions).toEqual([
      {
        schoolYear: '2023-2024',
        courses: [
          expect.objectContaining({
            code: 'ENG3U',
            grade: 11,
            mark: 'A',
            creditEarned: 1,
            completionDate: '2023-09',
          }),
          expect.objectContaining({ code: 'MATH3M', grade: 11, mark: 'B+', creditEarned: 1 }),
        ],
      },
    ]);
    expect(t.summary).toEqual({ totalCredits: 2, compulsoryCredits: 0 });
    expect(t.transmission.destination).toMatchObject({ code: 'EXAMPLE-COLLEGE', name: 'Example College' });
  });

  it('accepts a UTF-8 byte order mark', async () => {
    const t = await readTranscriptXml(fixture('valid', 'utf8-bom.xml'));
    expect(t.student.lastName).toBe('Rizzo');
  });

  it('accepts a Uint8Array as well as a Buffer', async () => {
    const t = await readTranscriptXml(new Uint8Array(fixture('valid', 'accents-names.xml')));
    expect(t.student).toMatchObject({
      firstName: 'Zoë-Éloïse',
      lastName: 'Côté-Lévesque',
      previousLastNames: ['Nœl', 'Ñúñez García'],
    });
  });

  it('decodes character references, predefined entities and CDATA', async () => {
    const xml = validXml
      .replace('<FirstName>Randy</FirstName>', '<FirstName>R&#233;my &amp; &#x4A;o</FirstName>')
      .replace('<LastName>Rizzo</LastName>', '<LastName><![CDATA[Rizzo & Fils]]></LastName>');
    const t = await readTranscriptXml(Buffer.from(xml));
    expect(t.student.firstName).toBe('Rémy & Jo');
    expect(t.student.lastName).toBe('Rizzo & Fils');
  });

  it('reads past processing instructions, whatever their text, as if they were not there', async () => {
    const xml = validXml
      .replace('?>\n<HSTrn:', '?>\n<?xml-stylesheet href="t.xsl"?>\n<HSTrn:')
      .replace('<TransmissionData>', `<?sis don't "export" <me>?><TransmissionData>`)
      .replace('<LastName>Rizzo</LastName>', '<LastName>Riz<?x?>zo</LastName>');
    expect(xml).toContain('<?sis');
    expect(await readTranscriptXml(Buffer.from(xml))).toEqual(await readTranscriptXml(Buffer.from(validXml)));
    expect(await readTranscriptTransmission(Buffer.from(xml))).toEqual(
      await readTranscriptTransmission(Buffer.from(validXml)),
    );
  });

  it('reads transcripts validated concurrently (one xmllint run for the batch)', async () => {
    const files = TRANSCRIPT_CASES.map((c) => fixture('valid', `${c.name}.xml`));
    const read = await Promise.all(files.map((f) => readTranscriptXml(f)));
    expect(read.map((t) => t.transmission.requestTrackingId)).toEqual(
      TRANSCRIPT_CASES.map((c) => c.ctx.referenceNumber),
    );
  });
});

describe('the transmission header alone', () => {
  it('is what the whole reading gives, for every valid fixture', async () => {
    for (const c of TRANSCRIPT_CASES) {
      const bytes = fixture('valid', `${c.name}.xml`);
      expect(await readTranscriptTransmission(bytes)).toEqual((await readTranscriptXml(bytes)).transmission);
    }
  });

  it('is not misled by comments or CDATA that look like its elements, before or inside the student part', async () => {
    const xml = validXml
      .replace('<TransmissionData>', '<TransmissionData><!-- <RequestTrackingID>H0</RequestTrackingID> -->')
      .replace(
        '<Student>',
        '<Student><!-- </Student><TransmissionData><DocumentID>X</DocumentID></TransmissionData> -->',
      )
      .replace(
        '<LastName>Rizzo</LastName>',
        '<LastName><![CDATA[</Student><RequestTrackingID>H0]]></LastName>',
      );
    const whole = await readTranscriptXml(Buffer.from(xml));
    expect(whole.student.lastName).toBe('</Student><RequestTrackingID>H0');
    expect(await readTranscriptTransmission(Buffer.from(xml))).toEqual(whole.transmission);
    expect(whole.transmission.requestTrackingId).not.toBe('H0');
  });

  it('is read only from a file that passes every check of the whole reading', async () => {
    for (const name of [
      'xxe-file.xml',
      'deep-nesting.xml',
      'wrong-root.xml',
      'truncated.xml',
      'schema-invalid.xml',
    ]) {
      const whole = await refusal(fixture('hostile', name));
      await expect(readTranscriptTransmission(fixture('hostile', name))).rejects.toMatchObject({
        code: whole.code,
      });
    }
  });
});

describe('hostile and broken files', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['hostile', 'xxe-file.xml', 'ETMS_E_TRANSCRIPT_DOCTYPE', /DOCTYPE/],
    ['hostile', 'xxe-url.xml', 'ETMS_E_TRANSCRIPT_DOCTYPE', /DOCTYPE/],
    ['hostile', 'billion-laughs.xml', 'ETMS_E_TRANSCRIPT_DOCTYPE', /DOCTYPE/],
    ['hostile', 'deep-nesting.xml', 'ETMS_E_TRANSCRIPT_TOO_DEEP', /32 levels/],
    ['hostile', 'wrong-root.xml', 'ETMS_E_TRANSCRIPT_WRONG_ROOT', /CollegeTranscript/],
    ['hostile', 'wrong-namespace.xml', 'ETMS_E_TRANSCRIPT_WRONG_ROOT', /v1\.2\.0/],
    ['hostile', 'latin1-no-declaration.xml', 'ETMS_E_TRANSCRIPT_ENCODING', /ISO-8859-1 \/ Windows-1252/],
    ['hostile', 'iso-8859-1-declared.xml', 'ETMS_E_TRANSCRIPT_ENCODING', /encoded as ISO-8859-1/],
    ['hostile', 'utf16.xml', 'ETMS_E_TRANSCRIPT_ENCODING', /UTF-16/],
    ['hostile', 'truncated.xml', 'ETMS_E_TRANSCRIPT_NOT_XML', /cut off/],
    ['hostile', 'pdf-renamed.xml', 'ETMS_E_TRANSCRIPT_NOT_XML', /it is a PDF file/],
    ['hostile', 'empty.xml', 'ETMS_E_TRANSCRIPT_EMPTY', /empty/],
    ['hostile', 'schema-invalid.xml', 'ETMS_E_TRANSCRIPT_SCHEMA', /expected format/],
  ];
  for (const [dir, name, code, message] of cases) {
    it(`${name} is refused with ${code}`, async () => {
      const error = await refusal(fixture(dir, name));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
      expect(messageEn(error)).toBe(error.message);
      expect(messageFr(error)).not.toBe(error.message);
      expect(messageFr(error).length).toBeGreaterThan(30);
    });
  }

  it('billion laughs and XXE are refused before any parser runs, whatever the case of DOCTYPE', async () => {
    const lower = Buffer.from('<?xml version="1.0"?>\n<!doctype x [<!entity a "b">]><x/>');
    expect((await refusal(lower)).code).toBe('ETMS_E_TRANSCRIPT_DOCTYPE');
    const entityOnly = Buffer.from('<x><!ENTITY a "b"></x>');
    expect((await refusal(entityOnly)).details).toMatchObject({ declaration: 'ENTITY' });
  });

  it('names the line and element of each schema problem', async () => {
    const bytes = fixture('hostile', 'schema-invalid.xml');
    const lines = bytes.toString('utf8').split('\n');
    const error = await refusal(bytes);
    const problems = error.details?.problems as SchemaProblem[];
    const byElement = new Map(problems.map((p) => [p.element, p]));
    expect([...byElement.keys()].sort()).toEqual(['CourseAcademicGrade', 'CourseCode', 'CreatedDateTime']);
    for (const p of problems) expect(lines[(p.line as number) - 1]).toContain(`<${p.element}>`);
    expect(byElement.get('CourseAcademicGrade')?.reason).toMatch(/too short or too long/);
    // The Ontario profile's rule on the course code, in its extension.
    expect(byElement.get('CourseCode')?.reason).toMatch(/'MH4U1' is not in the expected form/);
    expect(byElement.get('CreatedDateTime')?.reason).toMatch(/expected: DocumentID/);
    expect(byElement.get('CreatedDateTime')?.reasonFr).toMatch(/attendu : DocumentID/);
  });

  it('refuses elements, attributes and extensions the profile does not define', async () => {
    const extra = await refusal(
      Buffer.from(validXml.replace('<CourseTitle>', '<Teacher>Smith</Teacher><CourseTitle>')),
    );
    expect((extra.details?.problems as SchemaProblem[])[0]).toMatchObject({ element: 'Teacher' });
    const attribute = await refusal(Buffer.from(validXml.replace('<DocumentID>', '<DocumentID kind="x">')));
    expect(attribute.code).toBe('ETMS_E_TRANSCRIPT_SCHEMA');
    // PESC's UserDefinedExtensions holds one element: the Ontario one, and nothing beside it.
    const second = await refusal(
      Buffer.from(validXml.replace('<ON:OntarioRecord>', '<X:Other xmlns:X="urn:x"/><ON:OntarioRecord>')),
    );
    expect((second.details?.problems as SchemaProblem[])[0].element).toBe('OntarioRecord');
    const unknown = await refusal(
      Buffer.from(validXml.replace('<SchoolCity>', '<Teacher>Smith</Teacher><SchoolCity>')),
    );
    expect((unknown.details?.problems as SchemaProblem[])[0].element).toBe('Teacher');
  });

  // What PESC refuses (code lists, lengths, order), then what the Ontario profile adds in its extensions.
  const badValues: Array<[string, string, string]> = [
    [
      'credit basis',
      '<CourseCreditBasis>Regular</CourseCreditBasis>',
      '<CourseCreditBasis>Normal</CourseCreditBasis>',
    ],
    ['gender code', '<GenderCode>Male</GenderCode>', '<GenderCode>M</GenderCode>'],
    [
      'mark longer than PESC allows',
      '<CourseAcademicGrade>82</CourseAcademicGrade>',
      '<CourseAcademicGrade>82 percent!</CourseAcademicGrade>',
    ],
    [
      'award date',
      '<AcademicCompletionDate>2009-06-30</AcademicCompletionDate>',
      '<AcademicCompletionDate>2009-06</AcademicCompletionDate>',
    ],
    [
      'transmission type',
      '<TransmissionType>Original</TransmissionType>',
      '<TransmissionType>Copy</TransmissionType>',
    ],
    ['course type letter', '<CourseCode>BTT1O1</CourseCode>', '<CourseCode>BTT1Z1</CourseCode>'],
    ['grade digit', '<CourseCode>BTT1O1</CourseCode>', '<CourseCode>BTT5O1</CourseCode>'],
    [
      'completion month',
      '<CompletionDate>2006-01</CompletionDate>',
      '<CompletionDate>2006-1</CompletionDate>',
    ],
    [
      'literacy',
      '<LiteracyRequirement>OSSLT</LiteracyRequirement>',
      '<LiteracyRequirement>YES</LiteracyRequirement>',
    ],
    ['hours decimals', '<CommunityInvolvementHours>40.00<', '<CommunityInvolvementHours>40.005<'],
  ];
  for (const [what, from, to] of badValues) {
    it(`refuses a wrong ${what}`, async () => {
      expect(validXml).toContain(from);
      const error = await refusal(Buffer.from(validXml.replace(from, to)));
      expect(error.code).toBe('ETMS_E_TRANSCRIPT_SCHEMA');
    });
  }

  it('applies the configurable size and depth caps', async () => {
    const bytes = fixture('valid', 'ossd-graduate.xml');
    const big = await refusal(bytes, { maxBytes: 1000 });
    expect(big).toMatchObject({ code: 'ETMS_E_TRANSCRIPT_TOO_LARGE', status: 413 });
    expect((await refusal(bytes, { maxDepth: 5 })).code).toBe('ETMS_E_TRANSCRIPT_TOO_DEEP');
    expect(
      (await readTranscriptXml(bytes, { maxBytes: bytes.byteLength, maxDepth: 12 })).student.firstName,
    ).toBe('Randy');
  });

  it('refuses a transcript with too many attributes before the schema, in both languages', async () => {
    const attributes = Array.from({ length: 300 }, (_, i) => ` a${i}="x"`).join('');
    const root = /<([\w:]*HighSchoolTranscript)\b/.exec(validXml)!;
    const error = await refusal(Buffer.from(validXml.replace(root[0], `${root[0]}${attributes}`)));
    expect(error.code).toBe('ETMS_E_TRANSCRIPT_TOO_COMPLEX');
    expect(messageEn(error)).toMatch(
      /^The XML file has more than 256 attributes on one element \(line \d+\), which no transcript has\./,
    );
    expect(messageFr(error)).toMatch(
      /^Le fichier XML contient plus de 256 attributs sur un même élément \(ligne \d+\), ce qu’aucun relevé de notes ne contient\./,
    );
  });

  it('names invalid UTF-8 and where it is', async () => {
    const bytes = Buffer.concat([
      Buffer.from(validXml.slice(0, 300)),
      Buffer.from([0xe9]),
      Buffer.from(validXml.slice(300)),
    ]);
    const error = await refusal(bytes);
    expect(error.code).toBe('ETMS_E_TRANSCRIPT_ENCODING');
    expect(error.details).toMatchObject({ line: validXml.slice(0, 300).split('\n').length });
    const overlong = await refusal(
      Buffer.concat([Buffer.from('<a>'), Buffer.from([0xc0, 0xaf]), Buffer.from('</a>')]),
    );
    expect(overlong.code).toBe('ETMS_E_TRANSCRIPT_ENCODING');
  });

  it('refuses text that is not XML and files of other formats', async () => {
    expect((await refusal(Buffer.from('Name,OEN\nRandy,948743687\n'))).code).toBe(
      'ETMS_E_TRANSCRIPT_NOT_XML',
    );
    expect((await refusal(Buffer.from('   \n\t '))).code).toBe('ETMS_E_TRANSCRIPT_EMPTY');
    expect((await refusal(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]))).message).toMatch(/ZIP/);
    expect((await refusal(Buffer.from('<a><b></a>'))).code).toBe('ETMS_E_TRANSCRIPT_NOT_XML');
  });

  describe('a 50 MB file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'etms-transcript-'));
    const file = path.join(dir, 'huge.xml');
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('is refused as too large, by the reader and by the command, and nothing is written', async () => {
      const fd = openSync(file, 'w');
      const chunk = Buffer.from(`<Course>${'x'.repeat(1000)}</Course>\n`.repeat(1000));
      writeSync(fd, Buffer.from(validXml.split('<Student>')[0]));
      for (let written = 0; written < 50 * 1024 * 1024; written += chunk.byteLength) writeSync(fd, chunk);
      closeSync(fd);
      const before = readdirSync(dir);

      const out: string[] = [];
      const io = {
        stdout: { write: (s: string) => out.push(s) },
        stderr: { write: (s: string) => out.push(s) },
      };
      expect(await runTranscriptValidate(file, {}, io)).toBe(2);
      expect(out.join('')).toMatch(
        /ETMS_E_TRANSCRIPT_TOO_LARGE: The file is too large \(5\d\.\d MB; the limit is 5\.0 MB\)/,
      );

      const error = await refusal(readFileSync(file));
      expect(error.code).toBe('ETMS_E_TRANSCRIPT_TOO_LARGE');
      expect(readdirSync(dir)).toEqual(before);
    });
  });
});

describe('writer and reader agree', () => {
  it('reads what transcriptToXml writes for a transcript with every optional part', async () => {
    const c = TRANSCRIPT_CASES.find((x) => x.name === 'accents-names');
    if (!c) throw new Error('missing case');
    const t = buildTranscript({ ...c.record, shsm: 'Arts & Culture', onlineLearning: 'EXEMPT' }, c.ctx);
    expect(await readTranscriptXml(Buffer.from(transcriptToXml(t)))).toEqual(t);
  });
});
