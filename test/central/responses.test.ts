/**
 * Colleges receive PESC: a request that ends without a transcript reaches its destination as a PESC
 * Transcript Response v1.4.0 (valid against the real schema) in the next transmission, once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../agent/harness.js';
import { runTransmission, type Manifest } from '../../src/central/transmission.js';
import { takeAction } from '../../src/requests/take-action.js';
import { cancelRequest } from '../../src/requests/cancel-request.js';
import { validateTranscriptXmlBatch } from '../../src/transcript/schema.js';
import { aRequest } from '../support/requests.js';

let central: TestCentral;
beforeAll(async () => {
  central = await startTestCentral('central_pesc_responses');
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

async function filed(reference: string, destinationCode: string) {
  const { request } = await central.store.requests.create(
    aRequest({ referenceNumber: reference, destinationCode }),
  );
  return request;
}

describe('Transcript Responses to colleges', () => {
  it('staff actions and a cancellation each send one PESC response; open statuses send none', async () => {
    const cases = [
      ['H20260303000101', 'STUDENT_NOT_FOUND', 'NoRecord'],
      ['H20260303000102', 'NO_ACADEMIC_DATA', 'NoRecord'],
      ['H20260303000103', 'ON_HOLD_FINANCIAL', 'Hold'],
      ['H20260303000104', 'PAPER_SENT', 'OfflineRecordSent'],
    ] as const;
    for (const [reference, action] of cases) {
      const request = await filed(reference, 'BOREAL');
      await takeAction(central.ctx, staff, { reference, action, expectedVersion: request.version });
    }
    const cancelled = await filed('H20260303000105', 'BOREAL');
    const caller = { kind: 'INTAKE' as const, credentialId: central.intakeCredential.id };
    await cancelRequest(central.ctx, caller, { referenceNumber: cancelled.referenceNumber });
    await cancelRequest(central.ctx, caller, { referenceNumber: cancelled.referenceNumber });
    await filed('H20260303000106', 'BOREAL'); // still open: nothing to tell

    const summary = await runTransmission(central.ctx);
    const boreal = summary.destinations.find((d) => d.code === 'BOREAL');
    expect(boreal).toMatchObject({ responses: 5, sent: 5, failed: 0 });
    const folder = join(central.outboxDir, 'BOREAL', summary.transmissionId);
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.items.map((i) => i.kind)).toEqual(Array(5).fill('RESPONSE'));
    const files = readdirSync(folder)
      .filter((f) => f !== 'manifest.json')
      .sort();
    const documents = files.map((f) => readFileSync(join(folder, f), 'utf8'));
    expect((await validateTranscriptXmlBatch(documents, 'response')).every((p) => p.length === 0)).toBe(true);
    const statusOf = (reference: string) =>
      /<ResponseStatus>([^<]+)</.exec(documents[files.findIndex((f) => f.startsWith(reference))])?.[1];
    for (const [reference, , status] of cases) expect(statusOf(reference)).toBe(status);
    expect(statusOf('H20260303000105')).toBe('Canceled');
    expect(documents[files.findIndex((f) => f.startsWith('H20260303000103'))]).toMatch(
      /<ResponseHold>\s*<HoldReason>Financial<\/HoldReason>/,
    );

    // Sent once: the next transmission has nothing for BOREAL.
    const again = await runTransmission(central.ctx);
    expect(again.destinations.find((d) => d.code === 'BOREAL')).toBeUndefined();
  });
});
