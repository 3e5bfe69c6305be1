import { describe, expect, it } from 'vitest';
import {
  applyDisclosureRules,
  buildTranscript,
  buildTranscriptXml,
  transcriptToXml,
} from '../../src/transcript/build.js';
import { validateTranscriptXml } from '../../src/transcript/schema.js';
import { readTranscriptXml } from '../../src/transcript/read.js';
import { isEtmsError } from '../../src/errors.js';
import type { CourseAttempt, StudentRecord } from '../../src/sis/index.js';
import type { Transcript, TranscriptCourse } from '../../src/transcript/model.js';
import { TRANSCRIPT_CASES } from '../../fixtures/transcripts/cases.js';

const caseByName = (name: string) => {
  const c = TRANSCRIPT_CASES.find((x) => x.name === name);
  if (!c) throw new Error(`no case ${name}`);
  return c;
};
const build = (name: string) => buildTranscript(caseByName(name).record, caseByName(name).ctx);
const allCourses = (t: Transcript) => t.sessions.flatMap((s) => s.courses);
const attempts = (t: Transcript, code: string) => allCourses(t).filter((c) => c.code === code);

function attempt(
  code: string,
  mark: number | string,
  completionDate: string,
  extra: Partial<CourseAttempt> = {},
): CourseAttempt {
  return {
    code,
    title: `Course ${code}`,
    grade: Number(code[3]) + 8,
    mark,
    creditValue: 1,
    creditEarned: typeof mark === 'number' && mark < 50 ? 0 : 1,
    completionDate,
    compulsory: false,
    notes: [],
    ...extra,
  };
}

function record(courses: CourseAttempt[], extra: Partial<StudentRecord> = {}): StudentRecord {
  return {
    student: {
      studentNumber: '12345',
      firstName: 'Ana',
      lastName: 'Lima',
      previousLastNames: [],
      birthDate: '2005-01-31',
    },
    school: { bsid: '722790', name: 'Acton District High School' },
    courses,
    communityInvolvementHours: 40,
    literacy: 'OSSLT',
    ...extra,
  };
}

const ctx = {
  referenceNumber: 'H20240411049603',
  transmission: 'Original' as const,
  documentId: 'doc-1',
  createdAt: new Date('2024-04-11T10:00:00Z'),
};

describe('names longer than PESC holds', () => {
  it('writes the first 35 characters in Name, without a hyphen left hanging, and the whole name in the extension', async () => {
    const lastName = 'Wolfeschlegelsteinhausenbergerdorff-Vandermeulen';
    const firstName = 'Marie-Christine-Geneviève-Antoinette Louise';
    const r = record([attempt('ENG4U1', 81, '2023-06')]);
    const xml = await buildTranscriptXml({ ...r, student: { ...r.student, firstName, lastName } }, ctx);
    expect(await validateTranscriptXml(xml)).toEqual([]);
    expect(xml).toContain('<LastName>Wolfeschlegelsteinhausenbergerdorff</LastName>');
    expect(xml).toContain('<FirstName>Marie-Christine-Geneviève-Antoinett</FirstName>');
    expect(xml).toContain(`<FullLastName>${lastName}</FullLastName>`);
    const read = await readTranscriptXml(Buffer.from(xml));
    expect([read.student.firstName, read.student.lastName]).toEqual([firstName, lastName]);
    // A name that fits is written once.
    const short = await buildTranscriptXml(r, ctx);
    expect(short).not.toContain('FullLastName');
    expect(short).not.toContain('FullFirstName');
  });
});

describe('courses taught by level rather than grade', () => {
  it('carries ESL, ELD and language levels with the grade the SIS gives, valid and read back whole', async () => {
    const courses = [
      attempt('ESLBO', 88, '2020-06', { grade: 9 }),
      attempt('ELDCO', 45, '2021-01', { grade: 10, creditEarned: 0 }),
      attempt('LWSCU', 74, '2022-06', { grade: 11 }),
      attempt('ENG4U1', 81, '2023-06'),
    ];
    const xml = await buildTranscriptXml(record(courses), ctx);
    expect(await validateTranscriptXml(xml)).toEqual([]);
    const read = await readTranscriptXml(Buffer.from(xml));
    const byCode = new Map(allCourses(read).map((c) => [c.code, c.grade]));
    // ELDCO failed in grade 10 is not disclosed (grades 9–10: passed courses only).
    expect([...byCode]).toEqual([
      ['ESLBO', 9],
      ['LWSCU', 11],
      ['ENG4U1', 12],
    ]);
  });

  it('asks the SIS for the grade of a level course, naming it, when none is given', () => {
    const levelOnly = { ...attempt('ESLAO', 70, '2020-06'), grade: undefined as unknown as number };
    let caught: unknown;
    try {
      buildTranscript(record([levelOnly]), ctx);
    } catch (e) {
      caught = e;
    }
    expect(isEtmsError(caught)).toBe(true);
    expect(String((caught as Error).message)).toMatch(/grade of ESLAO is not given/);
  });

  it('still refuses a code whose fourth character is neither a grade nor a level', () => {
    expect(() => buildTranscript(record([attempt('ENG5U1', 70, '2020-06', { grade: 12 })]), ctx)).toThrow(
      /not an Ontario course code/,
    );
    expect(() => buildTranscript(record([attempt('ESLFO', 70, '2020-06', { grade: 10 })]), ctx)).toThrow(
      /not an Ontario course code/,
    );
  });
});

