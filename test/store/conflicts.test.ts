/**
 * retryingConflicts: a transaction PostgreSQL broke off to resolve a deadlock or a serialization
 * conflict runs again; any other failure goes to the caller at once.
 */
import { describe, expect, it } from 'vitest';
import { retryingConflicts } from '../../src/store/db.js';

const failure = (code: string) => Object.assign(new Error(`failed with ${code}`), { code });

describe('retryingConflicts', () => {
  it('runs again after a deadlock or a serialization failure, then answers', async () => {
    let calls = 0;
    const value = await retryingConflicts(async () => {
      calls++;
      if (calls === 1) throw failure('40P01');
      if (calls === 2) throw failure('40001');
      return 'done';
    });
    expect(value).toBe('done');
    expect(calls).toBe(3);
  });

  it('gives up after the last attempt with the conflict itself', async () => {
    let calls = 0;
    await expect(
      retryingConflicts(async () => {
        calls++;
        throw failure('40P01');
      }, 2),
    ).rejects.toMatchObject({ code: '40P01' });
    expect(calls).toBe(2);
  });

  it('does not run again after any other failure', async () => {
    let calls = 0;
    await expect(
      retryingConflicts(async () => {
        calls++;
        throw failure('23505');
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(calls).toBe(1);
  });
});
