/**
 * `etms credential create --kind AGENT|INTAKE [--board CODE] --label TEXT`: makes a machine
 * credential and prints its secret once (it cannot be shown again).
 */
import type { Store } from '../store/index.js';
import { isEtmsError } from '../errors.js';
import { createCredential, type CredentialKind } from './credentials.js';

export interface CredentialCommandIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

export async function runCredentialCreate(
  store: Store,
  options: { kind: string; board?: string; label: string },
  io: CredentialCommandIo,
): Promise<number> {
  const kind = options.kind.toUpperCase() as CredentialKind;
  if (kind !== 'AGENT' && kind !== 'INTAKE') {
    io.stderr.write(
      `The kind must be AGENT (a board's Auto-eTMS agent) or INTAKE (the application system), not "${options.kind}".\n`,
    );
    return 2;
  }
  let boardId: number | null = null;
  if (kind === 'AGENT') {
    if (!options.board) {
      io.stderr.write('An AGENT credential answers for one board: give --board with the board code.\n');
      return 2;
    }
    const board = await store.organisations.boardByCode(options.board);
    if (!board) {
      io.stderr.write(`No board with code ${options.board} is registered.\n`);
      return 2;
    }
    boardId = board.id;
  }
  try {
    const credential = await createCredential(store, { kind, boardId, label: options.label });
    io.stdout.write(
      [
        `Credential created (${kind}${options.board && kind === 'AGENT' ? `, board ${options.board}` : ''}): ${credential.label}`,
        `  id:     ${credential.id}`,
        `  secret: ${credential.secret}`,
        `  REST:   Authorization: Bearer ${credential.token}`,
        `  SOAP:   WS-Security UsernameToken, Username = id, Password (PasswordText) = secret`,
        'The secret is shown this once; store it now.',
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    io.stderr.write(`${isEtmsError(error) ? error.message : (error as Error).message}\n`);
    return 1;
  }
}
