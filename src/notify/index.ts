/** E-mail notifications: settings, templates, the outbox worker, applicant e-mails and the scheduler. */
export {
  getNotificationSettings,
  saveNotificationSettings,
  parseNotificationForm,
  emptyNotificationSettings,
  allNotificationSettings,
  scopeKeyOf,
  parseHour,
  isTimeZone,
  settingsEvents,
  TIME_ZONES,
  DEFAULT_TIME_ZONE,
  MAX_THRESHOLD_HOURS,
  type NotificationScope,
  type NotificationSettings,
  type NotificationSettingsInput,
  type FieldError,
  type ParsedForm,
} from './settings.js';
export {
  createOutboxWorker,
  createTransportFromConfig,
  retryDelayMs,
  type OutboxWorker,
  type OutboxWorkerOptions,
  type OutboxRunResult,
} from './mailer.js';
export { queueEmail, type QueuedEmail, type EmailKind } from './outbox.js';
export { registerApplicantEmails } from './applicant-emails.js';
export {
  applicantEmail,
  summaryNotice,
  pendingNotice,
  publicBaseUrl,
  ADMIN_PATHS,
  APPLICANT_EMAIL_KINDS,
  type ApplicantEmailKind,
  type EmailContent,
} from './templates.js';
export {
  startNotifications,
  summaryRule,
  nextSummaryTimes,
  queueSummaryNotice,
  queuePendingNotices,
  type Notifications,
  type NotificationsOptions,
} from './scheduler.js';
export { waitedCutoff } from './pending.js';
export { isEmailAddress } from './address.js';
