/**
 * A hand-built set of requests for the report tests: every row of the summary gets at least one
 * request, and the expected figures are written out by hand in the tests.
 * Board B99001 closes on Wednesday 2026-03-04 (a closure day); Toronto moves to EDT on 2026-03-08.
 */
import { parseConfig } from '../../src/config.js';
import { createContext, type AppContext } from '../../src/context.js';
import { createLogger } from '../../src/log.js';
import type { CompletionMethod, Origin, RequestType } from '../../src/domain/request.js';
import type { Status } from '../../src/domain/status.js';
import { seedSchools, type TestStore } from '../support/db.js';
import { aRequest } from '../support/requests.js';

type Entry = [
  Status,
  Origin,
  RequestType,
  CompletionMethod | null,
  string,
  'N' | 'S' | 'F',
  string?,
  string?,
];

// status, origin, type, method, requested (paid) date, school, received (UTC), completed (UTC)
export const ENTRIES: Entry[] = [
  ['ACTION_REQUIRED', 'OCAS', 'ORIGINAL', null, '2026-03-02', 'N'],
  ['ACTION_REQUIRED', 'OUAC', 'ORIGINAL', null, '2026-03-09', 'S'],
  ['ACTION_REQUIRED', 'OCAS', 'REISSUE', null, '2026-03-10', 'N'],
  ['AUTO_PROCESS_ERROR', 'OCAS', 'ORIGINAL', null, '2026-03-03', 'N'],
  ['ON_HOLD_FINANCIAL', 'OCAS', 'ORIGINAL', null, '2026-03-04', 'S'],
  ['STUDENT_NOT_FOUND', 'OCAS', 'ORIGINAL', null, '2026-03-05', 'N'],
  ['STUDENT_NOT_FOUND', 'OUAC', 'REISSUE', null, '2026-03-11', 'N'],
  ['NO_ACADEMIC_DATA', 'OCAS', 'ORIGINAL', null, '2026-03-12', 'N'],
  ['UPLOAD_ERROR', 'OCAS', 'REISSUE', null, '2026-03-13', 'S'],
  ['TRANSCRIPT_UPLOADED', 'OCAS', 'ORIGINAL', null, '2026-03-15', 'N'],
  // Completed. Business hours from reception to completion, worked out by hand (08:00–16:00 local):
  // 4 h (Mon 09:00 → 13:00 EST)
  [
    'E_TRANSCRIPT_SENT',
    'OCAS',
    'ORIGINAL',
    'AUTO',
    '2026-03-02',
    'N',
    '2026-03-02T14:00:00Z',
    '2026-03-02T18:00:00Z',
  ],
  // 8 h (Mon 09:00 → Tue 09:00: 7 + 1)
  [
    'E_TRANSCRIPT_SENT',
    'OCAS',
    'ORIGINAL',
    'AUTO',
    '2026-03-02',
    'N',
    '2026-03-02T14:00:00Z',
    '2026-03-03T14:00:00Z',
  ],
  // 3 h (Fri 15:00 EST → Mon 10:00 EDT, over the weekend and the change to daylight time: 1 + 2)
  [
    'E_TRANSCRIPT_SENT',
    'OCAS',
    'ORIGINAL',
    'AUTO',
    '2026-03-06',
    'S',
    '2026-03-06T20:00:00Z',
    '2026-03-09T14:00:00Z',
  ],
  // 16 h (Sat noon → Tue 16:30 EDT: Mon 8 + Tue 8)
  [
    'E_TRANSCRIPT_SENT',
    'OCAS',
    'REISSUE',
    'AUTO',
    '2026-03-07',
    'N',
    '2026-03-07T17:00:00Z',
    '2026-03-10T20:30:00Z',
  ],
  // 8 h (Mon 07:00 → 17:00 EST: the whole business day)
  [
    'E_TRANSCRIPT_SENT',
    'OUAC',
    'ORIGINAL',
    'AUTO',
    '2026-03-02',
    'N',
    '2026-03-02T12:00:00Z',
    '2026-03-02T22:00:00Z',
  ],
  // 24 h (Mon noon → Fri noon; Wednesday is a closure day: 4 + 8 + 0 + 8 + 4)
  [
    'E_TRANSCRIPT_SENT',
    'OCAS',
    'ORIGINAL',
    'MANUAL_XML',
    '2026-03-02',
    'S',
    '2026-03-02T17:00:00Z',
    '2026-03-06T17:00:00Z',
  ],
  // 8 h (Tue 08:00 → 16:00 EST)
  [
    'E_TRANSCRIPT_SENT',
    'OCAS',
    'REISSUE',
    'PDF',
    '2026-03-03',
    'N',
    '2026-03-03T13:00:00Z',
    '2026-03-03T21:00:00Z',
  ],
  // 16 h (Mon 08:00 → Wed 08:00 EDT)
  [
    'E_TRANSCRIPT_SENT',
    'OUAC',
    'REISSUE',
    'PDF',
    '2026-03-09',
    'N',
    '2026-03-09T12:00:00Z',
    '2026-03-11T12:00:00Z',
  ],
  // 1 h (Tue 10:00 → 11:00 EDT)
  [
    'PAPER_SENT',
    'OCAS',
    'ORIGINAL',
    'PAPER',
    '2026-03-10',
    'N',
    '2026-03-10T14:00:00Z',
    '2026-03-10T15:00:00Z',
  ],
  // 8 h (Wed 14:00 → Thu 14:00 EDT: 2 + 6)
  [
    'PAPER_SENT',
    'OUAC',
    'ORIGINAL',
    'PAPER',
    '2026-03-11',
    'S',
    '2026-03-11T18:00:00Z',
    '2026-03-12T18:00:00Z',
  ],
  // 8 h (Thu 09:00 → Fri 09:00 EDT: 7 + 1), source unknown
  [
    'E_TRANSCRIPT_SENT',
    'OCAS',
    'ORIGINAL',
    null,
    '2026-03-12',
    'N',
    '2026-03-12T13:00:00Z',
    '2026-03-13T13:00:00Z',
  ],
  // 0 h (completed the instant it arrived), source unknown
  ['PAPER_SENT', 'OUAC', 'REISSUE', null, '2026-03-13', 'N', '2026-03-13T16:00:00Z', '2026-03-13T16:00:00Z'],
  // Cancelled: not processing, left out of the average.
  ['CANCELLED', 'OCAS', 'ORIGINAL', null, '2026-03-14', 'N', '2026-03-14T14:00:00Z', '2026-03-14T15:00:00Z'],
  // Outside the range or the board: never counted in the board's report of 2026-03-02..15.
  ['ACTION_REQUIRED', 'OCAS', 'ORIGINAL', null, '2026-03-01', 'N'],
  [
    'E_TRANSCRIPT_SENT',
    'OCAS',
    'ORIGINAL',
    'AUTO',
    '2026-03-16',
    'N',
    '2026-03-16T14:00:00Z',
    '2026-03-16T15:00:00Z',
  ],
  ['ACTION_REQUIRED', 'OUAC', 'REISSUE', null, '2026-03-05', 'F'],
];

