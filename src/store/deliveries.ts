/**
 * Deliveries: one record per transcript and destination, sent by the nightly transmission. When a
 * transcript is replaced, the destination must not keep the wrong one: a delivery still pending is
 * cancelled, one already sent gets a RETRACTION delivered with the replacement. Transmissions claim
 * deliveries first, so two replicas never send the same one, and leave a record each.
 */
import type { Db, Queryable, Row } from './db.js';
import { read } from './row.js';
import type { TranscriptRequest } from '../domain/request.js';
import type { TranscriptFormat } from './transcripts.js';
import type { DestinationOutcome } from '../domain/destination-outcome.js';

/** Where a request's transcript goes: its college, or the application centre when none is named. */
export function destinationOf(request: Pick<TranscriptRequest, 'destinationCode' | 'origin'>): string {
  return (request.destinationCode ?? request.origin).trim().toUpperCase();
}

export interface DeliveryPlan {
  transcripts: number;
  retractions: number;
  cancelled: number;
}

export const DELIVERY_KINDS = ['TRANSCRIPT', 'RETRACTION', 'RESPONSE'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];
export const DELIVERY_STATUSES = ['PENDING', 'SENT', 'FAILED', 'CANCELLED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryRow {
  id: number;
  /** Null for a RESPONSE, which carries no transcript. */
  transcriptId: number | null;
  requestId: number;
  destinationCode: string;
  kind: DeliveryKind;
  status: DeliveryStatus;
  attempts: number;
  transmissionId: string | null;
  sentAt: Date | null;
  lastError: string | null;
}

function toDelivery(row: Row): DeliveryRow {
  const r = read(row);
  return {
    id: r.int('id'),
    transcriptId: r.intOrNull('transcript_id'),
    requestId: r.int('request_id'),
    destinationCode: r.text('destination_code'),
    kind: r.code('kind', DELIVERY_KINDS),
    status: r.code('status', DELIVERY_STATUSES),
    attempts: r.int('attempts'),
    transmissionId: r.textOrNull('transmission_id'),
    sentAt: r.timeOrNull('sent_at'),
    lastError: r.textOrNull('last_error'),
  };
}

/** A delivery claimed by a transmission, with what its file needs. */
export type ClaimedDelivery = ClaimedTranscript | ClaimedResponse;

/** A transcript or the retraction of one. */
export interface ClaimedTranscript {
  id: number;
  kind: 'TRANSCRIPT' | 'RETRACTION';
  destination: string;
  transcriptId: number;
  reference: string;
  /** What the destination files the request by: the application centre's own tracking ID, else `reference`. */
  requestTrackingId: string;
  /** The request's destination as named when it was filed (its code is `destination`). */
  destinationName: string | null;
  version: number;
  format: TranscriptFormat;
  sha256: string;
  bytes: number;
  documentId: string | null;
  replacedByDocumentId: string | null;
  replacedByVersion: number | null;
  /** An earlier transcript of the request went to this destination: this one replaces it. */
  reissue: boolean;
}

/** A PESC Transcript Response telling how a request ended without a transcript. */
export interface ClaimedResponse {
  id: number;
  kind: 'RESPONSE';
  destination: string;
  requestId: number;
  reference: string;
  /** The request status the response tells. */
  responseStatus: string;
}

function toClaimed(row: Row): ClaimedDelivery {
  const r = read(row);
  const kind = r.code('kind', DELIVERY_KINDS);
  if (kind === 'RESPONSE')
    return {
      id: r.int('id'),
      kind,
      destination: r.text('destination_code'),
      requestId: r.int('request_id'),
      reference: r.text('reference_number'),
      responseStatus: r.text('response_status'),
    };
  return {
    id: r.int('id'),
    kind,
    destination: r.text('destination_code'),
    transcriptId: r.int('transcript_id'),
    reference: r.text('reference_number'),
    requestTrackingId: r.textOrNull('partner_tracking_id') ?? r.text('reference_number'),
    // A retraction names the transcript by the checksum of what the destination received.
    sha256: (kind === 'RETRACTION' ? r.textOrNull('sent_sha256') : null) ?? r.text('sha256'),
    destinationName: r.textOrNull('destination_name'),
    version: r.int('version'),
    format: r.code('format', ['XML', 'PDF'] as const),
    bytes: r.int('byte_size'),
    documentId: r.textOrNull('document_id'),
    replacedByDocumentId: r.textOrNull('replaced_by_document_id'),
    replacedByVersion: r.intOrNull('replaced_by_version'),
    reissue: r.bool('reissue'),
  };
}

export class DeliveryRepository {
  constructor(private readonly db: Db) {}

