/**
 * Password checks run in threads of their own, a bounded number at a time, a bounded number
 * waiting, and each gets its own answer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PasswordChecks } from '../../src/accounts/password-checks.js';
import { hashPassword } from '../../src/domain/password.js';

const opened: PasswordChecks[] = [];
const checksOf = (atOnce: number, waiting: number) => {
  const checks = new PasswordChecks(atOnce, waiting);
  opened.push(checks);
  return checks;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe('password checks', () => {
  it('run one at a time on a small machine, the others waiting their turn with their own answer', async () => {
    const hash = await hashPassword('Right-Password-1');
    const checks = checksOf(1, 3);
    const guesses = ['wrong-1', 'Right-Password-1', 'wrong-2', 'wrong-3'];
    const answers = guesses.map((g) => checks.verify(g, hash));
    expect(checks.active).toBe(1);
    expect(checks.full).toBe(true);
    expect(await Promise.all(answers)).toEqual([false, true, false, false]);
    expect(checks.active).toBe(0);
    expect(checks.full).toBe(false);
  });

  it('give the slot back when a check fails, and know only their own hash format', async () => {
    const checks = checksOf(1, 1);
    await expect(checks.verify('x', 'scrypt$3$8$1$AAAA$AAAA')).rejects.toThrow();
    expect(checks.active).toBe(0);
    expect(await checks.verify('x', 'not a hash')).toBe(false);
  });
});
