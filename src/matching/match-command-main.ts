/**
 * Stand-alone entry of `etms match` (the same command src/cli.ts offers):
 * npx tsx src/matching/match-command-main.ts --sis students.csv --requests requests.csv [--out f] [--explain]
 *   [--parameters board.json]
 * npx tsx src/matching/match-command-main.ts --train --sis students.csv --requests requests.csv
 *   --parameters board.json [--history history.csv] [--max-requests N] [--max-iterations N]
 */
import { parseArgs } from 'node:util';
import { runMatchCommand } from './match-command.js';
import { MATCH_HELP_AFTER } from './match-help.js';
import { runTrainCommand } from './train-command.js';

const usage =
  'usage: etms match --sis students.csv --requests requests.csv [--out decisions.csv] [--explain] [--parameters board.json] [--all-problems]\n' +
  '       etms match --train --sis students.csv --requests requests.csv --parameters board.json [--history history.csv]';

async function main(argv: string[]): Promise<number> {
  let values: {
    sis?: string;
    requests?: string;
    out?: string;
    explain?: boolean;
    parameters?: string;
    train?: boolean;
    history?: string;
    'max-requests'?: string;
    'max-iterations'?: string;
    'all-problems'?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        sis: { type: 'string' },
        requests: { type: 'string' },
        out: { type: 'string' },
        explain: { type: 'boolean' },
        parameters: { type: 'string' },
        train: { type: 'boolean' },
        history: { type: 'string' },
        'max-requests': { type: 'string' },
        'max-iterations': { type: 'string' },
        'all-problems': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`etms match: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n${MATCH_HELP_AFTER}`);
    return 0;
  }
  if (!values.sis || !values.requests) {
    process.stderr.write(`etms match: --sis and --requests are required.\n${usage}\n`);
    return 2;
  }
  const io = { stdout: process.stdout, stderr: process.stderr };
  if (values.train) {
    if (!values.parameters) {
      process.stderr.write(`etms match --train: --parameters names the file to write.\n${usage}\n`);
      return 2;
    }
    const n = (v: string | undefined) => (v === undefined ? undefined : Number(v));
    return runTrainCommand(
      {
        sis: values.sis,
        requests: values.requests,
        parameters: values.parameters,
        history: values.history,
        maxRequests: n(values['max-requests']),
        maxIterations: n(values['max-iterations']),
        allProblems: values['all-problems'],
      },
      io,
    );
  }
  return runMatchCommand(
    {
      sis: values.sis,
      requests: values.requests,
      out: values.out,
      explain: values.explain,
      parameters: values.parameters,
      allProblems: values['all-problems'],
    },
    io,
  );
}

process.exitCode = await main(process.argv.slice(2));