  /**
   * A PESC Transcript Response to the request's destination, telling how the request ended without
   * a transcript (a DestinationOutcome, src/domain/destination-outcome.ts); pending transcript
   * deliveries of the request are cancelled (the college must not get a transcript after being told
   * there is none). Safe to run twice. The store queues it inside every status change that ends a
   * request so (store/index.ts).
   */
  async createResponse(
    request: Pick<TranscriptRequest, 'id' | 'destinationCode' | 'origin'>,
    status: DestinationOutcome,
    q: Queryable = this.db,
  ): Promise<number> {
    const run = async (tx: Queryable) => {
      await tx.query(
        `UPDATE deliveries SET status = 'CANCELLED', cancelled_at = now(), last_error = NULL
          WHERE request_id = $1 AND kind = 'TRANSCRIPT' AND status IN ('PENDING', 'FAILED')`,
        [request.id],
      );
      const inserted = await tx.query(
        `INSERT INTO deliveries (request_id, destination_code, kind, response_status)
         VALUES ($1, $2, 'RESPONSE', $3)
         ON CONFLICT (request_id, destination_code, response_status) WHERE kind = 'RESPONSE' DO NOTHING
         RETURNING id`,
        [request.id, destinationOf(request), status],
      );
      return inserted.rows.length;
    };
    return q === this.db ? this.db.transaction(run) : run(q);
  }

  /**
   * Creates the deliveries of a request's current transcript and settles those of its earlier
   * versions, inside the caller's transaction. Safe to run twice (unique keys).
   */
  async createFor(
    tx: Queryable,
    request: Pick<TranscriptRequest, 'id' | 'destinationCode' | 'origin'>,
    transcriptId: number,
    options: { firstVersion?: boolean } = {},
  ): Promise<DeliveryPlan> {
    const destination = destinationOf(request);
    const inserted = await tx.query(
      `INSERT INTO deliveries (transcript_id, request_id, destination_code, kind) VALUES ($1, $2, $3, 'TRANSCRIPT')
       ON CONFLICT (transcript_id, destination_code, kind) DO NOTHING RETURNING id`,
      [transcriptId, request.id, destination],
    );
    // A request's first transcript has no earlier deliveries to settle.
    if (options.firstVersion) return { transcripts: inserted.rows.length, retractions: 0, cancelled: 0 };
    const cancelled = await tx.query(
      `UPDATE deliveries SET status = 'CANCELLED', cancelled_at = now(), last_error = NULL
        WHERE request_id = $1 AND transcript_id <> $2 AND status IN ('PENDING', 'FAILED')
        RETURNING id, kind`,
      [request.id, transcriptId],
    );
    // An XML replacement goes out marked as a PESC reissue (claim), which tells the destination to
    // replace what it has; a PDF cannot say so, so the one already sent is retracted.
    const retractions = await tx.query(
      `INSERT INTO deliveries (transcript_id, request_id, destination_code, kind)
       SELECT d.transcript_id, d.request_id, d.destination_code, 'RETRACTION' FROM deliveries d
        WHERE d.request_id = $1 AND d.transcript_id <> $2 AND d.kind = 'TRANSCRIPT' AND d.status = 'SENT'
          AND (SELECT format FROM transcripts WHERE id = $2) = 'PDF'
       ON CONFLICT (transcript_id, destination_code, kind) DO NOTHING RETURNING id`,
      [request.id, transcriptId],
    );
    return {
      transcripts: inserted.rows.length,
      retractions: retractions.rows.length,
      cancelled: cancelled.rows.length,
    };
  }

  /**
   * createFor for several requests' new transcripts: the first versions (the agent's usual case) in
   * one INSERT, any replacement one by one, as it has earlier deliveries to settle.
   */
  async createMany(
    tx: Queryable,
    items: ReadonlyArray<{
      request: Pick<TranscriptRequest, 'id' | 'destinationCode' | 'origin'>;
      transcriptId: number;
      firstVersion: boolean;
    }>,
  ): Promise<DeliveryPlan[]> {
    const plans: DeliveryPlan[] = items.map(() => ({ transcripts: 0, retractions: 0, cancelled: 0 }));
    const firsts = items.map((item, n) => ({ item, n })).filter(({ item }) => item.firstVersion);
    if (firsts.length > 0) {
      const inserted = await tx.query<Row>(
        `INSERT INTO deliveries (transcript_id, request_id, destination_code, kind)
         SELECT d.transcript_id, d.request_id, d.destination_code, 'TRANSCRIPT'
           FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS d(transcript_id, request_id, destination_code)
         ON CONFLICT (transcript_id, destination_code, kind) DO NOTHING RETURNING transcript_id`,
        [
          firsts.map((f) => f.item.transcriptId),
          firsts.map((f) => f.item.request.id),
          firsts.map((f) => destinationOf(f.item.request)),
        ],
      );
      const created = new Set(inserted.rows.map((row) => read(row).int('transcript_id')));
      for (const { item, n } of firsts) plans[n].transcripts = created.has(item.transcriptId) ? 1 : 0;
    }
    for (let n = 0; n < items.length; n++) {
      if (!items[n].firstVersion)
        plans[n] = await this.createFor(tx, items[n].request, items[n].transcriptId);
    }
    return plans;
  }

