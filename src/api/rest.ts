/**
 * The REST binding: JSON under /api/v1, Bearer machine credentials, inputs and outputs validated
 * against the OpenAPI schemas, errors as {code, message}.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { AppContext } from '../context.js';
import { Forbidden, Internal, isEtmsError } from '../errors.js';
import type { ExchangeService } from '../exchange/service.js';
import { parseBearer, verifyCredential } from './credentials.js';
import { readBody } from './body.js';
import { MalformedMessage, NoSuchOperation, Unauthenticated } from './errors.js';
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

function sendError(ctx: AppContext, res: Response, error: unknown): void {
  if (isEtmsError(error)) {
    const details = InvalidInput.is(error) || transcriptProblem.has(error) ? error.details : undefined;
    res
      .status(error.status)
      .json({ code: error.code, message: error.message, ...(details ? { details } : {}) });
    return;
  }
  ctx.log.error({ err: error }, 'REST exchange call failed');
  const internal = Internal();
  res.status(internal.status).json({ code: internal.code, message: internal.message });
}

export function restRouter(ctx: AppContext, service: ExchangeService): Router {
  const router = express.Router();
  const limit = restBodyLimit(ctx);
  const document = openApiDocument();
  const page = docsPage();

  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(page);
  });

  for (const op of OPERATIONS) {
    router[op.method](op.path, async (req: Request, res: Response) => {
      try {
        const bearer = parseBearer(req.headers.authorization);
        if (!bearer) throw Unauthenticated('no "Authorization: Bearer <id>.<secret>" header');
        const caller = await verifyCredential(ctx.store, bearer.id, bearer.secret);
        if (!caller) throw Unauthenticated('unknown, revoked or wrong credential');
        if (!op.kinds.includes(caller.kind)) throw Forbidden({ operation: op.name, credential: caller.kind });

        let body: Record<string, unknown> = {};
        if (op.method === 'post') {
          // A JSON parser mounted before this router may have read the body already.
          const parsed =
            (req as Request & { _body?: boolean })._body === true ? (req.body as unknown) : undefined;
          const raw = parsed !== undefined ? Buffer.from(JSON.stringify(parsed)) : await readBody(req, limit);
          const type = String(req.headers['content-type'] ?? '');
          if (raw.length > 0) {
            if (!/^application\/(.+\+)?json\b/i.test(type))
              throw MalformedMessage('send the body as application/json');
            try {
              body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
            } catch {
              throw MalformedMessage('the body is not valid JSON');
            }
            if (!body || typeof body !== 'object' || Array.isArray(body))
              throw MalformedMessage('the body must be a JSON object');
          }
        }
        const input = { ...body, ...req.params };
        checkInput('rest', op.name, op.input, input);
        const output = (await op.run(service, caller, input)) as Record<string, unknown>;
        checkOutput(op.name, op.output, output);
        res.status(op.success(output)).json(output);
      } catch (error) {
        sendError(ctx, res, error);
      }
    });
  }
  router.use((_req, res) => {
    const error = NoSuchOperation(`${API_BASE}/docs`);
    res.status(error.status).json({ code: error.code, message: error.message });
  });
  return router;
}
