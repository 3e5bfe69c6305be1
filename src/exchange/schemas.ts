/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of every operation's input and output. The REST
 * binding validates requests and responses against them; the SOAP binding validates the decoded
 * arguments against the same schemas, so both bindings accept exactly the same data.
 */
import { STATUSES, TABS } from '../domain/status.js';
import {
  COMPLETION_METHODS,
  MAX_TRACKING_ID,
  ORIGINS,
  REQUEST_TYPES,
  SEND_TIMINGS,
  TRACKING_ID_CONTROLS,
} from '../domain/request.js';
import { MAX_BATCH_ITEMS } from './contract.js';
import type { Infer } from './schema-types.js';

export type Schema = Record<string, unknown>;
const ref = <const N extends string>(name: N): { $ref: `#/components/schemas/${N}` } => ({
  $ref: `#/components/schemas/${name}`,
});
const str = <const E extends Schema = Record<never, never>>(
  max: number,
  extra?: E,
): { type: 'string'; maxLength: number } & E => ({ type: 'string', maxLength: max, ...(extra as E) });

const referenceNumber = {
  type: 'string',
  pattern: '^H[0-9]{14,20}$',
  description:
    'H + YYYYMMDD + sequence, e.g. H20260302000123. Filed, the date must be a real day of 1900-2099 (else 400 ETMS_E_REFERENCE_DATE).',
} as const;
/** PESC's RequestTrackingIDType as the intake files it: 1 to 35 characters, none a control character. */
const requestTrackingId = {
  type: 'string',
  minLength: 1,
  maxLength: MAX_TRACKING_ID,
  // Not spaces alone: the intake reads an ID without its surrounding spaces.
  pattern: `^[^${TRACKING_ID_CONTROLS}]*[^${TRACKING_ID_CONTROLS} ][^${TRACKING_ID_CONTROLS}]*$`,
  description:
    "An application centre's own PESC RequestTrackingID (1 to 35 characters, no control character, not spaces alone), as it filed the request; a centre's IDs are its own, so it names a request together with origin.",
} as const;
/**
 * How CancelTranscriptRequest and GetRequestStatus name a request: by our reference number, or by the
 * tracking ID an application centre filed it under (with that centre), never both.
 */
