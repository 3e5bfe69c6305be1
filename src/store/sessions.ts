/**
 * Staff sessions as stored: the sha256 of the cookie token (never the token), the CSRF token, the
 * language and the school chosen in the selector, a sliding expiry (idle timeout) that never goes
 * past an absolute maximum from sign-in. The tokens are made and hashed by the admin pages
 * (src/admin/session.ts). Times come from the caller's clock.
 */
import type { Lang } from '../domain/lang.js';
import type { Db, Row } from './db.js';
import { read } from './row.js';
import { userFromRow, type User } from './users.js';

export interface StoredSession {
  id: string;
  csrf: string;
  user: User;
  /** The language chosen in this session, if any. */
  language: Lang | null;
  selectedSchoolId: number | null;
  lastSeenAt: Date;
}

export class SessionRepository {
  constructor(private readonly db: Db) {}

  async create(input: {
    id: string;
    userId: number;
    csrf: string;
    /** Idle timeout. */
    hours: number;
    /** Absolute maximum from now. */
    maxHours: number;
    now: Date;
    userAgent: string;
    language: Lang;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at, user_agent, language)
       VALUES ($1, $2, $3, $4, $4, $4::timestamptz + make_interval(secs => LEAST($5::float8, $6::float8)), $7, $8)`,
      [
        input.id,
        input.userId,
        input.csrf,
        input.now,
        input.hours * 3600,
        input.maxHours * 3600,
        input.userAgent,
        input.language,
      ],
    );
  }

  async removeExpired(now: Date): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE expires_at < $1', [now]);
  }

  /**
   * The live session of that id, with its user, unless the user is disabled: not idle past its
   * expiry, and opened less than maxHours ago (a maximum lowered since applies at once).
   */
  async find(id: string, now: Date, maxHours: number): Promise<StoredSession | undefined> {
    const { rows } = await this.db.query<Row>(
      `SELECT s.id AS session_id, s.csrf_token, s.language AS session_language, s.selected_school_id, s.last_seen_at,
              u.*
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.expires_at > $2 AND s.created_at > $2::timestamptz - make_interval(secs => $3::float8)
          AND u.disabled_at IS NULL`,
      [id, now, maxHours * 3600],
    );
    if (!rows[0]) return undefined;
    const r = read(rows[0]);
    return {
      id: r.text('session_id'),
      csrf: r.text('csrf_token'),
      user: userFromRow(rows[0]),
      language: r.codeOrNull('session_language', ['fr', 'en'] as const),
      selectedSchoolId: r.intOrNull('selected_school_id'),
      lastSeenAt: r.time('last_seen_at'),
    };
  }

  /** Slides the expiry to `hours` from now, never past `maxHours` from sign-in. */
  async touch(id: string, now: Date, hours: number, maxHours: number): Promise<void> {
    await this.db.query(
      `UPDATE sessions SET last_seen_at = $2,
         expires_at = LEAST($2::timestamptz + make_interval(secs => $3::float8), created_at + make_interval(secs => $4::float8))
       WHERE id = $1`,
      [id, now, hours * 3600, maxHours * 3600],
    );
  }

  async setLanguage(id: string, language: Lang): Promise<void> {
    await this.db.query('UPDATE sessions SET language = $2 WHERE id = $1', [id, language]);
  }

  async selectSchool(id: string, schoolId: number | null): Promise<void> {
    await this.db.query('UPDATE sessions SET selected_school_id = $2 WHERE id = $1', [id, schoolId]);
  }

  async remove(id: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE id = $1', [id]);
  }
}
