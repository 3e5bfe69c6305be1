import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaseRequests } from '../../src/requests/lease-requests.js';
import { submitTranscript, submitTranscripts } from '../../src/requests/submit-transcripts.js';
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
