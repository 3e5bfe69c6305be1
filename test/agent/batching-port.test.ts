/**
 * The agent's batcher: items made together leave in one call, items arriving while calls are in
 * flight wait for the next one, and each caller gets its own result or error.
 */
import { describe, expect, it } from 'vitest';
import { batchingSis, createBatcher } from '../../src/agent/batching-port.js';
import type { BlockingKeys, SisAdapter } from '../../src/sis/index.js';
import { LeaseLost } from '../../src/exchange/errors.js';
import { centralUnavailable } from '../../src/agent/errors.js';
import type { ItemOutcome } from '../../src/agent/central-port.js';

/** A send that records its batches and answers when told to. */
function recorder() {
  const calls: { items: number[]; answer: (outcomes: ItemOutcome<string>[] | Error) => void }[] = [];
  const send = (items: number[]) =>
    new Promise<ItemOutcome<string>[]>((resolve, reject) => {
      calls.push({ items, answer: (o) => (o instanceof Error ? reject(o) : resolve(o)) });
    });
  const ok = (items: number[]): ItemOutcome<string>[] => items.map((i) => ({ ok: true, value: `done ${i}` }));
  return { calls, send, ok };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('batcher', () => {
  it('sends the items of one turn together, and the items that came meanwhile in the next call', async () => {
    const r = recorder();
    const add = createBatcher(r.send, { maxInFlight: 1 });
    const first = [1, 2, 3].map((i) => add(i));
    await tick();
    expect(r.calls.map((c) => c.items)).toEqual([[1, 2, 3]]);
    const later = [4, 5].map((i) => add(i));
    await tick();
    // One call in flight: 4 and 5 wait for it.
    expect(r.calls).toHaveLength(1);
    r.calls[0].answer(r.ok([1, 2, 3]));
    expect(await Promise.all(first)).toEqual(['done 1', 'done 2', 'done 3']);
    await tick();
    expect(r.calls.map((c) => c.items)).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    r.calls[1].answer(r.ok([4, 5]));
    expect(await Promise.all(later)).toEqual(['done 4', 'done 5']);
  });

  it('cuts batches at maxBatch and keeps up to maxInFlight calls going', async () => {
    const r = recorder();
    const add = createBatcher(r.send, { maxBatch: 2, maxInFlight: 2 });
    const all = [1, 2, 3, 4, 5].map((i) => add(i));
    await tick();
    expect(r.calls.map((c) => c.items)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    r.calls[0].answer(r.ok([1, 2]));
    await tick();
    expect(r.calls.map((c) => c.items)).toEqual([[1, 2], [3, 4], [5]]);
    r.calls[1].answer(r.ok([3, 4]));
    r.calls[2].answer(r.ok([5]));
    expect(await Promise.all(all)).toHaveLength(5);
  });

  it('gives each item its own error, and a failed call to all of its items', async () => {
    const r = recorder();
    const add = createBatcher(r.send, {});
    const a = add(1);
    const b = add(2);
    await tick();
    r.calls[0].answer([
      { ok: true, value: 'done 1' },
      { ok: false, error: LeaseLost('R1') },
    ]);
    expect(await a).toBe('done 1');
    await expect(b).rejects.toMatchObject({ code: 'ETMS_E_LEASE_LOST' });

    const c = add(3);
    const d = add(4);
    await tick();
    r.calls[1].answer(centralUnavailable('down'));
    await expect(c).rejects.toMatchObject({ code: 'ETMS_E_CENTRAL_UNAVAILABLE' });
    await expect(d).rejects.toMatchObject({ code: 'ETMS_E_CENTRAL_UNAVAILABLE' });
  });

  it('refuses an answer that does not hold one outcome per item', async () => {
    const r = recorder();
    const add = createBatcher(r.send, {});
    const a = add(1);
    const b = add(2);
    await tick();
    r.calls[0].answer([{ ok: true, value: 'done 1' }]);
    await expect(a).rejects.toThrow(/2 items came back with 1 outcomes/);
    await expect(b).rejects.toThrow(/2 items/);
  });
});

describe('batching SIS', () => {
  const keys = (n: number): BlockingKeys => ({
    birthDates: [`2005-01-${String(n).padStart(2, '0')}`],
    surnames: [],
    givenNames: [],
    birthYears: [],
  });
  const student = (n: string) => ({
    studentNumber: n,
    lastName: 'X',
    firstName: 'Y',
    birthDate: '2005-01-01',
    previousLastNames: [],
  });

  it('reads the records asked together in one batch call, and keeps the name frequencies', async () => {
    const records: number[] = [];
    const frequencies = { surname: () => 0 };
    const adapter = {
      kind: 'test',
      frequencies,
      candidates: async (k: BlockingKeys) => [student(k.birthDates[0])],
      transcript: () => Promise.reject(new Error('read one by one')),
      transcripts: async (numbers: string[]) => {
        records.push(numbers.length);
        return numbers.map(() => ({ ok: true as const, value: undefined }));
      },
      health: async () => ({ ok: true, detail: 'fine' }),
      close: async () => {},
    } as unknown as SisAdapter;
    const sis = batchingSis(adapter);
    expect((await sis.candidates(keys(1)))[0].studentNumber).toBe('2005-01-01');
    expect(await Promise.all(['a', 'b'].map((n) => sis.transcript(n)))).toEqual([undefined, undefined]);
    expect(records).toEqual([2]);
    expect((sis as unknown as { frequencies: unknown }).frequencies).toBe(frequencies);
  });

  it('asks one by one an adapter without the batch forms', async () => {
    const adapter = {
      kind: 'test',
      candidates: async (k: BlockingKeys) => [student(k.birthDates[0])],
      transcript: async () => undefined,
      health: async () => ({ ok: true, detail: 'fine' }),
      close: async () => {},
    } as unknown as SisAdapter;
    const sis = batchingSis(adapter);
    expect((await sis.candidates(keys(4)))[0].studentNumber).toBe('2005-01-04');
    expect(await sis.transcript('a')).toBeUndefined();
  });
});
