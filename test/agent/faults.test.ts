/**
 * Faults a real central cannot be made to produce on demand — 500s, resets, timeouts — injected
 * with nock in front of the real loopback central. Nothing is lost, nothing is sent twice, and no
 * failure becomes an answer about a student.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import nock from 'nock';
import { runAgent } from '../../src/agent/daemon.js';
import { createSisAdapter } from '../../adapters/index.js';
import { aRequest } from '../support/requests.js';
import { SIS_FIXTURE, startTestCentral, testConfig, type TestCentral, type Transport } from './harness.js';
import type { CentralPort } from '../../src/agent/central-port.js';

// nock's interceptors call Promise.withResolvers (Node 22); Node 20 lacks it.
const promiseWithResolvers = Promise as unknown as { withResolvers?: () => unknown };
promiseWithResolvers.withResolvers ??= function withResolvers<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

let central: TestCentral;
let seq = 0;

beforeAll(async () => {
  central = await startTestCentral('agent_faults');
  nock.enableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(async () => {
  nock.restore();
  await central?.close();
});

const newRequest = async () =>
  (
    await central.store.requests.create(
      aRequest({
        referenceNumber: `H20260302${String(600000 + ++seq)}`,
        firstName: 'Amélie',
        lastName: 'Tremblay',
        birthDate: '2005-04-17',
        oen: '123456789',
      }),
    )
  ).request;

async function runWith(port: CentralPort, backoff = { baseSeconds: 0.05, maxSeconds: 0.2 }) {
  const adapter = await createSisAdapter({ kind: 'csv', dir: SIS_FIXTURE });
  const agent = runAgent(
    { config: testConfig(), log: central.ctx.log, clock: () => new Date() },
    { port, adapter, submitRetryDelaysMs: [20, 40, 80], backoff },
  );
  await agent.drain();
  await agent.stop();
  return agent.stats();
}

const mentions = (operation: string) => (body: unknown) => JSON.stringify(body).includes(operation);

describe.each<Transport>(['rest', 'soap'])('central faults over %s', (transport) => {
  // The agent sends its transcripts in batches (SubmitTranscripts).
  const submitPath = (_ref: string) =>
    transport === 'rest' ? '/api/v1/agent/transcripts' : '/soap/exchange';
  const submitBody = transport === 'rest' ? () => true : mentions('SubmitTranscript');

  it('retries a submit answered with HTTP 500 and stores one transcript', async () => {
    const request = await newRequest();
    const scope = nock(central.url, { allowUnmocked: true })
      .post(submitPath(request.referenceNumber), submitBody)
      .reply(500, 'upstream broke');
    await runWith(central.port(transport));
    expect(scope.isDone()).toBe(true);
    expect((await central.store.requests.get(request.id))!.status).toBe('E_TRANSCRIPT_SENT');
    expect(await central.store.transcripts.versions(request.id)).toHaveLength(1);
  });

  it('retries a submit whose connection was reset', async () => {
    const request = await newRequest();
    const scope = nock(central.url, { allowUnmocked: true })
      .post(submitPath(request.referenceNumber), submitBody)
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    // A call left hanging by the reset ends at this deadline and is retried like any outage.
    await runWith(central.port(transport, { timeoutMs: 5_000 }));
    expect(scope.isDone()).toBe(true);
    expect((await central.store.requests.get(request.id))!.status).toBe('E_TRANSCRIPT_SENT');
    expect(await central.store.transcripts.versions(request.id)).toHaveLength(1);
  });

  it('waits out a lease call that times out, then carries on', async () => {
    const request = await newRequest();
    const leasePath = transport === 'rest' ? '/api/v1/agent/leases' : '/soap/exchange';
    const interceptor = nock(central.url, { allowUnmocked: true }).post(
      leasePath,
      transport === 'rest' ? () => true : mentions('LeasePendingRequests'),
    );
    // fetch (REST) cannot abort a delayed nock reply cleanly on Node 20: the timeout is given as the error it raises.
    const scope =
      transport === 'soap'
        ? interceptor.delay(3000).reply(200, {})
        : interceptor.replyWithError({
            name: 'TimeoutError',
            code: 'ETIMEDOUT',
            message: 'The operation was aborted due to timeout',
          });
    await runWith(central.port(transport, { timeoutMs: 300 }));
    expect(scope.isDone()).toBe(true);
    expect((await central.store.requests.get(request.id))!.status).toBe('E_TRANSCRIPT_SENT');
  });

  it('keeps a request « Action requise » when the central keeps failing: handed back with back-off, not decided', async () => {
    const request = await newRequest();
    const scope = nock(central.url, { allowUnmocked: true })
      .post(submitPath(request.referenceNumber), submitBody)
      .times(4)
      .reply(502, 'bad gateway');
    const stats = await runWith(central.port(transport), { baseSeconds: 60, maxSeconds: 120 });
    expect(scope.isDone()).toBe(true);
    expect(stats.retried).toBeGreaterThanOrEqual(1);
    const { rows } = await central.store.db.query<{
      status: string;
      attempts: number;
      auto_error_reason: string | null;
    }>('SELECT status, attempts, auto_error_reason FROM requests WHERE id = $1', [request.id]);
    expect(rows[0]).toMatchObject({ status: 'ACTION_REQUIRED', auto_error_reason: null });
    expect(rows[0].attempts).toBeGreaterThanOrEqual(1);
    expect(await central.store.transcripts.versions(request.id)).toHaveLength(0);
    // The central is healthy again and the back-off has passed.
    await central.store.db.query('UPDATE requests SET next_attempt_at = NULL WHERE id = $1', [request.id]);
    await runWith(central.port(transport));
    expect((await central.store.requests.get(request.id))!.status).toBe('E_TRANSCRIPT_SENT');
  });
});

it('answers a submit repeated after its reply was lost with the first transcript (REST and SOAP ports)', async () => {
  const request = await newRequest();
  const rest = central.port('rest');
  const soap = central.port('soap');
  const [leased] = await rest.lease(50, { owner: 'lost-reply', includeEndOfTerm: false });
  expect(leased).toBeDefined();
  const adapter = await createSisAdapter({ kind: 'csv', dir: SIS_FIXTURE });
  const { buildTranscript, transcriptToXml } = await import('../../src/transcript/build.js');
  const xml = Buffer.from(
    transcriptToXml(
      buildTranscript((await adapter.transcript('100001'))!, {
        referenceNumber: request.referenceNumber,
        transmission: 'Original',
      }),
    ),
  );
  const submission = {
    referenceNumber: request.referenceNumber,
    owner: 'lost-reply',
    studentNumber: '100001',
    submissionKey: `${request.referenceNumber}:lost-reply`,
    xml,
    pinned: false,
  };
  const first = await rest.submitTranscript(submission);
  const again = await soap.submitTranscript(submission);
  expect(first.created).toBe(true);
  expect(again).toMatchObject({ created: false, transcriptId: first.transcriptId });
  expect(await central.store.transcripts.versions(request.id)).toHaveLength(1);
});