describe('OST disclosure rules', () => {
  it('reports a failed grade 11 course with its mark and no credit', () => {
    const [sbi] = attempts(build('failed-grade11'), 'SBI3U1');
    expect(sbi).toMatchObject({ mark: 42, creditEarned: 0, grade: 11 });
    expect(sbi.status).toBeUndefined();
  });

  it('reports a late withdrawal as W with the mark at withdrawal and 0 credit', () => {
    const [mdm] = attempts(build('withdrawn-grade12'), 'MDM4U1');
    expect(mdm).toMatchObject({ status: 'W', mark: 38, creditEarned: 0 });
  });

  it('forces 0 credit on W, R and X attempts whatever the SIS says', () => {
    const t = buildTranscript(
      record([
        attempt('MDM4U1', 55, '2009-03', { status: 'W', creditEarned: 1 }),
        attempt('ENG4U1', 70, '2009-06', { status: 'R', creditEarned: 1 }),
        attempt('GLE4O1', 'P', '2009-06', { status: 'X', creditEarned: 1 }),
      ]),
      ctx,
    );
    expect(allCourses(t).map((c) => c.creditEarned)).toEqual([0, 0, 0]);
    expect(t.summary.totalCredits).toBe(0);
  });

  it('marks the lower of two passed grade 11 attempts R with 0 credit and keeps both', () => {
    const mcr = attempts(build('repeat-grade11'), 'MCR3U1');
    expect(mcr).toHaveLength(2);
    expect(mcr.find((c) => c.mark === 58)).toMatchObject({ status: 'R', creditEarned: 0 });
    expect(mcr.find((c) => c.mark === 74)).toMatchObject({ creditEarned: 1 });
    expect(mcr.find((c) => c.mark === 74)?.status).toBeUndefined();
  });

  it('keeps the earlier attempt when two senior attempts have the same mark', () => {
    const out = applyDisclosureRules([
      {
        code: 'ENG4U1',
        title: 't',
        grade: 12,
        mark: 70,
        creditValue: 1,
        creditEarned: 1,
        completionDate: '2009-08',
        compulsory: true,
        notes: [],
      },
      {
        code: 'ENG4U1',
        title: 't',
        grade: 12,
        mark: 70,
        creditValue: 1,
        creditEarned: 1,
        completionDate: '2009-01',
        compulsory: true,
        notes: [],
      },
    ]);
    expect(out.find((c) => c.completionDate === '2009-01')?.status).toBeUndefined();
    expect(out.find((c) => c.completionDate === '2009-08')?.status).toBe('R');
  });

  it('treats a different school-use sixth character as the same course', () => {
    const t = buildTranscript(
      record([attempt('ENG4U1', 60, '2009-01'), attempt('ENG4U2', 80, '2009-06')]),
      ctx,
    );
    expect(allCourses(t).find((c) => c.code === 'ENG4U1')).toMatchObject({ status: 'R', creditEarned: 0 });
    expect(t.summary.totalCredits).toBe(1);
  });

  it('grades 9–10: omits failed attempts and keeps only the higher passed attempt', () => {
    const t = build('grade10-higher-attempt');
    expect(attempts(t, 'MPM2D1')).toEqual([expect.objectContaining({ mark: 67, creditEarned: 1 })]);
    expect(attempts(t, 'FSF1D1')).toEqual([expect.objectContaining({ mark: 62, creditEarned: 1 })]);
    expect(t.summary.totalCredits).toBe(31);
  });

  it('grades 9–10: omits W and R attempts and courses never passed', () => {
    const t = buildTranscript(
      record([
        attempt('SNC1D1', 30, '2006-06'),
        attempt('ENG2D1', 55, '2007-03', { status: 'W', creditEarned: 0 }),
        attempt('CGC1D1', 70, '2006-06'),
      ]),
      ctx,
    );
    expect(allCourses(t).map((c) => c.code)).toEqual(['CGC1D1']);
  });

  it('keeps non-credit X courses with their letter mark', () => {
    const [x] = attempts(build('non-credit'), 'GLE1O1');
    expect(x).toMatchObject({ status: 'X', mark: 'P', creditEarned: 0 });
  });

  it('keeps notes and the delivery school, and drops a delivery school equal to the home school', () => {
    const notes = build('course-notes');
    expect(attempts(notes, 'CGW4U1')[0].notes).toEqual(['SUBSTITUTION', 'ELEARNING']);
    expect(attempts(notes, 'ENG1D1')[0]).toMatchObject({
      mark: 'EQV',
      notes: ['EQUIVALENCY'],
      creditEarned: 1,
    });
    expect(attempts(notes, 'MPM2D1')[0].notes).toEqual(['CHALLENGE']);
    const delivery = build('delivery-school');
    expect(attempts(delivery, 'SCH4U1')[0].deliverySchoolBsid).toBe('567892');
    const home = buildTranscript(
      record([attempt('ENG4U1', 70, '2009-06', { deliverySchoolBsid: '722790' })]),
      ctx,
    );
    expect(allCourses(home)[0].deliverySchoolBsid).toBeUndefined();
  });
});

