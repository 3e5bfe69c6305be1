/**
 * Staff sessions: a random token in an HttpOnly cookie, only its sha256 in the `sessions` table (a
 * copy of the database does not yield live sessions), a CSRF token per session, a sliding expiry.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Db, Row } from '../store/db.js';
import type { Config } from '../config.js';
import type { User } from '../store/users.js';
import type { Lang } from './i18n.js';

export const SESSION_COOKIE = 'etms_session';
export const LOGIN_CSRF_COOKIE = 'etms_login_csrf';
export const LANG_COOKIE = 'etms_lang';

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

const toUser = (r: Row): User => ({
  id: Number(r.user_id),
  username: r.username as string,
  displayName: r.display_name as string,
  email: (r.email as string) ?? null,
  role: r.role as User['role'],
  boardId: r.board_id === null ? null : Number(r.board_id),
  schoolId: r.school_id === null ? null : Number(r.school_id),
  language: r.user_language as Lang,
  passwordHash: '',
  failedLogins: Number(r.failed_logins),
  lockedUntil: (r.locked_until as Date) ?? null,
  disabledAt: (r.disabled_at as Date) ?? null,
});

export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly hours: number,
  ) {}

  /** Opens a session; returns the cookie token (never stored). */
  async create(user: User, language: Lang, userAgent: string | undefined): Promise<string> {
    const token = randomToken();
    await this.db.query(
      `INSERT INTO sessions (id, user_id, csrf_token, expires_at, user_agent, language)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5, $6)`,
      [sha256(token), user.id, randomToken(), this.hours * 3600, (userAgent ?? '').slice(0, 200), language],
    );
    // Expired sessions of everyone are swept now and then: cheap with the expiry index.
    if (Math.random() < 0.05) await this.db.query('DELETE FROM sessions WHERE expires_at < now()');
    return token;
  }

  /** The live session of a cookie token, with its (enabled) user; undefined otherwise. */
  async find(token: string | undefined): Promise<StaffSession | undefined> {
    if (!token || token.length > 100) return undefined;
    const { rows } = await this.db.query<Row>(
      `SELECT s.id, s.csrf_token, s.language, s.selected_school_id, s.last_seen_at, s.user_id,
              u.username, u.display_name, u.email, u.role, u.board_id, u.school_id, u.language AS user_language,
              u.failed_logins, u.locked_until, u.disabled_at
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.expires_at > now() AND u.disabled_at IS NULL`,
      [sha256(token)],
    );
    const row = rows[0];
    if (!row) return undefined;
    // Slide the expiry at most once a minute, so reading a page is not a write every time.
    if (Date.now() - (row.last_seen_at as Date).getTime() > 60_000) {
      await this.db.query(
        'UPDATE sessions SET last_seen_at = now(), expires_at = now() + make_interval(secs => $2) WHERE id = $1',
        [row.id, this.hours * 3600],
      );
    }
    const user = toUser(row);
    return {
      id: row.id as string,
      csrf: row.csrf_token as string,
      user,
      language: ((row.language as Lang) ?? user.language) === 'en' ? 'en' : 'fr',
      selectedSchoolId: row.selected_school_id === null ? null : Number(row.selected_school_id),
    };
  }

  async setLanguage(sessionId: string, language: Lang): Promise<void> {
    await this.db.query('UPDATE sessions SET language = $2 WHERE id = $1', [sessionId, language]);
  }

  async selectSchool(sessionId: string, schoolId: number | null): Promise<void> {
    await this.db.query('UPDATE sessions SET selected_school_id = $2 WHERE id = $1', [sessionId, schoolId]);
  }

  async delete(sessionId: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE id = $1', [sessionId]);
  }
}
