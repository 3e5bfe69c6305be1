/**
 * `etms credential create --kind AGENT|INTAKE [--board CODE] [--origin OCAS|OUAC] --label TEXT`: makes a machine
 * credential and prints its secret once (it cannot be shown again). `etms credential list` shows
 * them all without secrets; `etms credential revoke ID` refuses one from then on. Creations and
 * revocations are kept in the account history under the operator's name.
 */
import type { Store } from '../store/index.js';
import { isEtmsError } from '../errors.js';
import { cliOperator, type AccountsContext, type OperatorActor } from '../accounts/actor.js';
import { listCredentials } from '../accounts/list-credentials.js';
import { revokeCredential } from '../accounts/revoke-credential.js';
import type { CredentialSummary } from '../store/credentials.js';
import { CREDENTIAL_CACHE_MS, createCredential, type CredentialKind } from './credentials.js';

const commandContext = (store: Store): AccountsContext => ({ store, clock: () => new Date() });

export interface CredentialCommandIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

export async function runCredentialCreate(
  store: Store,
  options: { kind: string; board?: string; origin?: string; label: string },
  io: CredentialCommandIo,
  actor: OperatorActor = cliOperator(),
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
  const origin = options.origin?.toUpperCase();
  if (origin !== undefined && (kind !== 'INTAKE' || (origin !== 'OCAS' && origin !== 'OUAC'))) {
    io.stderr.write(
      kind === 'INTAKE'
        ? `The application centre is OCAS or OUAC, not "${options.origin}".\n`
        : 'Only an INTAKE credential files for an application centre: leave out --origin.\n',
    );
    return 2;
  }
  try {
    const credential = await createCredential(store, {
      kind,
      boardId,
      origin: origin as 'OCAS' | 'OUAC' | undefined,
      label: options.label,
    });
    await store.accountEvents.append({
      actor: actor.name,
      kind: 'CREDENTIAL_CREATED',
      credentialId: credential.id,
      details: {
        kind,
        label: credential.label,
        ...(options.board ? { board: options.board } : {}),
        ...(credential.origin ? { origin: credential.origin } : {}),
      },
    });
    io.stdout.write(
      [
        `Credential created (${kind}${options.board && kind === 'AGENT' ? `, board ${options.board}` : ''}${credential.origin ? `, ${credential.origin} requests only` : kind === 'INTAKE' ? ', requests of OCAS and OUAC' : ''}): ${credential.label}`,
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

const day = (at: Date | null) => (at ? at.toISOString().slice(0, 16).replace('T', ' ') : '-');

function table(rows: readonly CredentialSummary[]): string {
  const header = ['ID', 'KIND', 'BOARD/CENTRE', 'CREATED (UTC)', 'LAST USED (UTC)', 'REVOKED (UTC)', 'LABEL'];
  const lines = rows.map((c) => [
    c.id,
    c.kind,
    c.boardCode ?? c.origin ?? '-',
    day(c.createdAt),
    day(c.lastUsedAt),
    day(c.revokedAt),
    c.label.replace(/[\r\n\t]+/g, ' '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  return [header, ...lines]
    .map((cells) =>
      cells
        .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `etms credential list [--active]`: one line per credential, the live ones first; never a secret. */
export async function runCredentialList(
  store: Store,
  options: { active?: boolean },
  io: CredentialCommandIo,
  actor: OperatorActor = cliOperator(),
): Promise<number> {
  const rows = await listCredentials(commandContext(store), actor, { includeRevoked: !options.active });
  io.stdout.write(
    rows.length
      ? `${table(rows)}\n`
      : 'No machine credential yet: create one with `etms credential create`.\n',
  );
  return 0;
}

/** `etms credential revoke ID`: 0 revoked (or already), 1 no such credential. */
export async function runCredentialRevoke(
  store: Store,
  options: { id: string },
  io: CredentialCommandIo,
  actor: OperatorActor = cliOperator(),
): Promise<number> {
  try {
    const { credential, alreadyRevoked } = await revokeCredential(commandContext(store), actor, {
      id: options.id,
    });
    io.stdout.write(
      alreadyRevoked
        ? `Credential ${credential.id} (${credential.label}) was already revoked on ${day(credential.revokedAt)} UTC.\n`
        : `Credential ${credential.id} (${credential.label}) revoked: refused from now on (by a running server within ${CREDENTIAL_CACHE_MS / 1000} s).\n`,
    );
    return 0;
  } catch (error) {
    if (!isEtmsError(error)) throw error;
    io.stderr.write(`${error.code}: ${error.message}\n`);
    return 1;
  }
}
