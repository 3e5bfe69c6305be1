/**
 * The demo board: schools, two staff users and about 400 requests read from fixtures/demo/, created
 * only into an empty database. Request dates are relative to the day of seeding so ages look alive.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import type { Store } from './index.js';
import {
  AUTO_ETMS_ACTOR,
  SYSTEM_ACTOR,
  type CompletionMethod,
  type NewTranscriptRequest,
} from '../domain/request.js';
import { isStatus, type Status } from '../domain/status.js';
import { PROJECT_ROOT } from '../config.js';
import { DemoFixturesInvalid } from './errors.js';
import { buildTranscriptXml } from '../transcript/build.js';
import type { SisAdapter } from '../sis/index.js';

export const DEMO_PASSWORD = 'Demo-2026!';
export const DEMO_USERS = { school: 'ecole.demo', board: 'conseil.demo' } as const;

/**
 * What the matcher makes of a demo request on the demo SIS, as the agent reports it: the reason's
 * code and sentences and the decision with its ranked candidates (see demoReview in compose.ts).
 */
export interface DemoReview {
  reasonCode: string;
  reasonFr: string;
  reasonEn: string;
  matchResult: unknown;
}

/** Asks the matcher about a request; undefined when it would send the transcript by itself. */
export type DemoReviewer = (
  request: ReturnType<typeof matchFields> & { referenceNumber: string },
  sis: SisAdapter,
) => Promise<DemoReview | undefined>;

/** The fields the matcher reads, from a request about to be created. */
function matchFields(r: NewTranscriptRequest) {
  return {
    oen: r.oen,
    studentNumber: r.studentNumber,
    firstName: r.firstName,
    lastName: r.lastName,
    previousLastName: r.previousLastName,
    birthDate: r.birthDate,
    gender: r.gender,
    schoolBsid: r.schoolBsid,
    dateLastAttended: r.dateLastAttended,
  };
}

/**
 * Without a reviewer (a test of the seed alone), the reason the fixture names, in French and
 * English, and no candidates.
 */
const FIXTURE_REASONS: Record<string, { fr: string; en: string }> = {
  NOT_FOUND: { fr: 'Élève non trouvé dans le SIÉ', en: 'Student not found in the SIS' },
  AMBIGUOUS: { fr: 'Plusieurs élèves possibles', en: 'Several possible students' },
};

type CsvRow = Record<string, string>;

function readCsv(dir: string, name: string): CsvRow[] {
  const path = join(dir, name);
  try {
    return parse(readFileSync(path), {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
    }) as CsvRow[];
  } catch (error) {
    throw DemoFixturesInvalid(path, (error as Error).message);
  }
}

const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());

export interface DemoSummary {
  board: string;
  schools: number;
  requests: number;
  users: string[];
}

export async function isEmpty(store: Store): Promise<boolean> {
  const { rows } = await store.db.query<{ n: number }>(
    'SELECT (SELECT count(*) FROM boards) + (SELECT count(*) FROM requests) AS n',
  );
  return Number(rows[0].n) === 0;
}

