/**
 * ReportAutoProcessError and ReportAutoProcessErrors: the agent could not match a request with
 * certainty (or the SIS has no academic data for the student): the request stays in « À traiter »
 * as « Erreur d'autotraitement » with the reason in French and the matcher's candidates for staff
 * to review. A batch is one transaction; an item refused fails alone.
 */
import type { AppContext } from '../context.js';
import { AUTO_ETMS_ACTOR } from '../domain/request.js';
import type { LockedRequest } from '../store/requests.js';
import { RequestNotFound } from '../domain/errors.js';
import { requireAgent } from './access.js';
import { InvalidInput, RequestNotPending } from '../exchange/errors.js';
import { checkBatchSize, inLockedRound, itemError, leaseProblem, rounds } from './batch.js';
import { only, wireResults } from '../exchange/outcomes.js';
import type {
  BatchResult,
  Caller,
  ItemOutcome,
  ReportErrorInput,
  ReportErrorOutcome,
  ReportErrorResult,
  ReportErrorsInput,
} from '../exchange/contract.js';

type Report = ReportErrorsInput['reports'][number];

/** The decision from either of its wire forms; undefined when its JSON text cannot be read. */
function withMatchResult(report: Report): Report | undefined {
  const { matchResultJson, ...rest } = report;
  if (rest.matchResult !== undefined || matchResultJson === undefined || matchResultJson.trim() === '')
    return rest;
  try {
    return { ...rest, matchResult: JSON.parse(matchResultJson) as unknown };
  } catch {
    return undefined;
  }
}

async function reportRound(
  ctx: AppContext,
  boardId: number,
  owner: string,
  items: Array<{ n: number; report: Report }>,
  out: ItemOutcome<ReportErrorResult>[],
): Promise<void> {
  await inLockedRound(
    ctx,
    boardId,
    items.map((i) => i.report.referenceNumber),
    async (tx, locked) => {
      const accepted: Array<{ n: number; report: Report; locked: LockedRequest }> = [];
      for (const { n, report } of items) {
        const ref = report.referenceNumber;
        const l = locked.get(ref);
        if (!l) out[n] = itemError(RequestNotFound(ref));
        else if (l.request.status === 'AUTO_PROCESS_ERROR' && l.request.autoErrorReason === report.reasonFr) {
          // The same report again (its reply was lost): already recorded.
          out[n] = { ok: true, value: { referenceNumber: ref, status: 'AUTO_PROCESS_ERROR' } };
        } else if (l.request.status !== 'ACTION_REQUIRED')
          out[n] = itemError(RequestNotPending(ref, l.request.status));
        else {
          const lost = leaseProblem(ctx, l, owner);
          if (lost) out[n] = itemError(lost);
          else accepted.push({ n, report, locked: l });
        }
      }
      const after = await ctx.store.requests.transitionLocked(
        accepted.map(({ report, locked: l }) => ({
          id: l.request.id,
          before: l.request,
          to: 'AUTO_PROCESS_ERROR' as const,
          actor: AUTO_ETMS_ACTOR,
          reason: report.reasonFr,
          autoErrorReason: report.reasonFr,
          autoErrorCode: report.reasonCode,
          autoErrorReasonEn: report.reasonEn,
          matchResult: report.matchResult ?? null,
          details: { reasonCode: report.reasonCode, reasonEn: report.reasonEn, agent: owner },
        })),
        tx,
      );
      accepted.forEach((a, i) => {
        out[a.n] = {
          ok: true,
          value: { referenceNumber: after[i].referenceNumber, status: after[i].status },
        };
      });
    },
  );
}

/** Every report's outcome, in order. A database failure fails the whole call (nothing is kept). */
export async function reportErrorBatch(
  ctx: AppContext,
  caller: Caller,
  input: ReportErrorsInput,
  operation = 'ReportAutoProcessErrors',
): Promise<ItemOutcome<ReportErrorResult>[]> {
  const agent = requireAgent(caller, operation);
  checkBatchSize(operation, input.reports.length);
  const out: ItemOutcome<ReportErrorResult>[] = new Array(input.reports.length);
  const items: Array<{ n: number; report: Report }> = [];
  input.reports.forEach((report, n) => {
    const read = withMatchResult(report);
    if (read) items.push({ n, report: read });
    else
      out[n] = itemError(
        InvalidInput(operation, [`matchResultJson of ${report.referenceNumber} is not valid JSON`]),
      );
  });
  for (const round of rounds(items, (i) => i.report.referenceNumber))
    await reportRound(ctx, agent.boardId, input.owner, round, out);
  return out;
}

export async function reportError(
  ctx: AppContext,
  caller: Caller,
  input: ReportErrorInput,
): Promise<ReportErrorResult> {
  const { owner, ...report } = input;
  return only(await reportErrorBatch(ctx, caller, { owner, reports: [report] }, 'ReportAutoProcessError'));
}

export async function reportErrors(
  ctx: AppContext,
  caller: Caller,
  input: ReportErrorsInput,
): Promise<BatchResult<ReportErrorOutcome>> {
  return wireResults(await reportErrorBatch(ctx, caller, input), input.reports);
}
