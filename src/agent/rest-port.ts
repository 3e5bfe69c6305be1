/** The CentralPort over REST: JSON to /api/v1 with the agent's Bearer credential. */
import { EtmsError } from '../errors.js';
import type {
  BatchResult,
  LeaseResult,
  ReportErrorOutcome,
  ReportErrorResult,
  SubmitTranscriptOutcome,
  SubmitTranscriptResult,
} from '../central/exchange-types.js';
import { outcomeOf } from '../central/batch.js';
import { batchOwner, type CentralPort } from './central-port.js';
import { centralUnavailable } from './errors.js';

export interface RemotePortOptions {
  /** The central's base URL, e.g. https://central.example.org */
  url: string;
  credentialId: string;
  secret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
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
    throw new EtmsError(problem.code, problem.message ?? `HTTP ${response.status}`, {
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
    submitTranscript: (s) =>
      call<SubmitTranscriptResult>(`/agent/requests/${ref(s.referenceNumber)}/transcript`, {
        owner: s.owner,
        studentNumber: s.studentNumber,
        submissionKey: s.submissionKey,
        transcriptBase64: Buffer.from(s.xml).toString('base64'),
        pinned: s.pinned,
      }),
    reportError: (r) =>
      call<ReportErrorResult>(`/agent/requests/${ref(r.referenceNumber)}/auto-process-error`, {
        owner: r.owner,
        reasonCode: r.reasonCode,
        reasonFr: r.reasonFr,
        reasonEn: r.reasonEn,
        ...(r.matchResult !== undefined ? { matchResult: r.matchResult } : {}),
      }),
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
        submissions: submissions.map((s) => ({
          referenceNumber: s.referenceNumber,
          studentNumber: s.studentNumber,
          submissionKey: s.submissionKey,
          transcriptBase64: Buffer.from(s.xml).toString('base64'),
          pinned: s.pinned,
        })),
      });
      return results.map((r) => outcomeOf<SubmitTranscriptResult>(r));
    },
    async reportErrors(reports) {
      const { results } = await call<BatchResult<ReportErrorOutcome>>('/agent/auto-process-errors', {
        owner: batchOwner(reports),
        reports: reports.map((r) => ({
          referenceNumber: r.referenceNumber,
          reasonCode: r.reasonCode,
          reasonFr: r.reasonFr,
          reasonEn: r.reasonEn,
          ...(r.matchResult !== undefined ? { matchResult: r.matchResult } : {}),
        })),
      });
      return results.map((r) => outcomeOf<ReportErrorResult>(r));
    },
    async close() {},
  };
}
