/** Password checks run a bounded number at a time, a bounded number wait, and each gets its own answer. */
import { describe, expect, it } from 'vitest';
import { PasswordChecks } from '../../src/accounts/password-checks.js';
import { hashPassword } from '../../src/domain/password.js';

describe('password checks', () => {
  it('run one at a time on a small machine, the others waiting their turn with their own answer', async () => {
    const hash = await hashPassword('Right-Password-1');
    const checks = new PasswordChecks(1, 3);
    const guesses = ['wrong-1', 'Right-Password-1', 'wrong-2', 'wrong-3'];
    const answers = guesses.map((g) => checks.verify(g, hash));
    expect(checks.active).toBe(1);
    expect(checks.full).toBe(true);
    expect(await Promise.all(answers)).toEqual([false, true, false, false]);
    expect(checks.active).toBe(0);
    expect(checks.full).toBe(false);
  });

  it('give the slot back when a check fails', async () => {
    const checks = new PasswordChecks(1, 1);
    await expect(checks.verify('x', 'scrypt$3$8$1$AAAA$AAAA')).rejects.toThrow();
    expect(checks.active).toBe(0);
    expect(await checks.verify('x', 'not a hash')).toBe(false);
  });
});
