/** GetRequestStatus: where a request stands, with the labels staff see. */
import type { AppContext } from '../context.js';
import { STATUS_CATALOGUE } from '../domain/status.js';
import { compact, iso, visibleRequest } from './access.js';
import type { Caller, RequestStatusView, StatusInput } from '../exchange/contract.js';

export async function getStatus(
  ctx: AppContext,
  caller: Caller,
  input: StatusInput,
): Promise<RequestStatusView> {
  const request = await visibleRequest(ctx, caller, input.referenceNumber);
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
  });
}
