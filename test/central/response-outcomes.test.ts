/**
 * Every status of the catalogue, reached from an open request: the ones that end it without a
 * transcript queue exactly one PESC Transcript Response of the kind the table of src/pesc/README.md
 * gives (valid against the real TranscriptResponse schema), the others none. The agent's reports end
 * nothing; what staff then decide carries the agent's finding (several possible students become a
 * MultipleMatch). The response is queued in the transaction of the status change: a fault between
 * the two, or after both before the commit, keeps neither, and the retry queues one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../agent/harness.js';
import { runTransmission } from '../../src/central/transmission.js';
import { takeAction } from '../../src/requests/take-action.js';
import { STATUSES, canTransition, type Status } from '../../src/domain/status.js';
import { validateTranscriptXmlBatch } from '../../src/transcript/schema.js';
import { aRequest } from '../support/requests.js';

let central: TestCentral;
/** Set by a test to make the next status change fail after the response was queued. */
let crashBeforeCommit = false;
beforeAll(async () => {
  central = await startTestCentral('central_response_outcomes');
  central.store.requests.onTransition(async () => {
    if (crashBeforeCommit) throw new Error('injected crash before the commit');
  });
});
afterAll(async () => {
  await central?.close();
});

const staff = {
  kind: 'STAFF' as const,
  username: 'ecole.demo',
  scope: { all: true as const },
  sessionId: 's1',
};

let serial = 0;
async function filed(destinationCode: string) {
  serial++;
  const reference = `H20260404${String(serial).padStart(6, '0')}`;
  const { request } = await central.store.requests.create(
    aRequest({ referenceNumber: reference, destinationCode }),
  );
  return request;
}

async function responsesOf(requestId: number) {
  return (await central.store.deliveries.ofRequest(requestId)).filter((d) => d.kind === 'RESPONSE');
}

/** The transmission's files for a destination: reference → PESC ResponseStatus, all validated. */
async function transmitted(destination: string): Promise<Map<string, string>> {
  const summary = await runTransmission(central.ctx);
  const folder = join(central.outboxDir, destination, summary.transmissionId);
  const files = readdirSync(folder).filter((f) => f.includes('-response-'));
  const documents = files.map((f) => readFileSync(join(folder, f), 'utf8'));
  const problems = await validateTranscriptXmlBatch(documents, 'response');
  expect(problems.filter((p) => p.length > 0)).toEqual([]);
  return new Map(
    files.map((f, i) => [f.slice(0, 15), /<ResponseStatus>([^<]+)</.exec(documents[i])?.[1] ?? '']),
  );
}

/** Written out here, not read from the code: the table of src/pesc/README.md. */
const EXPECTED: Record<Status, string | undefined> = {
  ACTION_REQUIRED: undefined,
  AUTO_PROCESS_ERROR: undefined,
  UPLOAD_ERROR: undefined,
  TRANSCRIPT_UPLOADED: undefined,
  E_TRANSCRIPT_SENT: undefined,
  STUDENT_NOT_FOUND: 'NoRecord',
  NO_ACADEMIC_DATA: 'NoRecord',
  ON_HOLD_FINANCIAL: 'Hold',
  PAPER_SENT: 'OfflineRecordSent',
  CANCELLED: 'Canceled',
};

