/**
 * xmllint (libxml2-utils), no network, against the unedited PESC schemas of ../shared/pesc when they
 * are beside the project, else the project's copies (test/pesc/oracle.test.ts proves them the same).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const PESC_SCHEMAS = [path.resolve(ROOT, '../shared/pesc'), path.join(ROOT, 'wsdl/pesc')].find((dir) =>
  existsSync(path.join(dir, 'TranscriptResponse_v1.4.0.xsd')),
)!;
const run = promisify(execFile);

/** xmllint's complaints about the document, none ('') when it is valid against the schema file. */
export async function xmllintPesc(schema: string, document: string | Buffer): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'etms-xmllint-'));
  const file = path.join(dir, 'document.xml');
  writeFileSync(file, document);
  try {
    await run('xmllint', ['--nonet', '--noout', '--schema', path.join(PESC_SCHEMAS, schema), file]);
    return '';
  } catch (error) {
    return (error as { stderr?: string }).stderr ?? String(error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