const identifiedBy = [{ required: ['referenceNumber'] }, { required: ['requestTrackingId'] }] as const;
const identifierProperties = {
  referenceNumber: ref('ReferenceNumber'),
  requestTrackingId: ref('RequestTrackingId'),
  origin: {
    type: 'string',
    enum: ORIGINS,
    description:
      'The application centre that filed the request. Needed with requestTrackingId when the credential files for both centres (else 400 ETMS_E_ORIGIN_REQUIRED); a credential bound to one centre has its own, and a request of another centre is not found (404 ETMS_E_REQUEST_NOT_FOUND), as is one with a reference number of another centre than the one named.',
  },
} as const;
const isoDate = {
  type: 'string',
  format: 'date',
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  description: 'YYYY-MM-DD',
} as const;
const yearMonth = { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' } as const;
/**
 * A birth date and a last month attended as an application centre files them: a real day of the years
 * 1900-2099. A year beyond is a typing mistake (no applicant was born in 1800 or 2200, and the
 * database has no year 0); `etms match` reads the same range as a date. The paid date has a range of
 * its own, with its own code (ETMS_E_REQUESTED_AT_RANGE).
 */
const filedDate = {
  type: 'string',
  format: 'date',
  pattern: '^(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}$',
  description: 'YYYY-MM-DD, a real day of 1900-2099',
} as const;
const filedMonth = {
  type: 'string',
  pattern: '^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$',
  description: 'YYYY-MM, 1900-2099',
} as const;
const dateTime = { type: 'string', maxLength: 40, description: 'ISO 8601 date and time (UTC).' } as const;
const owner = str(200, {
  minLength: 1,
  pattern: '^[^\\s]+$',
  description: 'The agent instance holding the lease.',
});
const status = { type: 'string', enum: STATUSES } as const;

/** A transcript as an agent submits it (SubmitTranscript, and each item of SubmitTranscripts). */
const submissionRequired = ['studentNumber', 'submissionKey'] as const;
const submissionOneOf = [{ required: ['transcriptXml'] }, { required: ['transcriptBase64'] }] as const;
const submissionProperties = {
  studentNumber: str(30, { minLength: 1 }),
  submissionKey: str(200, { minLength: 8, pattern: '^[A-Za-z0-9:._-]+$' }),
  transcriptXml: { type: 'string', minLength: 1, description: 'The transcript XML as text.' },
  transcriptBase64: {
    type: 'string',
    minLength: 1,
    pattern: '^[A-Za-z0-9+/=\\s]+$',
    description: 'The transcript XML file, base64.',
  },
  pinned: { type: 'boolean', description: 'True when staff chose the student (the request was pinned).' },
} as const;
const submitResultProperties = {
  referenceNumber: ref('ReferenceNumber'),
  status: ref('Status'),
  transcriptId: { type: 'integer' },
  version: { type: 'integer' },
  created: {
    type: 'boolean',
    description: 'False when this submission key was already stored (a repeated submit).',
  },
} as const;
/** A report as an agent sends it (ReportAutoProcessError, and each item of ReportAutoProcessErrors). */
const reportRequired = ['reasonCode', 'reasonFr', 'reasonEn'] as const;
const reportProperties = {
  reasonCode: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{1,59}$' },
  reasonFr: str(500, { minLength: 1 }),
  reasonEn: str(500, { minLength: 1 }),
  matchResult: {
    type: 'object',
    description: 'The decision: {outcome, score, reason, candidates:[{student, score, fields, vetoes}]}.',
  },
  matchResultJson: {
    type: 'string',
    maxLength: 200000,
    description: 'The same decision as JSON text (SOAP).',
  },
} as const;

const NAMED = {
  ReferenceNumber: referenceNumber,
  RequestTrackingId: requestTrackingId,
  Status: status,
  IntakeRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['origin', 'requestType', 'requestedAt', 'schoolBsid'],
    properties: {
      referenceNumber: ref('ReferenceNumber'),
      applicationNumber: str(40),
      accountNumber: str(40),
      origin: { type: 'string', enum: ORIGINS },
      requestType: { type: 'string', enum: REQUEST_TYPES },
      requestedAt: isoDate,
      sendTiming: { type: 'string', enum: SEND_TIMINGS },
      firstName: str(100),
      lastName: str(100),
      previousLastName: str(100),
      birthDate: filedDate,
      gender: { type: 'string', enum: ['M', 'F', 'X'] },
      oen: { type: 'string', pattern: '^[0-9 -]{9,11}$' },
      studentNumber: str(30),
      schoolBsid: str(12, { pattern: '^[0-9A-Za-z]{1,12}$' }),
      dateLastAttended: filedMonth,
      amountCollected: { type: 'number', minimum: 0, maximum: 100000 },
      transcriptCount: { type: 'integer', minimum: 1, maximum: 50 },
      destinationCode: str(20, { pattern: '^[A-Za-z0-9_-]{1,20}$' }),
      destinationName: str(200),
      applicantEmail: str(254, { pattern: '^[^\\s@]+@[^\\s@]+$' }),
      applicantLanguage: { type: 'string', enum: ['fr', 'en'] },
    },
  },
  SubmitRequestResult: {
    type: 'object',
    additionalProperties: false,
    required: ['referenceNumber', 'status', 'created'],
    properties: {
      referenceNumber: ref('ReferenceNumber'),
      status: ref('Status'),
      created: { type: 'boolean' },
    },
  },
  CancelInput: {
    type: 'object',
    additionalProperties: false,
    description: 'The request by referenceNumber or by requestTrackingId (with origin), not both.',
    required: [],
    oneOf: identifiedBy,
    properties: { ...identifierProperties, reason: str(500) },
  },
  CancelResult: {
    type: 'object',
    additionalProperties: false,
    required: ['referenceNumber', 'status'],
    properties: {
      referenceNumber: ref('ReferenceNumber'),
      status: ref('Status'),
      requestTrackingId: ref('RequestTrackingId'),
    },
  },
  StatusInput: {
    type: 'object',
    additionalProperties: false,
    description: 'The request by referenceNumber or by requestTrackingId (with origin), not both.',
    required: [],
    oneOf: identifiedBy,
    properties: identifierProperties,
  },
  RequestStatus: {
    type: 'object',
    additionalProperties: false,
    required: [
      'referenceNumber',
      'status',
      'statusLabelFr',
      'statusLabelEn',
      'tab',
      'lastUpdatedBy',
      'updatedAt',
    ],
    properties: {
      referenceNumber: ref('ReferenceNumber'),
      status: ref('Status'),
      statusLabelFr: { type: 'string' },
      statusLabelEn: { type: 'string' },
      tab: { type: 'string', enum: TABS },
      lastUpdatedBy: { type: 'string' },
      updatedAt: dateTime,
      completedAt: dateTime,
      completionMethod: { type: 'string', enum: COMPLETION_METHODS },
      autoErrorReason: {
        type: 'string',
        description: 'Why Auto-eTMS could not process the request, in French.',
      },
      autoErrorReasonEn: { type: 'string', description: 'The same reason in English.' },
      autoErrorCode: {
        type: 'string',
        description: "The reason's stable code (the matcher's or the agent's, e.g. AMBIGUOUS).",
      },
      requestTrackingId: ref('RequestTrackingId'),
    },
  },
  LeaseInput: {
    type: 'object',
    additionalProperties: false,
    required: ['owner', 'max'],
    properties: {
      owner,
      max: { type: 'integer', minimum: 1, maximum: 500 },
      includeEndOfTerm: { type: 'boolean' },
      leaseSeconds: { type: 'integer', minimum: 5, maximum: 3600 },
    },
  },
  LeasedRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['referenceNumber', 'requestType', 'sendTiming', 'schoolBsid', 'attempts', 'leaseExpiresAt'],
    properties: {
      referenceNumber: ref('ReferenceNumber'),
      requestType: { type: 'string', enum: REQUEST_TYPES },
      sendTiming: { type: 'string', enum: SEND_TIMINGS },
      firstName: { type: 'string' },
      lastName: { type: 'string' },
      previousLastName: { type: 'string' },
      birthDate: isoDate,
      gender: { type: 'string', enum: ['M', 'F', 'X'] },
      oen: { type: 'string' },
      studentNumber: { type: 'string' },
      schoolBsid: { type: 'string' },
      dateLastAttended: yearMonth,
      destinationCode: { type: 'string' },
      destinationName: { type: 'string' },
      pinnedStudentNumber: { type: 'string' },
      attempts: { type: 'integer', minimum: 0 },
      leaseExpiresAt: dateTime,
    },
  },
  LeaseResult: {
    type: 'object',
    additionalProperties: false,
    required: ['leaseSeconds', 'requests'],
    properties: {
      leaseSeconds: { type: 'integer' },
      requests: { type: 'array', items: ref('LeasedRequest') },
    },
  },
  SubmitTranscriptInput: {
    type: 'object',
    additionalProperties: false,
    required: ['referenceNumber', 'owner', ...submissionRequired],
    oneOf: submissionOneOf,
    properties: { referenceNumber: ref('ReferenceNumber'), owner, ...submissionProperties },
  },
  TranscriptSubmission: {
    type: 'object',
    additionalProperties: false,
    required: ['referenceNumber', ...submissionRequired],
    oneOf: submissionOneOf,
    properties: { referenceNumber: ref('ReferenceNumber'), ...submissionProperties },
  },
  SubmitTranscriptsInput: {
    type: 'object',
    additionalProperties: false,
    required: ['owner', 'submissions'],
    properties: {
      owner,
      submissions: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_BATCH_ITEMS,
        items: ref('TranscriptSubmission'),
        description: 'The transcripts, each for its own leased request; each gets its own outcome.',
      },
    },
  },
  ItemFault: {
    type: 'object',
    additionalProperties: false,
    required: ['code', 'message', 'status'],
    description: 'Why this item alone was refused: the fault a single call would have answered.',
    properties: {
      code: { type: 'string', pattern: '^ETMS_E_[A-Z0-9_]+$' },
      message: { type: 'string' },
      status: { type: 'integer', description: 'The HTTP status of the same error from a single call.' },
    },
  },
  SubmitTranscriptOutcome: {
    type: 'object',
    additionalProperties: false,
    required: ['referenceNumber'],
    description: 'A SubmitTranscriptResult, or the fault of this submission alone.',
    oneOf: [{ required: ['status', 'transcriptId', 'version', 'created'] }, { required: ['fault'] }],
    properties: { ...submitResultProperties, fault: ref('ItemFault') },
  },
  SubmitTranscriptsResult: {
    type: 'object',
    additionalProperties: false,
    required: ['results'],
    properties: {
      results: {
        type: 'array',
        items: ref('SubmitTranscriptOutcome'),
        description: 'One per submission, in order.',
      },
    },
  },
  SubmitTranscriptResult: {
    type: 'object',
    additionalProperties: false,
    required: ['referenceNumber', 'status', 'transcriptId', 'version', 'created'],
    properties: submitResultProperties,
  },
  ReportErrorInput: {
    type: 'object',
    additionalProperties: false,
    required: ['referenceNumber', 'owner', ...reportRequired],
    properties: { referenceNumber: ref('ReferenceNumber'), owner, ...reportProperties },
  },
  ReportErrorResult: {
    type: 'object',
    additionalProperties: false,
    required: ['referenceNumber', 'status'],
    properties: { referenceNumber: ref('ReferenceNumber'), status: ref('Status') },
  },
  AutoProcessErrorReport: {
    type: 'object',
    additionalProperties: false,
    required: ['referenceNumber', ...reportRequired],
    properties: { referenceNumber: ref('ReferenceNumber'), ...reportProperties },
  },
  ReportErrorsInput: {
    type: 'object',
    additionalProperties: false,
    required: ['owner', 'reports'],
    properties: {
      owner,
      reports: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_BATCH_ITEMS,
        items: ref('AutoProcessErrorReport'),
        description: 'The reports, each for its own leased request; each gets its own outcome.',
      },
    },
  },
  ReportErrorOutcome: {
    type: 'object',
    additionalProperties: false,
    required: ['referenceNumber'],
    description: 'A ReportErrorResult, or the fault of this report alone.',
    oneOf: [{ required: ['status'] }, { required: ['fault'] }],
    properties: { referenceNumber: ref('ReferenceNumber'), status: ref('Status'), fault: ref('ItemFault') },
  },
  ReportErrorsResult: {
    type: 'object',
    additionalProperties: false,
    required: ['results'],
    properties: {
      results: { type: 'array', items: ref('ReportErrorOutcome'), description: 'One per report, in order.' },
    },
  },
  ReleaseInput: {
    type: 'object',
    additionalProperties: false,
    required: ['referenceNumber', 'owner'],
    properties: {
      referenceNumber: ref('ReferenceNumber'),
      owner,
      delaySeconds: { type: 'number', minimum: 0, maximum: 86400 },
      failed: { type: 'boolean' },
      error: str(1000),
    },
  },
  ReleaseResult: {
    type: 'object',
    additionalProperties: false,
    required: ['released'],
    properties: { released: { type: 'boolean' } },
  },
  Error: {
    type: 'object',
    description:
      'RFC 9457 problem details (application/problem+json); `code` and `message` repeat the stable code and its sentence.',
    required: ['type', 'title', 'status', 'detail', 'code', 'message'],
    properties: {
      type: { type: 'string', description: 'urn:etms:error:<code>' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      instance: { type: 'string' },
      code: { type: 'string', pattern: '^ETMS_E_[A-Z0-9_]+$' },
      message: { type: 'string' },
      details: { type: 'object' },
    },
  },
} as const;

