import { describe, expect, it } from 'vitest';
import { InProgress } from '../src/collections.js';

describe('things in progress', () => {
  it('are bounded per key and in all, and each ends once however often its end is called', () => {
    const jobs = new InProgress<string>(2, 3);
    const a1 = jobs.take('a');
    const a2 = jobs.take('a');
    expect(jobs.take('a')).toEqual({ refused: 'key' });
    const b1 = jobs.take('b');
    expect(jobs.take('c')).toEqual({ refused: 'all' });
    if (!('end' in a1 && 'end' in a2 && 'end' in b1)) throw new Error('taken');
    a1.end();
    a1.end();
    // One ended: room for one more, in all and for its key, not two.
    expect('end' in jobs.take('c')).toBe(true);
    expect(jobs.take('a')).toEqual({ refused: 'all' });
    a2.end();
    b1.end();
    expect('end' in jobs.take('a')).toBe(true);
  });
});
