/** The CentralPort when the agent runs inside the central's process: direct calls, same checks. */
import type { AppContext } from '../context.js';
import { createExchangeService, type ExchangeService } from '../central/exchange-service.js';
import type { Caller, ReportErrorResult, SubmitTranscriptResult } from '../central/exchange-types.js';
import { outcomeOf } from '../central/batch.js';
import { NoBoard } from '../central/errors.js';
import { batchOwner, type CentralPort } from './central-port.js';

export function createInProcessPort(
  service: ExchangeService,
  caller: Extract<Caller, { kind: 'AGENT' }>,
): CentralPort {
  return {
    transport: 'in-process',
    async lease(max, options) {
      const result = await service.lease(caller, {
        max,
        owner: options.owner,
        includeEndOfTerm: options.includeEndOfTerm,
        leaseSeconds: options.leaseSeconds,
      });
      return result.requests;
    },
    submitTranscript: (s) =>
      service.submitTranscript(caller, {
        referenceNumber: s.referenceNumber,
        owner: s.owner,
        studentNumber: s.studentNumber,
        submissionKey: s.submissionKey,
        transcript: s.xml,
        pinned: s.pinned,
      }),
    reportError: (r) => service.reportError(caller, r),
    release: (r) => service.releaseLease(caller, r),
    async submitTranscripts(submissions) {
      const { results } = await service.submitTranscripts(caller, {
        owner: batchOwner(submissions),
        submissions: submissions.map((s) => ({
          referenceNumber: s.referenceNumber,
          studentNumber: s.studentNumber,
          submissionKey: s.submissionKey,
          transcript: s.xml,
          pinned: s.pinned,
        })),
      });
      return results.map((r) => outcomeOf<SubmitTranscriptResult>(r));
    },
    async reportErrors(reports) {
      const { results } = await service.reportErrors(caller, {
        owner: batchOwner(reports),
        reports: reports.map(({ owner: _owner, ...r }) => r),
      });
      return results.map((r) => outcomeOf<ReportErrorResult>(r));
    },
    async close() {},
  };
}

/** The in-process port for the board named in config.agent.board. */
export async function inProcessPortFor(
  ctx: AppContext,
  boardCode = ctx.config.agent.board,
): Promise<CentralPort> {
  const board = boardCode ? await ctx.store.organisations.boardByCode(boardCode) : undefined;
  if (!board) throw NoBoard(boardCode ?? '');
  return createInProcessPort(createExchangeService(ctx), {
    kind: 'AGENT',
    credentialId: 'in-process',
    boardId: board.id,
  });
}
