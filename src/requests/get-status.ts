/**
 * GetRequestStatus: where a request stands, with the labels staff see, why Auto-eTMS could not
 * process it (in French and English, with the reason's code) and the application centre's own
 * tracking ID when it filed the request under one.
 */
import type { AppContext } from '../context.js';
import { STATUS_CATALOGUE } from '../domain/status.js';
import { compact, identifiedRequest, iso } from './access.js';
import type { Caller, RequestStatusView, StatusInput } from '../exchange/contract.js';

export async function getStatus(
  ctx: AppContext,
  caller: Caller,
  input: StatusInput,
): Promise<RequestStatusView> {
  const request = await identifiedRequest(ctx, caller, input, 'GetRequestStatus');
  const info = STATUS_CATALOGUE[request.status];
  return compact({
    referenceNumber: request.referenceNumber,
    status: request.status,
    statusLabelFr: info.fr,
    statusLabelEn: info.en,
    tab: request.tab,
    lastUpdatedBy: request.lastUpdatedBy,
    updatedAt: request.updatedAt.toISOString(),
    completedAt: iso(request.completedAt),
    completionMethod: request.completionMethod ?? undefined,
    autoErrorReason: request.autoErrorReason ?? undefined,
    autoErrorReasonEn: request.autoErrorReasonEn ?? undefined,
    autoErrorCode: request.autoErrorCode ?? undefined,
    requestTrackingId: request.partnerTrackingId ?? undefined,
  });
}
