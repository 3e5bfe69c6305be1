/**
 * Deliveries: one record per transcript and destination, sent by the nightly transmission. When a
 * transcript is replaced, the destination must not keep the wrong one: a delivery still pending is
 * cancelled, one already sent gets a RETRACTION delivered with the replacement.
 */
import type { Queryable, Row } from '../store/db.js';
import type { TranscriptRequest } from '../domain/request.js';

/** Where a request's transcript goes: its college, or the application centre when none is named. */
export function destinationOf(request: Pick<TranscriptRequest, 'destinationCode' | 'origin'>): string {
  return (request.destinationCode ?? request.origin).trim().toUpperCase();
}

export interface DeliveryPlan {
  transcripts: number;
  retractions: number;
  cancelled: number;
}

/**
 * Creates the deliveries of a request's current transcript and settles those of its earlier
 * versions, inside the caller's transaction. Safe to run twice (unique keys).
 */
export async function createDeliveries(
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
  const retractions = await tx.query(
    `INSERT INTO deliveries (transcript_id, request_id, destination_code, kind)
     SELECT d.transcript_id, d.request_id, d.destination_code, 'RETRACTION' FROM deliveries d
      WHERE d.request_id = $1 AND d.transcript_id <> $2 AND d.kind = 'TRANSCRIPT' AND d.status = 'SENT'
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
 * createDeliveries for several requests' new transcripts: the first versions (the agent's usual
 * case) in one INSERT, any replacement one by one, as it has earlier deliveries to settle.
 */
export async function createDeliveriesMany(
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
    const inserted = await tx.query<{ transcript_id: number }>(
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
    const created = new Set(inserted.rows.map((r) => Number(r.transcript_id)));
    for (const { item, n } of firsts) plans[n].transcripts = created.has(item.transcriptId) ? 1 : 0;
  }
  for (let n = 0; n < items.length; n++) {
    if (!items[n].firstVersion)
      plans[n] = await createDeliveries(tx, items[n].request, items[n].transcriptId);
  }
  return plans;
}

export interface DeliveryRow {
  id: number;
  transcriptId: number;
  requestId: number;
  destinationCode: string;
  kind: 'TRANSCRIPT' | 'RETRACTION';
  status: 'PENDING' | 'SENT' | 'FAILED' | 'CANCELLED';
  attempts: number;
  transmissionId: string | null;
  sentAt: Date | null;
  lastError: string | null;
}

export const toDelivery = (r: Row): DeliveryRow => ({
  id: Number(r.id),
  transcriptId: Number(r.transcript_id),
  requestId: Number(r.request_id),
  destinationCode: r.destination_code as string,
  kind: r.kind as DeliveryRow['kind'],
  status: r.status as DeliveryRow['status'],
  attempts: Number(r.attempts),
  transmissionId: (r.transmission_id as string) ?? null,
  sentAt: (r.sent_at as Date) ?? null,
  lastError: (r.last_error as string) ?? null,
});

/** Every delivery of a request, oldest first (for the detail page and tests). */
export async function deliveriesOf(q: Queryable, requestId: number): Promise<DeliveryRow[]> {
  const { rows } = await q.query<Row>('SELECT * FROM deliveries WHERE request_id = $1 ORDER BY id', [
    requestId,
  ]);
  return rows.map(toDelivery);
}
