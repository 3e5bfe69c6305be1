/**
 * The batch operations (SubmitTranscripts, ReportAutoProcessErrors): a client written from the WSDL
 * alone and a REST client send several items in one call; each item gets its own result or the
 * fault a single call would have given, and the refusal of one never holds back the others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { soapClient as soapClientFor } from '../support/soap-client.js';
import { startTestCentral, SIS_FIXTURE, type TestCentral } from '../agent/harness.js';
import { createSisAdapter } from '../../adapters/index.js';
import { buildTranscript, transcriptToXml } from '../../src/transcript/build.js';
import { createInProcessPort } from '../../src/agent/in-process-port.js';
import { createExchangeService } from '../../src/requests/exchange-service.js';
import { aRequest } from '../support/requests.js';

let central: TestCentral;
let sequence = 0;

beforeAll(async () => {
  central = await startTestCentral('api_batches');
});
afterAll(async () => {
  await central?.close();
});

const soapClient = (id: string, secret: string) => soapClientFor(central.url, id, secret);

/** Files requests through intake and leases them for `owner`; returns their reference numbers. */
async function leasedRequests(count: number, owner: string): Promise<string[]> {
  const intake = await soapClient(central.intakeCredential.id, central.intakeCredential.secret);
  const refs: string[] = [];
  for (let i = 0; i < count; i++) {
    const referenceNumber = `H2026030283${String(++sequence).padStart(4, '0')}`;
    await intake.SubmitTranscriptRequestAsync({
      referenceNumber,
      origin: 'OCAS',
      requestType: 'ORIGINAL',
      requestedAt: '2026-03-02',
      lastName: 'Tremblay',
      schoolBsid: '900001',
    });
    refs.push(referenceNumber);
  }
  const agent = await soapClient(central.agentCredential.id, central.agentCredential.secret);
  await agent.LeasePendingRequestsAsync({ owner, max: 100 });
  return refs;
}

/** Files and leases requests for `owner` in the two schools, alternately (through the store). */
async function leasedInBothSchools(count: number, owner: string): Promise<string[]> {
  const refs: string[] = [];
  for (let i = 0; i < count; i++) {
    const referenceNumber = `H2026030284${String(++sequence).padStart(4, '0')}`;
    await central.store.requests.create(
      aRequest({ referenceNumber, schoolBsid: i % 2 === 0 ? '900001' : '900002' }),
    );
    refs.push(referenceNumber);
  }
  const agent = await soapClient(central.agentCredential.id, central.agentCredential.secret);
  await agent.LeasePendingRequestsAsync({ owner, max: 100 });
  return refs;
}

async function transcriptFor(reference: string): Promise<string> {
  const adapter = await createSisAdapter({ kind: 'csv', dir: SIS_FIXTURE });
  return transcriptToXml(
    buildTranscript((await adapter.transcript('100001'))!, {
      referenceNumber: reference,
      transmission: 'Original',
    }),
  );
}

const statusOf = async (reference: string) =>
  (await central.store.requests.findByReference(reference))!.status;

