/**
 * Staff sessions: a random token in an HttpOnly cookie, only its sha256 in the `sessions` table (a
 * copy of the database does not yield live sessions), a CSRF token per session, a sliding expiry.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Config } from '../config.js';
import type { Store } from '../store/index.js';
import type { User } from '../store/users.js';
import type { Lang } from './i18n.js';

export const SESSION_COOKIE = 'etms_session';
export const LOGIN_CSRF_COOKIE = 'etms_login_csrf';
export const LANG_COOKIE = 'etms_lang';
/** A random token of this browser, set at sign-in: a lock does not shut out browsers known to the account. */
export const BROWSER_COOKIE = 'etms_browser';

export interface StaffSession {
  id: string;
  csrf: string;
  user: User;
  language: Lang;
  selectedSchoolId: number | null;
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    if (!name || name in out) continue;
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

export function secureCookies(config: Config, req: Request): boolean {
  const setting = config.http.secureCookies;
  return setting === true || (setting === 'auto' && req.secure);
}

export function setCookie(
  res: Response,
  req: Request,
  config: Config,
  name: string,
  value: string,
  maxAgeSeconds?: number,
): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`);
  if (secureCookies(config, req)) parts.push('Secure');
  res.append('Set-Cookie', parts.join('; '));
}

export function clearCookie(res: Response, req: Request, config: Config, name: string): void {
  setCookie(res, req, config, name, '', 0);
}

export interface SessionLimits {
  /** Idle timeout: each use slides the expiry this far. */
  hours: number;
  /** Absolute maximum from sign-in (default: no longer than the idle timeout's first expiry). */
  maxHours?: number;
  /** Now, replaceable in tests. */
  clock?: () => Date;
}

export class SessionStore {
  private readonly hours: number;
  private readonly maxHours: number;
  private readonly clock: () => Date;

  constructor(
    private readonly store: Pick<Store, 'sessions'>,
    limits: number | SessionLimits,
  ) {
    const options = typeof limits === 'number' ? { hours: limits } : limits;
    this.hours = options.hours;
    this.maxHours = options.maxHours ?? options.hours;
    this.clock = options.clock ?? (() => new Date());
  }

  /** How long a session cookie may live: the server ends the session itself, this is only the upper bound. */
  get cookieSeconds(): number {
    return Math.max(this.hours, this.maxHours) * 3600;
  }

  /** Opens a session; returns the cookie token (never stored). */
  async create(user: User, language: Lang, userAgent: string | undefined): Promise<string> {
    const token = randomToken();
    const now = this.clock();
    await this.store.sessions.create({
      id: sha256(token),
      userId: user.id,
      csrf: randomToken(),
      hours: this.hours,
      maxHours: this.maxHours,
      now,
      userAgent: (userAgent ?? '').slice(0, 200),
      language,
    });
    // Expired sessions of everyone are swept now and then: cheap with the expiry index.
    if (Math.random() < 0.05) await this.store.sessions.removeExpired(now);
    return token;
  }

  /** The live session of a cookie token, with its (enabled) user; undefined otherwise. */
  async find(token: string | undefined): Promise<StaffSession | undefined> {
    if (!token || token.length > 100) return undefined;
    const now = this.clock();
    const session = await this.store.sessions.find(sha256(token), now, this.maxHours);
    if (!session) return undefined;
    // Slide the expiry at most once a minute, so reading a page is not a write every time.
    if (now.getTime() - session.lastSeenAt.getTime() > 60_000)
      await this.store.sessions.touch(session.id, now, this.hours, this.maxHours);
    const { user } = session;
    return {
      id: session.id,
      csrf: session.csrf,
      user: { ...user, passwordHash: '' },
      language: (session.language ?? user.language) === 'en' ? 'en' : 'fr',
      selectedSchoolId: session.selectedSchoolId,
    };
  }

  setLanguage(sessionId: string, language: Lang): Promise<void> {
    return this.store.sessions.setLanguage(sessionId, language);
  }

  selectSchool(sessionId: string, schoolId: number | null): Promise<void> {
    return this.store.sessions.selectSchool(sessionId, schoolId);
  }

  delete(sessionId: string): Promise<void> {
    return this.store.sessions.remove(sessionId);
  }
}
