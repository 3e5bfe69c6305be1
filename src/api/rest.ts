/**
 * The REST binding: JSON under /api/v1, Bearer machine credentials, inputs and outputs validated
 * against the OpenAPI schemas, errors as {code, message}.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { AppContext } from '../context.js';
import { Forbidden, Internal, isEtmsError, type EtmsError } from '../errors.js';
import type { ExchangeService } from '../exchange/service.js';
import { parseBearer } from './credentials.js';
import { credentialGate, retryAfterOf } from './credential-gate.js';
import { bodiesInFlight, readBody } from './body.js';
import { announcesBody } from '../http/refused-body.js';
import {
  MalformedMessage,
  MethodNotAllowed,
  NoSuchOperation,
  Unauthenticated,
  UnsupportedMediaType,
} from './errors.js';
import { InvalidInput } from '../exchange/errors.js';
import { transcriptProblem } from '../transcript/errors.js';
import { OPERATIONS } from './operations.js';
import { checkInput, checkOutput } from './validate.js';
import { docsPage } from './docs.js';
import { API_BASE, openApiDocument } from './openapi.js';

/** JSON bodies: a transcript (as text or base64) plus its envelope. */
export function restBodyLimit(ctx: AppContext): number {
  return Math.ceil(ctx.config.upload.maxBytes * 1.4) + 64 * 1024;
}

/** RFC 9457 problem details, with the stable code and its sentence kept as `code` and `message`. */
export function problem(error: EtmsError, instance?: string): Record<string, unknown> {
  const details =
    InvalidInput.is(error) || transcriptProblem.has(error) || Forbidden.is(error) ? error.details : undefined;
  return {
    type: `urn:etms:error:${error.code}`,
    title: error.code,
    status: error.status,
    detail: error.message,
    ...(instance ? { instance } : {}),
    code: error.code,
    message: error.message,
    ...(details ? { details } : {}),
  };
}

/** Answers an error of the REST binding as problem details (unknown errors logged, as ETMS_E_INTERNAL). */
export function sendError(ctx: AppContext, req: Request, res: Response, error: unknown): void {
  let failure: EtmsError;
  if (isEtmsError(error)) failure = error;
  else {
    ctx.log.error({ err: error }, 'REST exchange call failed');
    failure = Internal();
  }
  const retryAfter = retryAfterOf(failure);
  if (retryAfter) res.setHeader('Retry-After', retryAfter);
  if (Unauthenticated.is(failure)) {
    res.set('WWW-Authenticate', 'Bearer realm="etms-exchange"');
    // Nothing of an unauthenticated body is read: the connection is not kept for another request.
    res.set('Connection', 'close');
  }
  // A 415 names the media type the operation reads (RFC 9110 §12.5.1: Accept in a response).
  if (UnsupportedMediaType.is(failure)) res.set('Accept', String(failure.details?.accept));
  res
    .status(failure.status)
    .type('application/problem+json')
    .send(JSON.stringify(problem(failure, req.originalUrl.split('?')[0])));
}

export function restRouter(ctx: AppContext, service: ExchangeService): Router {
  const router = express.Router();
  const limit = restBodyLimit(ctx);
  const document = openApiDocument();
  const page = docsPage();
  const gate = credentialGate(ctx);
  const bodies = bodiesInFlight(ctx);

  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(page);
  });

  for (const op of OPERATIONS) {
    router[op.method](op.path, async (req: Request, res: Response) => {
      try {
        gate.admit(req.ip);
        const bearer = parseBearer(req.headers.authorization);
        if (!bearer)
          throw await gate.fail(req.ip, Unauthenticated('no "Authorization: Bearer <id>.<secret>" header'));
        const caller = await gate.verify(req.ip, bearer.id, bearer.secret);
        if (!op.kinds.includes(caller.kind)) throw Forbidden({ operation: op.name, credential: caller.kind });

        let body: Record<string, unknown> = {};
        if (op.method === 'post') {
          // A JSON parser mounted before this router may have read the body already.
          const parsed =
            (req as Request & { _body?: boolean })._body === true ? (req.body as unknown) : undefined;
          const type = String(req.headers['content-type'] ?? '');
          const json = /^application\/(.+\+)?json\b/i.test(type);
          // A body announced in another media type is refused before it is read.
          if (!json && parsed === undefined && announcesBody(req))
            throw UnsupportedMediaType(type, 'application/json');
          let raw: Buffer;
          if (parsed !== undefined) raw = Buffer.from(JSON.stringify(parsed));
          else {
            const end = bodies.start(caller.credentialId);
            try {
              raw = await readBody(req, limit);
            } finally {
              end();
            }
          }
          if (raw.length > 0) {
            if (!json) throw UnsupportedMediaType(type, 'application/json');
            try {
              body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
            } catch {
              throw MalformedMessage('the body is not valid JSON');
            }
            if (!body || typeof body !== 'object' || Array.isArray(body))
              throw MalformedMessage('the body must be a JSON object');
          }
        }
        // Path and query parameters come from there alone: the body's schema does not have them.
        if (op.method === 'post') checkInput('rest', op.name, op.body, body);
        const query = Object.fromEntries(
          (op.query ?? []).filter((name) => req.query[name] !== undefined).map((n) => [n, req.query[n]]),
        );
        const input = { ...body, ...query, ...req.params };
        checkInput('rest', op.name, op.input, input);
        const output = (await op.run(service, caller, input)) as Record<string, unknown>;
        checkOutput(op.name, op.output, output);
        res.status(op.success(output)).json(output);
      } catch (error) {
        sendError(ctx, req, res, error);
      }
    });
  }
  // A known path with another method: 405 and the methods it has.
  const methods = new Map<string, string[]>();
  for (const op of OPERATIONS)
    methods.set(op.path, [...(methods.get(op.path) ?? []), op.method.toUpperCase()]);
  for (const [path, allowed] of methods) {
    const allow = allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed;
    router.all(path, (req, res) => {
      res.set('Allow', allow.join(', '));
      sendError(ctx, req, res, MethodNotAllowed(req.method, allow));
    });
  }
  router.use((req, res) => {
    sendError(ctx, req, res, NoSuchOperation(`${API_BASE}/docs`));
  });
  // The router could not decode a path parameter (a % not followed by the UTF-8 of a character, as
  // in TRK%A1): the path is unreadable, which is the caller's mistake, not the server's.
  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (error instanceof URIError)
      sendError(
        ctx,
        req,
        res,
        MalformedMessage('the path holds a % that encodes no character; percent-encode the value as UTF-8'),
      );
    else next(error);
  });
  return router;
}
