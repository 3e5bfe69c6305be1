/**
 * The seven operations of the exchange, named as in the WSDL, with their REST route, who may call
 * them, their input/output schemas and the service call. Both bindings are generated from this list.
 */
import type { ExchangeService } from '../central/exchange-service.js';
import type {
  Caller,
  IntakeRequest,
  LeaseInput,
  ReleaseInput,
  ReportErrorInput,
  CancelInput,
  StatusInput,
} from '../central/exchange-types.js';
import { MalformedMessage } from './errors.js';

export type OperationName =
  | 'SubmitTranscriptRequest'
  | 'CancelTranscriptRequest'
  | 'GetRequestStatus'
  | 'LeasePendingRequests'
  | 'SubmitTranscript'
  | 'ReportAutoProcessError'
  | 'ReleaseLease';

export interface Operation {
  name: OperationName;
  summary: string;
  method: 'get' | 'post';
  /** Express-style path under /api/v1. */
  path: string;
  /** Credential kinds allowed. */
  kinds: Array<Caller['kind']>;
  input: string;
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

function matchResult(input: Record<string, unknown>): unknown {
  if (input.matchResult !== undefined) return input.matchResult;
  if (typeof input.matchResultJson !== 'string' || input.matchResultJson.trim() === '') return undefined;
  try {
    return JSON.parse(input.matchResultJson);
  } catch {
    throw MalformedMessage('matchResultJson is not valid JSON');
  }
}

export const OPERATIONS: Operation[] = [
  {
    name: 'SubmitTranscriptRequest',
    summary: 'File a transcript request from the application system (idempotent by reference number).',
    method: 'post',
    path: '/requests',
    kinds: ['INTAKE'],
    input: 'IntakeRequest',
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
    output: 'SubmitTranscriptResult',
    success: (o) => (o.created ? 201 : 200),
    run: (s, c, i) =>
      s.submitTranscript(c, {
        referenceNumber: String(i.referenceNumber),
        owner: String(i.owner),
        studentNumber: String(i.studentNumber),
        submissionKey: String(i.submissionKey),
        transcript: transcriptBytes(i),
        pinned: i.pinned === true,
      }),
  },
  {
    name: 'ReportAutoProcessError',
    summary:
      'Report that a leased request could not be processed automatically (« Erreur d’autotraitement »), with the reason and candidates.',
    method: 'post',
    path: '/agent/requests/:referenceNumber/auto-process-error',
    kinds: ['AGENT'],
    input: 'ReportErrorInput',
    output: 'ReportErrorResult',
    success: () => 200,
    run: (s, c, i) => {
      const { matchResultJson: _json, ...rest } = i;
      return s.reportError(c, { ...(rest as unknown as ReportErrorInput), matchResult: matchResult(i) });
    },
  },
  {
    name: 'ReleaseLease',
    summary: 'Hand a leased request back, now or after a delay (back-off after an outage).',
    method: 'post',
    path: '/agent/requests/:referenceNumber/release',
    kinds: ['AGENT'],
    input: 'ReleaseInput',
    output: 'ReleaseResult',
    success: () => 200,
    run: (s, c, i) => s.releaseLease(c, i as unknown as ReleaseInput),
  },
];

export const OPERATION_BY_NAME = new Map(OPERATIONS.map((o) => [o.name, o]));
