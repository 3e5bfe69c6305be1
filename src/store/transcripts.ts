/**
 * Transcript files kept for a request: every version, the earlier ones marked superseded, and the
 * deliveries that carry them (and the retraction of a superseded one) to the destination.
 */
import { createHash } from 'node:crypto';
import type { Db, Queryable, Row } from './db.js';
import { read } from './row.js';

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

export interface AddedTranscript {
  transcript: StoredTranscript;
  created: boolean;
  superseded?: StoredTranscript;
}

const FORMATS: readonly TranscriptFormat[] = ['XML', 'PDF'];
const SOURCES: readonly TranscriptSource[] = ['AUTO', 'UPLOAD', 'SIS_PICK'];

function toTranscript(row: Row): StoredTranscript {
  const r = read(row);
  return {
    id: r.int('id'),
    requestId: r.int('request_id'),
    version: r.int('version'),
    format: r.code('format', FORMATS),
    sha256: r.text('sha256'),
    byteSize: r.int('byte_size'),
    source: r.code('source', SOURCES),
    studentNumber: r.textOrNull('student_number'),
    documentId: r.textOrNull('document_id'),
    submissionKey: r.textOrNull('submission_key'),
    createdAt: r.time('created_at'),
    createdBy: r.text('created_by'),
    supersededAt: r.timeOrNull('superseded_at'),
    supersededBy: r.intOrNull('superseded_by'),
  };
}

const COLUMNS =
  'id, request_id, version, format, sha256, byte_size, source, student_number, document_id, submission_key, created_at, created_by, superseded_at, superseded_by';

export class TranscriptRepository {
  constructor(private readonly db: Db) {}

  /**
   * Stores a new version and marks the current one superseded, in the caller's transaction when
   * given. With a submission key already used, returns the stored transcript and `created: false`.
   */
  async add(input: NewTranscript, q?: Queryable): Promise<AddedTranscript> {
    const run = async (tx: Queryable) => (await this.addMany([input], tx))[0];
    return q ? run(q) : this.db.transaction(run);
  }

