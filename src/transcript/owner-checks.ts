/**
 * Files one person may have being checked (waiting or running) at once, PDF and XML together. The
 * check threads' queues are shared by every school of the board: one person's burst of heavy files
 * must leave room for everyone else's.
 */
import { transcriptError } from './errors.js';

export const MAX_CHECKS_PER_OWNER = 2;

const checksByOwner = new Map<string, number>();

/**
 * Counts one more check for `owner` (none counted when absent) and returns what ends it; refuses with
 * ETMS_E_TRANSCRIPT_CHECK_BUSY when the person already has MAX_CHECKS_PER_OWNER.
 */
export function startOwnerCheck(owner: string | undefined): () => void {
  if (owner === undefined) return () => {};
  const running = checksByOwner.get(owner) ?? 0;
  if (running >= MAX_CHECKS_PER_OWNER)
    throw transcriptError('ETMS_E_TRANSCRIPT_CHECK_BUSY', { ownChecks: MAX_CHECKS_PER_OWNER });
  checksByOwner.set(owner, running + 1);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    const left = (checksByOwner.get(owner) ?? 1) - 1;
    if (left > 0) checksByOwner.set(owner, left);
    else checksByOwner.delete(owner);
  };
}
