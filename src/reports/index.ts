/** Reports: the summary and detailed reports of a date range, the weekly chart, and downloads. */
export {
  summaryReport,
  weekStarts,
  type SummaryReport,
  type SummaryRow,
  type SummaryQuery,
} from './summary.js';
export {
  detailedReport,
  detailedRows,
  DETAILED_PAGE_SIZE,
  type DetailedRow,
  type DetailedQuery,
} from './detailed.js';
export { weeklyVolumeSvg } from './chart.js';
export {
  exportSummary,
  exportDetailed,
  streamDetailed,
  summaryLines,
  detailedCells,
  EXPORT_FORMATS,
  EXPORT_MAX_ROWS,
  type ExportFormat,
  type ExportFile,
  type ExportOptions,
} from './export.js';
export {
  SUMMARY_ROWS,
  OUTCOMES,
  OUTCOME_LABELS,
  REPORT_TEXT,
  DETAILED_COLUMNS,
  outcomeOf,
  rowKeyOf,
  type Outcome,
} from './labels.js';
export { formatDate, formatMonth, formatMoney, formatDays, formatShare, type Lang } from './format.js';
export { checkRange, reportRangeProblem, REPORT_MAX_YEARS } from './scope.js';
export { InvalidReportRange, InvalidReportFormat, ReportRangeTooWide } from './errors.js';