describe('SOAP batch operations', () => {
  it('submit several transcripts in one call: each item its own result or fault, the others unharmed', async () => {
    const owner = 'wsdl-batch';
    const [a, b, c] = await leasedRequests(3, owner);
    const agent = await soapClient(central.agentCredential.id, central.agentCredential.secret);
    const xmlA = await transcriptFor(a);
    const [answer] = await agent.SubmitTranscriptsAsync({
      owner,
      submission: [
        { referenceNumber: a, studentNumber: '100001', submissionKey: `${a}:batch-1`, transcriptXml: xmlA },
        // A file built for another request: refused alone.
        { referenceNumber: b, studentNumber: '100001', submissionKey: `${b}:batch-1`, transcriptXml: xmlA },
        {
          referenceNumber: c,
          studentNumber: '100001',
          submissionKey: `${c}:batch-1`,
          transcriptBase64: Buffer.from(await transcriptFor(c)).toString('base64'),
        },
        // A request nobody filed.
        {
          referenceNumber: 'H20260302839999',
          studentNumber: '100001',
          submissionKey: 'H20260302839999:batch-1',
          transcriptXml: await transcriptFor('H20260302839999'),
        },
      ],
    });
    const results = [answer.result].flat();
    expect(results).toHaveLength(4);
    expect(results[0]).toMatchObject({
      referenceNumber: a,
      status: 'E_TRANSCRIPT_SENT',
      created: true,
      version: 1,
    });
    expect(results[1]).toMatchObject({
      referenceNumber: b,
      fault: { code: 'ETMS_E_TRANSCRIPT_TRACKING_MISMATCH', status: 422 },
    });
    expect(results[2]).toMatchObject({ referenceNumber: c, status: 'E_TRANSCRIPT_SENT', created: true });
    expect(results[3]).toMatchObject({ fault: { code: 'ETMS_E_REQUEST_NOT_FOUND', status: 404 } });
    expect(await statusOf(b)).toBe('ACTION_REQUIRED');

    // The same batch again (its answer was lost): the stored transcripts, nothing twice.
    const [again] = await agent.SubmitTranscriptsAsync({
      owner,
      submission: [
        { referenceNumber: a, studentNumber: '100001', submissionKey: `${a}:batch-1`, transcriptXml: xmlA },
        {
          referenceNumber: a,
          studentNumber: '100001',
          submissionKey: `${a}:other-bytes`,
          transcriptXml: xmlA,
        },
      ],
    });
    const repeated = [again.result].flat();
    expect(repeated[0]).toMatchObject({
      referenceNumber: a,
      created: false,
      transcriptId: results[0].transcriptId,
    });
    // A second item for the same request is handled after the first, as a call of its own would be.
    expect(repeated[1]).toMatchObject({ referenceNumber: a, fault: { code: 'ETMS_E_REQUEST_NOT_PENDING' } });
    const id = (await central.store.requests.findByReference(a))!.id;
    expect(await central.store.transcripts.versions(id)).toHaveLength(1);
    const events = await central.store.requests.events(id);
    expect(events.filter((e) => e.toStatus === 'E_TRANSCRIPT_SENT')).toHaveLength(1);
  });

  it('report several requests in one call, a repeated report recorded once', async () => {
    const owner = 'wsdl-batch-reports';
    const [a, b] = await leasedRequests(2, owner);
    const agent = await soapClient(central.agentCredential.id, central.agentCredential.secret);
    const report = (referenceNumber: string) => ({
      referenceNumber,
      reasonCode: 'NOT_FOUND',
      reasonFr: 'Élève non trouvé dans le SIÉ',
      reasonEn: 'Student not found in the SIS',
      matchResultJson: JSON.stringify({ outcome: 'none', score: 0, reason: 'NOT_FOUND', candidates: [] }),
    });
    const [answer] = await agent.ReportAutoProcessErrorsAsync({
      owner,
      report: [report(a), report(b), report(a)],
    });
    expect([answer.result].flat()).toEqual([
      { referenceNumber: a, status: 'AUTO_PROCESS_ERROR' },
      { referenceNumber: b, status: 'AUTO_PROCESS_ERROR' },
      { referenceNumber: a, status: 'AUTO_PROCESS_ERROR' },
    ]);
    const stored = (await central.store.requests.findByReference(b))!;
    expect(stored.matchResult).toEqual({ outcome: 'none', score: 0, reason: 'NOT_FOUND', candidates: [] });
    const events = await central.store.requests.events((await central.store.requests.findByReference(a))!.id);
    expect(events.filter((e) => e.toStatus === 'AUTO_PROCESS_ERROR')).toHaveLength(1);
  });

  it('refuses a batch of another agent’s leases item by item', async () => {
    const [a] = await leasedRequests(1, 'the-first-agent');
    const agent = await soapClient(central.agentCredential.id, central.agentCredential.secret);
    const [answer] = await agent.SubmitTranscriptsAsync({
      owner: 'a-second-agent',
      submission: [
        {
          referenceNumber: a,
          studentNumber: '100001',
          submissionKey: `${a}:stolen`,
          transcriptXml: await transcriptFor(a),
        },
      ],
    });
    expect([answer.result].flat()[0]).toMatchObject({
      referenceNumber: a,
      fault: { code: 'ETMS_E_LEASE_LOST', status: 409 },
    });
    expect(await statusOf(a)).toBe('ACTION_REQUIRED');
  });
});

