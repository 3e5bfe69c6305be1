import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeAction } from '../../src/requests/take-action.js';
import { commandBench, type CommandBench } from './support.js';

let bench: CommandBench;
beforeAll(async () => {
  bench = await commandBench('cmd_take_action');
});
afterAll(() => bench?.close());

describe('takeAction', () => {
  it('moves the request to the action’s status, « papier » completing it', async () => {
    const staff = await bench.staff();
    const request = await bench.file();
    const after = await takeAction(bench.ctx, staff, {
      reference: request.referenceNumber,
      action: 'PAPER_SENT',
      expectedVersion: request.version,
    });
    expect(after).toMatchObject({
      status: 'PAPER_SENT',
      completionMethod: 'PAPER',
      lastUpdatedBy: staff.username,
    });
    expect((await bench.store.requests.events(request.id)).at(-1)?.reason).toBe(
      'Relevé de notes papier envoyé / Paper transcript sent',
    );
  });

  it('refuses no action, an action the status does not allow or that is no action, and a stale form', async () => {
    const staff = await bench.staff();
    const request = await bench.file({ status: 'STUDENT_NOT_FOUND' });
    const attempt = (action: unknown, expectedVersion = request.version) =>
      takeAction(bench.ctx, staff, { reference: request.referenceNumber, action, expectedVersion });
    await expect(attempt('')).rejects.toMatchObject({ code: 'ETMS_E_ACTION_MISSING' });
    await expect(attempt('STUDENT_NOT_FOUND')).rejects.toMatchObject({ code: 'ETMS_E_TRANSITION_REFUSED' });
    await expect(attempt('CANCELLED')).rejects.toMatchObject({ code: 'ETMS_E_TRANSITION_REFUSED' });
    await expect(attempt('NO_ACADEMIC_DATA', request.version - 1)).rejects.toMatchObject({
      code: 'ETMS_E_REQUEST_STALE',
    });
    expect((await bench.store.requests.get(request.id))?.version).toBe(request.version);
  });
});
