/** Error codes of the admin pages. */
import { defineError } from '../errors.js';

export const CsrfRefused = defineError(
  'ETMS_E_CSRF',
  403,
  () =>
    'The form has expired or did not come from this site; nothing was saved. Reload the page and try again.',
);
export const Forbidden = defineError('ETMS_E_FORBIDDEN', 403, () => 'You do not have access to this page.');
export const SchoolOutOfScope = defineError(
  'ETMS_E_SCHOOL_OUT_OF_SCOPE',
  403,
  (id: string) => `School ${id} is not one of the schools you can see.`,
);
export const UploadTooLarge = defineError(
  'ETMS_E_UPLOAD_TOO_LARGE',
  413,
  (max: number) => `The file is larger than the ${max}-byte limit; it was refused.`,
);
export const UploadMalformed = defineError(
  'ETMS_E_UPLOAD_MALFORMED',
  400,
  (why: string) => `The upload could not be read: ${why}.`,
);
export const PendingUploadGone = defineError(
  'ETMS_E_PENDING_UPLOAD_GONE',
  410,
  () => 'This upload has expired or was already handled; upload the file again.',
);
export const NotACandidate = defineError(
  'ETMS_E_NOT_A_CANDIDATE',
  400,
  (n: string) => `Student ${n} is not one of the possible students of this request.`,
);
