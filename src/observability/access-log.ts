/**
 * One line per HTTP request (pino-http): request id, method, route pattern, status, duration and
 * response size. No path as typed, no query string, no header: nothing a student could be found by.
 */
import type { RequestHandler, Request, Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../log.js';
import { requestIdOf } from './request-id.js';
import { routeOf } from './route.js';

export function accessLog(log: Logger): RequestHandler {
  return pinoHttp({
    logger: log.child({ component: 'http' }),
    genReqId: (req, res) => requestIdOf(req, res),
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    customSuccessMessage: (req, res) =>
      `${req.method} ${routeOf(req as Request, res as Response)} ${res.statusCode}`,
    customErrorMessage: (req, res) =>
      `${req.method} ${routeOf(req as Request, res as Response)} ${res.statusCode}`,
    customAttributeKeys: { responseTime: 'ms' },
    // The route is known once the request was handled.
    customSuccessObject: (req, res, fields: object) => ({
      ...fields,
      route: routeOf(req as Request, res as Response),
    }),
    customErrorObject: (req, res, _error, fields: object) => ({
      ...fields,
      route: routeOf(req as Request, res as Response),
    }),
    serializers: {
      // Bound when the request arrives: its id and method, nothing of its path.
      req: (req: { id: unknown; method: string }) => ({ id: req.id, method: req.method }),
      res: (res: { statusCode: number; raw: Response }) => ({
        status: res.statusCode,
        bytes: Number(res.raw.getHeader('content-length') ?? 0) || undefined,
      }),
    },
    // Probes and scrapes come many times a minute and say nothing about the work.
    autoLogging: {
      ignore: (req) => ['/healthz', '/readyz', '/metrics'].includes((req.url ?? '').split('?')[0]),
    },
    quietReqLogger: true,
  });
}
