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
