/** The OpenAPI 3.1 document of the REST binding, generated from the operation list. */
import { OPERATIONS } from './operations.js';
import { SCHEMAS } from '../exchange/schemas.js';
import { PESC_OPERATION, PESC_REQUESTS_PATH, PESC_SUMMARY } from './pesc-intake.js';

export const API_BASE = '/api/v1';

const ERROR_RESPONSES = {
  '400':
    'The input does not fit the schema (ETMS_E_INVALID_INPUT) or cannot be read, or a requestTrackingId comes without the origin this credential must give (ETMS_E_ORIGIN_REQUIRED), or a PESC document’s Source and ?origin= name two centres (ETMS_E_ORIGIN_CONFLICT).',
  '401': 'No valid credential (ETMS_E_UNAUTHENTICATED).',
  '403':
    'This credential may not call this operation (ETMS_E_FORBIDDEN), or files for the other application centre (ETMS_E_ORIGIN_NOT_ALLOWED).',
  '404': 'No such request in the credential’s scope (ETMS_E_REQUEST_NOT_FOUND).',
  '409':
    'The request is not in a state that allows this (ETMS_E_REQUEST_NOT_PENDING, ETMS_E_LEASE_LOST, …), or its reference number or tracking ID already names another request (ETMS_E_REFERENCE_CONFLICT, ETMS_E_TRACKING_CONFLICT).',
  '413': 'The body is too large once decompressed (ETMS_E_BODY_TOO_LARGE).',
  '405': 'The path exists with another method (ETMS_E_METHOD_NOT_ALLOWED); the Allow header lists them.',
  '415':
    'The body’s media type is not the one the operation reads (ETMS_E_UNSUPPORTED_MEDIA_TYPE; the Accept header names it), or its content encoding is not accepted (ETMS_E_UNSUPPORTED_ENCODING).',
  '422': 'The data was understood but refused (ETMS_E_UNKNOWN_SCHOOL, ETMS_E_TRANSCRIPT_*).',
  '429':
    'Too many refused credentials from this address (ETMS_E_CREDENTIAL_RATE_LIMITED), or this credential already has as many messages being received as it may (ETMS_E_CREDENTIAL_BUSY); Retry-After says when to try again.',
  '500': 'The server failed (ETMS_E_INTERNAL); it has been logged.',
  '503':
    'The service cannot take the call now: too many transcripts are being checked (ETMS_E_TRANSCRIPT_CHECK_BUSY) or its database is out of reach (ETMS_E_DB_UNREACHABLE); nothing was changed, send it again in a minute.',
} as const;

function errorResponses(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(ERROR_RESPONSES).map(([code, description]) => [
      code,
      {
        description,
        ...(code === '401'
          ? { headers: { 'WWW-Authenticate': { schema: { type: 'string' }, description: 'Bearer' } } }
          : code === '405'
            ? {
                headers: {
                  Allow: { schema: { type: 'string' }, description: 'The methods of this path.' },
                },
              }
            : code === '429'
              ? {
                  headers: {
                    'Retry-After': {
                      schema: { type: 'string' },
                      description: 'Seconds until the address may present a credential again.',
                    },
                  },
                }
              : code === '415'
                ? {
                    headers: {
                      Accept: {
                        schema: { type: 'string' },
                        description: 'The media type the operation reads (a refused media type only).',
                      },
                    },
                  }
                : {}),
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );
}

/** The PESC intake: a PESC document in, a PESC document out (their schemas are PESC's, not JSON). */
function pescRequestPath(): Record<string, unknown> {
  const xml = (description: string) => ({
    description,
    content: { 'application/xml': { schema: { type: 'string' } } },
  });
  return {
    post: {
      operationId: PESC_OPERATION,
      summary: PESC_SUMMARY,
      description: `Credential kinds: INTAKE. SOAP operation: ${PESC_OPERATION} (the document is the Body's element).`,
      security: [{ bearer: [] }],
      parameters: [
        {
          name: 'origin',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['OCAS', 'OUAC'] },
          description:
            'The application centre, when the document’s Source does not name it. Naming the other centre than the Source is refused (400 ETMS_E_ORIGIN_CONFLICT), as is any other value (400 ETMS_E_INVALID_INPUT).',
        },
      ],
      requestBody: {
        required: true,
        ...xml('A PESC Transcript Request v1.4.0 document (urn:org:pesc:message:TranscriptRequest:v1.4.0).'),
      },
      responses: {
        '201': xml('A PESC Transcript Response v1.4.0, TranscriptRequestReceived.'),
        '200': xml('The same, for a request already filed (a repeated call).'),
        ...errorResponses(),
      },
    },
  };
}

/** A path or query parameter: the input property of that name, its description on the parameter. */
function parameter(input: string, name: string, where: 'path' | 'query'): Record<string, unknown> {
  const schemas = SCHEMAS as Record<string, { properties?: Record<string, Record<string, unknown>> }>;
  const property = schemas[input]?.properties?.[name];
  if (!property) throw new Error(`the ${where} parameter ${name} is not a property of ${input}`);
  const { description, ...schema } = property;
  return { name, in: where, required: where === 'path', schema, ...(description ? { description } : {}) };
}

export function openApiDocument(serverUrl = API_BASE): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = { [PESC_REQUESTS_PATH]: pescRequestPath() };
  for (const op of OPERATIONS) {
    const openPath = op.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const pathParams = [...op.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
    const bodyNeeded = op.method === 'post';
    paths[openPath] ??= {};
    paths[openPath][op.method] = {
      operationId: op.name,
      summary: op.summary,
      description: `Credential kinds: ${op.kinds.join(', ')}. SOAP operation: ${op.restRouteOf ?? op.name}.`,
      security: [{ bearer: [] }],
      parameters: [
        ...pathParams.map((name) => parameter(op.input, name, 'path')),
        ...(op.query ?? []).map((name) => parameter(op.input, name, 'query')),
      ],
      ...(bodyNeeded
        ? {
            requestBody: {
              required: true,
              description: pathParams.length
                ? `${op.input}; ${[...pathParams, ...(op.query ?? [])].join(', ')} ${pathParams.length + (op.query?.length ?? 0) > 1 ? 'come' : 'comes'} from the ${op.query?.length ? 'path and query' : 'path'} only.`
                : op.input,
              content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.body}` } } },
            },
          }
        : {}),
      responses: {
        [op.output === 'SubmitRequestResult' || op.output === 'SubmitTranscriptResult' ? '201' : '200']: {
          description: op.output,
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.output}` } } },
        },
        ...(op.output === 'SubmitRequestResult' || op.output === 'SubmitTranscriptResult'
          ? {
              '200': {
                description: `${op.output} (already stored: a repeated call)`,
                content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.output}` } } },
              },
            }
          : {}),
        ...errorResponses(),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'eTMS exchange API',
      version: '1.0.0',
      description:
        'Transcript requests from the application system (intake) and the Auto-eTMS agents of the boards. The same operations are offered over SOAP 1.1 at /soap/exchange (WSDL at /soap/exchange?wsdl).',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: SCHEMAS,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'Authorization: Bearer <credential id>.<secret>',
        },
      },
    },
  };
}
