/**
 * The store's side of /metrics: counts read on each scrape. Each query is bounded: per-status counts
 * come from request_counts (kept by a trigger), leases, deliveries and the mail queue from their
 * partial indexes; only failed e-mails are counted over the table, under a statement timeout.
 */
import type { Db } from './db.js';
import { read } from './row.js';
import { STATUSES, type Status } from '../domain/status.js';

export interface OperationalCounts {
  requestsByStatus: Array<{ status: Status; count: number }>;
  leases: {
    /** Requests leased by an agent or the upload processor, lease not yet expired. */
    active: number;
    /** Leased, expired and not handed back: their holder stopped or lost its way; they are leased again. */
    expired: number;
    /** The earliest expiry among the active leases. */
    earliestExpiry: Date | null;
  };
  deliveries: { pending: number; failed: number };
  mail: { queued: number; failed: number };
}

/** At most this long for each query of a scrape (PostgreSQL; the embedded database has no timer). */
const STATEMENT_TIMEOUT_MS = 2000;

export class MetricsRepository {
  constructor(private readonly db: Db) {}

  async counts(now: Date): Promise<OperationalCounts> {
    return this.db.transaction(async (tx) => {
      if (this.db.kind === 'postgres') await tx.exec(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
      const statuses = await tx.query(
        'SELECT status, sum(n)::bigint AS n FROM request_counts GROUP BY status ORDER BY status',
      );
      const leases = await tx.query(
        `SELECT count(*) FILTER (WHERE lease_expires_at > $1)::int AS active,
                count(*) FILTER (WHERE lease_expires_at <= $1)::int AS expired,
                min(lease_expires_at) FILTER (WHERE lease_expires_at > $1) AS earliest
           FROM requests
          WHERE status IN ('ACTION_REQUIRED', 'TRANSCRIPT_UPLOADED') AND lease_owner IS NOT NULL`,
        [now],
      );
      const deliveries = await tx.query(
        `SELECT count(*) FILTER (WHERE status = 'PENDING')::int AS pending,
                count(*) FILTER (WHERE status = 'FAILED')::int AS failed
           FROM deliveries WHERE status IN ('PENDING', 'FAILED')`,
      );
      const queued = await tx.query(
        "SELECT count(*)::int AS n FROM email_log WHERE status IN ('QUEUED', 'SENDING')",
      );
      const failed = await tx.query("SELECT count(*)::int AS n FROM email_log WHERE status = 'FAILED'");
      const lease = read(leases.rows[0]);
      const delivery = read(deliveries.rows[0]);
      return {
        requestsByStatus: statuses.rows.map((row) => {
          const r = read(row);
          return { status: r.code('status', STATUSES), count: r.int('n') };
        }),
        leases: {
          active: lease.int('active'),
          expired: lease.int('expired'),
          earliestExpiry: lease.timeOrNull('earliest'),
        },
        deliveries: { pending: delivery.int('pending'), failed: delivery.int('failed') },
        mail: { queued: read(queued.rows[0]).int('n'), failed: read(failed.rows[0]).int('n') },
      };
    });
  }
}
