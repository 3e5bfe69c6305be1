/**
 * `etms user add|disable|enable|unlock|reset-password`: staff accounts from the command line. Each
 * returns the process exit code: 0 done, 1 refused (with a sentence saying why), 2 wrong arguments;
 * each change is kept in the account history under the operator's name (`cli:<system user>`).
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/index.js';
import type { Role } from '../store/users.js';
import { isEtmsError } from '../errors.js';
import { OrganisationNotFound, UsageInvalid } from './errors.js';
import { cliOperator, type AccountsContext, type OperatorActor } from '../accounts/actor.js';
import { disableUser } from '../accounts/disable-user.js';
import { enableUser } from '../accounts/enable-user.js';
import { unlockUser } from '../accounts/unlock-user.js';

const commandContext = (store: Store): AccountsContext => ({ store, clock: () => new Date() });

export interface UserCommandIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

export interface UserAddArgs {
  username: string;
  /** SCHOOL, BOARD or ADMIN (any case). */
  role?: string;
  /** School BSID (role SCHOOL). */
  school?: string;
  /** Board code (role BOARD). */
  board?: string;
  displayName?: string;
  /** Same as displayName (the CLI's --name). */
  name?: string;
  email?: string;
  language?: string;
  /** Same as language (the CLI's --lang). */
  lang?: string;
  /** When absent: ETMS_NEW_PASSWORD, else a strong password generated and printed once. */
  password?: string;
}

export interface UserDisableArgs {
  username: string;
  /** Enable again instead. */
  enable?: boolean;
}

export interface UserNameArgs {
  username: string;
}

export interface UserResetPasswordArgs {
  username: string;
  /** When absent: ETMS_NEW_PASSWORD, else a strong password generated and printed once. */
  password?: string;
}

/** The password given, or the one in ETMS_NEW_PASSWORD; generated says whether to print it. */
function chosenPassword(given: string | undefined): { password: string; generated: boolean } {
  const fromEnv = process.env.ETMS_NEW_PASSWORD;
  if (given) return { password: given, generated: false };
  if (fromEnv) return { password: fromEnv, generated: false };
  return { password: generatePassword(), generated: true };
}

/** 16 random characters with every kind the policy asks for. */
export function generatePassword(): string {
  const body = randomBytes(12).toString('base64url');
  return `${body}-7aZ`;
}

/** A command line that cannot run as given: the sentence on stderr, exit status 2. */
function usageRefused(io: UserCommandIo, why: string): number {
  const error = UsageInvalid(why);
  io.stderr.write(`${error.code}: ${error.message}\n`);
  return 2;
}

async function run(io: UserCommandIo, action: () => Promise<string>): Promise<number> {
  try {
    io.stdout.write(`${await action()}\n`);
    return 0;
  } catch (error) {
    if (isEtmsError(error)) {
      io.stderr.write(`${error.code}: ${error.message}\n`);
      return UsageInvalid.is(error) ? 2 : 1;
    }
    throw error;
  }
}

export async function runUserAdd(
  store: Store,
  args: UserAddArgs,
  io: UserCommandIo,
  actor: OperatorActor = cliOperator(),
): Promise<number> {
  const role = String(args.role ?? '').toUpperCase() as Role;
  const language = args.language ?? args.lang;
  const usage = (why: string) => usageRefused(io, why);
  if (!args.username) return usage('Give the user name (--username).');
  if (!['SCHOOL', 'BOARD', 'ADMIN'].includes(role))
    return usage('The role is SCHOOL, BOARD or ADMIN (--role).');
  if (role === 'SCHOOL' && !args.school)
    return usage('A SCHOOL user needs the BSID of their school (--school).');
  if (role === 'BOARD' && !args.board) return usage('A BOARD user needs the code of their board (--board).');
  if (language && language !== 'fr' && language !== 'en') return usage('The language is fr or en (--lang).');
  return run(io, async () => {
    let schoolId: number | null = null;
    let boardId: number | null = null;
    if (role === 'SCHOOL') {
      const school = await store.organisations.schoolByBsid(args.school!);
      if (!school) throw OrganisationNotFound('school', args.school!);
      schoolId = school.id;
      boardId = school.boardId;
    } else if (role === 'BOARD') {
      const board = await store.organisations.boardByCode(args.board!);
      if (!board) throw OrganisationNotFound('board', args.board!);
      boardId = board.id;
    }
    const { password, generated } = chosenPassword(args.password);
    const user = await store.users.create({
      username: args.username,
      displayName: args.displayName ?? args.name,
      email: args.email ?? null,
      role,
      schoolId,
      boardId,
      language: language === 'en' ? 'en' : 'fr',
      password,
    });
    await store.accountEvents.append({
      actor: actor.name,
      kind: 'CREATED',
      userId: user.id,
      details: { role },
    });
    return generated
      ? `User ${user.username} (${role}) added. Password (shown once): ${password}`
      : `User ${user.username} (${role}) added.`;
  });
}

export async function runUserDisable(
  store: Store,
  args: UserDisableArgs,
  io: UserCommandIo,
  actor: OperatorActor = cliOperator(),
): Promise<number> {
  if (args.enable) return runUserEnable(store, args, io, actor);
  if (!args.username) return usageRefused(io, 'Give the user name.');
  return run(io, async () => {
    await disableUser(commandContext(store), actor, { username: args.username });
    return `User ${args.username} disabled; their sessions are closed.`;
  });
}

export async function runUserEnable(
  store: Store,
  args: UserNameArgs,
  io: UserCommandIo,
  actor: OperatorActor = cliOperator(),
): Promise<number> {
  if (!args.username) return usageRefused(io, 'Give the user name.');
  return run(io, async () => {
    const { wasDisabled } = await enableUser(commandContext(store), actor, { username: args.username });
    return wasDisabled
      ? `User ${args.username} enabled; they can sign in again.`
      : `User ${args.username} was not disabled; their failed sign-ins are cleared.`;
  });
}

export async function runUserUnlock(
  store: Store,
  args: UserNameArgs,
  io: UserCommandIo,
  actor: OperatorActor = cliOperator(),
): Promise<number> {
  if (!args.username) return usageRefused(io, 'Give the user name.');
  return run(io, async () => {
    const { liftedLock } = await unlockUser(commandContext(store), actor, { username: args.username });
    return liftedLock
      ? `User ${args.username} unlocked (the lock ran until ${liftedLock.toISOString()}); they can sign in again.`
      : `User ${args.username} was not locked; their failed sign-ins are cleared.`;
  });
}

export async function runUserResetPassword(
  store: Store,
  args: UserResetPasswordArgs,
  io: UserCommandIo,
  actor: OperatorActor = cliOperator(),
): Promise<number> {
  if (!args.username) return usageRefused(io, 'Give the user name.');
  return run(io, async () => {
    const { password, generated } = chosenPassword(args.password);
    await store.users.resetPassword(args.username, password);
    const user = await store.users.byUsername(args.username);
    if (user)
      await store.accountEvents.append({ actor: actor.name, kind: 'PASSWORD_RESET', userId: user.id });
    return generated
      ? `Password of ${args.username} reset; their sessions are closed. New password (shown once): ${password}`
      : `Password of ${args.username} reset; their sessions are closed.`;
  });
}
