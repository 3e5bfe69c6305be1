/**
 * The operations of the exchange, named as in the WSDL, with their REST route, who may call
 * them, their input/output schemas and the service call. Both bindings are generated from this list.
 */
import type { ExchangeService } from '../exchange/service.js';
import type { Caller, ReportErrorInput, SubmitTranscriptInput } from '../exchange/contract.js';
import type { SchemaName, Wire } from '../exchange/schemas.js';

export type OperationName =
  | 'SubmitTranscriptRequest'
  | 'CancelTranscriptRequest'
  | 'CancelTranscriptRequestByTrackingId'
  | 'GetRequestStatus'
  | 'GetRequestStatusByTrackingId'
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
  /** Optional query parameters the REST route reads into the input (each a property of `input`). */
  query?: string[];
  /**
   * Set on a REST route that is another way to a SOAP operation (the same input, output and call):
   * the WSDL has no operation of this name, the SOAP operation takes the same input.
   */
  restRouteOf?: OperationName;
  /** Credential kinds allowed. */
  kinds: Array<Caller['kind']>;
  input: SchemaName;
  /** The REST body's schema: the input without the fields the path carries. */
  body: SchemaName;
  output: SchemaName;
  /** HTTP status of a success (REST). */
  success: (output: Record<string, unknown>) => number;
  /** The service call, given an input the binding has checked against `input`'s schema. */
  run(service: ExchangeService, caller: Caller, input: Record<string, unknown>): Promise<unknown>;
}

/** An operation whose service call is typed by its input schema. */
function operation<const I extends SchemaName>(
  op: Omit<Operation, 'input' | 'run'> & {
    input: I;
    run(service: ExchangeService, caller: Caller, input: Wire<I>): Promise<unknown>;
  },
): Operation {
  // Both bindings validate the input against `op.input` (checkInput) before they call run, so the
  // value has the schema's type from then on.
  return { ...op, run: (service, caller, input) => op.run(service, caller, input as Wire<I>) };
}

/** A transcript as the service takes it, from either of its wire forms. */
function transcript(i: Wire<'TranscriptSubmission'>): string | Buffer {
  if ('transcriptXml' in i && typeof i.transcriptXml === 'string') return i.transcriptXml;
  return Buffer.from((i.transcriptBase64 ?? '').replace(/\s+/g, ''), 'base64');
}

function submission(i: Wire<'TranscriptSubmission'>): Omit<SubmitTranscriptInput, 'owner'> {
  return {
    referenceNumber: i.referenceNumber,
    studentNumber: i.studentNumber,
    submissionKey: i.submissionKey,
    transcript: transcript(i),
    pinned: i.pinned === true,
  };
}

function report(i: Wire<'AutoProcessErrorReport'>): Omit<ReportErrorInput, 'owner'> {
  return i;
}

const cancel = operation({
  name: 'CancelTranscriptRequest',
  summary: 'Cancel a request whose transcript has not been sent.',
  method: 'post',
  path: '/requests/:referenceNumber/cancel',
  kinds: ['INTAKE'],
  input: 'CancelInput',
  body: 'CancelBody',
  output: 'CancelResult',
  success: () => 200,
  run: (s, c, i) => s.cancelRequest(c, i),
});

const status = operation({
  name: 'GetRequestStatus',
  summary: 'The status of a request, with the labels staff see.',
  method: 'get',
  path: '/requests/:referenceNumber',
  kinds: ['INTAKE', 'AGENT'],
  input: 'StatusInput',
  body: 'StatusInput',
  output: 'RequestStatus',
  success: () => 200,
  run: (s, c, i) => s.getStatus(c, i),
});

/**
 * A REST route to the same operation by the tracking ID the application centre filed the request
 * under, instead of our reference number (the SOAP operation takes either in its input).
 */
function byTrackingId(op: Operation, summary: string): Operation {
  return {
    ...op,
    name: `${op.name}ByTrackingId` as OperationName,
    summary,
    path: op.path.replace('/:referenceNumber', '/by-tracking-id/:requestTrackingId'),
    query: ['origin'],
    restRouteOf: op.name,
  };
}

export const OPERATIONS: Operation[] = [
  operation({
    name: 'SubmitTranscriptRequest',
    summary: 'File a transcript request from the application system (idempotent by reference number).',
    method: 'post',
    path: '/requests',
    kinds: ['INTAKE'],
    input: 'IntakeRequest',
    body: 'IntakeRequest',
    output: 'SubmitRequestResult',
    success: (o) => (o.created ? 201 : 200),
    run: (s, c, i) => s.submitRequest(c, i),
  }),
  cancel,
  byTrackingId(
    cancel,
    'Cancel a request by the tracking ID the application centre filed it under (with ?origin= when the credential files for both centres).',
  ),
  status,
  byTrackingId(
    status,
    'The status of a request found by the tracking ID the application centre filed it under (with ?origin= when the credential is not bound to one centre).',
  ),
  operation({
    name: 'LeasePendingRequests',
    summary: "Lease the next requests of the agent's board that wait for Auto-eTMS.",
    method: 'post',
    path: '/agent/leases',
    kinds: ['AGENT'],
    input: 'LeaseInput',
    body: 'LeaseInput',
    output: 'LeaseResult',
    success: () => 200,
    run: (s, c, i) => s.lease(c, i),
  }),
  operation({
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
    run: (s, c, i) => s.submitTranscript(c, { ...submission(i), owner: i.owner }),
  }),
  operation({
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
    run: (s, c, i) => s.reportError(c, { ...report(i), owner: i.owner }),
  }),
  operation({
    name: 'ReleaseLease',
    summary: 'Hand a leased request back, now or after a delay (back-off after an outage).',
    method: 'post',
    path: '/agent/requests/:referenceNumber/release',
    kinds: ['AGENT'],
    input: 'ReleaseInput',
    body: 'ReleaseBody',
    output: 'ReleaseResult',
    success: () => 200,
    run: (s, c, i) => s.releaseLease(c, i),
  }),
  operation({
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
    run: (s, c, i) => s.submitTranscripts(c, { owner: i.owner, submissions: i.submissions.map(submission) }),
  }),
  operation({
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
    run: (s, c, i) => s.reportErrors(c, { owner: i.owner, reports: i.reports.map(report) }),
  }),
];

/** The operations of the SOAP binding and the WSDL: all but the REST routes to another one. */
export const SOAP_OPERATIONS: Operation[] = OPERATIONS.filter((op) => op.restRouteOf === undefined);
