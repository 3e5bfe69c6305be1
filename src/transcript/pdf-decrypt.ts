/**
 * Decryption of PDFs "secured" with the standard security handler and an empty user password (an
 * owner password only, restricting printing or changes): anyone can open them, so the scan can
 * read their streams too. ISO 32000-2 §7.6: the file key from algorithm 2 (revisions 2 to 4, RC4
 * and AES-128 with a key per object) or 2.A (revisions 5 and 6, AES-256). Only streams are
 * decrypted: names, where the scan looks for active content, are never encrypted.
 * Any other case (a password needed to open the file, another security handler, a crypt filter
 * this module does not know) is refused: what cannot be read cannot be checked.
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { pdfUncheckable, transcriptError } from './errors.js';
import { parseValue, PdfName, PdfRef, type PdfValue } from './pdf-syntax.js';

const unreadable = () =>
  pdfUncheckable(
    'an encryption dictionary the check cannot read',
    'un dictionnaire de chiffrement illisible',
  );

/** A regular expression for a name as written, each letter plain or as a #xx escape. */
function nameAsWritten(name: string): RegExp {
  const letters = [...name].map((c) => {
    const hex = c.charCodeAt(0).toString(16);
    return `(?:${c}|#${hex[0]}[${hex[1].toLowerCase()}${hex[1].toUpperCase()}])`;
  });
  return new RegExp(`/${letters.join('')}(?![^\\s\\0()<>[\\]{}/%])`, 'g');
}

/** Characters a trailer or encryption dictionary may span: they hold a few keys and strings. */
const PARSE_SPAN = 64 * 1024;
/** Trailers naming the encryption, or definitions of its dictionary, beyond which a file is refused. */
const MAX_DEFINITIONS = 64;

/** The dictionary around position `at` that holds the key `key`: up to a few enclosing << tried. */
function dictionaryAround(text: string, at: number, key: string): Map<string, PdfValue> | undefined {
  let from = at;
  for (let tries = 0; tries < 8; tries++) {
    const open = text.lastIndexOf('<<', from - 1);
    if (open === -1) return undefined;
    try {
      const { value, end } = parseValue(text.slice(open, open + PARSE_SPAN), 0);
      if (open + end > at && value instanceof Map && value.has(key)) return value;
    } catch {
      // not this one
    }
    from = open;
  }
  return undefined;
}

/** The bytes the standard handler pads passwords with (algorithm 2, step a). */
const PADDING = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');

/** RC4, which OpenSSL 3 no longer offers by default. */
export function rc4(key: Buffer, data: Buffer): Buffer {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
  }
  const out = Buffer.allocUnsafe(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
    out[k] = data[k] ^ s[(s[i] + s[j]) & 0xff];
  }
  return out;
}

const md5 = (...parts: Buffer[]) => createHash('md5').update(Buffer.concat(parts)).digest();
const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** AES-CBC with the IV in the first 16 bytes, as PDF stores it; only whole blocks, padding removed when sound. */
function aesDecrypt(key: Buffer, data: Buffer): Buffer {
  const blocks = Math.floor((data.length - 16) / 16);
  if (blocks < 1) return Buffer.alloc(0);
  const decipher = createDecipheriv(
    key.length === 32 ? 'aes-256-cbc' : 'aes-128-cbc',
    key,
    data.subarray(0, 16),
  );
  decipher.setAutoPadding(false);
  const out = Buffer.concat([decipher.update(data.subarray(16, 16 + blocks * 16)), decipher.final()]);
  const pad = out[out.length - 1];
  const padded = pad >= 1 && pad <= 16 && out.subarray(out.length - pad).every((b) => b === pad);
  return padded ? out.subarray(0, out.length - pad) : out;
}

/** Algorithm 2.B (revision 6): the hash of a password, rounds of SHA-2 and AES-128. */
function hardenedHash(password: Buffer, salt: Buffer, userKey: Buffer): Buffer {
  let k = sha256(password, salt, userKey);
  let e = Buffer.alloc(0);
  for (let round = 0; round < 64 || e[e.length - 1] > round - 32; round++) {
    const k1 = Buffer.concat(Array<Buffer>(64).fill(Buffer.concat([password, k, userKey])));
    const cipher = createCipheriv('aes-128-cbc', k.subarray(0, 16), k.subarray(16, 32));
    cipher.setAutoPadding(false);
    e = Buffer.concat([cipher.update(k1), cipher.final()]);
    let sum = 0;
    for (let i = 0; i < 16; i++) sum += e[i];
    k = createHash(['sha256', 'sha384', 'sha512'][sum % 3])
      .update(e)
      .digest();
  }
  return k.subarray(0, 32);
}

