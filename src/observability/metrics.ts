/**
 * /metrics in Prometheus' text format (prom-client): the HTTP latency by route pattern, the
 * transcript requests by status and tab, leases, the delivery backlog and the mail outbox (read
 * from the store on scrape, at most once per STORE_READ_SECONDS, whoever asks), the agent's
 * decisions and Node's own figures. Who may read it is metrics.access: off, loopback or token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppContext } from '../context.js';
import { STATUSES, tabOf } from '../domain/status.js';
import { MetricsRepository, type OperationalCounts } from '../store/metrics.js';
import { processRegistry } from './agent-decisions.js';
import { MetricsLoopbackOnly, MetricsTokenRequired } from './errors.js';
import { routeOf } from './route.js';

/** Scrapes closer together than this share one reading of the store. */
export const STORE_READ_SECONDS = 10;

let defaultsCollected = false;

export interface HttpMetrics {
  registry: Registry;
  /** Times each request, labelled by method, route pattern and status. */
  observe: RequestHandler;
  /** GET /metrics */
  serve: RequestHandler;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function checkAccess(ctx: AppContext, req: Request): void {
  const { access, token } = ctx.config.metrics;
  if (access === 'loopback') {
    // The socket's own address: a proxy on this machine makes every caller look local, so a request
    // that names a forwarded client is refused too.
    const proxied = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
    if (!LOOPBACK.test(req.socket.remoteAddress ?? '') || proxied) throw MetricsLoopbackOnly();
    return;
  }
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const expected = Buffer.from(token ?? '');
  const offered = Buffer.from(given);
  if (!token || offered.length !== expected.length || !timingSafeEqual(offered, expected))
    throw MetricsTokenRequired();
}

export function createHttpMetrics(ctx: AppContext): HttpMetrics {
  if (!defaultsCollected) {
    collectDefaultMetrics({ register: processRegistry });
    defaultsCollected = true;
  }
  const registry = new Registry();
  const duration = new Histogram({
    name: 'etms_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status, and how long they took',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const repository = new MetricsRepository(ctx.store.db);
  let reading: { at: number; counts: Promise<OperationalCounts | undefined> } | undefined;
  let last: OperationalCounts | undefined;
  const readErrors = new Counter({
    name: 'etms_metrics_store_read_errors_total',
    help: 'Scrapes whose reading of the store failed or took too long (the store gauges keep their last values)',
    registers: [registry],
  });
  /** One reading of the store for all the gauges of a scrape, and for the scrapes that follow closely. */
  const counts = async (): Promise<OperationalCounts | undefined> => {
    const now = Date.now();
    if (!reading || now - reading.at >= STORE_READ_SECONDS * 1000) {
      reading = {
        at: now,
        counts: repository.counts(ctx.clock()).then(
          (read) => (last = read),
          (error: unknown) => {
            readErrors.inc();
            ctx.log.warn(
              { err: error },
              'metrics: reading the store failed; the gauges keep their last values',
            );
            return last;
          },
        ),
      };
    }
    return reading.counts;
  };

  new Gauge({
    name: 'etms_requests',
    help: 'Transcript requests by status and by the tab staff find them in',
    labelNames: ['status', 'tab'] as const,
    registers: [registry],
    async collect() {
      const read = await counts();
      if (!read) return;
      for (const status of STATUSES) {
        const count = read.requestsByStatus.find((r) => r.status === status)?.count ?? 0;
        this.set({ status, tab: tabOf(status) }, count);
      }
    },
  });
  new Gauge({
    name: 'etms_leases',
    help: 'Requests leased for work: active, or expired without being handed back (their holder stopped; they are leased again)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const read = await counts();
      if (!read) return;
      this.set({ state: 'active' }, read.leases.active);
      this.set({ state: 'expired' }, read.leases.expired);
    },
  });
  new Gauge({
    name: 'etms_lease_oldest_age_seconds',
    help: 'Age of the oldest active lease, from its expiry and the lease length of agent.leaseSeconds (0 with no lease)',
    registers: [registry],
    async collect() {
      const read = await counts();
      if (!read) return;
      const expiry = read.leases.earliestExpiry;
      const age = expiry
        ? ctx.config.agent.leaseSeconds - (expiry.getTime() - ctx.clock().getTime()) / 1000
        : 0;
      this.set(Math.max(0, age));
    },
  });
  new Gauge({
    name: 'etms_delivery_backlog',
    help: 'Transcript deliveries to colleges not yet sent: pending, or failed and waiting for the next transmission',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const read = await counts();
      if (!read) return;
      this.set({ state: 'pending' }, read.deliveries.pending);
      this.set({ state: 'failed' }, read.deliveries.failed);
    },
  });
  new Gauge({
    name: 'etms_mail_outbox',
    help: 'E-mails to applicants and staff: queued (waiting or being sent) and failed (given up after mail.maxAttempts)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const read = await counts();
      if (!read) return;
      this.set({ state: 'queued' }, read.mail.queued);
      this.set({ state: 'failed' }, read.mail.failed);
    },
  });

  const observe: RequestHandler = (req, res, next) => {
    const end = duration.startTimer();
    res.once('finish', () =>
      end({ method: req.method, route: routeOf(req, res), status: String(res.statusCode) }),
    );
    next();
  };

  const serve: RequestHandler = async (req: Request, res: Response, next: NextFunction) => {
    if (ctx.config.metrics.access === 'off') {
      next();
      return;
    }
    try {
      checkAccess(ctx, req);
      const text = (await registry.metrics()) + (await processRegistry.metrics());
      res.type(registry.contentType).send(text);
    } catch (error) {
      next(error);
    }
  };

  return { registry, observe, serve };
}
