/**
 * `etms`: the command line of eTMS. Each command loads only the modules it needs, when it runs:
 * `etms --help` loads commander and nothing else.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Config } from './config.js';
import { isReferenceNumber, REFERENCE_NUMBER_PATTERN } from './domain/reference-number.js';
import { isEtmsError } from './errors.js';
import { MATCH_HELP_AFTER } from './matching/match-help.js';
import type { Store } from './store/index.js';

const io = { stdout: process.stdout, stderr: process.stderr };

function fail(error: unknown): never {
  const message = isEtmsError(error)
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(isEtmsError(error) ? 2 : 1);
}

async function config(cmd: Command): Promise<Config> {
  const { loadConfig } = await import('./config.js');
  return loadConfig({ file: cmd.optsWithGlobals().config as string | undefined });
}

async function withStore<T>(cfg: Config, fn: (store: Store) => Promise<T>): Promise<T> {
  const { openStore } = await import('./store/index.js');
  const store = await openStore({
    url: cfg.database.url,
    dataDir: join(cfg.database.dataDir, 'pg'),
    poolSize: 2,
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * A usage error found once the options are read (an option that needs another): one line on standard
 * error pointing at the command's --help, and exit 2, as commander's own usage errors.
 */
function usage(cmd: Command, message: string): never {
  return cmd.error(message, { exitCode: 2, code: 'etms.usage' });
}

/** An option's value among a few words, in any case; the value parsed is the word as listed. */
function oneOf(words: readonly string[], what: string) {
  return (value: string) => {
    const word = words.find((w) => w.toLowerCase() === value.trim().toLowerCase());
    if (word === undefined) throw new InvalidArgumentError(`${what} is ${listed(words)}.`);
    return word;
  };
}

function listed(words: readonly string[], conjunction = 'or'): string {
  return words.length < 2
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}

/** A reference number to look up: its shape (a request filed earlier keeps the number it has). */
function referenceNumber(value: string): string {
  const reference = value.trim().toUpperCase();
  if (!REFERENCE_NUMBER_PATTERN.test(reference))
    throw new InvalidArgumentError(
      'A reference number is H, the date as YYYYMMDD, then at least six digits (H20240411049903).',
    );
  return reference;
}

/** A reference number to write into a transcript: its shape and a real day of 1900-2099. */
function newReferenceNumber(value: string): string {
  const reference = value.trim().toUpperCase();
  if (!isReferenceNumber(reference))
    throw new InvalidArgumentError(
      'A reference number is H, the date as YYYYMMDD (a real day of 1900-2099), then at least six digits (H20240411049903); without --reference the placeholder H00000000000000 is written.',
    );
  return reference;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('A whole number of 1 or more is expected.');
  return n;
}

/**
 * A command that only groups others (`etms`, `etms transcript`, …): alone, or followed by a name it
 * does not know, it is a usage error naming the commands there are. A name it does not know is said
 * before an option it does not know (`etms nosuchcmd --bogus`): the option may be the unknown
 * command's.
 */
function commandGroup(cmd: Command): Command {
  // An action of its own would drop commander's `help` command (`etms help user`): kept.
  // Unknown options reach the action (commander would refuse them before it), which says them after
  // an unknown command; options and words after a known command go on to that command.
  return cmd
    .helpCommand(true)
    .allowExcessArguments()
    .allowUnknownOption()
    .action((_opts: unknown, self: Command) => {
      const names = self.commands.map((c) => c.name());
      const first = self.args[0];
      usage(
        self,
        first === undefined
          ? `a command is needed: ${listed(names)}`
          : first.startsWith('-')
            ? `unknown option '${first}'`
            : `unknown command '${first}'; the commands are ${listed(names, 'and')}`,
      );
    });
}

/**
 * Commander checks required options before unknown options and arguments, so `etms match --bogus`
 * would say "required option '--sis <file>' not specified" and never name --bogus. Here a command's
 * required options are checked just before its action runs, once its options and arguments have been
 * read: an unknown option, a missing or extra argument, then a missing required option.
 */
function requiredOptionsLast(cmd: Command): void {
  const required = cmd.options.filter((option) => option.mandatory);
  if (required.length === 0) return;
  for (const option of required) option.mandatory = false;
  cmd.hook('preAction', (self) => {
    const missing = required.find((option) => self.getOptionValue(option.attributeName()) === undefined);
    if (missing) usage(self, `required option '${missing.flags}' not specified`);
  });
}

