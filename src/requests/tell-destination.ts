/**
 * A request that ends without a transcript is told to its destination: a PESC Transcript Response
 * is queued for the next transmission (src/pesc/response.ts says which status becomes which response).
 */
import type { AppContext } from '../context.js';
import type { TranscriptRequest } from '../domain/request.js';
import { RESPONSE_FOR_STATUS } from '../pesc/response.js';

export async function tellDestination(ctx: AppContext, request: TranscriptRequest): Promise<void> {
  if (RESPONSE_FOR_STATUS[request.status] === undefined) return;
  await ctx.store.deliveries.createResponse(request, request.status);
}
