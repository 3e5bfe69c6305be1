/**
 * Who changes accounts and credentials from outside the staff pages: an operator at the command
 * line, named `cli:<system user>` in the account history.
 */
import { userInfo } from 'node:os';
import type { AppContext } from '../context.js';

export interface OperatorActor {
  kind: 'OPERATOR';
  /** As the history shows it. */
  name: string;
}

/** What the account commands need of a running eTMS. */
export type AccountsContext = Pick<AppContext, 'store' | 'clock'>;

export function cliOperator(): OperatorActor {
  let who = process.env.SUDO_USER || process.env.USER || '';
  if (!who) {
    try {
      who = userInfo().username;
    } catch {
      who = 'unknown';
    }
  }
  return { kind: 'OPERATOR', name: `cli:${who}` };
}
