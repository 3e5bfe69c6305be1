/** The CentralPort over REST: JSON to /api/v1 with the agent's Bearer credential. */
import { errorFromWire } from '../errors.js';
import type {
  BatchResult,
  LeaseResult,
  ReportErrorOutcome,
  ReportErrorResult,
  SubmitTranscriptOutcome,
  SubmitTranscriptResult,
} from '../exchange/contract.js';
import { outcomeOf } from '../exchange/outcomes.js';
import { batchOwner, submissionFields, type CentralPort, type ErrorReport } from './central-port.js';
import { centralUnavailable } from './errors.js';

export interface RemotePortOptions {
  /** The central's base URL, e.g. https://central.example.org */
  url: string;
  credentialId: string;
  secret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

function reportBody(r: ErrorReport) {
  return {
    referenceNumber: r.referenceNumber,
    reasonCode: r.reasonCode,
    reasonFr: r.reasonFr,
    reasonEn: r.reasonEn,
    ...(r.matchResult !== undefined ? { matchResult: r.matchResult } : {}),
  };
}

export function createRestPort(options: RemotePortOptions): CentralPort {
  const base = `${options.url.replace(/\/+$/, '')}/api/v1`;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function call<T>(path: string, body: unknown): Promise<T> {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${options.credentialId}.${options.secret}`,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw centralUnavailable(`POST ${path}: ${(error as Error).message}`, error);
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.ok && parsed && typeof parsed === 'object') return parsed as T;
    const problem = parsed as { code?: string; message?: string } | undefined;
    if (response.status >= 500 || !problem?.code)
      throw centralUnavailable(
        `POST ${path} answered HTTP ${response.status}${problem?.code ? ` ${problem.code}` : ''}`,
      );
    throw errorFromWire({
      code: problem.code,
      message: problem.message ?? `HTTP ${response.status}`,
      status: response.status,
    });
  }

  const ref = (r: string) => encodeURIComponent(r);
  return {
    transport: 'rest',
    async lease(max, o) {
      const result = await call<LeaseResult>('/agent/leases', {
        owner: o.owner,
        max,
        includeEndOfTerm: o.includeEndOfTerm,
        ...(o.leaseSeconds ? { leaseSeconds: o.leaseSeconds } : {}),
      });
      return result.requests;
    },
    submitTranscript: (s) => {
      const { referenceNumber: _ref, ...body } = submissionFields(s);
      return call<SubmitTranscriptResult>(`/agent/requests/${ref(s.referenceNumber)}/transcript`, {
        ...body,
        owner: s.owner,
      });
    },
    reportError: (r) => {
      const { referenceNumber: _ref, ...body } = reportBody(r);
      return call<ReportErrorResult>(`/agent/requests/${ref(r.referenceNumber)}/auto-process-error`, {
        ...body,
        owner: r.owner,
      });
    },
    release: (r) =>
      call<{ released: boolean }>(`/agent/requests/${ref(r.referenceNumber)}/release`, {
        owner: r.owner,
        ...(r.delaySeconds !== undefined ? { delaySeconds: r.delaySeconds } : {}),
        ...(r.failed !== undefined ? { failed: r.failed } : {}),
        ...(r.error ? { error: r.error.slice(0, 1000) } : {}),
      }),
    async submitTranscripts(submissions) {
      const { results } = await call<BatchResult<SubmitTranscriptOutcome>>('/agent/transcripts', {
        owner: batchOwner(submissions),
        submissions: submissions.map(submissionFields),
      });
      return results.map((r) => outcomeOf<SubmitTranscriptResult>(r));
    },
    async reportErrors(reports) {
      const { results } = await call<BatchResult<ReportErrorOutcome>>('/agent/auto-process-errors', {
        owner: batchOwner(reports),
        reports: reports.map(reportBody),
      });
      return results.map((r) => outcomeOf<ReportErrorResult>(r));
    },
    async close() {},
  };
}
