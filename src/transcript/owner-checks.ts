/**
 * Files one person may have being checked (waiting or running) at once, PDF and XML together. The
 * check threads' queues are shared by every school of the board: one person's burst of heavy files
 * must leave room for everyone else's.
 */
import { InProgress } from '../collections.js';
import { transcriptError } from './errors.js';

export const MAX_CHECKS_PER_OWNER = 2;

const checks = new InProgress<string>(MAX_CHECKS_PER_OWNER);

/**
 * Counts one more check for `owner` (none counted when absent) and returns what ends it; refuses with
 * ETMS_E_TRANSCRIPT_CHECK_BUSY when the person already has MAX_CHECKS_PER_OWNER.
 */
export function startOwnerCheck(owner: string | undefined): () => void {
  if (owner === undefined) return () => {};
  const taken = checks.take(owner);
  if ('refused' in taken)
    throw transcriptError('ETMS_E_TRANSCRIPT_CHECK_BUSY', { ownChecks: MAX_CHECKS_PER_OWNER });
  return taken.end;
}
