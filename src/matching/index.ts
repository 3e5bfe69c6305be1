/**
 * Auto-eTMS matching: from a transcript request to an SIS student, with a decision and its explanation.
 */
export type {
  MatchRequest,
  MatchDecision,
  ScoredCandidate,
  FieldComparison,
  FieldName,
  MatchContext,
  Veto,
} from './types.js';
export type { NameFrequencies } from './surname-frequency.js';
export { blockingKeys } from './blocking.js';
export { matchRequestOf, type TypedRequestFields } from './request-fields.js';
export { scoreCandidate } from './score.js';
export { decide, matchRequest, isUsableRequest } from './decide.js';
export { StudentIndex, studentNameKeys } from './student-index.js';
export {
  ONE_EDIT_MIN_LENGTH,
  ONE_EDIT_SURNAME_MAX_STUDENTS,
  dayMonthSwapOf,
  isNameSlip,
  oneEditNames,
  slipOnTypedBirthDate,
  typedNames,
} from './beyond-keys.js';
export { REASONS, reasonText, type ReasonCode } from './reasons.js';
export { AUTO_MIN_SCORE, AUTO_MIN_MARGIN, REVIEW_MIN_SCORE, MAX_CANDIDATES } from './thresholds.js';
export {
  formatReasons,
  formatCandidates,
  formatScore,
  describeDecision,
  describeField,
  levelLabel,
  fieldLabel,
} from './explanation.js';
export { runMatchCommand, type MatchCommandOptions, type MatchCommandIo } from './match-command.js';
export { readStudentsCsv, readRequestsCsv, type RowProblem, type RequestRow } from './csv-input.js';
