import { defineError } from '../errors.js';

export const NotificationScopeInvalid = defineError(
  'ETMS_E_NOTIFICATION_SCOPE',
  400,
  (what: string) => `Notification settings belong to one school or one board; ${what} is neither.`,
);
