/**
 * The same scenarios against the three CentralPorts: in-process, SOAP on loopback, REST on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAgent } from '../../src/agent/daemon.js';
import { createSisAdapter } from '../../adapters/index.js';
import { readTranscriptXml } from '../../src/transcript/read.js';
import { aRequest } from '../support/requests.js';
import { SIS_FIXTURE, startTestCentral, testConfig, type TestCentral, type Transport } from './harness.js';

const TRANSPORTS: Transport[] = ['in-process', 'soap', 'rest'];

describe.each(TRANSPORTS)('Auto-eTMS over the %s port', (transport) => {
  let central: TestCentral;
  let seq = 0;
  const ref = () =>
    `H20260302${String(700000 + ++seq + TRANSPORTS.indexOf(transport) * 1000).padStart(6, '0')}`;

  beforeAll(async () => {
    central = await startTestCentral(`agent_${transport}`);
  });
  afterAll(async () => {
    await central?.close();
  });

  async function runOnce(configOverrides: Record<string, unknown> = {}, adapterDir = SIS_FIXTURE) {
    const adapter = await createSisAdapter({ kind: 'csv', dir: adapterDir });
    const agent = runAgent(
      { config: testConfig(configOverrides), log: central.ctx.log, clock: () => new Date() },
      { port: central.port(transport), adapter, submitRetryDelaysMs: [10, 20] },
    );
    await agent.drain();
    await agent.stop();
    return agent.stats();
  }

  const create = async (overrides: Parameters<typeof aRequest>[0]) =>
    (await central.store.requests.create(aRequest({ referenceNumber: ref(), ...overrides }))).request;

  it('matches, builds, validates and submits: the request ends « Relevé électronique envoyé » with one stored transcript', async () => {
    const request = await create({
      firstName: 'Amélie',
      lastName: 'Tremblay',
      birthDate: '2005-04-17',
      oen: '123456789',
      destinationCode: 'SENECA',
      destinationName: 'Seneca College',
    });
    const stats = await runOnce();
    expect(stats.sent).toBeGreaterThanOrEqual(1);
    const after = (await central.store.requests.get(request.id))!;
    expect(after.status).toBe('E_TRANSCRIPT_SENT');
    expect(after.tab).toBe('COMPLETED');
    expect(after.completionMethod).toBe('AUTO');
    expect(after.lastUpdatedBy).toBe('Auto-eTMS');
    const versions = await central.store.transcripts.versions(request.id);
    expect(versions).toHaveLength(1);
    expect(versions[0].source).toBe('AUTO');
    expect(versions[0].studentNumber).toBe('100001');
    const content = await central.store.transcripts.content(versions[0].id);
    const transcript = await readTranscriptXml(content!);
    expect(transcript.transmission.requestTrackingId).toBe(request.referenceNumber);
    const deliveries = await central.store.deliveries.ofRequest(request.id);
    expect(deliveries.map((d) => [d.destinationCode, d.kind, d.status])).toEqual([
      ['SENECA', 'TRANSCRIPT', 'PENDING'],
    ]);
  });

  it('reads records in batches when the SIS adapter can, and sends a crowd of requests each exactly once', async () => {
    const requests = await Promise.all(
      Array.from({ length: 12 }, () =>
        create({ firstName: 'Amélie', lastName: 'Tremblay', birthDate: '2005-04-17', oen: '123456789' }),
      ),
    );
    const csv = await createSisAdapter({ kind: 'csv', dir: SIS_FIXTURE });
    const batches: string[][] = [];
    let single = 0;
    const adapter = {
      kind: csv.kind,
      candidates: (keys: Parameters<typeof csv.candidates>[0]) => csv.candidates(keys),
      transcript: (n: string) => {
        single++;
        return csv.transcript(n);
      },
      transcripts: async (numbers: string[]) => {
        batches.push(numbers);
        return Promise.all(numbers.map(async (n) => ({ ok: true as const, value: await csv.transcript(n) })));
      },
      health: () => csv.health(),
      close: () => csv.close(),
    };
    const agent = runAgent(
      { config: testConfig(), log: central.ctx.log, clock: () => new Date() },
      { port: central.port(transport), adapter, submitRetryDelaysMs: [10, 20] },
    );
    await agent.drain();
    await agent.stop();
    expect(single).toBe(0);
    expect(batches.flat().length).toBeGreaterThanOrEqual(requests.length);
    for (const request of requests) {
      expect((await central.store.requests.get(request.id))!.status).toBe('E_TRANSCRIPT_SENT');
      expect(await central.store.transcripts.versions(request.id)).toHaveLength(1);
      const events = await central.store.requests.events(request.id);
      expect(events.filter((e) => e.toStatus === 'E_TRANSCRIPT_SENT')).toHaveLength(1);
    }
  });

  it('reports a student not in the SIS as « Erreur d’autotraitement » with the reason, never sending anything', async () => {
    const request = await create({
      firstName: 'Zxywv',
      lastName: 'Qwertyuiop',
      birthDate: '1999-12-12',
      oen: null,
      gender: 'M',
    });
    await runOnce();
    const after = (await central.store.requests.get(request.id))!;
    expect(after.status).toBe('AUTO_PROCESS_ERROR');
    expect(after.tab).toBe('TO_PROCESS');
    expect(after.autoErrorReason).toBe('Élève non trouvé dans le SIÉ');
    expect(after.matchResult).toMatchObject({ outcome: 'none', reason: 'NOT_FOUND', candidates: [] });
    expect(await central.store.transcripts.versions(request.id)).toHaveLength(0);
  });

  it('sends an ambiguous request to review with the ranked candidates and their per-field comparison', async () => {
    const request = await create({
      firstName: 'Olivier',
      lastName: 'Roy',
      birthDate: '2005-02-02',
      oen: null,
      gender: 'M',
    });
    await runOnce();
    const after = (await central.store.requests.get(request.id))!;
    expect(after.status).toBe('AUTO_PROCESS_ERROR');
    expect(after.autoErrorReason).toBe('Plusieurs élèves possibles');
    const result = after.matchResult as {
      outcome: string;
      candidates: Array<{
        student: { studentNumber: string };
        score: number;
        fields: unknown[];
        vetoes: unknown[];
      }>;
    };
    expect(result.outcome).toBe('review');
    expect(result.candidates.map((c) => c.student.studentNumber).sort()).toEqual(['100007', '100008']);
    expect(result.candidates[0].fields.length).toBeGreaterThan(0);
    expect(Array.isArray(result.candidates[0].vetoes)).toBe(true);
    // Each candidate's posterior travels with it, whatever the port; together they leave room for
    // "absent from the SIS".
    const probabilities = (result.candidates as Array<{ probability?: number }>).map((c) => c.probability!);
    for (const p of probabilities) expect(p).toBeGreaterThan(0);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
    const events = await central.store.requests.events(request.id);
    expect(events.at(-1)).toMatchObject({
      actor: 'Auto-eTMS',
      toStatus: 'AUTO_PROCESS_ERROR',
      reason: 'Plusieurs élèves possibles',
    });
  });

  it('sends the transcript of the student staff pinned, without matching again', async () => {
    const request = await create({
      firstName: 'Sophia',
      lastName: 'Martine',
      birthDate: '2001-01-01',
      oen: null,
      status: 'AUTO_PROCESS_ERROR',
      autoErrorReason: 'Élève non trouvé dans le SIÉ',
    });
    await central.store.requests.transition({
      id: request.id,
      to: 'ACTION_REQUIRED',
      actor: 'ecole.demo',
      pinnedStudentNumber: '100005',
    });
    await runOnce();
    const after = (await central.store.requests.get(request.id))!;
    expect(after.status).toBe('E_TRANSCRIPT_SENT');
    const current = (await central.store.transcripts.current(request.id))!;
    expect(current.source).toBe('SIS_PICK');
    expect(current.studentNumber).toBe('100005');
  });

  it('hands a student without courses to staff: « Aucune donnée scolaire dans le SIÉ »', async () => {
    const request = await create({
      firstName: 'Noah',
      lastName: 'Pelletier',
      birthDate: '2006-09-30',
      gender: 'M',
      oen: '456789123',
    });
    await runOnce();
    const after = (await central.store.requests.get(request.id))!;
    expect(after.status).toBe('AUTO_PROCESS_ERROR');
    expect(after.autoErrorReason).toBe('Aucune donnée scolaire dans le SIÉ');
  });

  it('keeps END_OF_TERM requests waiting until the term end, then sends them', async () => {
    const request = await create({
      firstName: 'Liam',
      lastName: 'Bouchard',
      birthDate: '2005-07-21',
      gender: 'M',
      oen: '678912345',
      schoolBsid: '900002',
      sendTiming: 'END_OF_TERM',
    });
    await runOnce();
    expect((await central.store.requests.get(request.id))!.status).toBe('ACTION_REQUIRED');
    await runOnce({ agent: { termEndDate: '2099-01-31' } });
    expect((await central.store.requests.get(request.id))!.status).toBe('ACTION_REQUIRED');
    await runOnce({ agent: { termEndDate: '2020-01-31' } });
    expect((await central.store.requests.get(request.id))!.status).toBe('E_TRANSCRIPT_SENT');
  });

  it('never turns a SIS outage into « not found »: the request stays « Action requise » with back-off, then goes through', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'etms-sis-'));
    cpSync(SIS_FIXTURE, dir, { recursive: true });
    const adapterDir = dir;
    const adapter = await createSisAdapter({ kind: 'csv', dir: adapterDir });
    try {
      const request = await create({
        firstName: 'Amélie',
        lastName: 'Tremblay',
        birthDate: '2005-04-17',
        oen: '123456789',
      });
      renameSync(join(dir, 'students.csv'), join(dir, 'students.away'));
      const agent = runAgent(
        { config: testConfig(), log: central.ctx.log, clock: () => new Date() },
        { port: central.port(transport), adapter },
      );
      await agent.drain();
      await agent.stop();
      expect(agent.stats().retried).toBeGreaterThanOrEqual(1);
      const { rows } = await central.store.db.query<{
        status: string;
        attempts: number;
        next_attempt_at: Date;
        auto_error_reason: string | null;
        lease_owner: string | null;
      }>(
        'SELECT status, attempts, next_attempt_at, auto_error_reason, lease_owner FROM requests WHERE id = $1',
        [request.id],
      );
      expect(rows[0].status).toBe('ACTION_REQUIRED');
      expect(rows[0].auto_error_reason).toBeNull();
      expect(rows[0].lease_owner).toBeNull();
      expect(rows[0].attempts).toBeGreaterThanOrEqual(1);
      expect(rows[0].next_attempt_at.getTime()).toBeGreaterThan(Date.now());
      expect((await central.store.requests.events(request.id)).map((e) => e.toStatus)).toEqual([
        'ACTION_REQUIRED',
      ]);

      // The SIS is back and the back-off has passed.
      renameSync(join(dir, 'students.away'), join(dir, 'students.csv'));
      await central.store.db.query(
        "UPDATE requests SET next_attempt_at = now() - interval '1 second' WHERE id = $1",
        [request.id],
      );
      await runOnce({}, adapterDir);
      expect((await central.store.requests.get(request.id))!.status).toBe('E_TRANSCRIPT_SENT');
    } finally {
      await adapter.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