describe('totals, award and Ontario requirements', () => {
  it('totals credits and compulsory credits of the disclosed attempts', () => {
    const t = build('ossd-graduate');
    expect(t.summary).toEqual({ totalCredits: 31, compulsoryCredits: 18 });
    expect(build('course-notes').summary).toEqual({ totalCredits: 6.5, compulsoryCredits: 5.5 });
  });

  it('carries the OSSD or OSSC with its date, or none', () => {
    expect(build('ossd-graduate').award).toEqual({ kind: 'OSSD', date: '2009-06-30' });
    expect(build('ossc-certificate').award).toEqual({ kind: 'OSSC', date: '2008-02-15' });
    expect(build('no-diploma-yet').award).toBeUndefined();
  });

  it('takes the OSSD date from the student when the record has no award', () => {
    const r = record([attempt('ENG4U1', 70, '2009-06')]);
    r.student.ossdDate = '2009-06-30';
    expect(buildTranscript(r, ctx).award).toEqual({ kind: 'OSSD', date: '2009-06-30' });
  });

  it('carries community hours, literacy, SHSM, online learning and date last attended', () => {
    expect(build('olc4o-literacy').ontario.literacy).toBe('OLC4O');
    expect(build('no-diploma-yet').ontario).toEqual({
      communityInvolvementHours: 25.5,
      literacy: 'NOT_YET',
      onlineLearning: 'NOT_MET',
      dateLastAttended: '2023-01',
    });
    expect(build('shsm-online-learning').ontario).toMatchObject({
      shsm: 'Health and Wellness',
      onlineLearning: 'MET',
      communityInvolvementHours: 112.75,
    });
  });

  it('writes the reference number as RequestTrackingID and the transmission type', () => {
    const t = build('reissue');
    expect(t.transmission).toMatchObject({
      requestTrackingId: 'H202404110496012',
      transmissionType: 'Reissue',
      documentId: 'etms-sample-12-r1',
    });
    const xml = transcriptToXml(t);
    expect(xml).toContain('<RequestTrackingID>H202404110496012</RequestTrackingID>');
    expect(xml).toContain('<TransmissionType>Reissue</TransmissionType>');
  });

  it('names the destination by its code, its name or both; nothing named leaves it empty', async () => {
    const r = record([attempt('ENG4U1', 70, '2009-06')]);
    const destinationOf = async (destination: { name?: string; code?: string }) => {
      const xml = await buildTranscriptXml(r, { ...ctx, destination });
      return /<Destination>\n([\s\S]*?)<\/Destination>/.exec(xml)![1];
    };
    expect(await destinationOf({ code: 'QUEE' })).toBe(
      '<Organization>\n<MutuallyDefined>QUEE</MutuallyDefined>\n</Organization>\n',
    );
    expect(await destinationOf({ code: '_X-1', name: 'Queen’s University' })).toBe(
      '<Organization>\n<MutuallyDefined>_X-1</MutuallyDefined>\n<OrganizationName>Queen’s University</OrganizationName>\n</Organization>\n',
    );
    expect(await destinationOf({ name: 'Collège Boréal' })).toBe(
      '<Organization>\n<OrganizationName>Collège Boréal</OrganizationName>\n</Organization>\n',
    );
    expect(await destinationOf({ name: ' ', code: undefined })).toBe('<Organization/>\n');
  });

  it('groups courses by school year, September to August, in order', () => {
    const t = buildTranscript(
      record([
        attempt('ENG4U1', 70, '2009-09'),
        attempt('ENG3U1', 70, '2009-08'),
        attempt('ENG1D1', 70, '2006-06'),
      ]),
      ctx,
    );
    expect(t.sessions.map((s) => s.schoolYear)).toEqual(['2005-2006', '2008-2009', '2009-2010']);
  });

  it('generates a document id and creation time when not given', () => {
    const t = buildTranscript(record([]), { referenceNumber: 'H1', transmission: 'Original' });
    // PESC's DocumentID holds 35 characters: a UUID without hyphens.
    expect(t.transmission.documentId).toMatch(/^[0-9a-f]{32}$/);
    expect(Number.isNaN(Date.parse(t.transmission.createdAt))).toBe(false);
  });
});

