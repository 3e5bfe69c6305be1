/** Error codes of staff accounts and machine credentials. */
import { defineError } from '../errors.js';

export const TooManySignInFailures = defineError(
  'ETMS_E_SIGN_IN_RATE_LIMITED',
  429,
  (minutes: number) =>
    `Too many failed sign-ins came from your network address; try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask your administrator.`,
);
export const TooManyCredentialFailures = defineError(
  'ETMS_E_CREDENTIAL_RATE_LIMITED',
  429,
  (seconds: number) => ({
    message: `Too many failed machine credentials came from this address; it is refused for ${seconds} s more. Check the credential id and secret (etms credential list) before trying again.`,
    details: { retryAfterSeconds: seconds },
  }),
);
export const CredentialNotFound = defineError(
  'ETMS_E_CREDENTIAL_NOT_FOUND',
  404,
  (id: string) => `No machine credential with id ${id} exists; \`etms credential list\` shows them.`,
);
