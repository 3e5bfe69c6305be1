/**
 * Inside a transaction, statements go through the transaction's handle. One sent to the Db itself
 * would wait forever on the embedded database (one connection, held by the transaction waiting for
 * it); on both databases it fails at once instead, so a test on either finds the mistake.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../support/db.js';
import { QueryOutsideTransaction } from '../../src/store/errors.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore('inside_tx');
  await store.db.exec('CREATE TABLE tx_probe (n int)');
});
afterAll(async () => {
  await store?.destroy();
});

const count = async () =>
  (await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tx_probe')).rows[0].n;

describe('a statement sent around a running transaction', () => {
  it('fails with its own error and the transaction rolls back', async () => {
    const before = await count();
    const attempt = store.db.transaction(async (tx) => {
      await tx.query('INSERT INTO tx_probe VALUES (1)');
      await store.db.query('SELECT 1');
    });
    const error = await attempt.catch((e: unknown) => e);
    expect(QueryOutsideTransaction.is(error)).toBe(true);
    expect(await count()).toBe(before);
  });

  it('is refused for exec and for a transaction opened inside another', async () => {
    for (const outside of [() => store.db.exec('SELECT 1'), () => store.db.transaction(async () => 1)]) {
      const error = await store.db
        .transaction(async () => {
          await outside();
        })
        .catch((e: unknown) => e);
      expect(QueryOutsideTransaction.is(error)).toBe(true);
    }
  });

  it('goes through the transaction handle, and work that outlives the transaction is free again', async () => {
    let later: Promise<unknown> | undefined;
    await store.db.transaction(async (tx) => {
      await tx.query('INSERT INTO tx_probe VALUES (2)');
      later = new Promise((resolve) => setTimeout(resolve, 20)).then(() => count());
    });
    expect(await later).toBeGreaterThan(0);
  });

  it('leaves other work running beside the transaction alone', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tx = store.db.transaction(async (q) => {
      await q.query('INSERT INTO tx_probe VALUES (3)');
      await held;
    });
    // Not called from within the transaction: on PostgreSQL it runs on another connection; on the
    // embedded database it waits its turn. Neither is refused.
    const beside = count();
    release();
    await tx;
    expect(await beside).toBeGreaterThan(0);
  });
});