  /**
   * add() for several requests (each at most once) in the caller's transaction, with a fixed number
   * of statements whatever their count: an agent's batch of transcripts costs what one did.
   */
  async addMany(inputs: readonly NewTranscript[], tx: Queryable): Promise<AddedTranscript[]> {
    if (inputs.length === 0) return [];
    const requestIds = inputs.map((i) => i.requestId);
    if (new Set(requestIds).size !== requestIds.length)
      throw new Error('addMany: a request may appear only once per call');
    // Lock the request rows: two uploads at once get consecutive versions, not a conflict.
    const unlocked = inputs.filter((i) => !i.requestLocked).map((i) => i.requestId);
    if (unlocked.length > 0)
      await tx.query('SELECT id FROM requests WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE', [
        unlocked,
      ]);
    // Every version of these requests, and the transcripts already stored under these keys, in one read.
    const keys = inputs.map((i) => i.submissionKey).filter((k): k is string => Boolean(k));
    const known = (
      await tx.query<Row>(
        `SELECT ${COLUMNS} FROM transcripts WHERE request_id = ANY($1::bigint[]) OR submission_key = ANY($2::text[])`,
        [requestIds, keys],
      )
    ).rows.map(toTranscript);
    const byKey = new Map(known.filter((t) => t.submissionKey).map((t) => [t.submissionKey!, t]));
    const results: (AddedTranscript | undefined)[] = inputs.map((i) => {
      const existing = i.submissionKey ? byKey.get(i.submissionKey) : undefined;
      return existing ? { transcript: existing, created: false } : undefined;
    });
    const fresh = inputs.map((input, n) => ({ input, n })).filter(({ n }) => !results[n]);
    if (fresh.length === 0) return results as AddedTranscript[];
    const plans = fresh.map(({ input, n }) => {
      const versions = known.filter((t) => t.requestId === input.requestId);
      const content = Buffer.from(input.content);
      return {
        input,
        n,
        content,
        version: versions.reduce((max, t) => Math.max(max, t.version), 0) + 1,
        current: versions.find((t) => t.supersededAt === null),
      };
    });
    const replaced = plans.filter((p) => p.current).map((p) => p.current!.id);
    if (replaced.length > 0)
      await tx.query('UPDATE transcripts SET superseded_at = now() WHERE id = ANY($1::bigint[])', [replaced]);
    const column = <T>(f: (p: (typeof plans)[number]) => T) => plans.map(f);
    // Contents travel as base64 text: one text[] parameter binds the same way on pg and PGlite.
    const inserted = await tx.query<Row>(
      `INSERT INTO transcripts (request_id, version, format, content, sha256, byte_size, source, student_number, document_id, submission_key, created_by)
       SELECT t.request_id, t.version, t.format, decode(t.content, 'base64'), t.sha256, t.byte_size, t.source, t.student_number, t.document_id, t.submission_key, t.created_by
         FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[]) WITH ORDINALITY
           AS t(request_id, version, format, content, sha256, byte_size, source, student_number, document_id, submission_key, created_by, n)
        ORDER BY t.n
       RETURNING ${COLUMNS}`,
      [
        column((p) => p.input.requestId),
        column((p) => p.version),
        column((p) => p.input.format),
        column((p) => p.content.toString('base64')),
        column((p) => createHash('sha256').update(p.content).digest('hex')),
        column((p) => p.content.length),
        column((p) => p.input.source),
        column((p) => p.input.studentNumber ?? null),
        column((p) => p.input.documentId ?? null),
        column((p) => p.input.submissionKey ?? null),
        column((p) => p.input.createdBy),
      ],
    );
    const stored = new Map(inserted.rows.map(toTranscript).map((t) => [t.requestId, t]));
    const superseded = new Map<number, StoredTranscript>();
    if (replaced.length > 0) {
      const links = plans.filter((p) => p.current);
      const updated = await tx.query<Row>(
        `UPDATE transcripts t SET superseded_by = u.replacement FROM unnest($1::bigint[], $2::bigint[]) AS u(id, replacement)
          WHERE t.id = u.id RETURNING ${COLUMNS.split(', ')
            .map((c) => `t.${c}`)
            .join(', ')}`,
        [links.map((p) => p.current!.id), links.map((p) => stored.get(p.input.requestId)!.id)],
      );
      for (const row of updated.rows) {
        const t = toTranscript(row);
        superseded.set(t.requestId, t);
      }
    }
    for (const p of plans) {
      results[p.n] = {
        transcript: stored.get(p.input.requestId)!,
        created: true,
        superseded: superseded.get(p.input.requestId),
      };
    }
    return results as AddedTranscript[];
  }

  /** The transcripts stored under these submission keys (a repeated submit finds its first one). */
  async bySubmissionKeys(
    keys: readonly string[],
    q: Queryable = this.db,
  ): Promise<Array<StoredTranscript & { submissionKey: string }>> {
    const { rows } = await q.query<Row>(
      `SELECT ${COLUMNS} FROM transcripts WHERE submission_key = ANY($1::text[])`,
      [keys],
    );
    return rows
      .map(toTranscript)
      .filter((t): t is StoredTranscript & { submissionKey: string } => t.submissionKey !== null);
  }

  async current(requestId: number, q: Queryable = this.db): Promise<StoredTranscript | undefined> {
    const { rows } = await q.query<Row>(
      `SELECT ${COLUMNS} FROM transcripts WHERE request_id = $1 AND superseded_at IS NULL`,
      [requestId],
    );
    return rows[0] ? toTranscript(rows[0]) : undefined;
  }

  async versions(requestId: number): Promise<StoredTranscript[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM transcripts WHERE request_id = $1 ORDER BY version`,
      [requestId],
    );
    return rows.map(toTranscript);
  }

  async content(id: number): Promise<Buffer | undefined> {
    // As base64 text: see PendingUploadRepository on bytea in the embedded database.
    const { rows } = await this.db.query<Row>(
      "SELECT encode(content, 'base64') AS content FROM transcripts WHERE id = $1",
      [id],
    );
    return rows[0] ? read(rows[0]).base64('content') : undefined;
  }
}
