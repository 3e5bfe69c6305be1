import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createSisAdapter } from '../../../adapters/index.js';
import { scoreCandidate } from '../../../src/matching/score.js';
import type { SisAdapter } from '../../../src/sis/index.js';
import { oneRosterCsvData } from '../support/oneroster-csv.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  startOneRosterServer,
  type OneRosterServer,
} from '../support/oneroster-server.js';

/**
 * The fixture (test/adapters/fixtures/oneroster-csv) is a OneRoster 1.1 CSV export written from the
 * specification: Amélie Tremblay took two classes at Bayview (900001) in 2019-2020, whose enrollments
 * carry no dates (the classes' terms give them), then one at Harbour (900002), her school now, enrolled
 * from 2020-09-08 with no end date (her class's term ends 2021-01-29); Noah Singh is at Northgate (900003) for 2020-2021, and his enrollment at
 * Bayview was deleted; a teacher's enrollment is no student's school.
 */
const FIXTURE = join(import.meta.dirname, '../fixtures/oneroster-csv');
const noKeys = {
  birthDates: [] as string[],
  surnames: [] as string[],
  givenNames: [] as string[],
  birthYears: [] as number[],
};

describe.each(['roster', 'filter'] as const)('oneroster schools attended (%s lookup)', (candidateLookup) => {
  let server: OneRosterServer;
  let sis: SisAdapter;
  beforeAll(async () => {
    server = await startOneRosterServer({ data: await oneRosterCsvData(FIXTURE), maxPageSize: 2 });
    sis = await createSisAdapter({
      kind: 'oneroster',
      baseUrl: server.baseUrl,
      tokenUrl: server.tokenUrl,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      pageSize: 2,
      timeoutMs: 2000,
      candidateLookup,
    });
  });
  afterAll(async () => {
    await sis.close();
    await server.close();
  });

  const find = async (surname: string, given: string, birthDate: string) =>
    sis.candidates({
      ...noKeys,
      surnames: [surname],
      givenNames: [given],
      birthDates: [birthDate],
      birthYears: [Number(birthDate.slice(0, 4))],
    });

  it('lists every school of the student’s enrollments with its dates, most recent first', async () => {
    const [amelie] = await find('TREMBLAY', 'AMELIE', '2005-04-07');
    expect(amelie.studentNumber).toBe('300100');
    expect(amelie.schoolBsid).toBe('900002');
    expect(amelie.schoolsAttended).toEqual(['900002', '900001']);
    expect(amelie.enrolments).toEqual([
      // Begun 2020-09-08 by the enrollment; no end given, so the end of its class's term.
      { schoolBsid: '900002', beginDate: '2020-09-08', endDate: '2021-01-29' },
      // No dates on the enrollments: the first class's term begins 2019-09-03, the last term ends 2020-06-26.
      { schoolBsid: '900001', beginDate: '2019-09-03', endDate: '2020-06-26' },
    ]);
  });

  it('leaves out deleted enrollments and other people’s roles', async () => {
    const [noah] = await find('SINGH', 'NOAH', '2005-11-23');
    expect(noah.studentNumber).toBe('300200');
    expect(noah.enrolments).toEqual([
      { schoolBsid: '900003', beginDate: '2020-09-08', endDate: '2021-06-25' },
    ]);
    expect(noah.schoolsAttended).toEqual(['900003']);
  });

  it('lets a request naming an earlier school agree on the school', async () => {
    const [amelie] = await find('TREMBLAY', 'AMELIE', '2005-04-07');
    const scored = scoreCandidate(
      {
        referenceNumber: 'R1',
        firstName: 'Amélie',
        lastName: 'Tremblay',
        birthDate: '2005-04-07',
        schoolBsid: '900001',
      },
      amelie,
    );
    expect(scored.fields.find((f) => f.field === 'school')?.level).toBe('same');
  });
});
