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
export const UnknownSchool = defineError(
  'ETMS_E_UNKNOWN_SCHOOL',
  422,
  (bsid: string) =>
    `No school with BSID ${bsid} is registered: add the school before sending requests for it.`,
);
export const DuplicateReference = defineError(
  'ETMS_E_REFERENCE_CONFLICT',
  409,
  (ref: string) =>
    `Reference number ${ref} already exists with different details; the request was not created.`,
);
export const InvalidSort = defineError(
  'ETMS_E_INVALID_SORT',
  400,
  (key: string) => `Cannot sort by "${key}".`,
);
