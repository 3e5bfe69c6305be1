/**
 * Transcript files kept for a request: every version, the earlier ones marked superseded, and the
 * deliveries that carry them (and the retraction of a superseded one) to the destination.
 */
import { createHash } from 'node:crypto';
import type { Db, Queryable, Row } from './db.js';

export type TranscriptFormat = 'XML' | 'PDF';
export type TranscriptSource = 'AUTO' | 'UPLOAD' | 'SIS_PICK';

export interface StoredTranscript {
  id: number;
  requestId: number;
  version: number;
  format: TranscriptFormat;
  sha256: string;
  byteSize: number;
  source: TranscriptSource;
  studentNumber: string | null;
  documentId: string | null;
  submissionKey: string | null;
  createdAt: Date;
  createdBy: string;
  supersededAt: Date | null;
  supersededBy: number | null;
}

export interface NewTranscript {
  requestId: number;
  format: TranscriptFormat;
  content: Uint8Array;
  source: TranscriptSource;
  createdBy: string;
  studentNumber?: string | null;
  documentId?: string | null;
  /** Idempotency key of a submit: the same key returns the transcript already stored. */
  submissionKey?: string | null;
  /** The caller's transaction already holds the request row FOR UPDATE. */
  requestLocked?: boolean;
}

const toTranscript = (r: Row): StoredTranscript => ({
  id: Number(r.id),
  requestId: Number(r.request_id),
  version: Number(r.version),
  format: r.format as TranscriptFormat,
  sha256: r.sha256 as string,
  byteSize: Number(r.byte_size),
  source: r.source as TranscriptSource,
  studentNumber: (r.student_number as string) ?? null,
  documentId: (r.document_id as string) ?? null,
  submissionKey: (r.submission_key as string) ?? null,
  createdAt: r.created_at as Date,
  createdBy: r.created_by as string,
  supersededAt: (r.superseded_at as Date) ?? null,
  supersededBy: r.superseded_by === null || r.superseded_by === undefined ? null : Number(r.superseded_by),
});

const COLUMNS = 'id, request_id, version, format, sha256, byte_size, source, student_number, document_id, submission_key, created_at, created_by, superseded_at, superseded_by';

export class TranscriptRepository {
  constructor(private readonly db: Db) {}

  /**
   * Stores a new version and marks the current one superseded, in the caller's transaction when
   * given. With a submission key already used, returns the stored transcript and `created: false`.
   */
  async add(input: NewTranscript, q?: Queryable): Promise<{ transcript: StoredTranscript; created: boolean; superseded?: StoredTranscript }> {
    const run = async (tx: Queryable) => {
      if (input.submissionKey) {
        const existing = await tx.query<Row>(`SELECT ${COLUMNS} FROM transcripts WHERE submission_key = $1`, [input.submissionKey]);
        if (existing.rows[0]) return { transcript: toTranscript(existing.rows[0]), created: false };
      }
      // Lock the request row: two uploads at once get consecutive versions, not a conflict.
      if (!input.requestLocked) await tx.query('SELECT id FROM requests WHERE id = $1 FOR UPDATE', [input.requestId]);
      // Every version's number and state in one read: the next number, and the current one to supersede.
      const versions = await tx.query<{ id: number; version: number; superseded_at: Date | null }>(
        'SELECT id, version, superseded_at FROM transcripts WHERE request_id = $1',
        [input.requestId],
      );
      const nextVersion = versions.rows.reduce((max, t) => Math.max(max, Number(t.version)), 0) + 1;
      const current = versions.rows.find((t) => t.superseded_at === null);
      if (current) await tx.query('UPDATE transcripts SET superseded_at = now() WHERE id = $1', [current.id]);
      const content = Buffer.from(input.content);
      const inserted = await tx.query<Row>(
        `INSERT INTO transcripts (request_id, version, format, content, sha256, byte_size, source, student_number, document_id, submission_key, created_by)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING ${COLUMNS}`,
        [
          input.requestId,
          nextVersion,
          input.format,
          content,
          createHash('sha256').update(content).digest('hex'),
          content.length,
          input.source,
          input.studentNumber ?? null,
          input.documentId ?? null,
          input.submissionKey ?? null,
          input.createdBy,
        ],
      );
      const transcript = toTranscript(inserted.rows[0]);
      let superseded: StoredTranscript | undefined;
      if (current) {
        const updated = await tx.query<Row>(`UPDATE transcripts SET superseded_by = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [current.id, transcript.id]);
        superseded = toTranscript(updated.rows[0]);
      }
      return { transcript, created: true, superseded };
    };
    return q ? run(q) : this.db.transaction(run);
  }

  async current(requestId: number, q: Queryable = this.db): Promise<StoredTranscript | undefined> {
    const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM transcripts WHERE request_id = $1 AND superseded_at IS NULL`, [requestId]);
    return rows[0] ? toTranscript(rows[0]) : undefined;
  }

  async versions(requestId: number): Promise<StoredTranscript[]> {
    const { rows } = await this.db.query<Row>(`SELECT ${COLUMNS} FROM transcripts WHERE request_id = $1 ORDER BY version`, [requestId]);
    return rows.map(toTranscript);
  }

  async content(id: number): Promise<Buffer | undefined> {
    const { rows } = await this.db.query<{ content: Uint8Array }>('SELECT content FROM transcripts WHERE id = $1', [id]);
    return rows[0] ? Buffer.from(rows[0].content) : undefined;
  }
}