describe('the status → Transcript Response table', () => {
  it('every status of the catalogue, reached from an open request, queues the response of the table', async () => {
    const reached = new Map<string, Status>();
    for (const status of STATUSES) {
      if (status === 'ACTION_REQUIRED') continue;
      expect(canTransition('ACTION_REQUIRED', status)).toBe(true);
      const request = await filed('WALK');
      await central.store.requests.transition({ id: request.id, to: status, actor: 'test' });
      expect((await responsesOf(request.id)).map((d) => d.status)).toEqual(
        EXPECTED[status] ? ['PENDING'] : [],
      );
      reached.set(request.referenceNumber, status);
    }
    const sent = await transmitted('WALK');
    const told = [...reached].filter(([reference]) => sent.has(reference));
    expect(Object.fromEntries(told.map(([reference, status]) => [status, sent.get(reference)]))).toEqual(
      Object.fromEntries(Object.entries(EXPECTED).filter(([, kind]) => kind !== undefined)),
    );
  });

  it('the agent’s reports end nothing; staff closing them tell what the agent found', async () => {
    const agent = central.port('in-process');
    const cases = [
      { reason: 'AMBIGUOUS', action: 'STUDENT_NOT_FOUND', expected: 'MultipleMatch' },
      { reason: 'VETO_SIBLING', action: 'STUDENT_NOT_FOUND', expected: 'MultipleMatch' },
      { reason: 'NOT_FOUND', action: 'STUDENT_NOT_FOUND', expected: 'NoRecord' },
      { reason: 'NO_ACADEMIC_DATA', action: 'NO_ACADEMIC_DATA', expected: 'NoRecord' },
    ] as const;
    const requests = [];
    for (let i = 0; i < cases.length; i++) requests.push(await filed('AGENTS'));
    const leased = await agent.lease(cases.length, { owner: 'agent-1', includeEndOfTerm: true });
    expect(leased.map((l) => l.referenceNumber).sort()).toEqual(
      requests.map((r) => r.referenceNumber).sort(),
    );
    for (const [i, c] of cases.entries()) {
      await agent.reportError({
        referenceNumber: requests[i].referenceNumber,
        owner: 'agent-1',
        reasonCode: c.reason,
        reasonFr: `raison ${c.reason}`,
        reasonEn: `reason ${c.reason}`,
        matchResult: {
          outcome: c.reason === 'NOT_FOUND' ? 'none' : 'review',
          reason: c.reason,
          candidates: [],
        },
      });
      const reported = (await central.store.requests.get(requests[i].id))!;
      expect(reported.status).toBe('AUTO_PROCESS_ERROR');
      expect(await responsesOf(reported.id)).toEqual([]);
      await takeAction(central.ctx, staff, {
        reference: reported.referenceNumber,
        action: c.action,
        expectedVersion: reported.version,
      });
    }
    const sent = await transmitted('AGENTS');
    expect(requests.map((r) => sent.get(r.referenceNumber))).toEqual(cases.map((c) => c.expected));
  });
});

describe('queued with the status change', () => {
  it('a fault between the status change and the queueing keeps neither; the retry queues one response', async () => {
    const request = await filed('FAULTS');
    const events = (await central.store.requests.events(request.id)).length;
    // The response's INSERT fails, as a crash would stop it, after the status UPDATE ran.
    await central.store.db.query(`CREATE FUNCTION refuse_delivery() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected fault'; END $$`);
    await central.store.db.query(
      'CREATE TRIGGER refuse_delivery BEFORE INSERT ON deliveries FOR EACH ROW EXECUTE FUNCTION refuse_delivery()',
    );
    try {
      await expect(
        takeAction(central.ctx, staff, {
          reference: request.referenceNumber,
          action: 'STUDENT_NOT_FOUND',
          expectedVersion: request.version,
        }),
      ).rejects.toThrow(/injected fault/);
    } finally {
      await central.store.db.query('DROP TRIGGER refuse_delivery ON deliveries');
      await central.store.db.query('DROP FUNCTION refuse_delivery()');
    }
    const after = (await central.store.requests.get(request.id))!;
    expect(after).toMatchObject({ status: 'ACTION_REQUIRED', version: request.version });
    expect(await central.store.requests.events(request.id)).toHaveLength(events);
    expect(await responsesOf(request.id)).toEqual([]);

    await takeAction(central.ctx, staff, {
      reference: request.referenceNumber,
      action: 'STUDENT_NOT_FOUND',
      expectedVersion: request.version,
    });
    expect((await responsesOf(request.id)).map((d) => d.status)).toEqual(['PENDING']);
  });

  it('a crash after the queueing, before the commit, keeps neither; the retry queues one response', async () => {
    const request = await filed('FAULTS');
    crashBeforeCommit = true;
    try {
      await expect(
        takeAction(central.ctx, staff, {
          reference: request.referenceNumber,
          action: 'PAPER_SENT',
          expectedVersion: request.version,
        }),
      ).rejects.toThrow(/injected crash/);
    } finally {
      crashBeforeCommit = false;
    }
    expect((await central.store.requests.get(request.id))!.status).toBe('ACTION_REQUIRED');
    expect(await responsesOf(request.id)).toEqual([]);

    await takeAction(central.ctx, staff, {
      reference: request.referenceNumber,
      action: 'PAPER_SENT',
      expectedVersion: request.version,
    });
    expect((await responsesOf(request.id)).map((d) => d.status)).toEqual(['PENDING']);
    const sent = await transmitted('FAULTS');
    expect(sent.get(request.referenceNumber)).toBe('OfflineRecordSent');
    expect([...sent.values()].filter((s) => s === 'OfflineRecordSent')).toHaveLength(1);
  });
});