describe('batches at once', () => {
  it('lets several batches move the requests of the same schools together, none failing', async () => {
    const owner = 'many-batches';
    const refs = await leasedInBothSchools(40, owner);
    const port = createInProcessPort(createExchangeService(central.ctx), {
      kind: 'AGENT',
      credentialId: 'test',
      boardId: (await central.store.organisations.boardByCode('B99001'))!.id,
    });
    const report = (referenceNumber: string) => ({
      referenceNumber,
      owner,
      reasonCode: 'NOT_FOUND',
      reasonFr: 'Élève non trouvé dans le SIÉ',
      reasonEn: 'Student not found in the SIS',
    });
    const submit = async (referenceNumber: string) => ({
      referenceNumber,
      owner,
      studentNumber: '100001',
      submissionKey: `${referenceNumber}:together`,
      xml: Buffer.from(await transcriptFor(referenceNumber)),
      pinned: false,
    });
    // Four batches at once, each through both schools, two of them in the reverse order.
    const quarter = (k: number) => refs.filter((_, i) => i % 4 === k);
    const outcomes = await Promise.all([
      port.submitTranscripts(await Promise.all(quarter(0).map(submit))),
      port.submitTranscripts((await Promise.all(quarter(1).map(submit))).reverse()),
      port.reportErrors(quarter(2).map(report)),
      port.reportErrors(quarter(3).map(report).reverse()),
    ]);
    expect(outcomes.flat().every((o) => o.ok)).toBe(true);
    const statuses = await Promise.all(refs.map(statusOf));
    expect(statuses.filter((s) => s === 'E_TRANSCRIPT_SENT')).toHaveLength(20);
    expect(statuses.filter((s) => s === 'AUTO_PROCESS_ERROR')).toHaveLength(20);
  });
});

describe('REST batch operations', () => {
  const post = (
    path: string,
    body: unknown,
    token = `${central.agentCredential.id}.${central.agentCredential.secret}`,
  ) =>
    fetch(`${central.url}/api/v1${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });

  it('submits and reports in batches with per-item outcomes', async () => {
    const owner = 'rest-batch';
    const [a, b] = await leasedRequests(2, owner);
    const response = await post('/agent/transcripts', {
      owner,
      submissions: [
        {
          referenceNumber: a,
          studentNumber: '100001',
          submissionKey: `${a}:rest-1`,
          transcriptBase64: Buffer.from(await transcriptFor(a)).toString('base64'),
        },
      ],
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      results: [{ referenceNumber: a, status: 'E_TRANSCRIPT_SENT', created: true }],
    });

    const reports = await post('/agent/auto-process-errors', {
      owner,
      reports: [
        {
          referenceNumber: a,
          reasonCode: 'NOT_FOUND',
          reasonFr: 'Élève non trouvé dans le SIÉ',
          reasonEn: 'Student not found in the SIS',
        },
        {
          referenceNumber: b,
          reasonCode: 'NOT_FOUND',
          reasonFr: 'Élève non trouvé dans le SIÉ',
          reasonEn: 'Student not found in the SIS',
          matchResult: { outcome: 'none' },
        },
      ],
    });
    expect(await reports.json()).toMatchObject({
      results: [
        { referenceNumber: a, fault: { code: 'ETMS_E_REQUEST_NOT_PENDING', status: 409 } },
        { referenceNumber: b, status: 'AUTO_PROCESS_ERROR' },
      ],
    });
  });

  it('refuses an empty or oversized batch, and intake credentials, as a whole', async () => {
    const empty = await post('/agent/transcripts', { owner: 'rest-batch', submissions: [] });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { code: string }).code).toBe('ETMS_E_INVALID_INPUT');
    const item = {
      referenceNumber: 'H20260302839998',
      reasonCode: 'NOT_FOUND',
      reasonFr: 'x',
      reasonEn: 'x',
    };
    const oversized = await post('/agent/auto-process-errors', {
      owner: 'rest-batch',
      reports: Array.from({ length: 101 }, () => item),
    });
    expect(oversized.status).toBe(400);
    expect(((await oversized.json()) as { code: string }).code).toBe('ETMS_E_INVALID_INPUT');
    const intake = await post(
      '/agent/auto-process-errors',
      { owner: 'rest-batch', reports: [item] },
      `${central.intakeCredential.id}.${central.intakeCredential.secret}`,
    );
    expect(intake.status).toBe(403);
  });
});
