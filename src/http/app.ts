/**
 * The HTTP application: request ids and the access log, health probes and /metrics here; the admin
 * pages, the REST API and the SOAP endpoint are mounted by their own modules through the `mounts`
 * list so this file stays the composition root.
 */
import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import type { AppContext } from '../context.js';
import { Internal, isEtmsError } from '../errors.js';
import { DbUnreachable } from '../store/errors.js';
import { accessLog } from '../observability/access-log.js';
import { createHttpMetrics } from '../observability/metrics.js';
import { routeOf } from '../observability/route.js';
import { boundRefusedBodies } from './refused-body.js';

export type Mount = (app: Express, ctx: AppContext) => void;

export interface HttpState {
  /** False while starting up and while shutting down: /readyz answers 503 then. */
  ready: boolean;
}

export function createHttpApp(ctx: AppContext, state: HttpState, mounts: Mount[] = []): Express {
  const app = express();
  app.disable('x-powered-by');
  if (ctx.config.http.trustProxy) app.set('trust proxy', 1);
  const metrics = createHttpMetrics(ctx);
  app.use(accessLog(ctx.log), metrics.observe, boundRefusedBodies);
  app.get('/metrics', metrics.serve);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  let unreachableLoggedAt = -Infinity;
  app.get('/readyz', async (_req, res) => {
    if (!state.ready) {
      res.status(503).json({ status: 'starting or stopping' });
      return;
    }
    try {
      await ctx.store.ping();
      res.json({ status: 'ready', database: ctx.store.db.kind });
    } catch (error) {
      // The reason may name the database's host, port or user: it goes to the log (at most once a
      // minute, probes being frequent), never to whoever asks.
      if (Date.now() - unreachableLoggedAt >= 60_000) {
        unreachableLoggedAt = Date.now();
        ctx.log.warn(
          { code: DbUnreachable.code, err: { message: (error as Error).message } },
          'not ready: the database does not answer',
        );
      }
      res.status(503).json({ status: 'database unreachable', code: DbUnreachable.code });
    }
  });

  for (const mount of mounts) mount(app, ctx);

  // What no part serves: a stable code, never the framework's bare page.
  app.use((req: Request, res: Response) => {
    res.status(404).json({
      code: 'ETMS_E_NOT_FOUND',
      message: `Nothing is served at ${req.method} ${req.path.slice(0, 200)}; see /api/v1/docs for the exchange's addresses.`,
    });
  });

  // Last-resort handler: stable codes for known errors, no internals for the rest.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (isEtmsError(error)) {
      res.status(error.status).json({ code: error.code, message: error.message });
      return;
    }
    ctx.log.error({ err: error, route: routeOf(req, res), requestId: req.id }, 'unhandled error');
    const internal = Internal();
    res.status(internal.status).json({ code: internal.code, message: internal.message });
  });
  return app;
}
