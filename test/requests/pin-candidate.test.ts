import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinCandidate } from '../../src/requests/pin-candidate.js';
import { commandBench, type CommandBench } from './support.js';

let bench: CommandBench;
beforeAll(async () => {
  bench = await commandBench('cmd_pin_candidate');
});
afterAll(() => bench?.close());

const matchResult = {
  outcome: 'review',
  candidates: [
    { student: { studentNumber: '100001', lastName: 'Tremblay' }, score: 9.5, fields: [], vetoes: [] },
    { student: { studentNumber: '100002', lastName: 'Gagnon' }, score: 4, fields: [], vetoes: [] },
  ],
};

async function reviewed() {
  const request = await bench.file();
  return bench.store.requests.transition({
    id: request.id,
    to: 'AUTO_PROCESS_ERROR',
    actor: 'Auto-eTMS',
    autoErrorReason: 'Plusieurs élèves possibles',
    matchResult,
  });
}

describe('pinCandidate', () => {
  it('sends the request back to Auto-eTMS pinned to the chosen candidate', async () => {
    const staff = await bench.staff();
    const request = await reviewed();
    const after = await pinCandidate(bench.ctx, staff, {
      reference: request.referenceNumber,
      studentNumber: '100002',
      expectedVersion: request.version,
    });
    expect(after).toMatchObject({ status: 'ACTION_REQUIRED', pinnedStudentNumber: '100002' });
    expect((await bench.store.requests.events(request.id)).at(-1)?.details).toEqual({
      pinnedStudentNumber: '100002',
    });
  });

  it('refuses a student the matcher did not propose, a request not in review and a stale form', async () => {
    const staff = await bench.staff();
    const request = await reviewed();
    const attempt = (
      studentNumber: unknown,
      expectedVersion = request.version,
      reference = request.referenceNumber,
    ) => pinCandidate(bench.ctx, staff, { reference, studentNumber, expectedVersion });
    await expect(attempt('999999')).rejects.toMatchObject({ code: 'ETMS_E_NOT_A_CANDIDATE' });
    await expect(attempt(['100001'])).rejects.toMatchObject({ code: 'ETMS_E_NOT_A_CANDIDATE' });
    await expect(attempt('100001', request.version + 5)).rejects.toMatchObject({
      code: 'ETMS_E_REQUEST_STALE',
    });
    const held = await bench.store.requests.transition({
      id: request.id,
      to: 'UPLOAD_ERROR',
      actor: 'someone',
    });
    await expect(attempt('100001', held.version)).rejects.toMatchObject({
      code: 'ETMS_E_TRANSITION_REFUSED',
    });
    expect((await bench.store.requests.get(request.id))?.pinnedStudentNumber).toBeNull();
  });
});
