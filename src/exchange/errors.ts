/**
 * Error codes of the exchange (intake, agents, delivery). Each message tells the caller what to do.
 */
import { defineError } from '../errors.js';

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
export const NotCancellable = defineError(
  'ETMS_E_NOT_CANCELLABLE',
  409,
  (ref: string, status: string) =>
    `Request ${ref} cannot be cancelled: its transcript was already sent (status ${status}).`,
);
/** An intake credential bound to one application centre, filing a request of the other. */
export const OriginNotAllowed = defineError(
  'ETMS_E_ORIGIN_NOT_ALLOWED',
  403,
  (allowed: string, named: string) => ({
    message: `This credential files requests for ${allowed} only, and the request names ${named}: file it with the credential made for ${named}.`,
    details: {
      allowed,
      named,
      messageFr: `Cet identifiant ne dépose que les demandes de ${allowed}, et la demande nomme ${named}\u00a0: déposez-la avec l’identifiant fait pour ${named}.`,
    },
  }),
);
/**
 * A request that names one application centre in its document (PESC Source MutuallyDefined) and the
 * other beside it (REST `?origin=`): which centre filed it is not guessed.
 */
export const OriginConflict = defineError(
  'ETMS_E_ORIGIN_CONFLICT',
  400,
  (inDocument: string, named: string) => ({
    message: `The document's Source names ${inDocument} and the request's origin names ${named}: send the one application centre that files it (drop ?origin=, or make the two agree).`,
    details: {
      document: inDocument,
      origin: named,
      messageFr: `La source du document nomme ${inDocument} et l’origine de la demande nomme ${named}\u00a0: n’envoyez que le centre de demande d’admission qui la dépose (retirez ?origin=, ou faites concorder les deux).`,
    },
  }),
);
export const NoBoard = defineError(
  'ETMS_E_AGENT_BOARD_UNKNOWN',
  500,
  (code: string) =>
    `The agent's board ${code || '(not set)'} is not registered at the central: set agent.board to a known board code.`,
);

/** Input that does not fit the operation's schema; `problems` lists each field. */
export const InvalidInput = defineError(
  'ETMS_E_INVALID_INPUT',
  400,
  (operation: string, problems: string[]) => ({
    message: `The ${operation} input is not valid: ${problems.slice(0, 10).join('; ')}.`,
    details: { problems },
  }),
);

/**
 * A request named by an application centre's tracking ID, by a credential that files for both
 * centres (or an agent's), without saying which centre: each centre's tracking IDs are its own.
 */
export const OriginRequired = defineError(
  'ETMS_E_ORIGIN_REQUIRED',
  400,
  () =>
    'A requestTrackingId names a request only together with the application centre that filed it, and this credential is not bound to one: give origin (OCAS or OUAC) with it, or name the request by its referenceNumber.',
);
