/**
 * Heavy jobs of every pool share the process's slots: with one slot, a PDF check and an export
 * never run at the same time, each pool's jobs keep their order, and a job that ends frees the
 * slot for the pool that waited.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HeavySlots, WorkerJobError, WorkerPool } from '../../src/workers/pool.js';

const entry = new URL('./sleep-worker.js', import.meta.url);
const pools: WorkerPool[] = [];
const pool = (name: string, slots: HeavySlots, maxQueue = 8) => {
  const p = new WorkerPool({ name, entry, size: 1, maxQueue, timeoutMs: 20_000, slots });
  pools.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

type Span = { start: number; end: number };
const overlaps = (spans: Span[]) =>
  spans.some((a, i) => spans.some((b, j) => i !== j && a.start < b.end && b.start < a.end));

describe('heavy slots', () => {
  it('with one slot, two pools never run a job at the same time', async () => {
    const slots = new HeavySlots(1);
    const pdf = pool('pdf', slots);
    const exports = pool('exports', slots);
    const jobs = [pdf.run<Span>(150), exports.run<Span>(150), pdf.run<Span>(150), exports.run<Span>(150)];
    expect(slots.running).toBe(1);
    const spans = await Promise.all(jobs);
    expect(overlaps(spans)).toBe(false);
    // The pools take turns: the export waiting since the start runs before the second PDF.
    expect(spans[1].start).toBeLessThan(spans[2].start);
    expect(slots.running).toBe(0);
  });

  it('with two slots, two pools each start their job at once', async () => {
    const slots = new HeavySlots(2);
    const jobs = [pool('a', slots).run<Span>(50), pool('b', slots).run<Span>(50)];
    expect(slots.running).toBe(2);
    await Promise.all(jobs);
    expect(slots.running).toBe(0);
  });

  it('a job waiting for a slot counts against its pool queue, and a closed pool frees its slot', async () => {
    const slots = new HeavySlots(1);
    const busy = pool('busy', slots);
    const waiting = pool('waiting', slots, 1);
    const long = busy.run<Span>(300);
    const first = waiting.run<Span>(10);
    await expect(waiting.run(10)).rejects.toSatisfy(
      (e) => e instanceof WorkerJobError && e.reason === 'busy',
    );
    await long;
    await first;
    const held = busy.run<Span>(60_000).catch((e: unknown) => e);
    await busy.close();
    expect(await held).toBeInstanceOf(WorkerJobError);
    expect(slots.running).toBe(0);
    await expect(waiting.run<Span>(10)).resolves.toHaveProperty('end');
  });
});

describe('jobs asked to go first', () => {
  it('wait ahead of the ordinary ones, in their own order, and a full queue of ordinary jobs refuses none of them', async () => {
    const p = pool('checks', new HeavySlots(1), 2);
    const running = p.run<Span>(100);
    const ordinary = [p.run<Span>(20), p.run<Span>(20)];
    const refused = p.run<Span>(20).catch((e: unknown) => e);
    const first = [p.run<Span>(20, [], { first: true }), p.run<Span>(20, [], { first: true })];
    // The ordinary queue was full: one more ordinary job is refused, the first ones wait.
    expect(await refused).toBeInstanceOf(WorkerJobError);
    const [r, a, b, x, y] = await Promise.all([running, ...first, ...ordinary]);
    expect(a.start).toBeGreaterThanOrEqual(r.end);
    expect(b.start).toBeGreaterThanOrEqual(a.end);
    expect(x.start).toBeGreaterThanOrEqual(b.end);
    expect(y.start).toBeGreaterThanOrEqual(x.end);
    // Past its own bound, a job asked to go first is refused as well.
    const busy = p.run<Span>(200);
    const firsts = [1, 2, 3].map(() => p.run<Span>(10, [], { first: true }).catch((e: unknown) => e));
    expect(await firsts[2]).toBeInstanceOf(WorkerJobError);
    await Promise.all([busy, firsts[0], firsts[1]]);
  });
});