describe('normalisation and refusals', () => {
  it('rounds marks, upper-cases codes, trims and collapses names', () => {
    const r = record([attempt('eng4u1', 79.6, '2009-06'), attempt('MHF4U1', ' 81 ', '2009-06')]);
    r.student.firstName = '  Jean \t Luc ';
    r.student.oen = '948-743-687';
    const t = buildTranscript(r, ctx);
    expect(allCourses(t).map((c: TranscriptCourse) => [c.code, c.mark])).toEqual([
      ['ENG4U1', 80],
      ['MHF4U1', 81],
    ]);
    expect(t.student.firstName).toBe('Jean Luc');
    expect(t.student.oen).toBe('948743687');
  });

  it('writes long middle names whole, as several MiddleName elements of at most 35 characters', async () => {
    const r = record([attempt('ENG4U1', 70, '2009-06')]);
    r.student.middleNames = 'Jean-Baptiste  Emmanuel Théophile Constantin Marie-Ève';
    const xml = await buildTranscriptXml(r, ctx);
    expect([...xml.matchAll(/<MiddleName>([^<]*)<\/MiddleName>/g)].map((m) => m[1])).toEqual([
      'Jean-Baptiste Emmanuel Théophile',
      'Constantin Marie-Ève',
    ]);
    const read = await readTranscriptXml(Buffer.from(xml));
    expect(read.student.middleNames).toBe('Jean-Baptiste Emmanuel Théophile Constantin Marie-Ève');
    expect(buildTranscript(r, ctx).student.middleNames).toBe(read.student.middleNames);
  });

  const refusals: Array<[string, (r: StudentRecord) => void, RegExp]> = [
    ['a course code that is not Ontario', (r) => (r.courses[0].code = 'EN4U1'), /course code/],
    ['a type letter that does not exist', (r) => (r.courses[0].code = 'ENG4Z1'), /course code/],
    ['a mark above 100', (r) => (r.courses[0].mark = 105), /between 0 and 100/],
    ['a mark that is neither number nor letters', (r) => (r.courses[0].mark = '7A'), /neither a percentage/],
    [
      'a completion date that is not a month',
      (r) => (r.courses[0].completionDate = '2009-13'),
      /not a month/,
    ],
    ['a birth date that does not exist', (r) => (r.student.birthDate = '2005-02-30'), /not a date/],
    ['an OEN that is not nine digits', (r) => (r.student.oen = '12345'), /nine digits/],
    ['an empty first name', (r) => (r.student.firstName = '  '), /first name is missing/],
    ['a bad BSID', (r) => (r.school.bsid = '72 27'), /BSID/],
    ['an unknown gender', (r) => ((r.student as { gender?: string }).gender = 'Q'), /gender/],
    ['a negative credit', (r) => (r.courses[0].creditEarned = -1), /between 0 and 4/],
  ];
  for (const [what, mutate, message] of refusals) {
    it(`refuses ${what} with ETMS_E_TRANSCRIPT_RECORD_INVALID`, () => {
      const r = record([attempt('ENG4U1', 70, '2009-06')]);
      mutate(r);
      let error: unknown;
      try {
        buildTranscript(r, ctx);
      } catch (e) {
        error = e;
      }
      expect(isEtmsError(error) && error.code).toBe('ETMS_E_TRANSCRIPT_RECORD_INVALID');
      expect((error as Error).message).toMatch(message);
      expect((error as { details: { messageFr: string } }).details.messageFr.length).toBeGreaterThan(20);
    });
  }
});

describe('XML output', () => {
  it('every sample case builds XML that validates against the XSD', async () => {
    const results = await Promise.all(
      TRANSCRIPT_CASES.map((c) => validateTranscriptXml(transcriptToXml(buildTranscript(c.record, c.ctx)))),
    );
    expect(results).toEqual(TRANSCRIPT_CASES.map(() => []));
  });

  it('escapes markup characters in text', () => {
    const r = record([attempt('ENG4U1', 70, '2009-06', { title: 'Writer’s <Craft> & Co' })]);
    const xml = transcriptToXml(buildTranscript(r, ctx));
    expect(xml).toContain('Writer’s &lt;Craft&gt; &amp; Co');
  });

  it('buildTranscriptXml returns checked XML', async () => {
    const xml = await buildTranscriptXml(caseByName('ossd-graduate').record, caseByName('ossd-graduate').ctx);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toContain(
      '<HSTrn:HighSchoolTranscript xmlns:HSTrn="urn:org:pesc:message:HighSchoolTranscript:v1.5.0"',
    );
  });
});
