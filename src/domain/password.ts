/**
 * Password hashing with Node's built-in scrypt (memory-hard): no native build, no extra package.
 * Stored as scrypt$N$r$p$salt$hash so parameters can be raised later without breaking old hashes.
 */
import {
  randomBytes,
  scrypt as scryptCb,
  scryptSync,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** The parts of a stored hash: what to compute and what to compare with; undefined for a foreign format. */
function parseHash(stored: string) {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [, n, r, p, saltB64, keyB64] = parts;
  const expected = Buffer.from(keyB64, 'base64');
  const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 };
  return { salt: Buffer.from(saltB64, 'base64'), expected, options };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const hash = parseHash(stored);
  if (!hash) return false;
  const key = await scrypt(password, hash.salt, hash.expected.length, hash.options);
  return key.length === hash.expected.length && timingSafeEqual(key, hash.expected);
}

/** The same check on the calling thread: for a worker thread of its own, never the request thread. */
export function verifyPasswordHere(password: string, stored: string): boolean {
  const hash = parseHash(stored);
  if (!hash) return false;
  const key = scryptSync(password, hash.salt, hash.expected.length, hash.options);
  return key.length === hash.expected.length && timingSafeEqual(key, hash.expected);
}

/** Password policy for new and reset passwords: long enough, and not only one kind of character. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 10) return 'The password must have at least 10 characters.';
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (kinds < 3) return 'The password must mix at least three of: lower-case, upper-case, digits, symbols.';
  return undefined;
}
