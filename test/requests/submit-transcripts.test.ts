import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaseRequests } from '../../src/requests/lease-requests.js';
import { submitTranscript, submitTranscripts } from '../../src/requests/submit-transcripts.js';
import { releaseLease } from '../../src/requests/release-lease.js';
import { commandBench, transcriptFor, type CommandBench } from './support.js';

let bench: CommandBench;
beforeAll(async () => {
  bench = await commandBench('cmd_submit_transcripts');
});
afterAll(() => bench?.close());

async function leased(owner: string, count = 1): Promise<string[]> {
  for (let i = 0; i < count; i++) await bench.file();
  const { requests } = await leaseRequests(bench.ctx, bench.agent, { owner, max: count });
  return requests.map((r) => r.referenceNumber);
}

describe('submitTranscript', () => {
  it('stores the transcript, creates its delivery and completes the request; a repeat finds the first', async () => {
    const [reference] = await leased('a1');
    const input = {
      referenceNumber: reference,
      owner: 'a1',
      studentNumber: '100001',
      submissionKey: `${reference}:1`,
      transcript: await transcriptFor(reference),
    };
    const result = await submitTranscript(bench.ctx, bench.agent, input);
    expect(result).toMatchObject({
      referenceNumber: reference,
      status: 'E_TRANSCRIPT_SENT',
      version: 1,
      created: true,
    });
    const request = (await bench.store.requests.findByReference(reference))!;
    expect([request.completionMethod, request.lastUpdatedBy]).toEqual(['AUTO', 'Auto-eTMS']);
    expect((await bench.store.deliveries.ofRequest(request.id)).map((d) => [d.kind, d.status])).toEqual([
      ['TRANSCRIPT', 'PENDING'],
    ]);
    const again = await submitTranscript(bench.ctx, bench.agent, input);
    expect(again).toMatchObject({ transcriptId: result.transcriptId, created: false });
    await expect(
      submitTranscript(bench.ctx, bench.agent, { ...input, submissionKey: `${reference}:2` }),
    ).rejects.toMatchObject({ code: 'ETMS_E_REQUEST_NOT_PENDING' });
  });

  it('refuses a transcript built for another request, and one whose lease another agent holds', async () => {
    const [mine, other] = await leased('a2', 2);
    await expect(
      submitTranscript(bench.ctx, bench.agent, {
        referenceNumber: mine,
        owner: 'a2',
        studentNumber: '100001',
        submissionKey: 'k-mismatch',
        transcript: await transcriptFor(other),
      }),
    ).rejects.toMatchObject({ code: 'ETMS_E_TRANSCRIPT_TRACKING_MISMATCH' });
    await expect(
      submitTranscript(bench.ctx, bench.agent, {
        referenceNumber: other,
        owner: 'not-a2',
        studentNumber: '100001',
        submissionKey: 'k-lost',
        transcript: await transcriptFor(other),
      }),
    ).rejects.toMatchObject({ code: 'ETMS_E_LEASE_LOST' });
    expect((await bench.store.requests.findByReference(mine))?.status).toBe('ACTION_REQUIRED');
  });
});

describe('submitTranscripts', () => {
  it('gives each item its own result or fault; a refused one holds back none of the others', async () => {
    const [a, b, c] = await leased('a3', 3);
    const item = async (reference: string, key: string, built = reference) => ({
      referenceNumber: reference,
      studentNumber: '100001',
      submissionKey: key,
      transcript: await transcriptFor(built),
    });
    const { results } = await submitTranscripts(bench.ctx, bench.agent, {
      owner: 'a3',
      submissions: [await item(a, 'ka'), await item(b, 'kb', c), await item(c, 'kc')],
    });
    expect(results.map((r) => ('fault' in r ? r.fault.code : r.status))).toEqual([
      'E_TRANSCRIPT_SENT',
      'ETMS_E_TRANSCRIPT_TRACKING_MISMATCH',
      'E_TRANSCRIPT_SENT',
    ]);
    expect(results[1].referenceNumber).toBe(b);
    await expect(
      submitTranscripts(bench.ctx, bench.agent, { owner: 'a3', submissions: [] }),
    ).rejects.toMatchObject({
      code: 'ETMS_E_INVALID_INPUT',
    });
    await expect(
      submitTranscripts(bench.ctx, bench.intake, { owner: 'a3', submissions: [await item(b, 'kb2')] }),
    ).rejects.toMatchObject({ code: 'ETMS_E_FORBIDDEN' });
  });
});