/** Seeds the demo; refuses (returns undefined) when the database already holds data. */
export async function seedDemo(
  store: Store,
  options: {
    fixturesDir?: string;
    password?: string;
    today?: Date;
    timeZone?: string;
    /** The matcher, run on the demo SIS for the requests the fixtures put in « Erreur d'autotraitement ». */
    review?: DemoReviewer;
  } = {},
): Promise<DemoSummary | undefined> {
  if (!(await isEmpty(store))) return undefined;
  const dir = resolve(PROJECT_ROOT, options.fixturesDir ?? 'fixtures/demo');
  const schools = readCsv(dir, 'schools.csv');
  const requests = readCsv(dir, 'requests.csv');
  if (schools.length === 0) throw DemoFixturesInvalid(join(dir, 'schools.csv'), 'it lists no school');

  const board = await store.organisations.upsertBoard(schools[0].board_number, schools[0].board_name);
  const created = [];
  for (const s of schools)
    created.push(await store.organisations.upsertSchool(board.id, s.bsid, s.name, blank(s.city)));

  const password = options.password ?? DEMO_PASSWORD;
  await store.users.create({
    username: DEMO_USERS.school,
    displayName: 'École démo',
    role: 'SCHOOL',
    schoolId: created[0].id,
    boardId: board.id,
    password,
    skipPolicy: true,
  });
  await store.users.create({
    username: DEMO_USERS.board,
    displayName: 'Conseil démo',
    role: 'BOARD',
    boardId: board.id,
    password,
    skipPolicy: true,
  });

  // Requests that already have a file (sent, or uploaded and waiting for the central) get the
  // transcript the demo SIS really produces for their student.
  // Loaded here, not with the module: a start that seeds nothing does not load the SIS adapters.
  const { createSisAdapter } = await import('../../adapters/index.js');
  const sis = await createSisAdapter({ kind: 'csv', dir });
  const withFile: Array<{
    requestId: number;
    studentNumber: string;
    reference: string;
    destination: { name?: string; code?: string };
    reissue: boolean;
    source: 'AUTO' | 'UPLOAD';
    actor: string;
  }> = [];

  const zone = options.timeZone ?? 'America/Toronto';
  const today = DateTime.fromJSDate(options.today ?? new Date(), { zone }).startOf('day');
  let count = 0;
  for (const row of requests) {
    const status: Status = isStatus(row.status) ? row.status : 'ACTION_REQUIRED';
    const requested = today.minus({ days: Number(row.requested_days_ago) || 0 });
    // Received during the morning of the day it was paid.
    const received = requested.set({ hour: 9, minute: count % 60 });
    const completedDaysAgo = blank(row.completed_days_ago);
    const completedAt =
      completedDaysAgo === null
        ? null
        : today
            .minus({ days: Number(completedDaysAgo) })
            .set({ hour: 14 })
            .toJSDate();
    const input: NewTranscriptRequest = {
      applicationNumber: blank(row.application_number),
      accountNumber: blank(row.account_number),
      origin: row.origin === 'OUAC' ? 'OUAC' : 'OCAS',
      requestType: row.request_type === 'REISSUE' ? 'REISSUE' : 'ORIGINAL',
      requestedAt: requested.toISODate()!,
      receivedAt: received.toJSDate(),
      sendTiming: row.send_timing === 'END_OF_TERM' ? 'END_OF_TERM' : 'NOW',
      firstName: blank(row.first_name),
      lastName: blank(row.last_name),
      previousLastName: blank(row.previous_last_name),
      birthDate: blank(row.birth_date),
      gender: (blank(row.gender) as 'M' | 'F' | 'X' | null) ?? null,
      oen: blank(row.oen),
      studentNumber: blank(row.student_number),
      schoolBsid: row.school_bsid,
      dateLastAttended: blank(row.date_last_attended),
      amountCollected: Number(row.amount_collected || 0),
      transcriptCount: Number(row.transcript_count || 1),
      destinationCode: blank(row.destination_code),
      destinationName: blank(row.destination_name),
      applicantEmail: blank(row.applicant_email),
      applicantLanguage: row.applicant_language === 'en' ? 'en' : 'fr',
      status,
      completedAt: ['E_TRANSCRIPT_SENT', 'PAPER_SENT', 'CANCELLED'].includes(status)
        ? (completedAt ?? received.plus({ days: 1 }).toJSDate())
        : null,
      completionMethod: (blank(row.completed_via) as CompletionMethod | null) ?? null,
      lastUpdatedBy:
        status === 'ACTION_REQUIRED'
          ? SYSTEM_ACTOR
          : row.completed_via === 'AUTO' || status === 'AUTO_PROCESS_ERROR'
            ? AUTO_ETMS_ACTOR
            : DEMO_USERS.school,
    };
    let matchResult: unknown;
    if (status === 'AUTO_PROCESS_ERROR') {
      const review = options.review
        ? await options.review({ referenceNumber: `demo-${count + 1}`, ...matchFields(input) }, sis)
        : undefined;
      if (options.review && !review) {
        // The matcher would send this one by itself: it waits for the agent like any new request.
        input.status = 'ACTION_REQUIRED';
        input.lastUpdatedBy = SYSTEM_ACTOR;
      } else {
        const code =
          review?.reasonCode ??
          (row.auto_error_reason in FIXTURE_REASONS ? row.auto_error_reason : 'NOT_FOUND');
        input.autoErrorCode = code;
        input.autoErrorReason = review?.reasonFr ?? FIXTURE_REASONS[code].fr;
        input.autoErrorReasonEn = review?.reasonEn ?? FIXTURE_REASONS[code].en;
        matchResult = review?.matchResult;
      }
    }
    const { request } = await store.requests.create(input, 'intake:demo');
    if (matchResult !== undefined)
      await store.db.query('UPDATE requests SET match_result = $2::jsonb WHERE id = $1', [
        request.id,
        JSON.stringify(matchResult),
      ]);
    const hasFile =
      status === 'TRANSCRIPT_UPLOADED' ||
      (status === 'E_TRANSCRIPT_SENT' && input.completionMethod !== 'PDF');
    if (hasFile && row.true_student_number) {
      withFile.push({
        requestId: request.id,
        studentNumber: row.true_student_number,
        reference: request.referenceNumber,
        destination: {
          name: request.destinationName ?? undefined,
          code: request.destinationCode ?? undefined,
        },
        reissue: input.requestType === 'REISSUE',
        source: input.completionMethod === 'AUTO' ? 'AUTO' : 'UPLOAD',
        actor: input.lastUpdatedBy ?? DEMO_USERS.school,
      });
    }
    count++;
  }
  try {
    // Built together so the XSD validation of all of them shares one validator run.
    const files = await Promise.all(
      withFile.map(async (f) => {
        const record = await sis.transcript(f.studentNumber);
        return record
          ? buildTranscriptXml(record, {
              referenceNumber: f.reference,
              transmission: f.reissue ? 'Reissue' : 'Original',
              destination: f.destination,
            })
          : undefined;
      }),
    );
    for (const [i, f] of withFile.entries()) {
      const xml = files[i];
      if (xml)
        await store.transcripts.add({
          requestId: f.requestId,
          format: 'XML',
          content: Buffer.from(xml),
          source: f.source,
          createdBy: f.actor,
          studentNumber: f.studentNumber,
        });
    }
  } finally {
    await sis.close();
  }
  return {
    board: board.name,
    schools: created.length,
    requests: count,
    users: [DEMO_USERS.school, DEMO_USERS.board],
  };
}
