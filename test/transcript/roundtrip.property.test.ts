import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTranscript, transcriptToXml, type BuildContext } from '../../src/transcript/build.js';
import { readTranscriptXml } from '../../src/transcript/read.js';
import { validateTranscriptXmlBatch } from '../../src/transcript/schema.js';
import { RecordInvalid } from '../../src/transcript/errors.js';
import type { CourseAttempt, StudentRecord } from '../../src/sis/index.js';
import type { Transcript } from '../../src/transcript/model.js';

const pad = (n: number) => String(n).padStart(2, '0');
const month = fc
  .tuple(fc.integer({ min: 1990, max: 2035 }), fc.integer({ min: 1, max: 12 }))
  .map(([y, m]) => `${y}-${pad(m)}`);
const day = fc
  .date({ min: new Date('1960-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** Realistic names, accented names, and arbitrary Unicode (control characters, lone surrogates, spaces). */
const name = fc.oneof(
  fc.constantFrom(
    'Randy',
    'Zoë-Éloïse',
    'Côté-Lévesque',
    'Nœl',
    "O'Brien",
    'Ñúñez García',
    '李',
    'Nguyễn',
    'Ana  Maria',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 70 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 70 }),
);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const course: fc.Arbitrary<CourseAttempt> = fc.record(
  {
    code: fc.stringMatching(/^[A-Z]{3}[1-4][DPWLOUCME][A-Z0-9]?$/),
    title: name,
    grade: fc.integer({ min: 8, max: 13 }),
    mark: fc.oneof(
      fc.integer({ min: 0, max: 100 }),
      fc.double({ min: 0, max: 100, noNaN: true }),
      fc.constantFrom('P', 'EQV', 'I', 'F', ' 75 '),
    ),
    creditValue: fc.constantFrom(0, 0.5, 1, 2, 0.25, 1.337),
    creditEarned: fc.constantFrom(0, 0.5, 1, 2),
    completionDate: month,
    compulsory: fc.boolean(),
    status: optional(fc.constantFrom('R' as const, 'W' as const, 'X' as const)),
    notes: fc.subarray(['EQUIVALENCY', 'CHALLENGE', 'SUBSTITUTION', 'ELEARNING'] as const).map((n) => [...n]),
    deliverySchoolBsid: optional(fc.constantFrom('722790', '567892', '904236')),
  },
  {
    requiredKeys: [
      'code',
      'title',
      'grade',
      'mark',
      'creditValue',
      'creditEarned',
      'completionDate',
      'compulsory',
      'notes',
    ],
  },
);

const record: fc.Arbitrary<StudentRecord> = fc.record(
  {
    student: fc.record(
      {
        studentNumber: fc.stringMatching(/^[0-9A-Z][0-9A-Z-]{0,19}$/),
        oen: optional(fc.stringMatching(/^\d{9}$/)),
        firstName: name,
        middleNames: optional(name),
        lastName: name,
        previousLastNames: fc.array(name, { maxLength: 3 }),
        birthDate: day,
        gender: optional(fc.constantFrom('M' as const, 'F' as const, 'X' as const)),
        dateLastAttended: optional(month),
        ossdDate: optional(day),
      },
      { requiredKeys: ['studentNumber', 'firstName', 'lastName', 'previousLastNames', 'birthDate'] },
    ),
    school: fc.record(
      {
        bsid: fc.constantFrom('722790', '904236', 'A12345'),
        name,
        city: optional(name),
        boardNumber: optional(fc.constantFrom('B66133', 'B67008')),
        boardName: optional(name),
      },
      { requiredKeys: ['bsid', 'name'] },
    ),
    courses: fc.array(course, { maxLength: 40 }),
    award: optional(fc.record({ kind: fc.constantFrom('OSSD' as const, 'OSSC' as const), date: day })),
    communityInvolvementHours: fc.oneof(
      fc.integer({ min: 0, max: 400 }),
      fc.double({ min: 0, max: 9999, noNaN: true }),
    ),
    literacy: fc.constantFrom('OSSLT' as const, 'OLC4O' as const, 'NOT_YET' as const),
    onlineLearning: optional(fc.constantFrom('MET' as const, 'EXEMPT' as const, 'NOT_MET' as const)),
    shsm: optional(name),
  },
  { requiredKeys: ['student', 'school', 'courses', 'communityInvolvementHours', 'literacy'] },
);

const context: fc.Arbitrary<BuildContext> = fc.record({
  referenceNumber: fc.stringMatching(/^H20\d{6}\d{6}$/),
  transmission: fc.constantFrom('Original' as const, 'Reissue' as const),
  destination: optional(
    fc.record({ name, code: optional(fc.constantFrom('SHER', 'SENE', 'BORL')) }, { requiredKeys: ['name'] }),
  ),
  documentId: optional(fc.uuid().map((u) => u.replace(/-/g, ''))),
  createdAt: optional(
    fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
  ),
});

/** The builder's answer: a transcript, or undefined when it refused the record with its own error. */
function tryBuild(r: StudentRecord, ctx: BuildContext): Transcript | undefined {
  try {
    return buildTranscript(r, ctx);
  } catch (error) {
    if (RecordInvalid.is(error)) return undefined;
    throw error;
  }
}

describe('build → XML → read', () => {
  it('round-trips every accepted record to an equal model', async () => {
    await fc.assert(
      fc.asyncProperty(record, context, async (r, ctx) => {
        const t = tryBuild(r, ctx);
        fc.pre(t !== undefined);
        const back = await readTranscriptXml(Buffer.from(transcriptToXml(t!)));
        expect(back).toEqual(t);
      }),
      { numRuns: 40 },
    );
  });

  it('round-trips a large sample read concurrently (one xmllint run per batch)', async () => {
    const samples = fc.sample(fc.tuple(record, context), { numRuns: 300, seed: 7 });
    const built = samples.map(([r, ctx]) => tryBuild(r, ctx)).filter((t): t is Transcript => t !== undefined);
    const read = await Promise.all(built.map((t) => readTranscriptXml(Buffer.from(transcriptToXml(t)))));
    for (let i = 0; i < built.length; i++) expect(read[i]).toEqual(built[i]);
  });

  it('always produces XML that validates against the XSD (checked in batches)', async () => {
    const samples = fc.sample(fc.tuple(record, context), { numRuns: 600, seed: 20240411 });
    const built = samples.map(([r, ctx]) => tryBuild(r, ctx)).filter((t): t is Transcript => t !== undefined);
    expect(built.length).toBeGreaterThan(300);
    const problems = await validateTranscriptXmlBatch(built.map(transcriptToXml));
    const failures = problems.map((p, i) => ({ p, t: built[i] })).filter((x) => x.p.length > 0);
    expect(failures.slice(0, 1)).toEqual([]);
  });

  it('never lets an arbitrary record crash the builder with anything but its own error', () => {
    fc.assert(
      fc.property(record, context, (r, ctx) => {
        tryBuild(r, ctx);
      }),
      { numRuns: 500 },
    );
  });
});
