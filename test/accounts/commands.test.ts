/** The account and credential commands of the command line: each change kept in the account history. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, seedSchools, type TestStore } from '../support/db.js';
import { parseConfig } from '../../src/config.js';
import { createContext, type AppContext } from '../../src/context.js';
import { createLogger } from '../../src/log.js';
import { signIn } from '../../src/accounts/sign-in.js';
import type { OperatorActor } from '../../src/accounts/actor.js';
import {
  runUserAdd,
  runUserDisable,
  runUserEnable,
  runUserResetPassword,
  runUserUnlock,
} from '../../src/admin/user-commands.js';
import {
  runCredentialCreate,
  runCredentialList,
  runCredentialRevoke,
} from '../../src/api/credential-command.js';
import { verifyCredential } from '../../src/api/credentials.js';

const PASSWORD = 'Correct-Horse-9';
const operator: OperatorActor = { kind: 'OPERATOR', name: 'cli:tester' };
let store: TestStore;
let ctx: AppContext;

beforeAll(async () => {
  store = await createTestStore('accounts_commands');
  const orgs = await seedSchools(store);
  ctx = createContext({
    config: parseConfig({ security: { loginMaxFailures: 3, loginLockMinutes: 15 } }),
    store,
    log: createLogger({ level: 'silent' }),
  });
  await store.users.create({
    username: 'locked.out',
    role: 'SCHOOL',
    schoolId: orgs.north.id,
    password: PASSWORD,
  });
  await store.users.create({
    username: 'on.leave',
    role: 'BOARD',
    boardId: orgs.board.id,
    password: PASSWORD,
  });
});
afterAll(async () => store?.destroy());

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: { write: (s: string) => (out.stdout += s) },
      stderr: { write: (s: string) => (out.stderr += s) },
    },
  };
}

const attempt = (username: string, password: string) =>
  signIn(ctx, { address: '192.0.2.50' }, { username, password });

async function historyOf(username: string) {
  const user = (await store.users.byUsername(username))!;
  return store.accountEvents.ofUser(user.id);
}

describe('etms user unlock', () => {
  it('lifts the lock of failed sign-ins at once, and says so in the history', async () => {
    for (let i = 0; i < 3; i++) await attempt('locked.out', 'Wrong-password-1');
    expect((await attempt('locked.out', PASSWORD)).ok).toBe(false);
    const t = capture();
    expect(await runUserUnlock(store, { username: 'locked.out' }, t.io, operator)).toBe(0);
    expect(t.out.stdout).toMatch(/^User locked\.out unlocked \(the lock ran until \d{4}-/);
    const user = (await store.users.byUsername('locked.out'))!;
    expect(user).toMatchObject({ failedLogins: 0, lockedUntil: null });
    expect((await attempt('locked.out', PASSWORD)).ok).toBe(true);
    const unlocked = (await historyOf('locked.out')).find((e) => e.kind === 'UNLOCKED')!;
    expect(unlocked.actor).toBe('cli:tester');
    expect(unlocked.details).toHaveProperty('lockedUntil');
  });

  it('says when there was no lock, and refuses an unknown user', async () => {
    const t = capture();
    expect(await runUserUnlock(store, { username: 'locked.out' }, t.io, operator)).toBe(0);
    expect(t.out.stdout).toContain('was not locked');
    const unknown = capture();
    expect(await runUserUnlock(store, { username: 'Locked.Out' }, unknown.io, operator)).toBe(1);
    expect(unknown.out.stderr).toMatch(/^ETMS_E_USER_NOT_FOUND: No user named Locked\.Out/);
    expect(await runUserUnlock(store, { username: '' }, capture().io, operator)).toBe(2);
  });
});

describe('etms user disable and enable', () => {
  it('stops and restores sign-in, each change in the history', async () => {
    const off = capture();
    expect(await runUserDisable(store, { username: 'on.leave' }, off.io, operator)).toBe(0);
    expect((await attempt('on.leave', PASSWORD)).ok).toBe(false);
    const on = capture();
    expect(await runUserEnable(store, { username: 'on.leave' }, on.io, operator)).toBe(0);
    expect(on.out.stdout).toContain('User on.leave enabled');
    expect((await attempt('on.leave', PASSWORD)).ok).toBe(true);
    const again = capture();
    expect(await runUserEnable(store, { username: 'on.leave' }, again.io, operator)).toBe(0);
    expect(again.out.stdout).toContain('was not disabled');
    expect(await runUserEnable(store, { username: 'nobody' }, capture().io, operator)).toBe(1);
    const kinds = (await historyOf('on.leave')).map((e) => [e.kind, e.actor]);
    expect(kinds).toEqual([
      ['DISABLED', 'cli:tester'],
      ['ENABLED', 'cli:tester'],
      ['SIGNED_IN', 'on.leave'],
      ['ENABLED', 'cli:tester'],
    ]);
  });

  it('keeps additions and password resets in the history too, and prints a generated password once', async () => {
    const saved = process.env.ETMS_NEW_PASSWORD;
    delete process.env.ETMS_NEW_PASSWORD;
    try {
      const t = capture();
      expect(await runUserAdd(store, { username: 'new.admin', role: 'ADMIN' }, t.io, operator)).toBe(0);
      const generated = /Password \(shown once\): (\S+)/.exec(t.out.stdout)![1];
      expect((await attempt('new.admin', generated)).ok).toBe(true);
      expect(await runUserResetPassword(store, { username: 'new.admin' }, capture().io, operator)).toBe(0);
      expect((await attempt('new.admin', generated)).ok).toBe(false);
      expect((await historyOf('new.admin')).map((e) => e.kind)).toEqual([
        'CREATED',
        'SIGNED_IN',
        'PASSWORD_RESET',
        'SIGN_IN_REFUSED',
      ]);
    } finally {
      if (saved !== undefined) process.env.ETMS_NEW_PASSWORD = saved;
    }
  });
});

describe('etms credential list and revoke', () => {
  it('lists credentials without secrets, revokes one for good, and keeps both changes in the history', async () => {
    const made = capture();
    expect(
      await runCredentialCreate(
        store,
        { kind: 'AGENT', board: 'B99001', label: 'Agent Nord' },
        made.io,
        operator,
      ),
    ).toBe(0);
    expect(
      await runCredentialCreate(store, { kind: 'INTAKE', label: 'OCAS intake' }, made.io, operator),
    ).toBe(0);
    const [agentId, intakeId] = [...made.out.stdout.matchAll(/id:\s+(\S+)/g)].map((m) => m[1]);
    const secrets = [...made.out.stdout.matchAll(/secret:\s+(\S+)/g)].map((m) => m[1]);

    const listed = capture();
    expect(await runCredentialList(store, {}, listed.io, operator)).toBe(0);
    const lines = listed.out.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^ID\s+KIND\s+BOARD\/CENTRE\s+CREATED \(UTC\)\s+LAST USED \(UTC\)\s+REVOKED \(UTC\)\s+LABEL$/,
    );
    expect(lines.find((l) => l.startsWith(agentId))).toMatch(
      /AGENT\s+B99001\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+-\s+-\s+Agent Nord$/,
    );
    expect(lines.find((l) => l.startsWith(intakeId))).toMatch(/INTAKE\s+-\s+/);
    for (const secret of secrets) expect(listed.out.stdout).not.toContain(secret);

    const revoked = capture();
    expect(await runCredentialRevoke(store, { id: agentId }, revoked.io, operator)).toBe(0);
    expect(revoked.out.stdout).toContain(`Credential ${agentId} (Agent Nord) revoked`);
    expect(await verifyCredential(store, agentId, secrets[0])).toBeUndefined();
    expect(await verifyCredential(store, intakeId, secrets[1])).toMatchObject({ kind: 'INTAKE' });
    const twice = capture();
    expect(await runCredentialRevoke(store, { id: agentId }, twice.io, operator)).toBe(0);
    expect(twice.out.stdout).toContain('was already revoked');
    const unknown = capture();
    expect(await runCredentialRevoke(store, { id: 'agt-0000000000000000' }, unknown.io, operator)).toBe(1);
    expect(unknown.out.stderr).toMatch(/^ETMS_E_CREDENTIAL_NOT_FOUND: /);

    const active = capture();
    expect(await runCredentialList(store, { active: true }, active.io, operator)).toBe(0);
    expect(active.out.stdout).toContain(intakeId);
    expect(active.out.stdout).not.toContain(agentId);
    const all = capture();
    await runCredentialList(store, {}, all.io, operator);
    const allLines = all.out.stdout.trimEnd().split('\n');
    // Live credentials first, the revoked one last with its date.
    expect(allLines.at(-1)).toMatch(
      new RegExp(`^${agentId}\\s+AGENT\\s+B99001\\s+\\S+ \\S+\\s+-\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d`),
    );

    const history = await store.accountEvents.ofCredential(agentId);
    expect(history.map((e) => [e.kind, e.actor])).toEqual([
      ['CREDENTIAL_CREATED', 'cli:tester'],
      ['CREDENTIAL_REVOKED', 'cli:tester'],
    ]);
  });
});

describe('the etms command line', () => {
  it('offers the commands, and runs one against an embedded database', { timeout: 240_000 }, async () => {
    const run = promisify(execFile);
    const dir = mkdtempSync(join(tmpdir(), 'etms-cli-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: '',
      ETMS_DATABASE__DATA_DIR: dir,
      NODE_ENV: 'development',
    };
    delete env.VITEST;
    try {
      const user = await run(process.execPath, ['bin/etms.js', 'user', '--help'], { env });
      expect(user.stdout).toMatch(/unlock <username>/);
      expect(user.stdout).toMatch(/enable <username>/);
      expect(user.stdout).toMatch(/disable <username>/);
      expect(user.stdout).toMatch(/generated and printed once/);
      expect(user.stdout).not.toMatch(/asked for/);
      const listed = await run(process.execPath, ['bin/etms.js', 'credential', 'list'], {
        env,
        timeout: 200_000,
      });
      expect(listed.stdout).toContain('No machine credential yet');
      const unknown = await run(process.execPath, ['bin/etms.js', 'user', 'unlock', 'nobody.here'], {
        env,
        timeout: 200_000,
      }).catch((error: { code: number; stderr: string }) => error);
      expect(unknown).toMatchObject({ code: 1 });
      expect((unknown as { stderr: string }).stderr).toContain('ETMS_E_USER_NOT_FOUND');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