/**
 * Every usage error of every command (unknown command or option, missing argument, bad value) is one
 * line on standard error naming it and pointing at the command's --help, and exit 2; --help exits 0.
 * Commander's own default is its whole help and exit 1, which a script cannot tell from a failure.
 */
function usageErrorsExit2(cmd: Command, path: string): void {
  const group = cmd.commands.length > 0;
  cmd
    // A word too many is a usage error, not ignored (a group reads it as an unknown command).
    .allowExcessArguments(group)
    .showHelpAfterError(false)
    .configureOutput({
      outputError: (message, write) =>
        write(`${path}: ${oneLine(message)} (${path} --help lists the ${group ? 'commands' : 'options'}).\n`),
    })
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));
  requiredOptionsLast(cmd);
  for (const sub of cmd.commands) usageErrorsExit2(sub, `${path} ${sub.name()}`);
}

/** Commander's message on one line, without its "error: " and a closing full stop. */
function oneLine(message: string): string {
  return message
    .replace(/^error: /, '')
    .trim()
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\.$/, '');
}

/** Runs a command body; its number is the exit code. */
function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>) {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      if (typeof code === 'number' && code !== 0) process.exitCode = code;
    } catch (error) {
      fail(error);
    }
  };
}

const program = new Command()
  .name('etms')
  .description(
    'eTMS — electronic transcript management for Ontario secondary schools, with the Auto-eTMS daemon',
  )
  .addOption(
    new Option('-c, --config <file>', 'configuration file (JSON) on top of config/default.json').env(
      'ETMS_CONFIG',
    ),
  );
commandGroup(program);

program
  .command('start')
  .description(
    'start eTMS in the configured role: migrate, seed the demo when asked (outside production), serve HTTP until SIGTERM or SIGINT',
  )
  .action(
    action(async (_opts: unknown, cmd: Command) => {
      const cfg = await config(cmd);
      if (cfg.role !== 'central') {
        const { checkAgentSis } = await import('./config/sis-check.js');
        await checkAgentSis(cfg);
      }
      const { serveUntilSignalled } = await import('./server.js');
      await serveUntilSignalled(cfg);
    }),
  );

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(
    action(async (_opts: unknown, cmd: Command) => {
      const cfg = await config(cmd);
      const { openDb } = await import('./store/db.js');
      const { migrate } = await import('./store/migrate.js');
      const db = await openDb({ url: cfg.database.url, dataDir: join(cfg.database.dataDir, 'pg') });
      try {
        const applied = await migrate(db);
        process.stdout.write(
          applied.length ? `applied: ${applied.join(', ')}\n` : 'the database is up to date\n',
        );
      } finally {
        await db.close();
      }
    }),
  );

program
  .command('seed-demo')
  .description('create the demo board, schools, users and requests (only into an empty database)')
  .action(
    action(async (_opts: unknown, cmd: Command) => {
      const cfg = await config(cmd);
      const { seedDemo } = await import('./store/demo.js');
      const { demoReview } = await import('./compose.js');
      return withStore(cfg, async (store) => {
        const summary = await seedDemo(store, {
          fixturesDir: cfg.demo.fixturesDir,
          password: cfg.demo.password,
          timeZone: cfg.businessTime.timeZone,
          review: demoReview,
        });
        if (!summary) {
          process.stderr.write(
            'The database already holds data: the demo is only created into an empty database.\n',
          );
          return 2;
        }
        process.stdout.write(
          `demo created: ${summary.board}, ${summary.schools} schools, ${summary.requests} requests, users ${summary.users.join(' and ')}\n`,
        );
        return 0;
      });
    }),
  );

program
  .command('match')
  .description('run the Auto-eTMS matcher on files: what would the daemon decide?')
  .requiredOption('--sis <file>', 'students.csv (the canonical SIS export)')
  .requiredOption('--requests <file>', 'requests.csv')
  .option('--out <file>', 'write decisions.csv here instead of standard output')
  .option('--explain', 'add the per-field reasons of the best candidate')
  .option(
    '--parameters <file>',
    "the board's parameter file: read (match) or written (--train); shipped values without it",
  )
  .option('--train', 'learn the parameters from these requests and write them to --parameters')
  .option('--history <file>', "with --train: the board's requests (staff CSV export, outcome or truth file)")
  .option('--max-requests <n>', 'with --train: requests sampled at most (20000)', wholeNumber)
  .option('--max-iterations <n>', 'with --train: EM passes at most (50)', wholeNumber)
  .option('--all-problems', 'list every row problem (by default, at most 20 lines of one kind)')
  .addHelpText('after', MATCH_HELP_AFTER)
  .action(
    action(
      async (
        opts: {
          sis: string;
          requests: string;
          out?: string;
          explain?: boolean;
          parameters?: string;
          train?: boolean;
          history?: string;
          maxRequests?: number;
          maxIterations?: number;
          allProblems?: boolean;
        },
        cmd: Command,
      ) => {
        if (opts.train) {
          if (!opts.parameters) usage(cmd, '--train needs --parameters <file>, the file to write');
          const { runTrainCommand } = await import('./matching/train-command.js');
          return runTrainCommand({ ...opts, parameters: opts.parameters }, io);
        }
        const { runMatchCommand } = await import('./matching/match-command.js');
        return runMatchCommand(opts, io);
      },
    ),
  );

