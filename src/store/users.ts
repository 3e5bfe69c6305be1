/** Staff accounts: school users, board users and administrators. */
import type { Lang } from '../domain/lang.js';
import type { Db, Row } from './db.js';
import { read } from './row.js';
import { hashPassword, passwordProblem } from '../domain/password.js';
import { UserExists, UserNotFound, UsernameInvalid, WeakPassword } from './errors.js';

export type Role = 'SCHOOL' | 'BOARD' | 'ADMIN';

export interface User {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  boardId: number | null;
  schoolId: number | null;
  language: Lang;
  passwordHash: string;
  failedLogins: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
}

const ROLES: readonly Role[] = ['SCHOOL', 'BOARD', 'ADMIN'];

/** A users row (or a row holding the users columns) as a User. */
export function userFromRow(row: Row): User {
  const r = read(row);
  return {
    id: r.int('id'),
    username: r.text('username'),
    displayName: r.text('display_name'),
    email: r.textOrNull('email'),
    role: r.code('role', ROLES),
    boardId: r.intOrNull('board_id'),
    schoolId: r.intOrNull('school_id'),
    language: r.code('language', ['fr', 'en'] as const),
    passwordHash: r.text('password_hash'),
    failedLogins: r.int('failed_logins'),
    lockedUntil: r.timeOrNull('locked_until'),
    disabledAt: r.timeOrNull('disabled_at'),
  };
}

export interface NewUser {
  username: string;
  displayName?: string;
  email?: string | null;
  role: Role;
  boardId?: number | null;
  schoolId?: number | null;
  language?: Lang;
  password: string;
  /** The demo's well-known password is allowed to skip the policy. */
  skipPolicy?: boolean;
}

export class UserRepository {
  constructor(private readonly db: Db) {}

  async create(input: NewUser): Promise<User> {
    if (!input.skipPolicy) {
      const problem = passwordProblem(input.password);
      if (problem) throw WeakPassword(problem);
    }
    if (!/^[A-Za-z0-9._@-]{3,64}$/.test(input.username)) {
      throw UsernameInvalid();
    }
    let boardId = input.boardId ?? null;
    if (input.role === 'SCHOOL' && input.schoolId && !boardId) {
      const { rows } = await this.db.query<{ board_id: number }>(
        'SELECT board_id FROM schools WHERE id = $1',
        [input.schoolId],
      );
      boardId = rows[0]?.board_id ?? null;
    }
    try {
      const { rows } = await this.db.query<Row>(
        `INSERT INTO users (username, display_name, email, role, board_id, school_id, language, password_hash)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING *`,
        [
          input.username,
          input.displayName ?? input.username,
          input.email ?? null,
          input.role,
          boardId,
          input.schoolId ?? null,
          input.language ?? 'fr',
          await hashPassword(input.password),
        ],
      );
      return userFromRow(rows[0]);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw UserExists(input.username);
      throw error;
    }
  }

  async byUsername(username: string): Promise<User | undefined> {
    // Exact, case-sensitive comparison on purpose.
    const { rows } = await this.db.query<Row>('SELECT * FROM users WHERE username = $1', [username]);
    return rows[0] ? userFromRow(rows[0]) : undefined;
  }

  async byId(id: number): Promise<User | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM users WHERE id = $1', [id]);
    return rows[0] ? userFromRow(rows[0]) : undefined;
  }

  /** Whether any of these accounts exists (e.g. the demo's). */
  async anyExists(usernames: readonly string[]): Promise<boolean> {
    const { rows } = await this.db.query('SELECT 1 FROM users WHERE username = ANY($1) LIMIT 1', [usernames]);
    return rows.length > 0;
  }

  async list(): Promise<User[]> {
    const { rows } = await this.db.query<Row>('SELECT * FROM users ORDER BY username');
    return rows.map(userFromRow);
  }

  async disable(username: string): Promise<void> {
    const { rowCount } = await this.db.query(
      'UPDATE users SET disabled_at = now(), updated_at = now() WHERE username = $1',
      [username],
    );
    if (rowCount === 0) throw UserNotFound(username);
    await this.db.query('DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = $1)', [
      username,
    ]);
  }

  async enable(username: string): Promise<void> {
    const { rowCount } = await this.db.query(
      'UPDATE users SET disabled_at = NULL, failed_logins = 0, locked_until = NULL, updated_at = now() WHERE username = $1',
      [username],
    );
    if (rowCount === 0) throw UserNotFound(username);
  }

  async resetPassword(username: string, password: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw WeakPassword(problem);
    const { rowCount } = await this.db.query(
      'UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL, updated_at = now() WHERE username = $1',
      [username, await hashPassword(password)],
    );
    if (rowCount === 0) throw UserNotFound(username);
    await this.db.query('DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = $1)', [
      username,
    ]);
  }

  /**
   * Takes one sign-in attempt for the account before its password is checked, in one atomic
   * statement: the attempt counts as a failure until a success resets the count, so parallel
   * guesses cannot all pass a check made before the slow password hash. The attempt that reaches
   * maxFailures locks the account until now + lockMinutes; a lock that has expired starts the count
   * again. Undefined when no attempt may be made (locked, disabled or no such user).
   */
  async takeSignInAttempt(
    id: number,
    now: Date,
    maxFailures: number,
    lockMinutes: number,
  ): Promise<{ attempt: number; lockedUntil: Date | null } | undefined> {
    const { rows } = await this.db.query<Row>(
      `UPDATE users SET
         failed_logins = CASE WHEN locked_until <= $2 THEN 1 ELSE failed_logins + 1 END,
         locked_until = CASE
           WHEN (CASE WHEN locked_until <= $2 THEN 1 ELSE failed_logins + 1 END) >= $3
             THEN $2::timestamptz + make_interval(mins => $4)
           ELSE NULL END
       WHERE id = $1 AND disabled_at IS NULL AND (locked_until IS NULL OR locked_until <= $2)
       RETURNING failed_logins, locked_until`,
      [id, now, maxFailures, lockMinutes],
    );
    if (!rows[0]) return undefined;
    const r = read(rows[0]);
    return { attempt: r.int('failed_logins'), lockedUntil: r.timeOrNull('locked_until') };
  }

  async recordSuccessfulLogin(id: number): Promise<void> {
    await this.db.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [id]);
  }

  /** Clears the failed sign-ins and any lock; returns the lock it lifted (null when there was none). */
  async unlock(username: string, now: Date): Promise<{ user: User; liftedLock: Date | null }> {
    const { rows } = await this.db.query<Row>(
      `WITH before AS (SELECT id, locked_until FROM users WHERE username = $1 FOR UPDATE)
       UPDATE users u SET failed_logins = 0, locked_until = NULL, updated_at = now()
         FROM before WHERE u.id = before.id
       RETURNING u.*, CASE WHEN before.locked_until > $2 THEN before.locked_until END AS lifted_lock`,
      [username, now],
    );
    if (!rows[0]) throw UserNotFound(username);
    return { user: userFromRow(rows[0]), liftedLock: read(rows[0]).timeOrNull('lifted_lock') };
  }

  async setLanguage(id: number, language: Lang): Promise<void> {
    await this.db.query('UPDATE users SET language = $2 WHERE id = $1', [id, language]);
  }
}
