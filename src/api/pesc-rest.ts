/**
 * PESC over REST: POST a Transcript Request v1.4.0 document (application/xml) to
 * /api/v1/pesc/transcript-requests with an intake credential (Bearer). The request is filed as
 * SubmitTranscriptRequest files a JSON one — same checks, same faults (problem details, as the rest
 * of the REST binding answers them; another method is 405 with Allow) —
 * and the answer is a PESC Transcript Response "TranscriptRequestReceived" (201 new, 200 known).
 * The SOAP binding files the same documents through the same code (pesc-intake.ts).
 */
import express, { type Request, type Response, type Router } from 'express';
import type { AppContext } from '../context.js';
import type { ExchangeService } from '../exchange/service.js';
import { PESC_REQUESTS_PATH, filePescRequest, requireIntakeCaller } from './pesc-intake.js';

export { PESC_REQUESTS_PATH };
import { parseBearer } from './credentials.js';
import { credentialGate } from './credential-gate.js';
import { bodiesInFlight, readBody } from './body.js';
import { MethodNotAllowed, Unauthenticated, UnsupportedMediaType } from './errors.js';
import { sendError } from './rest.js';

export function pescRestRouter(ctx: AppContext, service: ExchangeService): Router {
  const router = express.Router();
  router.post(PESC_REQUESTS_PATH, async (req: Request, res: Response) => {
    try {
      const gate = credentialGate(ctx);
      gate.admit(req.ip);
      const bearer = parseBearer(req.headers.authorization);
      if (!bearer)
        throw await gate.fail(req.ip, Unauthenticated('no "Authorization: Bearer <id>.<secret>" header'));
      const caller = await gate.verify(req.ip, bearer.id, bearer.secret);
      requireIntakeCaller(caller);
      const type = String(req.headers['content-type'] ?? '');
      if (!/^(application|text)\/(.+\+)?xml\b/i.test(type))
        throw UnsupportedMediaType(type, 'application/xml');
      const end = bodiesInFlight(ctx).start(caller.credentialId);
      let body: Buffer;
      try {
        body = await readBody(req, ctx.config.upload.maxBytes);
      } finally {
        end();
      }
      const origin =
        req.query.origin === 'OCAS' || req.query.origin === 'OUAC' ? req.query.origin : undefined;
      const { created, xml } = await filePescRequest(ctx, service, caller, body, origin);
      res
        .status(created ? 201 : 200)
        .type('application/xml')
        .send(xml);
    } catch (error) {
      sendError(ctx, req, res, error);
    }
  });
  router.all(PESC_REQUESTS_PATH, (req: Request, res: Response) => {
    res.set('Allow', 'POST');
    sendError(ctx, req, res, MethodNotAllowed(req.method, ['POST']));
  });
  return router;
}
