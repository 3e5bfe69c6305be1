/**
 * Filing a PESC Transcript Request v1.4.0, for both bindings (REST `POST /api/v1/pesc/transcript-requests`
 * and the SOAP operation SubmitPescTranscriptRequest): the document is read by the one mapping of
 * src/pesc/request.ts, filed as SubmitTranscriptRequest files a request (same checks, same faults),
 * and acknowledged with a PESC Transcript Response "TranscriptRequestReceived" sent back to the party
 * that sent the document (its Source), from the school as the central knows it
 * (src/requests/pesc-acknowledgement.ts). An application centre named beside the document (REST
 * `?origin=`) that is not the one its Source names is refused (ETMS_E_ORIGIN_CONFLICT). A RequestTrackingID that
 * is not one of our reference numbers is the application centre's own: the request is filed under a
 * number the central assigns, keeps the ID, and is found again by it (same origin) when sent twice.
 */
import type { AppContext } from '../context.js';
import { Forbidden } from '../errors.js';
import type { Caller } from '../exchange/contract.js';
import type { ExchangeService } from '../exchange/service.js';
import { readPescRequest } from '../pesc/request-reading.js';
import { checkInput } from './validate.js';
import { pescAcknowledgement } from '../requests/pesc-acknowledgement.js';
import type { Origin } from '../domain/request.js';

/** The SOAP operation's name (the WSDL's), also the REST route's operationId and named in faults. */
export const PESC_OPERATION = 'SubmitPescTranscriptRequest';
/** The REST route, under /api/v1. */
export const PESC_REQUESTS_PATH = '/pesc/transcript-requests';
export const PESC_SUMMARY =
  "File a transcript request sent as a PESC Transcript Request v1.4.0 document (application/xml), with the checks of SubmitTranscriptRequest; the answer is a PESC Transcript Response (TranscriptRequestReceived). Source MutuallyDefined OCAS or OUAC names the application centre (REST: or ?origin=, which may not name the other one: 400 ETMS_E_ORIGIN_CONFLICT). The answer is addressed to the document's Source (its Destination), from the school by its BSID and its name as the central knows them, and names the destination college as its Receiver. A RequestTrackingID that is not a reference number (H + YYYYMMDD + sequence) is the centre's own (1 to 35 characters): the request gets a reference number of the central's (in the answer's UserDefinedExtensions), the same ID again from the same centre finds it, and every PESC document sent back about it echoes the ID.";

/** Only the application system files requests, as with SubmitTranscriptRequest. */
export function requireIntakeCaller(caller: Caller): void {
  if (caller.kind !== 'INTAKE') throw Forbidden({ operation: PESC_OPERATION, credential: caller.kind });
}

/** Reads, files and acknowledges one PESC Transcript Request document. */
export async function filePescRequest(
  ctx: AppContext,
  service: ExchangeService,
  caller: Caller,
  body: Buffer,
  origin: Origin | undefined,
): Promise<{ created: boolean; xml: string }> {
  requireIntakeCaller(caller);
  const { request, requester, partnerTrackingId } = await readPescRequest(body, {
    maxBytes: ctx.config.upload.maxBytes,
    origin,
    // A credential bound to one application centre names it when neither the document nor the caller does.
    defaultOrigin: caller.kind === 'INTAKE' ? caller.origin : undefined,
  });
  // What the PESC schema allows (a BirthDate of 9999-12-31) is held to the exchange's own rules.
  checkInput('rest', PESC_OPERATION, 'IntakeRequest', request);
  const result = await service.submitRequest(
    caller,
    request,
    partnerTrackingId ? { partnerTrackingId } : undefined,
  );
  const xml = await pescAcknowledgement(ctx, caller, result.referenceNumber, requester);
  return { created: result.created, xml };
}