describe('a transcript must be the request’s', () => {
  const submit = async (reference: string, owner: string, transcript: Buffer, extra = {}) =>
    submitTranscript(bench.ctx, bench.agent, {
      referenceNumber: reference,
      owner,
      studentNumber: '100001',
      submissionKey: `${reference}:${owner}`,
      transcript,
      ...extra,
    });

  it('refuses another student’s transcript, and stores nothing', async () => {
    await bench.file({ firstName: 'Maraim', lastName: 'Haddad', birthDate: '1988-01-09' });
    const { requests } = await leaseRequests(bench.ctx, bench.agent, { owner: 'c1', max: 1 });
    const reference = requests[0].referenceNumber;
    await expect(submit(reference, 'c1', await transcriptFor(reference))).rejects.toMatchObject({
      code: 'ETMS_E_TRANSCRIPT_REQUEST_MISMATCH',
    });
    const request = (await bench.store.requests.findByReference(reference))!;
    expect(request.status).toBe('ACTION_REQUIRED');
    expect(await bench.store.deliveries.ofRequest(request.id)).toEqual([]);
  });

  it('takes the student the request means through the slips the matcher allows', async () => {
    // Amélie Tremblay born 2005-04-17 in the SIS. One applicant typed no accent and swapped two
    // letters of the surname, with no OEN; another dropped a letter of the first name and a digit of
    // the birth date, with her OEN: the matcher's own comparison finds her both times, so must the
    // central, which a field-by-field equality would not.
    await bench.file({ firstName: 'Amelie', lastName: 'Tremblya', oen: undefined });
    await bench.file({ firstName: 'Amlie', birthDate: '2005-04-18' });
    const { requests } = await leaseRequests(bench.ctx, bench.agent, { owner: 'c5', max: 2 });
    for (const { referenceNumber } of requests) {
      const stored = await submit(referenceNumber, 'c5', await transcriptFor(referenceNumber));
      expect(stored.status).toBe('E_TRANSCRIPT_SENT');
    }
  });

  it('takes another first name when the OEN typed is the student’s: the name the SIS prefers is not in the file', async () => {
    await bench.file({ firstName: 'Mimi', lastName: 'Tremblay', birthDate: '2005-04-17' });
    const { requests } = await leaseRequests(bench.ctx, bench.agent, { owner: 'c7', max: 1 });
    const reference = requests[0].referenceNumber;
    expect((await submit(reference, 'c7', await transcriptFor(reference))).status).toBe('E_TRANSCRIPT_SENT');
  });

  it('refuses a brother or sister: the same surname and birth date, another first name, no OEN given', async () => {
    await bench.file({ firstName: 'Jasmine', lastName: 'Tremblay', birthDate: '2005-04-17', oen: undefined });
    const { requests } = await leaseRequests(bench.ctx, bench.agent, { owner: 'c6', max: 1 });
    const reference = requests[0].referenceNumber;
    await expect(submit(reference, 'c6', await transcriptFor(reference))).rejects.toMatchObject({
      code: 'ETMS_E_TRANSCRIPT_REQUEST_MISMATCH',
    });
  });

  it('refuses a file naming a school of another board, or another student number than the one given', async () => {
    const [reference] = await leased('c2');
    const foreign = Buffer.from(
      (await transcriptFor(reference)).toString('utf8').replace(/900001/g, '900003'),
    );
    await expect(submit(reference, 'c2', foreign)).rejects.toMatchObject({
      code: 'ETMS_E_TRANSCRIPT_OTHER_BOARD',
    });
    await expect(
      submit(reference, 'c2', await transcriptFor(reference), { studentNumber: '100004' }),
    ).rejects.toMatchObject({ code: 'ETMS_E_TRANSCRIPT_REQUEST_MISMATCH' });
  });

  it('refuses a request the agent has not leased (an end-of-term one included) or has released', async () => {
    const waiting = await bench.file({ sendTiming: 'END_OF_TERM' });
    await expect(
      submit(waiting.referenceNumber, 'c3', await transcriptFor(waiting.referenceNumber)),
    ).rejects.toMatchObject({ code: 'ETMS_E_LEASE_NOT_HELD' });
    const [reference] = await leased('c3');
    await releaseLease(bench.ctx, bench.agent, { referenceNumber: reference, owner: 'c3' });
    await expect(submit(reference, 'c3', await transcriptFor(reference))).rejects.toMatchObject({
      code: 'ETMS_E_LEASE_NOT_HELD',
    });
  });

  it('takes « the student staff chose » only when the request is pinned to that student', async () => {
    await bench.file({ firstName: 'Maraim', lastName: 'Haddad', birthDate: '1988-01-09' });
    const { requests } = await leaseRequests(bench.ctx, bench.agent, { owner: 'c4', max: 1 });
    const reference = requests[0].referenceNumber;
    await expect(
      submit(reference, 'c4', await transcriptFor(reference), { pinned: true }),
    ).rejects.toMatchObject({ code: 'ETMS_E_TRANSCRIPT_PIN_MISMATCH' });
  });
});