type Method = 'identity' | 'rc4' | 'aes128' | 'aes256';

/** How one stream of an encrypted file is read. */
export interface PdfEncryption {
  /**
   * The ways a reader may take the stream's bytes: decrypted, or as written for a stream stored in
   * clear. A cross-reference stream, and metadata when the file says it left it in clear, are
   * given both ways: a reader that takes them as an ordinary stream decrypts them.
   */
  readings(num: number, gen: number, type: string | undefined, data: Buffer): Buffer[];
}

function passwordNeeded(): Error {
  return transcriptError('ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE', {
    password: true,
    reason: 'a password is needed to open it',
    reasonFr: 'un mot de passe est nécessaire pour l’ouvrir',
  });
}

function methodOf(cfm: PdfValue | undefined): Method {
  const name = cfm instanceof PdfName ? cfm.name : 'None';
  if (name === 'V2') return 'rc4';
  if (name === 'AESV2') return 'aes128';
  if (name === 'AESV3') return 'aes256';
  throw pdfUncheckable(
    `the crypt filter ${name.replace(/[^A-Za-z0-9.]/g, '').slice(0, 40)}`,
    `le filtre de chiffrement ${name.replace(/[^A-Za-z0-9.]/g, '').slice(0, 40)}`,
  );
}

/** The file key of revisions 2 to 4 with the empty user password (algorithms 2 and 6). */
function keyUpToR4(
  dict: Map<string, PdfValue>,
  r: number,
  length: number,
  id: Buffer,
  metadata: boolean,
): Buffer {
  const o = dict.get('O');
  const u = dict.get('U');
  const p = dict.get('P');
  if (!Buffer.isBuffer(o) || !Buffer.isBuffer(u) || o.length < 32 || u.length < 16 || typeof p !== 'number')
    throw unreadable();
  const permissions = Buffer.alloc(4);
  permissions.writeUInt32LE(p >>> 0);
  const extra = r >= 4 && !metadata ? [Buffer.from([0xff, 0xff, 0xff, 0xff])] : [];
  let key = md5(PADDING, o.subarray(0, 32), permissions, id, ...extra);
  if (r >= 3) for (let i = 0; i < 50; i++) key = md5(key.subarray(0, length));
  key = key.subarray(0, length);
  let check: Buffer;
  if (r === 2) check = rc4(key, PADDING);
  else {
    check = rc4(key, md5(PADDING, id));
    for (let i = 1; i <= 19; i++) check = rc4(Buffer.from(key.map((b) => b ^ i)), check);
  }
  if (!check.subarray(0, 16).equals(u.subarray(0, 16))) throw passwordNeeded();
  return key;
}

/** The file key of revisions 5 and 6 with the empty user password (algorithm 2.A). */
function keyR5R6(dict: Map<string, PdfValue>, r: number): Buffer {
  const u = dict.get('U');
  const ue = dict.get('UE');
  if (!Buffer.isBuffer(u) || !Buffer.isBuffer(ue) || u.length < 48 || ue.length < 32) throw unreadable();
  const none = Buffer.alloc(0);
  const hash = (salt: Buffer) => (r === 5 ? sha256(salt) : hardenedHash(none, salt, none));
  if (!hash(u.subarray(32, 40)).equals(u.subarray(0, 32))) throw passwordNeeded();
  const decipher = createDecipheriv('aes-256-cbc', hash(u.subarray(40, 48)), Buffer.alloc(16));
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(ue.subarray(0, 32)), decipher.final()]);
}

/**
 * The encryption of a PDF given as latin1 text, or undefined when it has none. Throws the 422
 * ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE when it cannot be decrypted without a password, or not at all.
 */
