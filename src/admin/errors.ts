/** Error codes of the admin pages. */
import { defineError } from '../errors.js';

export const CsrfRefused = defineError(
  'ETMS_E_CSRF',
  403,
  () =>
    'The form has expired or did not come from this site; nothing was saved. Reload the page and try again.',
);
export const SchoolOutOfScope = defineError(
  'ETMS_E_SCHOOL_OUT_OF_SCOPE',
  403,
  (id: string) => `School ${id} is not one of the schools you can see.`,
);
export const UploadMalformed = defineError(
  'ETMS_E_UPLOAD_MALFORMED',
  400,
  (why: string) => `The upload could not be read: ${why}.`,
);
export const UsageInvalid = defineError('ETMS_E_USAGE', 400, (why: string) => why);
export const OrganisationNotFound = defineError(
  'ETMS_E_NOT_FOUND',
  404,
  (kind: 'school' | 'board', code: string) =>
    kind === 'school'
      ? `No school with BSID ${code} is registered.`
      : `No board with code ${code} is registered.`,
);
export const FormTooLarge = defineError(
  'ETMS_E_FORM_TOO_LARGE',
  413,
  (what: string) => `The form has ${what}, more than a page's form may send; nothing was read or saved.`,
);
export const FormUnreadable = defineError(
  'ETMS_E_FORM_UNREADABLE',
  400,
  (why: string) => `The form could not be read: ${why}; nothing was saved.`,
);
export const FormEncodingRefused = defineError(
  'ETMS_E_FORM_ENCODING',
  415,
  (what: string) =>
    `The form is sent ${what.slice(0, 100)}; pages read forms sent plain, in UTF-8. Nothing was saved.`,
);
