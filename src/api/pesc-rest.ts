/**
 * PESC over REST: POST a Transcript Request v1.4.0 document (application/xml) to
 * /api/v1/pesc/transcript-requests with an intake credential (Bearer). The request is filed as
 * SubmitTranscriptRequest files a JSON one — same checks, same faults (problem details, as the rest
 * of the REST binding answers them; another method is 405 with Allow) —
 * and the answer is a PESC Transcript Response "TranscriptRequestReceived" (201 new, 200 known).
 * `?origin=` names the application centre when the document does not; naming the other centre than
 * the document's Source is 400 ETMS_E_ORIGIN_CONFLICT, a value other than OCAS or OUAC 400
 * ETMS_E_INVALID_INPUT.
 * The SOAP binding files the same documents through the same code (pesc-intake.ts).
 */
import express, { type Request, type Response, type Router } from 'express';
import type { AppContext } from '../context.js';
import type { ExchangeService } from '../exchange/service.js';
import { PESC_OPERATION, PESC_REQUESTS_PATH, filePescRequest, requireIntakeCaller } from './pesc-intake.js';
import { InvalidInput } from '../exchange/errors.js';
import type { Origin } from '../domain/request.js';

export { PESC_REQUESTS_PATH };
import { parseBearer } from './credentials.js';
import { credentialGate } from './credential-gate.js';
import { bodiesInFlight, readBody } from './body.js';
import { MethodNotAllowed, Unauthenticated, UnsupportedMediaType } from './errors.js';
import { sendError } from './rest.js';

/**
 * `?origin=`: OCAS, OUAC or absent. Any other value (another centre, a repeated parameter) is refused
 * rather than passed over: the request would otherwise be filed for a centre the caller did not say.
 */
function originParameter(value: unknown): Origin | undefined {
  if (value === undefined) return undefined;
  if (value === 'OCAS' || value === 'OUAC') return value;
  const shown = (Array.isArray(value) ? value.map(String).join(', ') : String(value)).slice(0, 40);
  throw InvalidInput(PESC_OPERATION, [`origin is OCAS or OUAC, given once (not "${shown}")`]);
}

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
      const origin = originParameter(req.query.origin);
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
