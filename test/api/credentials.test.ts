/** Machine credentials: printed once, stored hashed, scoped, revocable. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestStore, seedSchools, type TestStore } from '../support/db.js';
import { runCredentialCreate, runCredentialList } from '../../src/api/credential-command.js';
import {
  CREDENTIAL_CACHE_MS,
  createCredential,
  parseBearer,
  revokeCredential,
  verifyCredential,
} from '../../src/api/credentials.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore('api_credentials');
  await seedSchools(store);
});
afterAll(async () => {
  await store?.destroy();
});

function io() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: { write: (s: string) => (out.stdout += s) },
      stderr: { write: (s: string) => (out.stderr += s) },
    },
  };
}

describe('etms credential create', () => {
  it('prints an agent credential once, stores only a salted hash, and the credential works for its board', async () => {
    const { out, io: streams } = io();
    expect(
      await runCredentialCreate(store, { kind: 'agent', board: 'B99001', label: 'Auto-eTMS Nord' }, streams),
    ).toBe(0);
    const id = /id:\s+(\S+)/.exec(out.stdout)![1];
    const secret = /secret:\s+(\S+)/.exec(out.stdout)![1];
    const { rows } = await store.db.query<{ secret_hash: string; kind: string }>(
      'SELECT secret_hash, kind FROM machine_credentials WHERE id = $1',
      [id],
    );
    expect(rows[0].kind).toBe('AGENT');
    expect(rows[0].secret_hash).not.toContain(secret);
    expect(rows[0].secret_hash).toMatch(/^hmac-sha256\$[\w-]+\$[0-9a-f]{64}$/);
    const board = (await store.organisations.boardByCode('B99001'))!;
    expect(await verifyCredential(store, id, secret)).toEqual({
      kind: 'AGENT',
      credentialId: id,
      boardId: board.id,
    });
    expect(await verifyCredential(store, id, `${secret}x`)).toBeUndefined();
    expect(parseBearer(`Bearer ${id}.${secret}`)).toEqual({ id, secret });
    await revokeCredential(store, id);
    expect(await verifyCredential(store, id, secret)).toBeUndefined();
  });

  it('makes intake credentials without a board, and refuses bad input with a sentence', async () => {
    const ok = io();
    expect(await runCredentialCreate(store, { kind: 'INTAKE', label: 'OCAS intake' }, ok.io)).toBe(0);
    expect(ok.out.stdout).toMatch(/id:\s+int-/);
    const noBoard = io();
    expect(await runCredentialCreate(store, { kind: 'AGENT', label: 'x' }, noBoard.io)).toBe(2);
    expect(noBoard.out.stderr).toContain('--board');
    const unknown = io();
    expect(await runCredentialCreate(store, { kind: 'AGENT', board: 'B00000', label: 'x' }, unknown.io)).toBe(
      2,
    );
    const kind = io();
    expect(await runCredentialCreate(store, { kind: 'ROBOT', label: 'x' }, kind.io)).toBe(2);
  });
});

describe('an intake credential for one application centre', () => {
  it('carries its centre into every call, and is refused for an agent or an unknown centre', async () => {
    const made = io();
    expect(
      await runCredentialCreate(store, { kind: 'INTAKE', origin: 'ouac', label: 'OUAC intake' }, made.io),
    ).toBe(0);
    expect(made.out.stdout).toContain('OUAC requests only');
    const id = /id:\s+(\S+)/.exec(made.out.stdout)![1];
    const secret = /secret:\s+(\S+)/.exec(made.out.stdout)![1];
    expect(await verifyCredential(store, id, secret)).toEqual({
      kind: 'INTAKE',
      credentialId: id,
      origin: 'OUAC',
    });
    const listed = io();
    expect(await runCredentialList(store, { active: true }, listed.io)).toBe(0);
    expect(listed.out.stdout).toMatch(new RegExp(`${id}\\s+INTAKE\\s+OUAC`));
    const agent = io();
    expect(
      await runCredentialCreate(
        store,
        { kind: 'AGENT', board: 'B99001', origin: 'OCAS', label: 'x' },
        agent.io,
      ),
    ).toBe(2);
    expect(agent.out.stderr).toContain('--origin');
    const unknown = io();
    expect(
      await runCredentialCreate(store, { kind: 'INTAKE', origin: 'CEGEP', label: 'x' }, unknown.io),
    ).toBe(2);
    expect(unknown.out.stderr).toContain('OCAS or OUAC');
    // A credential made before the centre could be given acts for both.
    const unbound = await createCredential(store, { kind: 'INTAKE', label: 'both' });
    expect(await verifyCredential(store, unbound.id, unbound.secret)).toEqual({
      kind: 'INTAKE',
      credentialId: unbound.id,
    });
  });
});

describe('credential reads between calls', () => {
  it('sees a revocation made by another process once the short cache has expired', async () => {
    const board = (await store.organisations.boardByCode('B99001'))!;
    const made = await createCredential(store, { kind: 'AGENT', boardId: board.id, label: 'other process' });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      expect(await verifyCredential(store, made.id, made.secret)).toMatchObject({ kind: 'AGENT' });
      // As `etms credential revoke` run elsewhere would: straight in the database.
      await store.db.query('UPDATE machine_credentials SET revoked_at = now() WHERE id = $1', [made.id]);
      expect(await verifyCredential(store, made.id, `${made.secret}x`)).toBeUndefined();
      vi.setSystemTime(Date.now() + CREDENTIAL_CACHE_MS + 1);
      expect(await verifyCredential(store, made.id, made.secret)).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});
