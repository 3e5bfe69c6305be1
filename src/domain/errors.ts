/**
 * Errors about a transcript request itself, met by the store, the commands, the pages and the agent
 * alike (the agent recognises them in the central's answers).
 */
import { defineError } from '../errors.js';

export const RequestNotFound = defineError(
  'ETMS_E_REQUEST_NOT_FOUND',
  404,
  (ref: string) => `No transcript request ${ref} exists (or it belongs to a school you cannot see).`,
);
export const RequestStale = defineError(
  'ETMS_E_REQUEST_STALE',
  409,
  (ref: string) =>
    `Request ${ref} was changed by someone else meanwhile; nothing was saved. Reload the request and try again.`,
);
export const TransitionRefused = defineError(
  'ETMS_E_TRANSITION_REFUSED',
  409,
  (ref: string, from: string, to: string) =>
    `Request ${ref} cannot go from ${from} to ${to}; nothing was saved.`,
);
