import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encryptionOf, rc4, type PdfEncryption } from '../../src/transcript/pdf-decrypt.js';
import { EtmsError } from '../../src/errors.js';
import { EMPTY_USER_PASSWORD } from '../../fixtures/transcripts/pdf-encrypted/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/transcripts');
const text = (name: string) => readFileSync(path.join(FIXTURES, 'pdf-encrypted', name)).toString('latin1');

/** Each stream of a PDF: its object number, generation, dictionary and raw bytes. */
function streams(pdf: string) {
  return [...pdf.matchAll(/(\d+) (\d+) obj\s*(<<(?:(?!endobj).)*?>>)\s*stream\r?\n/gs)].map((m) => {
    const start = m.index + m[0].length;
    const length = Number(/\/Length (\d+)/.exec(m[3])?.[1]);
    return {
      num: Number(m[1]),
      gen: Number(m[2]),
      dict: m[3],
      data: Buffer.from(pdf.slice(start, start + length), 'latin1'),
    };
  });
}

function refusal(run: () => unknown): EtmsError {
  try {
    run();
  } catch (error) {
    if (error instanceof EtmsError) return error;
    throw error;
  }
  throw new Error('the encryption was accepted');
}

describe('PDF decryption with the empty user password', () => {
  it('computes RC4 as published', () => {
    expect(rc4(Buffer.from('Key'), Buffer.from('Plaintext')).toString('hex')).toBe('bbf316e8d940af0ad3');
    expect(rc4(Buffer.from('Wiki'), Buffer.from('pedia')).toString('hex')).toBe('1021bf0420');
  });

  it('finds no encryption in a plain PDF', () => {
    const plain = readFileSync(path.join(FIXTURES, 'pdf/transcript-one-page.pdf')).toString('latin1');
    expect(encryptionOf(plain)).toBeUndefined();
  });

  it.each(EMPTY_USER_PASSWORD)('decrypts every stream of %s to what it compresses', (name) => {
    const pdf = text(name);
    const encryption = encryptionOf(pdf) as PdfEncryption;
    expect(encryption).toBeDefined();
    const found = streams(pdf);
    expect(found.length).toBeGreaterThan(0);
    const inflated: string[] = [];
    for (const { num, gen, dict, data } of found) {
      const readings = encryption.readings(num, gen, /\/Type\s*\/(\w+)/.exec(dict)?.[1], data);
      // A wrong key gives bytes that are no zlib stream: inflating throws. Metadata left in clear
      // (not compressed by qpdf) is read as written first.
      inflated.push(
        (dict.includes('/FlateDecode') ? inflateSync(readings[0]) : readings[0]).toString('latin1'),
      );
    }
    const all = inflated.join('\n');
    expect(all).toMatch(/BT[\s\S]*Tj[\s\S]*ET/);
    if (name.includes('object-streams')) expect(all).toMatch(/\/Type \/Pages/);
    if (name.includes('metadata')) expect(all).toContain('adobe:ns:meta/');
  });

  it('refuses a PDF that needs a password to open, saying what to do', () => {
    for (const name of ['rc4-128-user-password.pdf', 'aes-256-user-password.pdf']) {
      const error = refusal(() => encryptionOf(text(name)));
      expect(error).toMatchObject({ code: 'ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE', status: 422 });
      expect(error.details?.password).toBe(true);
      expect(error.message).toContain('save it again without an open password');
      expect(error.details?.messageFr).toContain('enregistrez-le de nouveau sans mot de passe');
    }
  });

  it('refuses other security handlers, unknown crypt filters and two encryption dictionaries', () => {
    const aes128 = text('aes-128.pdf');
    const reasons = [
      [aes128.replace('/Filter /Standard', '/Filter /Adobe.PubSec'), /Adobe\.PubSec/],
      [aes128.replace('/CFM /AESV2', '/CFM /None'), /crypt filter None/],
      [aes128.replace(/\/V 4\b/, '/V 3'), /revision/],
      [aes128.replace(/\/Encrypt (\d+) 0 R/, '/Encrypt $1 0 R >>\ntrailer << /Encrypt 99 0 R'), /several/],
      [aes128.replace(/\/Encrypt (\d+) 0 R/, '/Encrypt 99 0 R'), /cannot read/],
    ] as const;
    for (const [pdf, reason] of reasons) {
      const error = refusal(() => encryptionOf(pdf));
      expect(error.code).toBe('ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE');
      expect(error.details?.reason).toMatch(reason);
      expect(error.details?.reasonFr).toBeTruthy();
    }
  });

  it('reads the encryption name written with #xx escapes, and an identity crypt filter as clear', () => {
    const escaped = text('rc4-128.pdf').replace('/Encrypt ', '/Encr#79pt ');
    expect(encryptionOf(escaped)).toBeDefined();
    const identity = text('aes-128.pdf').replace('/StmF /StdCF', '/StmF /Identity');
    const data = Buffer.from('q Q');
    expect((encryptionOf(identity) as PdfEncryption).readings(4, 0, undefined, data)).toEqual([data]);
  });
});
