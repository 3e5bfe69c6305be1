/**
 * Error codes of the exchange (intake, agents, delivery). Each message tells the caller what to do.
 */
import { defineError, EtmsError } from '../errors.js';

export const Forbidden = defineError(
  'ETMS_E_FORBIDDEN',
  403,
  (operation: string, kind: string) =>
    `A ${kind} credential may not call ${operation}; use a credential made for this kind of client.`,
);
export const RequestNotPending = defineError(
  'ETMS_E_REQUEST_NOT_PENDING',
  409,
  (ref: string, status: string) =>
    `Request ${ref} no longer waits for Auto-eTMS (its status is ${status}); drop it and lease the next one.`,
);
export const LeaseLost = defineError(
  'ETMS_E_LEASE_LOST',
  409,
  (ref: string) =>
    `Request ${ref} is leased by another agent now (this agent's lease expired); drop it and lease again.`,
);
export const LeaseNotHeld = defineError(
  'ETMS_E_LEASE_NOT_HELD',
  409,
  (ref: string, owner: string) =>
    `Request ${ref} is not leased by ${owner.slice(0, 200)} (it was released, or never leased by it); lease it with LeasePendingRequests before sending its transcript or report.`,
);
export const TranscriptOtherBoard = defineError(
  'ETMS_E_TRANSCRIPT_OTHER_BOARD',
  422,
  (ref: string, bsid: string) =>
    `The transcript names school ${bsid || '(none)'}, which is not a school of the board of request ${ref}; send a transcript from this board's own SIS.`,
);
export const TranscriptRequestMismatch = defineError(
  'ETMS_E_TRANSCRIPT_REQUEST_MISMATCH',
  422,
  (ref: string, fields: string[]) =>
    `The transcript does not agree with request ${ref} on ${fields.join(', ')}; it was not sent. Staff can review the request and choose the student (a pin).`,
);
export const TranscriptPinMismatch = defineError(
  'ETMS_E_TRANSCRIPT_PIN_MISMATCH',
  422,
  (ref: string, student: string) =>
    `The transcript is marked as for the student staff chose, but request ${ref} is not pinned to student ${student.slice(0, 30) || '(none)'}; match the request again.`,
);
export const MatchResultNotJson = defineError(
  'ETMS_E_INVALID_INPUT',
  400,
  (ref: string) =>
    `The report on request ${ref} carries a matchResultJson that is not valid JSON; send the decision as JSON text.`,
);
export const RequestConflict = defineError(
  'ETMS_E_REFERENCE_CONFLICT',
  409,
  (ref: string, fields: string[]) =>
    `Request ${ref} was already filed with other data (${fields.slice(0, 10).join(', ')}); a reference number names one request. Send the same data again, or file the new request under a new number.`,
);
export const NotCancellable = defineError(
  'ETMS_E_NOT_CANCELLABLE',
  409,
  (ref: string, status: string) =>
    `Request ${ref} cannot be cancelled: its transcript was already sent (status ${status}).`,
);
export const TrackingMismatch = defineError(
  'ETMS_E_TRANSCRIPT_TRACKING_MISMATCH',
  422,
  (ref: string, found: string) =>
    `The transcript names request ${found || '(none)'} in RequestTrackingID, not ${ref}; build it for this request and submit again.`,
);
export const NoBoard = defineError(
  'ETMS_E_AGENT_BOARD_UNKNOWN',
  500,
  (code: string) =>
    `The agent's board ${code || '(not set)'} is not registered at the central: set agent.board to a known board code.`,
);

/** Input that does not fit the operation's schema; `problems` lists each field. */
export function invalidInput(operation: string, problems: string[]): EtmsError {
  return new EtmsError(
    'ETMS_E_INVALID_INPUT',
    `The ${operation} input is not valid: ${problems.slice(0, 10).join('; ')}.`,
    {
      status: 400,
      details: { problems },
    },
  );
}