export function encryptionOf(text: string): PdfEncryption | undefined {
  // The trailer names the encryption dictionary; every trailer that does must name the same one.
  let ref: PdfRef | undefined;
  let id: Buffer | undefined;
  let trailers = 0;
  for (const found of text.matchAll(nameAsWritten('Encrypt'))) {
    if (++trailers > MAX_DEFINITIONS) throw unreadable();
    const trailer = dictionaryAround(text, found.index, 'Encrypt');
    const value = trailer?.get('Encrypt');
    if (!(value instanceof PdfRef)) throw unreadable();
    const ids = trailer?.get('ID');
    const first = Array.isArray(ids) && Buffer.isBuffer(ids[0]) ? ids[0] : undefined;
    if ((ref && (ref.num !== value.num || ref.gen !== value.gen)) || (id && first && !id.equals(first)))
      throw pdfUncheckable('several encryption dictionaries', 'plusieurs dictionnaires de chiffrement');
    ref = value;
    id ??= first;
  }
  if (!ref) return undefined;
  // The encryption dictionary itself, never inside an object stream; one definition, or identical ones.
  let dict: Map<string, PdfValue> | undefined;
  let written: string | undefined;
  let definitions = 0;
  for (const header of text.matchAll(
    new RegExp(`(?<![0-9])${ref.num}[\\s\\0]+${ref.gen}[\\s\\0]+obj\\b`, 'g'),
  )) {
    if (++definitions > MAX_DEFINITIONS) throw unreadable();
    const from = header.index + header[0].length;
    let parsed: { value: PdfValue; end: number };
    try {
      parsed = parseValue(text.slice(from, from + PARSE_SPAN), 0);
    } catch {
      throw unreadable();
    }
    const source = text.slice(from, from + parsed.end).trim();
    if (written !== undefined && written !== source)
      throw pdfUncheckable('several encryption dictionaries', 'plusieurs dictionnaires de chiffrement');
    if (!(parsed.value instanceof Map)) throw unreadable();
    written = source;
    dict = parsed.value;
  }
  if (!dict) throw unreadable();
  const handler = dict.get('Filter');
  if (!(handler instanceof PdfName) || handler.name !== 'Standard') {
    const name = handler instanceof PdfName ? handler.name.replace(/[^A-Za-z0-9.]/g, '').slice(0, 40) : '?';
    throw pdfUncheckable(
      `an encryption other than a password: ${name}`,
      `un chiffrement autre que par mot de passe : ${name}`,
    );
  }
  const v = dict.get('V');
  const r = dict.get('R');
  const metadata = dict.get('EncryptMetadata') !== false;
  if (typeof v !== 'number' || typeof r !== 'number' || ![1, 2, 4, 5].includes(v) || r < 2 || r > 6)
    throw pdfUncheckable(
      `an encryption revision the check does not know (V ${String(v)}, R ${String(r)})`,
      `une version de chiffrement inconnue (V ${String(v)}, R ${String(r)})`,
    );
  // The method for streams: RC4 up to V 2, else the crypt filter /StmF names (none: in clear).
  let method: Method = 'rc4';
  let bits = v === 1 ? 40 : Number(dict.get('Length') ?? 40);
  if (v >= 4) {
    const filterName = dict.get('StmF');
    const stmF = filterName instanceof PdfName ? filterName.name : 'Identity';
    const filters = dict.get('CF');
    const filter = filters instanceof Map ? filters.get(stmF) : undefined;
    if (stmF === 'Identity') method = 'identity';
    else if (filter instanceof Map) {
      method = methodOf(filter.get('CFM'));
      const length = filter.get('Length');
      bits = typeof length === 'number' ? (length < 40 ? length * 8 : length) : 128;
    } else throw methodOf(undefined);
  }
  if (v < 5 && (!Number.isInteger(bits) || bits < 40 || bits > 128 || bits % 8 !== 0)) throw unreadable();
  if (v < 5 && !id) throw unreadable();
  const fileKey = v >= 5 ? keyR5R6(dict, r) : keyUpToR4(dict, r, bits / 8, id as Buffer, metadata);

  const decrypt = (num: number, gen: number, data: Buffer): Buffer => {
    if (method === 'identity') return data;
    if (method === 'aes256') return aesDecrypt(fileKey, data);
    const salt = method === 'aes128' ? [Buffer.from('sAlT', 'latin1')] : [];
    const objectId = Buffer.from([num, num >> 8, num >> 16, gen, gen >> 8].map((b) => b & 0xff));
    const key = md5(fileKey, objectId, ...salt).subarray(0, Math.min(fileKey.length + 5, 16));
    return method === 'aes128' ? aesDecrypt(key, data) : rc4(key, data);
  };
  return {
    readings(num, gen, type, data) {
      const inClear = type === 'XRef' || (!metadata && type === 'Metadata');
      return inClear && method !== 'identity' ? [data, decrypt(num, gen, data)] : [decrypt(num, gen, data)];
    },
  };
}
