/**
 * The command line's usage errors, through bin/etms.js in a process of its own: for every command, a
 * usage error is one line on standard error naming it and the command's --help, and exit 2, before
 * anything is opened; --help exits 0. (`etms match` has its own in test/matching/match-command.test.ts;
 * what each command does when it runs is tested beside it.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const cwd = new URL('..', import.meta.url).pathname;
// An empty data folder: a usage error must stop before the database, which would leave files here.
const dataDir = mkdtempSync(join(tmpdir(), 'etms-cli-usage-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function etms(...args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: '',
    ETMS_DATABASE__DATA_DIR: dataDir,
    NODE_ENV: 'development',
  };
  delete env.VITEST;
  const result = spawnSync(process.execPath, ['bin/etms.js', ...args], { cwd, env, encoding: 'utf8' });
  // The line bin/etms.js prints when dist/ is older than the sources is not the command's.
  const stderr = result.stderr
    .split('\n')
    .filter((l) => l !== '' && !/^etms: (no build in dist\/|sources changed since the build)/.test(l));
  return { status: result.status, stdout: result.stdout, stderr };
}

const timeout = 300_000;

/** [arguments, the command named on the line, what the line says]. */
const USAGE_ERRORS: [string[], string, RegExp][] = [
  [[], 'etms', /^a command is needed: start, migrate, .* or transmit$/],
  [['frobnicate'], 'etms', /^unknown command 'frobnicate'; the commands are start, .* and transmit$/],
  [['--bogus'], 'etms', /^unknown option '--bogus'$/],
  // An unknown command is said before an unknown option, and an unknown option before a missing one.
  [
    ['nosuchcmd', '--bogus'],
    'etms',
    /^unknown command 'nosuchcmd'; the commands are start, .* and transmit$/,
  ],
  [['--bogus', 'match'], 'etms', /^unknown option '--bogus'$/],
  [
    ['transcript', 'check', '--bogus'],
    'etms transcript',
    /^unknown command 'check'; the commands are validate and build$/,
  ],
  [['transcript', '--bogus'], 'etms transcript', /^unknown option '--bogus'$/],
  [['match', '--bogus'], 'etms match', /^unknown option '--bogus'$/],
  [['match', '--sis', 's.csv', '--bogus'], 'etms match', /^unknown option '--bogus'$/],
  [['transcript', 'build', '--bogus'], 'etms transcript build', /^unknown option '--bogus'$/],
  [['credential', 'create', '--bogus'], 'etms credential create', /^unknown option '--bogus'$/],
  [['user', 'add', 'ada', '--bogus'], 'etms user add', /^unknown option '--bogus'$/],
  [['user', 'add', '--bogus'], 'etms user add', /^unknown option '--bogus'$/],
  [['match'], 'etms match', /^required option '--sis <file>' not specified$/],
  [['match', '--sis', 's.csv'], 'etms match', /^required option '--requests <file>' not specified$/],
  [['start', '--port', '80'], 'etms start', /^unknown option '--port'$/],
  [['migrate', 'now'], 'etms migrate', /^too many arguments for 'migrate'/],
  [['seed-demo', '--force'], 'etms seed-demo', /^unknown option '--force'$/],
  [['agent', 'board'], 'etms agent', /^too many arguments for 'agent'/],
  [['transmit', '--dry-run'], 'etms transmit', /^unknown option '--dry-run'$/],
  [['transcript'], 'etms transcript', /^a command is needed: validate or build$/],
  [
    ['transcript', 'check'],
    'etms transcript',
    /^unknown command 'check'; the commands are validate and build$/,
  ],
  [['transcript', 'validate'], 'etms transcript validate', /^missing required argument 'file'$/],
  [
    ['transcript', 'validate', 'x.xml', '--lang', 'de'],
    'etms transcript validate',
    /^option '--lang <lang>' argument 'de' is invalid\. Allowed choices are fr, en$/,
  ],
  [
    ['transcript', 'validate', 'x.xml', '--request', '42'],
    'etms transcript validate',
    /^option '--request <reference>' argument '42' is invalid\. A reference number is H, the date as YYYYMMDD/,
  ],
  [
    ['transcript', 'build', '--sis-config', 's.json', '--student', '1', '--reference', 'H20241341049906'],
    'etms transcript build',
    /^option '--reference <reference>' argument 'H20241341049906' is invalid\. A reference number is H, the date as YYYYMMDD \(a real day of 1900-2099\)/,
  ],
  [
    ['transcript', 'build', '--sis-config', 's.json', '--student', '1', '--reference', 'H99999999999999'],
    'etms transcript build',
    /^option '--reference <reference>' argument 'H99999999999999' is invalid\./,
  ],
  [
    ['transcript', 'build', '--student', '1'],
    'etms transcript build',
    /^required option '--sis-config <file>' not specified$/,
  ],
  [['user'], 'etms user', /^a command is needed: add, disable, enable, unlock or reset-password$/],
  [['user', 'delete', 'x'], 'etms user', /^unknown command 'delete'/],
  [['user', 'add', '--role', 'ADMIN'], 'etms user add', /^missing required argument 'username'$/],
  [['user', 'add'], 'etms user add', /^missing required argument 'username'$/],
  [['user', 'add', 'ada'], 'etms user add', /^required option '--role <role>' not specified$/],
  [
    ['user', 'add', 'ada', '--role', 'teacher'],
    'etms user add',
    /^option '--role <role>' argument 'teacher' is invalid\. The role is SCHOOL, BOARD or ADMIN$/,
  ],
  [['user', 'add', 'ada', '--role', 'school'], 'etms user add', /^a SCHOOL user needs --school <bsid>/],
  [['user', 'add', 'ada', '--role', 'BOARD'], 'etms user add', /^a BOARD user needs --board <code>/],
  [
    ['user', 'add', 'ada', '--role', 'ADMIN', '--lang', 'es'],
    'etms user add',
    /^option '--lang <lang>' argument 'es' is invalid/,
  ],
  [['user', 'disable'], 'etms user disable', /^missing required argument 'username'$/],
  [['user', 'enable', 'a', 'b'], 'etms user enable', /^too many arguments for 'enable'/],
  [['user', 'unlock', '--all'], 'etms user unlock', /^unknown option '--all'$/],
  [['user', 'reset-password'], 'etms user reset-password', /^missing required argument 'username'$/],
  [['credential'], 'etms credential', /^a command is needed: create, list or revoke$/],
  [
    ['credential', 'create', '--label', 'x'],
    'etms credential create',
    /^required option '--kind <kind>' not specified$/,
  ],
  [
    ['credential', 'create', '--kind', 'robot', '--label', 'x'],
    'etms credential create',
    /^option '--kind <kind>' argument 'robot' is invalid\. The kind is AGENT or INTAKE$/,
  ],
  [
    ['credential', 'create', '--kind', 'agent', '--label', 'x'],
    'etms credential create',
    /^an AGENT credential answers for one board/,
  ],
  [['credential', 'list', '--revoked'], 'etms credential list', /^unknown option '--revoked'$/],
  [['credential', 'revoke'], 'etms credential revoke', /^missing required argument 'id'$/],
  [
    [
      'match',
      '--sis',
      's.csv',
      '--requests',
      'r.csv',
      '--train',
      '--parameters',
      'p.json',
      '--max-iterations',
      'ten',
    ],
    'etms match',
    /^option '--max-iterations <n>' argument 'ten' is invalid\. A whole number of 1 or more is expected$/,
  ],
  [
    ['match', '--sis', 's.csv', '--requests', 'r.csv', '--train'],
    'etms match',
    /^--train needs --parameters <file>/,
  ],
];

