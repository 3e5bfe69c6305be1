import { defineError } from '../errors.js';

export const UnknownSchool = defineError(
  'ETMS_E_UNKNOWN_SCHOOL',
  422,
  (bsid: string) =>
    `No school with BSID ${bsid} is registered: add the school before sending requests for it.`,
);
export const DuplicateReference = defineError(
  'ETMS_E_REFERENCE_CONFLICT',
  409,
  (ref: string, fields?: string[]) =>
    fields
      ? `Request ${ref} was already filed with other data (${fields.slice(0, 10).join(', ')}); a reference number names one request. Send the same data again, or file the new request under a new number.`
      : `Reference number ${ref} already exists with different details; the request was not created.`,
);
/** An application centre's own tracking ID names one request: another one under it is refused. */
export const DuplicateTracking = defineError(
  'ETMS_E_TRACKING_CONFLICT',
  409,
  (trackingId: string, origin: string, fields?: string[]) =>
    `RequestTrackingID ${trackingId} from ${origin} was already filed for another request${fields ? ` (${fields.slice(0, 10).join(', ')} differ)` : ''}; a tracking ID names one request. Send the same request again, or file the new one under a new RequestTrackingID.`,
);
export const InvalidSort = defineError(
  'ETMS_E_INVALID_SORT',
  400,
  (key: string) => `Cannot sort by "${key}".`,
);
export const UserExists = defineError(
  'ETMS_E_USER_EXISTS',
  409,
  (u: string) => `A user named ${u} already exists.`,
);
export const UserNotFound = defineError(
  'ETMS_E_USER_NOT_FOUND',
  404,
  (u: string) => `No user named ${u} exists (user names are case-sensitive).`,
);
export const WeakPassword = defineError('ETMS_E_WEAK_PASSWORD', 400, (why: string) => why);
export const UsernameInvalid = defineError(
  'ETMS_E_USERNAME_INVALID',
  400,
  () => 'A user name has 3 to 64 letters, digits, dots, dashes, underscores or @.',
);
export const DbUnreachable = defineError('ETMS_E_DB_UNREACHABLE', 503, (why: string, cause?: unknown) => ({
  message: `Cannot reach the PostgreSQL server given in DATABASE_URL: ${why}`,
  cause,
}));
export const DbInUse = defineError(
  'ETMS_E_DB_IN_USE',
  409,
  (dataDir: string, pid: number) =>
    `The embedded database in ${dataDir} is open in another eTMS process (pid ${pid}), which would not see this command's changes: stop that process first, or run the central on PostgreSQL (DATABASE_URL) to use the command line beside a running server.`,
);
export const SchemaNameInvalid = defineError(
  'ETMS_E_DB_SCHEMA_NAME',
  500,
  (name: string) => `Invalid schema name ${name}: use lower-case letters, digits and _.`,
);
export const UnexpectedColumn = defineError(
  'ETMS_E_DB_ROW',
  500,
  (column: string, expected: string, value: unknown) =>
    `The database returned ${typeof value} for ${column} where ${expected} was expected: apply the pending migrations (etms migrate) or report this to support.`,
);
export const MigrationFailed = defineError(
  'ETMS_E_MIGRATION_FAILED',
  500,
  (name: string, cause: unknown) => ({
    message: `Migration ${name} failed: ${(cause as Error).message}. Nothing of it was applied.`,
    cause,
  }),
);
export const DemoFixturesInvalid = defineError(
  'ETMS_E_DEMO_FIXTURES',
  500,
  (path: string, problem: string) => `Cannot use the demo file ${path}: ${problem}.`,
);
export const QueryOutsideTransaction = defineError(
  'ETMS_E_DB_OUTSIDE_TRANSACTION',
  500,
  () =>
    'A statement was sent outside the transaction that was running it: on the embedded database it would wait for that transaction forever. Report this to support; the change was rolled back.',
);
