/**
 * PESC over REST: POST a Transcript Request v1.4.0 document (application/xml) to
 * /api/v1/pesc/transcript-requests with an intake credential (Bearer). The request is filed as
 * SubmitTranscriptRequest files a JSON one — same checks, same faults ({code, message} in JSON) —
 * and the answer is a PESC Transcript Response "TranscriptRequestReceived" (201 new, 200 known).
 */
import express, { type Request, type Response, type Router } from 'express';
import type { AppContext } from '../context.js';
import { Forbidden, Internal, isEtmsError } from '../errors.js';
import { InvalidInput } from '../exchange/errors.js';
import type { ExchangeService } from '../exchange/service.js';
import { readPescTranscriptRequest } from '../pesc/request.js';
import { REQUEST_RECEIVED, transcriptResponseXml } from '../pesc/response.js';
import type { Origin } from '../domain/request.js';
import { parseBearer } from './credentials.js';
import { credentialGate, retryAfterOf } from './credential-gate.js';
import { readBody } from './body.js';
import { MalformedMessage, Unauthenticated } from './errors.js';

export const PESC_REQUESTS_PATH = '/pesc/transcript-requests';

/** Reads, files and acknowledges one PESC Transcript Request; shared by the REST and SOAP bindings. */
export async function filePescRequest(
  ctx: AppContext,
  service: ExchangeService,
  caller: Parameters<ExchangeService['submitRequest']>[0],
  body: Buffer,
  origin: Origin | undefined,
): Promise<{ created: boolean; xml: string }> {
  const { request, schoolName } = await readPescTranscriptRequest(body, {
    maxBytes: ctx.config.upload.maxBytes,
    origin,
  });
  const result = await service.submitRequest(caller, request);
  const xml = transcriptResponseXml(
    {
      referenceNumber: result.referenceNumber,
      firstName: request.firstName ?? null,
      lastName: request.lastName ?? null,
      previousLastName: request.previousLastName ?? null,
      birthDate: request.birthDate ?? null,
      gender: request.gender ?? null,
      schoolBsid: request.schoolBsid,
      schoolName,
      destinationCode: request.destinationCode ?? null,
      destinationName: request.destinationName ?? null,
    },
    REQUEST_RECEIVED,
    { createdAt: ctx.clock() },
  );
  return { created: result.created, xml };
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
      if (caller.kind !== 'INTAKE')
        throw Forbidden({ operation: 'SubmitTranscriptRequest', credential: caller.kind });
      if (!/^(application|text)\/(.+\+)?xml\b/i.test(String(req.headers['content-type'] ?? '')))
        throw MalformedMessage('send the PESC Transcript Request as application/xml');
      const body = await readBody(req, ctx.config.upload.maxBytes);
      const origin =
        req.query.origin === 'OCAS' || req.query.origin === 'OUAC' ? req.query.origin : undefined;
      const { created, xml } = await filePescRequest(ctx, service, caller, body, origin);
      res
        .status(created ? 201 : 200)
        .type('application/xml')
        .send(xml);
    } catch (error) {
      if (isEtmsError(error)) {
        const retryAfter = retryAfterOf(error);
        if (retryAfter) res.setHeader('Retry-After', retryAfter);
        const details = InvalidInput.is(error) ? error.details : undefined;
        res
          .status(error.status)
          .json({ code: error.code, message: error.message, ...(details ? { details } : {}) });
        return;
      }
      ctx.log.error({ err: error }, 'PESC request intake failed');
      const internal = Internal();
      res.status(internal.status).json({ code: internal.code, message: internal.message });
    }
  });
  return router;
}
