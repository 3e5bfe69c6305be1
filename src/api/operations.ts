/**
 * The operations of the exchange, named as in the WSDL, with their REST route, who may call
 * them, their input/output schemas and the service call. Both bindings are generated from this list.
 */
import type { ExchangeService } from '../exchange/service.js';
import type {
  Caller,
  ReportErrorsInput,
  SubmitTranscriptsInput,
  IntakeRequest,
  LeaseInput,
  ReleaseInput,
  CancelInput,
  StatusInput,
} from '../exchange/contract.js';

export type OperationName =
  | 'SubmitTranscriptRequest'
  | 'CancelTranscriptRequest'
  | 'GetRequestStatus'
  | 'LeasePendingRequests'
  | 'SubmitTranscript'
  | 'ReportAutoProcessError'
  | 'ReleaseLease'
  | 'SubmitTranscripts'
  | 'ReportAutoProcessErrors';

export interface Operation {
  name: OperationName;
  summary: string;
  method: 'get' | 'post';
  /** Express-style path under /api/v1. */
  path: string;
  /** Credential kinds allowed. */
  kinds: Array<Caller['kind']>;
  input: string;
  /** The REST body's schema: the input without the fields the path carries. */
  body: string;
  output: string;
  /** HTTP status of a success (REST). */
  success: (output: Record<string, unknown>) => number;
  run(service: ExchangeService, caller: Caller, input: Record<string, unknown>): Promise<unknown>;
}

function transcriptBytes(input: Record<string, unknown>): string | Buffer {
  if (typeof input.transcriptXml === 'string') return input.transcriptXml;
  const b64 = String(input.transcriptBase64 ?? '').replace(/\s+/g, '');
  return Buffer.from(b64, 'base64');
}

/** A submission as the service takes it, from either of its wire forms. */
function submission(i: Record<string, unknown>): SubmitTranscriptsInput['submissions'][number] {
  return {
    referenceNumber: String(i.referenceNumber),
    studentNumber: String(i.studentNumber),
    submissionKey: String(i.submissionKey),
    transcript: transcriptBytes(i),
    pinned: i.pinned === true,
  };
}

function report(i: Record<string, unknown>): ReportErrorsInput['reports'][number] {
  return i as unknown as ReportErrorsInput['reports'][number];
}

const items = (value: unknown) => (Array.isArray(value) ? (value as Record<string, unknown>[]) : []);

export const OPERATIONS: Operation[] = [
  {
    name: 'SubmitTranscriptRequest',
    summary: 'File a transcript request from the application system (idempotent by reference number).',
    method: 'post',
    path: '/requests',
    kinds: ['INTAKE'],
    input: 'IntakeRequest',
    body: 'IntakeRequest',
    output: 'SubmitRequestResult',
    success: (o) => (o.created ? 201 : 200),
    run: (s, c, i) => s.submitRequest(c, i as unknown as IntakeRequest),
  },
  {
    name: 'CancelTranscriptRequest',
    summary: 'Cancel a request whose transcript has not been sent.',
    method: 'post',
    path: '/requests/:referenceNumber/cancel',
    kinds: ['INTAKE'],
    input: 'CancelInput',
    body: 'CancelBody',
    output: 'CancelResult',
    success: () => 200,
    run: (s, c, i) => s.cancelRequest(c, i as unknown as CancelInput),
  },
  {
    name: 'GetRequestStatus',
    summary: 'The status of a request, with the labels staff see.',
    method: 'get',
    path: '/requests/:referenceNumber',
    kinds: ['INTAKE', 'AGENT'],
    input: 'StatusInput',
    body: 'StatusInput',
    output: 'RequestStatus',
    success: () => 200,
    run: (s, c, i) => s.getStatus(c, i as unknown as StatusInput),
  },
  {
    name: 'LeasePendingRequests',
    summary: "Lease the next requests of the agent's board that wait for Auto-eTMS.",
    method: 'post',
    path: '/agent/leases',
    kinds: ['AGENT'],
    input: 'LeaseInput',
    body: 'LeaseInput',
    output: 'LeaseResult',
    success: () => 200,
    run: (s, c, i) => s.lease(c, i as unknown as LeaseInput),
  },
  {
    name: 'SubmitTranscript',
    summary:
      'Send the transcript built for a leased request; the request is completed (« Relevé électronique envoyé »).',
    method: 'post',
    path: '/agent/requests/:referenceNumber/transcript',
    kinds: ['AGENT'],
    input: 'SubmitTranscriptInput',
    body: 'SubmitTranscriptBody',
    output: 'SubmitTranscriptResult',
    success: (o) => (o.created ? 201 : 200),
    run: (s, c, i) => s.submitTranscript(c, { ...submission(i), owner: String(i.owner) }),
  },
  {
    name: 'ReportAutoProcessError',
    summary:
      'Report that a leased request could not be processed automatically (« Erreur d’autotraitement »), with the reason and candidates.',
    method: 'post',
    path: '/agent/requests/:referenceNumber/auto-process-error',
    kinds: ['AGENT'],
    input: 'ReportErrorInput',
    body: 'ReportErrorBody',
    output: 'ReportErrorResult',
    success: () => 200,
    run: (s, c, i) => s.reportError(c, { ...report(i), owner: String(i.owner) }),
  },
  {
    name: 'ReleaseLease',
    summary: 'Hand a leased request back, now or after a delay (back-off after an outage).',
    method: 'post',
    path: '/agent/requests/:referenceNumber/release',
    kinds: ['AGENT'],
    input: 'ReleaseInput',
    body: 'ReleaseBody',
    output: 'ReleaseResult',
    success: () => 200,
    run: (s, c, i) => s.releaseLease(c, i as unknown as ReleaseInput),
  },
  {
    name: 'SubmitTranscripts',
    summary:
      'Send several transcripts at once (up to 100, one per leased request), stored in one transaction; each has its own result or fault.',
    method: 'post',
    path: '/agent/transcripts',
    kinds: ['AGENT'],
    input: 'SubmitTranscriptsInput',
    body: 'SubmitTranscriptsInput',
    output: 'SubmitTranscriptsResult',
    success: () => 200,
    run: (s, c, i) =>
      s.submitTranscripts(c, { owner: String(i.owner), submissions: items(i.submissions).map(submission) }),
  },
  {
    name: 'ReportAutoProcessErrors',
    summary:
      'Report several requests that could not be processed automatically (up to 100) in one transaction; each has its own result or fault.',
    method: 'post',
    path: '/agent/auto-process-errors',
    kinds: ['AGENT'],
    input: 'ReportErrorsInput',
    body: 'ReportErrorsInput',
    output: 'ReportErrorsResult',
    success: () => 200,
    run: (s, c, i) => s.reportErrors(c, { owner: String(i.owner), reports: items(i.reports).map(report) }),
  },
];
