/**
 * A review case the agent reports from a PostgreSQL SIS carries the true student when only a search
 * beyond the blocking keys finds it, as `etms match` shows it from a file: the same candidates, the
 * same decision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { createSisAdapter, type SisConfig } from '../../adapters/index.js';
import { PgliteRunner } from '../../adapters/postgres/index.js';
import { processLeased } from '../../src/agent/process-request.js';
import type { CentralPort, ErrorReport, LeasedRequest } from '../../src/agent/central-port.js';
import type { SisAdapter } from '../../src/sis/index.js';
import { blockingKeys } from '../../src/matching/blocking.js';
import { decide } from '../../src/matching/decide.js';
import { StudentIndex } from '../../src/matching/student-index.js';
import { matchRequestOf } from '../../src/matching/request-fields.js';
import { createLogger } from '../../src/log.js';
import { STUDENTS } from '../adapters/support/fixtures.js';
import { exampleConfig, loadedPglite, loadedPgSchema } from '../adapters/support/sql-backends.js';

const serverUrl = process.env.DATABASE_URL;

/** A central that only records the reports (a review case is reported, never submitted). */
function recordingPort(reports: ErrorReport[]): CentralPort {
  const unused = () => Promise.reject(new Error('not expected in a review case'));
  return {
    transport: 'in-process',
    lease: unused,
    submitTranscript: unused,
    reportError: (report) => {
      reports.push(report);
      return Promise.resolve({ ok: true } as never);
    },
    release: unused,
    submitTranscripts: unused,
    reportErrors: unused,
    close: () => Promise.resolve(),
  };
}

const leased = (fields: Record<string, string | undefined>): LeasedRequest =>
  ({ attempts: 0, requestType: 'ORIGINAL', ...fields }) as unknown as LeasedRequest;

interface ReportedCandidates {
  outcome: string;
  candidates: Array<{ student: { studentNumber: string } }>;
}

describe(`the agent over a PostgreSQL SIS (${serverUrl ? 'server' : 'PGlite'})`, () => {
  let sis: SisAdapter;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const example = await exampleConfig('postgres-sis.json');
    if (serverUrl) {
      const schema = await loadedPgSchema(serverUrl);
      sis = await createSisAdapter({ ...example, url: schema.url } as SisConfig);
      close = () => schema.drop();
    } else {
      const db: PGlite = await loadedPglite();
      sis = await createSisAdapter({ ...example, url: undefined } as SisConfig, {
        runner: new PgliteRunner(db),
      });
      close = () => db.close();
    }
  });
  afterAll(async () => {
    await sis?.close();
    await close?.();
  });

  it.each([
    {
      why: 'both names mistyped on the typed birth date',
      fields: { firstName: 'Enily', lastName: 'Snith-Jnoes', birthDate: '2005-03-14' },
      student: 'S1001',
    },
    {
      why: 'no birth date, a given name starting alike',
      fields: { firstName: 'Ahmad', lastName: 'Khan' },
      student: 'S1007',
    },
  ])(
    'reports a review case carrying the true student the keys alone miss: $why',
    async ({ fields, student }) => {
      const reports: ErrorReport[] = [];
      const request = leased({ referenceNumber: 'H20261203000001', ...fields });
      const outcome = await processLeased(
        {
          port: recordingPort(reports),
          adapter: sis,
          owner: 'agent-test',
          log: createLogger({ level: 'silent' }),
        },
        request,
      );
      expect(outcome).toBe('reported');
      const result = reports[0].matchResult as ReportedCandidates;
      expect(result.outcome).toBe('review');
      const shown = result.candidates.map((c) => c.student.studentNumber);
      expect(shown).toContain(student);

      // What `etms match` shows for the same request on the same students.
      const index = new StudentIndex(STUDENTS);
      const match = matchRequestOf(request);
      const keys = blockingKeys(match);
      expect(index.candidates(keys).map((s) => s.studentNumber)).not.toContain(student);
      const byFile = decide(match, index.candidatesBeyondKeys(keys), { frequencies: index.frequencies });
      expect(shown).toEqual(byFile.candidates.map((c) => c.student.studentNumber));
      expect(reports[0].reasonCode).toBe(byFile.reason);
    },
  );
});
