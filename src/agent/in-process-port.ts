/**
 * The CentralPort when the agent runs inside the central's process: direct calls of the exchange
 * service, same checks. The process that runs both roles builds the service and hands it over.
 */
import type { ExchangeService } from '../exchange/service.js';
import type { Caller, ReportErrorResult, SubmitTranscriptResult } from '../exchange/contract.js';
import { outcomeOf } from '../exchange/outcomes.js';
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