const transcript = commandGroup(
  program.command('transcript').description('transcript files: validate and build'),
);
transcript
  .command('validate <file>')
  .description('check an XML or PDF transcript; prints "valid" or one line per problem (exit 0 / 2)')
  .option(
    '--request <reference>',
    'also compare the file with this request (reference number in the store)',
    referenceNumber,
  )
  .addOption(new Option('--lang <lang>', 'language of the messages').choices(['fr', 'en']).default('en'))
  .action(
    action(async (file: string, opts: { request?: string; lang?: string }, cmd: Command) => {
      const { runTranscriptValidate } = await import('./transcript/commands.js');
      const cfg = await config(cmd);
      const lang = opts.lang === 'fr' ? 'fr' : 'en';
      if (!opts.request) return runTranscriptValidate(file, { maxBytes: cfg.upload.maxBytes, lang }, io);
      return withStore(cfg, async (store) => {
        const request = await store.requests.findByReference(opts.request!);
        if (!request) {
          process.stderr.write(`No request with reference number ${opts.request} in the store.\n`);
          return 2;
        }
        const { requestDetails } = await import('./transcript/diff.js');
        return runTranscriptValidate(
          file,
          { request: requestDetails(request), maxBytes: cfg.upload.maxBytes, lang },
          io,
        );
      });
    }),
  );
transcript
  .command('build')
  .description("print the transcript XML a student's record would produce")
  .requiredOption('--sis-config <file>', 'SIS adapter configuration (JSON, see config/examples/)')
  .requiredOption('--student <number>', 'student number in the SIS')
  .option(
    '--reference <reference>',
    'reference number to carry as RequestTrackingID',
    newReferenceNumber,
    'H00000000000000',
  )
  .option('--reissue', 'mark the transcript as a reissue')
  .action(
    action(async (opts: { sisConfig: string; student: string; reference: string; reissue?: boolean }) => {
      const { createSisAdapter } = await import('../adapters/index.js');
      const { runTranscriptBuild } = await import('./transcript/commands.js');
      const sisConfig = JSON.parse(readFileSync(opts.sisConfig, 'utf8')) as Parameters<
        typeof createSisAdapter
      >[0];
      const adapter = await createSisAdapter(sisConfig);
      try {
        const record = await adapter.transcript(opts.student);
        if (!record) {
          process.stderr.write(`The SIS has no student with number ${opts.student}.\n`);
          return 2;
        }
        return runTranscriptBuild(
          record,
          { referenceNumber: opts.reference, transmission: opts.reissue ? 'Reissue' : 'Original' },
          io,
        );
      } finally {
        await adapter.close();
      }
    }),
  );

const user = commandGroup(program.command('user').description('staff accounts'));
user
  .command('add <username>')
  .description(
    'create a staff account; the password is taken from ETMS_NEW_PASSWORD, else generated and printed once',
  )
  .requiredOption('--role <role>', 'SCHOOL, BOARD or ADMIN', oneOf(['SCHOOL', 'BOARD', 'ADMIN'], 'The role'))
  .option('--school <bsid>', 'school BSID (school users)')
  .option('--board <code>', 'board code (board users)')
  .option('--name <display>', 'name shown in « Dernière mise à jour par »')
  .option('--email <address>', 'e-mail address')
  .addOption(new Option('--lang <lang>', 'language of the account').choices(['fr', 'en']).default('fr'))
  .action(
    action(async (username: string, opts: Record<string, string>, cmd: Command) => {
      if (opts.role === 'SCHOOL' && !opts.school)
        usage(cmd, 'a SCHOOL user needs --school <bsid>, the BSID of their school');
      if (opts.role === 'BOARD' && !opts.board)
        usage(cmd, 'a BOARD user needs --board <code>, the code of their board');
      const { runUserAdd } = await import('./admin/user-commands.js');
      return withStore(await config(cmd), (store) => runUserAdd(store, { username, ...opts }, io));
    }),
  );
