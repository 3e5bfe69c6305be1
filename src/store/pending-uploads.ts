/**
 * Uploaded files waiting on the validation screen: held server-side, bound to the session that sent
 * them, until staff confirm or cancel or they expire (they are not transcripts yet).
 */
import type { Db, Queryable, Row } from './db.js';
import { read } from './row.js';
import type { TranscriptFormat } from './transcripts.js';

export interface PendingUpload {
  id: string;
  requestId: number;
  /** The request's version when the file came: the confirmation is refused if it changed since. */
  requestVersion: number;
  format: TranscriptFormat;
  content: Buffer;
  /** The comparison shown on the validation screen, as it was stored. */
  diff: unknown;
}

/** A waiting file without its bytes: what the validation screen shows. */
export type PendingComparison = Omit<PendingUpload, 'content'>;

function toComparison(row: Row): PendingComparison {
  const r = read(row);
  return {
    id: r.text('id'),
    requestId: r.int('request_id'),
    requestVersion: r.int('request_version'),
    format: r.code('format', ['XML', 'PDF'] as const),
    diff: r.json('diff'),
  };
}

function toPending(row: Row): PendingUpload {
  return { ...toComparison(row), content: read(row).base64('content') };
}

/** Files one person may have waiting on the validation screen at once (each up to upload.maxBytes). */
export const MAX_PENDING_PER_USER = 10;

/**
 * The file travels as base64 text both ways (decode/encode in SQL): the embedded database parses a
 * bytea parameter or result in the server's thread, some 20 times slower than base64 (a 4.8 MB PDF:
 * 2.3 s to write and 0.5 s to read as bytea, 0.1 s and 0.03 s as base64), and meanwhile answers no one.
 */
export class PendingUploadRepository {
  constructor(private readonly db: Db) {}

  async add(input: {
    id: string;
    sessionId: string;
    requestId: number;
    requestVersion: number;
    format: TranscriptFormat;
    fileName: string;
    content: Uint8Array;
    diff: unknown;
    minutes: number;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO pending_uploads (id, session_id, request_id, request_version, format, file_name, content, diff, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, decode($7, 'base64'), $8, now() + make_interval(mins => $9))`,
      [
        input.id,
        input.sessionId,
        input.requestId,
        input.requestVersion,
        input.format,
        input.fileName,
        Buffer.from(input.content).toString('base64'),
        JSON.stringify(input.diff),
        input.minutes,
      ],
    );
    // A person keeps at most MAX_PENDING_PER_USER files waiting, whatever their sessions: the
    // oldest go, so repeated uploads cannot fill the database before the files expire.
    await this.db.query(
      `DELETE FROM pending_uploads WHERE id IN (
         SELECT p.id FROM pending_uploads p JOIN sessions s ON s.id = p.session_id
          WHERE s.user_id = (SELECT user_id FROM sessions WHERE id = $1)
          ORDER BY p.created_at DESC, p.id
         OFFSET $2)`,
      [input.sessionId, MAX_PENDING_PER_USER],
    );
  }

  /** The session's file for this request, unless it expired. */
  async find(id: string, sessionId: string, requestId: number): Promise<PendingUpload | undefined> {
    const { rows } = await this.db.query<Row>(
      `SELECT id, request_id, request_version, format, encode(content, 'base64') AS content, diff FROM pending_uploads
        WHERE id = $1 AND session_id = $2 AND request_id = $3 AND expires_at > now()`,
      [id, sessionId, requestId],
    );
    return rows[0] ? toPending(rows[0]) : undefined;
  }

  /**
   * The session's waiting file for this request without its bytes, unless it expired: showing the
   * comparison reads no file (up to upload.maxBytes each time the screen is shown).
   */
  async findComparison(
    id: string,
    sessionId: string,
    requestId: number,
  ): Promise<PendingComparison | undefined> {
    const { rows } = await this.db.query<Row>(
      `SELECT id, request_id, request_version, format, diff FROM pending_uploads
        WHERE id = $1 AND session_id = $2 AND request_id = $3 AND expires_at > now()`,
      [id, sessionId, requestId],
    );
    return rows[0] ? toComparison(rows[0]) : undefined;
  }

  async remove(id: string, q: Queryable = this.db): Promise<void> {
    await q.query('DELETE FROM pending_uploads WHERE id = $1', [id]);
  }

  async removeExpired(): Promise<void> {
    await this.db.query('DELETE FROM pending_uploads WHERE expires_at < now()');
  }
}
