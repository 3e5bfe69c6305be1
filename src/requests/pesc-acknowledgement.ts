/**
 * The acknowledgement of a PESC Transcript Request the intake filed: a Transcript Response
 * "TranscriptRequestReceived" about the request as the central holds it — the school by its BSID and
 * its name in the store (not as the document spelled it), the student as filed — addressed to the
 * party that sent the request (the document's TransmissionData/Source), the answer to its own call.
 */
import type { AppContext } from '../context.js';
import type { Caller } from '../exchange/contract.js';
import { REQUEST_RECEIVED, transcriptResponseXml, type PescOrganization } from '../pesc/response.js';
import { visibleRequest } from './access.js';

export async function pescAcknowledgement(
  ctx: AppContext,
  caller: Caller,
  referenceNumber: string,
  requester: PescOrganization,
): Promise<string> {
  const request = await visibleRequest(ctx, caller, referenceNumber);
  return transcriptResponseXml(request, REQUEST_RECEIVED, { createdAt: ctx.clock(), requester });
}
