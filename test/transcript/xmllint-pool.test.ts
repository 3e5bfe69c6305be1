import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { XmllintPool } from '../../src/transcript/xmllint-pool.js';
import { IMPORTED_SCHEMA_FILES, MAIN_SCHEMA_FILE, schemaDirectory } from '../../src/transcript/schema.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/transcripts');
const valid = readFileSync(path.join(FIXTURES, 'valid', 'ossd-graduate.xml'), 'utf8');
const invalid = readFileSync(path.join(FIXTURES, 'hostile', 'schema-invalid.xml'), 'utf8');
const schemaFiles = [MAIN_SCHEMA_FILE, ...IMPORTED_SCHEMA_FILES].map((fileName) => ({
  fileName,
  contents: readFileSync(path.join(schemaDirectory(), fileName), 'utf8'),
}));

const validate = (pool: XmllintPool, doc: string) =>
  pool.run({
    args: ['--schema', MAIN_SCHEMA_FILE, '--noout', 'doc.xml'],
    files: [{ fileName: 'doc.xml', contents: doc }, ...schemaFiles],
    maxMemoryPages: 1024,
  });

describe('xmllint kept warm in worker threads', () => {
  const pool = new XmllintPool(2);
  afterAll(() => pool.close());

  it('answers many concurrent runs, each with its own result', async () => {
    const docs = Array.from({ length: 40 }, (_, i) => (i % 5 === 2 ? invalid : valid));
    const results = await Promise.all(docs.map((d) => validate(pool, d)));
    expect(results.map((r) => r.exitCode)).toEqual(docs.map((d) => (d === invalid ? 3 : 0)));
    for (const [i, r] of results.entries()) {
      if (docs[i] === invalid) expect(r.stderr).toMatch(/doc\.xml fails to validate/);
      else expect(r.stderr).toMatch(/doc\.xml validates/);
    }
  });

  it('accepts bytes as well as text', async () => {
    const r = await validate(pool, valid);
    const b = await pool.run({
      args: ['--schema', MAIN_SCHEMA_FILE, '--noout', 'doc.xml'],
      files: [{ fileName: 'doc.xml', contents: Buffer.from(valid, 'utf8') }, ...schemaFiles],
      maxMemoryPages: 1024,
    });
    expect(b.exitCode).toBe(r.exitCode);
  });

  it('reports a run that cannot start as an exit code, not a hang', async () => {
    const r = await pool.run({
      args: ['--schema', 'missing.xsd', '--noout', 'doc.xml'],
      files: [{ fileName: 'doc.xml', contents: valid }],
      maxMemoryPages: 512,
    });
    expect(r.exitCode).not.toBe(0);
    expect(r.exitCode).not.toBe(3);
    expect(r.stderr).toMatch(/missing\.xsd/);
  });

  it('starts a fresh thread after its threads were stopped', async () => {
    await pool.close();
    expect((await validate(pool, valid)).exitCode).toBe(0);
  });
});