  /** Every delivery of a request, oldest first. */
  async ofRequest(requestId: number): Promise<DeliveryRow[]> {
    const { rows } = await this.db.query<Row>('SELECT * FROM deliveries WHERE request_id = $1 ORDER BY id', [
      requestId,
    ]);
    return rows.map(toDelivery);
  }

  /** Records the start of a transmission. */
  async startTransmission(id: string, startedAt: Date): Promise<void> {
    await this.db.query('INSERT INTO transmissions (id, started_at) VALUES ($1, $2)', [id, startedAt]);
  }

  /** Records the end of a transmission with its summary per destination. */
  async finishTransmission(id: string, finishedAt: Date, summary: unknown): Promise<void> {
    await this.db.query('UPDATE transmissions SET finished_at = $2, summary = $3 WHERE id = $1', [
      id,
      finishedAt,
      JSON.stringify(summary),
    ]);
  }

  /**
   * Claims up to `limit` deliveries to send (pending, failed, or claimed by a transmission that died
   * before `staleBefore`) for a transmission, by destination.
   */
  async claim(input: {
    transmissionId: string;
    now: Date;
    staleBefore: Date;
    limit: number;
  }): Promise<ClaimedDelivery[]> {
    const { rows } = await this.db.query<Row>(
      `WITH claimed AS (
         UPDATE deliveries SET claimed_at = $1, transmission_id = $2, attempts = attempts + 1
          WHERE id IN (
            SELECT id FROM deliveries
             WHERE status IN ('PENDING', 'FAILED') AND (claimed_at IS NULL OR claimed_at < $3)
               AND transmission_id IS DISTINCT FROM $2
             ORDER BY destination_code, id LIMIT $4 FOR UPDATE SKIP LOCKED)
          RETURNING id, kind, destination_code, transcript_id, request_id, response_status)
       SELECT c.id, c.kind, c.destination_code, c.transcript_id, c.request_id, c.response_status,
              t.version, t.format, t.sha256, t.byte_size, t.document_id,
              r.reference_number, r.partner_tracking_id, r.destination_name, n.document_id AS replaced_by_document_id, n.version AS replaced_by_version,
              EXISTS (SELECT 1 FROM deliveries p
                       WHERE p.request_id = c.request_id AND p.destination_code = c.destination_code
                         AND p.kind = 'TRANSCRIPT' AND p.status = 'SENT' AND p.transcript_id <> c.transcript_id
                     ) AS reissue,
              (SELECT s.sent_sha256 FROM deliveries s
                WHERE s.transcript_id = c.transcript_id AND s.destination_code = c.destination_code
                  AND s.kind = 'TRANSCRIPT' AND s.status = 'SENT'
                ORDER BY s.sent_at DESC NULLS LAST LIMIT 1) AS sent_sha256
         FROM claimed c JOIN requests r ON r.id = c.request_id
         LEFT JOIN transcripts t ON t.id = c.transcript_id
         LEFT JOIN transcripts n ON n.id = t.superseded_by
        ORDER BY c.destination_code, c.id`,
      [input.now, input.transmissionId, input.staleBefore, input.limit],
    );
    return rows.map(toClaimed);
  }

  /** The outcome of a transmission's deliveries to one destination, in one transaction. */
  async settle(
    sent: number[],
    failed: Map<number, string>,
    now: Date,
    /** The checksum of the bytes each transcript delivery sent. */
    sentSha256: ReadonlyMap<number, string> = new Map(),
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (sent.length > 0) {
        // A transcript replaced while it was on its way was sent all the same: retract it next time.
        await tx.query(
          `INSERT INTO deliveries (transcript_id, request_id, destination_code, kind)
           SELECT transcript_id, request_id, destination_code, 'RETRACTION' FROM deliveries
            WHERE id = ANY($1::bigint[]) AND status = 'CANCELLED' AND kind = 'TRANSCRIPT'
           ON CONFLICT (transcript_id, destination_code, kind) DO NOTHING`,
          [sent],
        );
        await tx.query(
          `UPDATE deliveries SET status = 'SENT', sent_at = $2, last_error = NULL, cancelled_at = NULL WHERE id = ANY($1::bigint[])`,
          [sent, now],
        );
        if (sentSha256.size > 0)
          await tx.query(
            `UPDATE deliveries d SET sent_sha256 = s.sha256
               FROM unnest($1::bigint[], $2::text[]) AS s(id, sha256) WHERE d.id = s.id`,
            [[...sentSha256.keys()], [...sentSha256.values()]],
          );
      }
      for (const [id, error] of failed) {
        await tx.query(
          `UPDATE deliveries SET status = 'FAILED', last_error = $2 WHERE id = $1 AND status <> 'CANCELLED'`,
          [id, error],
        );
      }
    });
  }
}