export const RANGE = { from: '2026-03-02', to: '2026-03-15' };

export async function loadDataset(
  store: TestStore,
): Promise<{ ctx: AppContext; schools: Awaited<ReturnType<typeof seedSchools>> }> {
  const schools = await seedSchools(store);
  const bsid = { N: '900001', S: '900002', F: '900003' } as const;
  let i = 0;
  for (const [
    status,
    origin,
    requestType,
    completionMethod,
    requestedAt,
    school,
    received,
    completed,
  ] of ENTRIES) {
    i++;
    await store.requests.create(
      aRequest({
        referenceNumber: `H${requestedAt.replace(/-/g, '')}${String(900 + i).padStart(6, '0')}`,
        status,
        origin,
        requestType,
        completionMethod,
        requestedAt,
        schoolBsid: bsid[school],
        firstName: `Prénom${i}`,
        lastName: `Nom${i}`,
        studentNumber: `S${1000 + i}`,
        amountCollected: i % 2 ? 6 : 0,
        transcriptCount: 1 + (i % 3),
        receivedAt: new Date(received ?? `${requestedAt}T14:00:00Z`),
        completedAt: completed ? new Date(completed) : null,
      }),
    );
  }
  await deliver(store);
  const config = parseConfig({ businessTime: { closureDays: { B99001: ['2026-03-04'] } } });
  const ctx = createContext({ config, store, log: createLogger({ level: 'silent' }) });
  return { ctx, schools };
}

/**
 * What reached the destination (« Reçu traité »): the transcripts of the first original and the
 * first reissue sent electronically, and the response of the first paper transcript, are marked
 * delivered; the second original sent electronically is still waiting (not counted).
 */
export const RECEIVED = { original: 2, reissue: 1 };

async function deliver(store: TestStore): Promise<void> {
  const pick = async (status: string, type: string, offset: number) =>
    (
      await store.db.query<{ id: string }>(
        `SELECT id FROM requests WHERE status = $1 AND request_type = $2 ORDER BY id OFFSET $3 LIMIT 1`,
        [status, type, offset],
      )
    ).rows[0].id;
  const transcript = async (requestId: string, status: 'SENT' | 'PENDING') => {
    const { rows } = await store.db.query<{ id: string }>(
      `INSERT INTO transcripts (request_id, version, format, content, sha256, byte_size, source, created_by)
       VALUES ($1, 1, 'XML', '\\x3c782f3e', 'test', 4, 'AUTO', 'Auto-eTMS') RETURNING id`,
      [requestId],
    );
    await store.db.query(
      `INSERT INTO deliveries (transcript_id, request_id, destination_code, kind, status)
       VALUES ($1, $2, 'OCAS', 'TRANSCRIPT', $3)`,
      [rows[0].id, requestId, status],
    );
  };
  await transcript(await pick('E_TRANSCRIPT_SENT', 'ORIGINAL', 0), 'SENT');
  await transcript(await pick('E_TRANSCRIPT_SENT', 'ORIGINAL', 1), 'PENDING');
  await transcript(await pick('E_TRANSCRIPT_SENT', 'REISSUE', 0), 'SENT');
  await store.db.query(
    `INSERT INTO deliveries (request_id, destination_code, kind, response_status, status)
     VALUES ($1, 'OCAS', 'RESPONSE', 'PAPER_SENT', 'SENT')`,
    [await pick('PAPER_SENT', 'ORIGINAL', 0)],
  );
}
