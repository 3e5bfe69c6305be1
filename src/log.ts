/**
 * Logging. Student data never reaches a log line: every field that may carry a name, a birth date,
 * an OEN or a file body is redacted at any depth we log.
 */
import { pino, type Logger, type LoggerOptions } from 'pino';

const PII_KEYS = [
  'firstName',
  'lastName',
  'middleNames',
  'preferredFirstName',
  'previousLastName',
  'previousLastNames',
  'first_name',
  'last_name',
  'middle_names',
  'preferred_first_name',
  'previous_last_name',
  'previous_last_names',
  'birthDate',
  'birth_date',
  'dob',
  'oen',
  'studentNumber',
  'student_number',
  'name',
  'email',
  'to',
  'body',
  'file',
  'xml',
  'pdf',
  'content',
  'password',
  'token',
  'authorization',
  'cookie',
  'secret',
];

export const redactPaths = [
  // Top-level "name" is pino's own logger name; nested ones are people's names.
  ...PII_KEYS.filter((key) => key !== 'name'),
  ...PII_KEYS.map((key) => `*.${key}`),
  ...PII_KEYS.map((key) => `*.*.${key}`),
  'req.headers.authorization',
  'req.headers.cookie',
];

export function createLogger(options: LoggerOptions = {}, destination?: NodeJS.WritableStream): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
  return pino(
    {
      name: 'etms',
      level,
      redact: { paths: redactPaths, censor: '[redacted]' },
      ...options,
    },
    destination as pino.DestinationStream | undefined,
  );
}

export const log = createLogger();
export type { Logger };

/** An answer's fault, for the access log: whose fault it is and its stable code. */
export interface AnswerFault {
  /** 'client': the message was refused (logged as a 4xx is, whatever the HTTP status); 'server': it failed. */
  side: 'client' | 'server';
  code: string;
}

interface WithLocals {
  locals: Record<string, unknown>;
}

/**
 * Notes the fault an answer carries, when its HTTP status does not say it: a SOAP 1.1 fault travels
 * with HTTP 500 whether the client's message was refused or the server failed.
 */
export function noteAnswerFault(res: WithLocals, fault: AnswerFault): void {
  res.locals.answerFault = fault;
}

/** The fault noted on an answer, if any. */
export function answerFaultOf(res: Partial<WithLocals>): AnswerFault | undefined {
  const fault = res.locals?.answerFault as AnswerFault | undefined;
  return fault && (fault.side === 'client' || fault.side === 'server') ? fault : undefined;
}