/** A body keeps its input's alternatives unless they choose between fields the path carries. */
type KeptAlternatives<S, K extends string> = S extends {
  oneOf: ReadonlyArray<{ required: ReadonlyArray<infer R> }>;
}
  ? [Extract<R, K>] extends [never]
    ? Pick<S, 'oneOf'>
    : Record<never, never>
  : Record<never, never>;

/**
 * A REST body: the operation's input without the fields its path and query carry (the reference number
 * or the tracking ID, the application centre), and so without the alternatives that name them.
 */
function pathless<
  const S extends { properties: Schema; required: readonly string[] },
  const K extends string = 'referenceNumber',
>(
  name: string,
  schema: S,
  carried: readonly K[] = ['referenceNumber' as K],
): Omit<S, 'properties' | 'required' | 'oneOf'> &
  KeptAlternatives<S, K> & {
    description: string;
    properties: Omit<S['properties'], K>;
    required: Array<Exclude<S['required'][number], K>>;
  } {
  const { properties, required, ...rest } = schema;
  // Alternatives between carried fields (referenceNumber or requestTrackingId) are the path's choice.
  const { oneOf } = rest as { oneOf?: ReadonlyArray<{ required: readonly string[] }> };
  if (oneOf?.some((a) => a.required.some((r) => carried.includes(r as K))))
    delete (rest as { oneOf?: unknown }).oneOf;
  const bodyProperties = Object.fromEntries(
    Object.entries(properties).filter(([key]) => !carried.includes(key as K)),
  );
  // The type of `rest` is the schema's own; the check above is what KeptAlternatives says.
  return {
    ...(rest as Omit<S, 'properties' | 'required' | 'oneOf'> & KeptAlternatives<S, K>),
    description:
      carried.length > 1
        ? `${name} without the fields that name the request (${carried.join(', ')}): the path carries them (by tracking ID, the query carries origin).`
        : `${name} without ${carried.join(', ')}, which the path carries.`,
    required: required.filter((r) => !carried.includes(r as K)) as Array<Exclude<S['required'][number], K>>,
    properties: bodyProperties as Omit<S['properties'], K>,
  };
}

/** Every schema of the exchange, by the name OpenAPI's components and the WSDL's types give it. */
export const SCHEMAS = {
  ...NAMED,
  CancelBody: pathless('CancelInput', NAMED.CancelInput, ['referenceNumber', 'requestTrackingId', 'origin']),
  SubmitTranscriptBody: pathless('SubmitTranscriptInput', NAMED.SubmitTranscriptInput),
  ReportErrorBody: pathless('ReportErrorInput', NAMED.ReportErrorInput),
  ReleaseBody: pathless('ReleaseInput', NAMED.ReleaseInput),
};

export type SchemaName = keyof typeof SCHEMAS;

/** The same table for lookups by a name only known at run time (a `$ref`, a WSDL element). */
export const SCHEMA_TABLE: Readonly<Record<string, Schema>> = SCHEMAS;

/** The type of the data a schema accepts. */
export type Wire<N extends SchemaName> = Infer<(typeof SCHEMAS)[N], typeof SCHEMAS>;