user
  .command('disable <username>')
  .description('disable a staff account and end its sessions')
  .action(
    action(async (username: string, _opts: unknown, cmd: Command) => {
      const { runUserDisable } = await import('./admin/user-commands.js');
      return withStore(await config(cmd), (store) => runUserDisable(store, { username }, io));
    }),
  );
user
  .command('enable <username>')
  .description('let a disabled staff account sign in again (its failed sign-ins are cleared)')
  .action(
    action(async (username: string, _opts: unknown, cmd: Command) => {
      const { runUserEnable } = await import('./admin/user-commands.js');
      return withStore(await config(cmd), (store) => runUserEnable(store, { username }, io));
    }),
  );
user
  .command('unlock <username>')
  .description('lift the lock that failed sign-ins put on a staff account, and clear its failed sign-ins')
  .action(
    action(async (username: string, _opts: unknown, cmd: Command) => {
      const { runUserUnlock } = await import('./admin/user-commands.js');
      return withStore(await config(cmd), (store) => runUserUnlock(store, { username }, io));
    }),
  );
user
  .command('reset-password <username>')
  .description(
    'set a new password (from ETMS_NEW_PASSWORD, else generated and printed once) and end the sessions',
  )
  .action(
    action(async (username: string, _opts: unknown, cmd: Command) => {
      const { runUserResetPassword } = await import('./admin/user-commands.js');
      return withStore(await config(cmd), (store) => runUserResetPassword(store, { username }, io));
    }),
  );

const credential = commandGroup(
  program.command('credential').description('machine credentials for agents and intake clients'),
);
credential
  .command('create')
  .description('create a credential and print its secret once')
  .requiredOption('--kind <kind>', 'AGENT or INTAKE', oneOf(['AGENT', 'INTAKE'], 'The kind'))
  .option('--board <code>', 'board code (agents)')
  .option(
    '--origin <centre>',
    'OCAS or OUAC (intake): the application centre it files for; it then files, cancels and reads only its requests',
    oneOf(['OCAS', 'OUAC'], 'The application centre'),
  )
  .requiredOption('--label <label>', 'what this credential is for')
  .action(
    action(async (opts: { kind: string; board?: string; origin?: string; label: string }, cmd: Command) => {
      if (opts.kind === 'AGENT' && !opts.board)
        usage(cmd, 'an AGENT credential answers for one board: give --board <code>');
      if (opts.kind === 'AGENT' && opts.origin)
        usage(cmd, 'an AGENT credential answers for a board, not an application centre: leave out --origin');
      const { runCredentialCreate } = await import('./api/credential-command.js');
      return withStore(await config(cmd), (store) => runCredentialCreate(store, opts, io));
    }),
  );
credential
  .command('list')
  .description('list the credentials (id, kind, board, dates, label); never a secret')
  .option('--active', 'only the credentials not revoked')
  .action(
    action(async (opts: { active?: boolean }, cmd: Command) => {
      const { runCredentialList } = await import('./api/credential-command.js');
      return withStore(await config(cmd), (store) => runCredentialList(store, opts, io));
    }),
  );
credential
  .command('revoke <id>')
  .description('revoke a credential: every call presenting it is refused from then on')
  .action(
    action(async (id: string, _opts: unknown, cmd: Command) => {
      const { runCredentialRevoke } = await import('./api/credential-command.js');
      return withStore(await config(cmd), (store) => runCredentialRevoke(store, { id }, io));
    }),
  );

program
  .command('agent')
  .description('run the Auto-eTMS agent only, against the central configured in agent.central')
  .action(
    action(async (_opts: unknown, cmd: Command) => {
      const cfg = await config(cmd);
      const { checkAgentSis } = await import('./config/sis-check.js');
      await checkAgentSis(cfg);
      const { runAgentAlone } = await import('./compose.js');
      await runAgentAlone(cfg);
    }),
  );

program
  .command('transmit')
  .description('run the transmission to colleges now (normally nightly)')
  .action(
    action(async (_opts: unknown, cmd: Command) => {
      const cfg = await config(cmd);
      const { runTransmission } = await import('./central/index.js');
      const { createContext } = await import('./context.js');
      const { createLogger } = await import('./log.js');
      return withStore(cfg, async (store) => {
        const summary = await runTransmission(
          createContext({ config: cfg, store, log: createLogger({ level: cfg.logLevel }) }),
        );
        process.stdout.write(`${JSON.stringify(summary)}\n`);
      });
    }),
  );

usageErrorsExit2(program, 'etms');
await program.parseAsync(process.argv);
