/** Error codes of the staff commands on requests. Each message tells the person what to do. */
import { defineError } from '../errors.js';

export const NoActionChosen = defineError(
  'ETMS_E_ACTION_MISSING',
  400,
  (ref: string) => `No action was chosen for request ${ref}; choose one in the list and submit again.`,
);
export const NotATranscriptFile = defineError(
  'ETMS_E_UPLOAD_NOT_TRANSCRIPT',
  400,
  () => 'The file is neither an XML transcript nor a PDF; choose the transcript file and upload it again.',
);
export const NotACandidate = defineError(
  'ETMS_E_NOT_A_CANDIDATE',
  404,
  (n: string) =>
    `Student ${n} is not one of the possible students of this request; choose one of the candidates listed.`,
);
export const OtherStudentUnconfirmed = defineError(
  'ETMS_E_OTHER_STUDENT_UNCONFIRMED',
  409,
  (ref: string) =>
    `The file uploaded for request ${ref} seems to belong to another student; nothing was saved. Tick the confirmation that it is the right student, or cancel and upload the right file.`,
);
export const UploadMissing = defineError(
  'ETMS_E_UPLOAD_MISSING',
  422,
  () => 'No transcript file was found for this request; upload it again.',
);

/** A paid date no real request has: before 2000, or later than tomorrow. */
export const RequestedAtOutOfRange = defineError(
  'ETMS_E_REQUESTED_AT_RANGE',
  400,
  (value: string) =>
    `The requested (paid) date ${value.slice(0, 40)} is not plausible: give a date from 2000-01-01 up to today (one day of clock difference is allowed).`,
);
/** A birth date after the day the request reaches the central: nobody applies before being born. */
export const BirthDateInFuture = defineError(
  'ETMS_E_BIRTH_DATE_RANGE',
  400,
  (value: string) =>
    `The birth date ${value.slice(0, 40)} is after today: give the applicant's birth date (YYYY-MM-DD); nothing was recorded.`,
);
/** A reference number whose YYYYMMDD names no day (H20241341049906, H99999999999999). */
export const ReferenceDateImpossible = defineError(
  'ETMS_E_REFERENCE_DATE',
  400,
  (ref: string) =>
    `The reference number ${ref.slice(0, 40)} does not name a real day after its H (YYYYMMDD, a day of 1900-2099): nothing was recorded. Send the request's own reference number, H then the day it was received then its sequence (H20240411049903), or leave it out and the central assigns one.`,
);
export const PlaceholderReference = defineError(
  'ETMS_E_PLACEHOLDER_REFERENCE',
  400,
  (ref: string) =>
    `The reference number ${ref} is a placeholder (H and zeros only), not a request's reference: nothing was recorded. Send the request's own reference number (PESC RequestTrackingID), or leave it out and the central assigns one.`,
);
