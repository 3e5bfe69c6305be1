/**
 * One line per HTTP request (pino-http): request id, method, route pattern, status, duration and
 * response size, and the fault code of an answer that noted one (a SOAP fault). No path as typed, no
 * query string, no header: nothing a student could be found by.
 */
import type { RequestHandler, Request, Response } from 'express';
import { pinoHttp } from 'pino-http';
import { answerFaultOf, type Logger } from '../log.js';
import { requestIdOf } from './request-id.js';
import { routeOf } from './route.js';

export function accessLog(log: Logger): RequestHandler {
  return pinoHttp({
    logger: log.child({ component: 'http' }),
    genReqId: (req, res) => requestIdOf(req, res),
    // A refused SOAP message (a Client fault, HTTP 500 as SOAP 1.1 wants) is a client's mistake, as a 4xx is.
    customLogLevel: (_req, res, error) =>
      !error && answerFaultOf(res as Response)?.side === 'client'
        ? 'warn'
        : error || res.statusCode >= 500
          ? 'error'
          : res.statusCode >= 400
            ? 'warn'
            : 'info',
    customSuccessMessage: (req, res) =>
      `${req.method} ${routeOf(req as Request, res as Response)} ${res.statusCode}`,
    customErrorMessage: (req, res) => {
      const fault = answerFaultOf(res as Response);
      return `${req.method} ${routeOf(req as Request, res as Response)} ${res.statusCode}${fault ? ` ${fault.side} fault ${fault.code}` : ''}`;
    },
    customAttributeKeys: { responseTime: 'ms' },
    // The route is known once the request was handled.
    customSuccessObject: (req, res, fields: object) => ({
      ...fields,
      route: routeOf(req as Request, res as Response),
    }),
    customErrorObject: (req, res, error, fields: object) => {
      const fault = answerFaultOf(res as Response);
      const route = routeOf(req as Request, res as Response);
      if (!fault) return { ...fields, route };
      // The status alone made this an error line: the fault says what happened, with no stack made up.
      const invented = error.message === `failed with status code ${res.statusCode}`;
      const { err, ...rest } = fields as { err?: unknown };
      return { ...rest, ...(invented ? {} : { err }), route, fault: fault.side, code: fault.code };
    },
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
