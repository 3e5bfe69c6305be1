/**
 * The form of a request's reference number: `H`, the day in Ontario (YYYYMMDD), then the database
 * sequence, at least six digits (H20240411049903). No imports, so the command line can check an
 * argument without loading anything.
 */
export const REFERENCE_NUMBER_PATTERN = /^H\d{8}\d{6,}$/;
