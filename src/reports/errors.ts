import { defineError } from '../errors.js';

export const InvalidReportRange = defineError(
  'ETMS_E_REPORT_RANGE',
  400,
  (from: string, to: string) =>
    `The report dates "${from}" to "${to}" are not a valid range: give a start date and an end date (YYYY-MM-DD), the start on or before the end.`,
);
export const InvalidReportFormat = defineError(
  'ETMS_E_REPORT_FORMAT',
  400,
  (format: string) => `Reports can be downloaded as pdf, xlsx or csv, not "${format}".`,
);
export const ReportRangeTooWide = defineError(
  'ETMS_E_REPORT_RANGE_TOO_WIDE',
  400,
  (from: string, to: string) =>
    `The report dates ${from} to ${to} span too much: a report covers at most 5 years, between 2000-01-01 and 2100-12-31. Choose a shorter range.`,
);
export const ExportTooLarge = defineError(
  'ETMS_E_EXPORT_TOO_LARGE',
  413,
  (rows: number, max: number, format: string) =>
    `This export would hold ${rows} rows; a ${format.toUpperCase()} file holds at most ${max}. Choose a shorter range${format === 'csv' ? '' : ', or download it as CSV'}.`,
);
export const ExportUnavailable = defineError('ETMS_E_EXPORT_UNAVAILABLE', 503, (reason: string) =>
  reason === 'busy'
    ? 'Too many downloads are being prepared right now. Try again in a minute.'
    : 'This download could not be prepared within the time and memory limits. Choose a shorter range, or download it as CSV.',
);
