/**
 * The embedded database belongs to one process: a command run while a server has the same data
 * directory open is refused with a clear message, instead of writing where the server cannot see.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../src/store/db.js';

const dir = mkdtempSync(join(tmpdir(), 'etms-claim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the embedded database directory', () => {
  it('refuses an open while another live process holds it, and takes over a dead one’s claim', async () => {
    const dataDir = join(dir, 'pg');
    mkdirSync(dataDir, { recursive: true });
    const claim = join(dataDir, 'etms-process.pid');

    // A live process (our parent) holds it: refused before anything is opened.
    writeFileSync(claim, String(process.ppid));
    await expect(openDb({ dataDir })).rejects.toMatchObject({ code: 'ETMS_E_DB_IN_USE' });

    // A process that has ended held it: taken over, and given back on close.
    const ended = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(claim, String(ended));
    const db = await openDb({ dataDir });
    expect(readFileSync(claim, 'utf8')).toBe(String(process.pid));
    await db.close();
    expect(existsSync(claim)).toBe(false);
  }, 180_000);
});