describe('etms usage errors', () => {
  it(
    'are one line naming the problem and the --help to read, and exit 2, before anything is opened',
    { timeout },
    () => {
      for (const [args, command, says] of USAGE_ERRORS) {
        const { status, stdout, stderr } = etms(...args);
        const what = `etms ${args.join(' ')}`;
        expect(status, what).toBe(2);
        expect(stdout, what).toBe('');
        expect(stderr, what).toHaveLength(1);
        const lists = ['etms', 'etms transcript', 'etms user', 'etms credential'].includes(command)
          ? 'commands'
          : 'options';
        const suffix = ` (${command} --help lists the ${lists}).`;
        expect(stderr[0].startsWith(`${command}: `), what).toBe(true);
        expect(stderr[0].endsWith(suffix), what).toBe(true);
        expect(stderr[0].slice(command.length + 2, -suffix.length), what).toMatch(says);
      }
      expect(readdirSync(dataDir)).toEqual([]);
    },
  );
});

describe('etms --help', () => {
  const COMMANDS = [
    [],
    ['start'],
    ['migrate'],
    ['seed-demo'],
    ['match'],
    ['transcript'],
    ['transcript', 'validate'],
    ['transcript', 'build'],
    ['user'],
    ['user', 'add'],
    ['user', 'disable'],
    ['user', 'enable'],
    ['user', 'unlock'],
    ['user', 'reset-password'],
    ['credential'],
    ['credential', 'create'],
    ['credential', 'list'],
    ['credential', 'revoke'],
    ['agent'],
    ['transmit'],
  ];
  it('exits 0 with the usage on standard output, for every command', { timeout }, () => {
    for (const args of COMMANDS) {
      const { status, stdout, stderr } = etms(...args, '--help');
      const what = `etms ${[...args, '--help'].join(' ')}`;
      expect(status, what).toBe(0);
      expect(stderr, what).toEqual([]);
      expect(stdout, what).toMatch(new RegExp(`^Usage: etms${args.map((a) => ` ${a}`).join('')} `));
    }
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('is also the help command of a command that groups others', { timeout }, () => {
    for (const args of [
      ['help'],
      ['help', 'user'],
      ['user', 'help', 'add'],
      ['transcript', 'help', 'build'],
    ]) {
      const { status, stdout } = etms(...args);
      expect(status, args.join(' ')).toBe(0);
      expect(stdout).toMatch(/^Usage: etms/);
    }
  });
});
