/**
 * Stand-alone entry of `etms match` (the same command src/cli.ts offers):
 * npx tsx src/matching/match-command-main.ts --sis students.csv --requests requests.csv [--out f] [--explain]
 */
import { parseArgs } from 'node:util';
import { runMatchCommand } from './match-command.js';

const usage =
  'usage: etms match --sis students.csv --requests requests.csv [--out decisions.csv] [--explain]';

async function main(argv: string[]): Promise<number> {
  let values: { sis?: string; requests?: string; out?: string; explain?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        sis: { type: 'string' },
        requests: { type: 'string' },
        out: { type: 'string' },
        explain: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`etms match: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (!values.sis || !values.requests) {
    process.stderr.write(`etms match: --sis and --requests are required.\n${usage}\n`);
    return 2;
  }
  return runMatchCommand(
    { sis: values.sis, requests: values.requests, out: values.out, explain: values.explain },
    { stdout: process.stdout, stderr: process.stderr },
  );
}

process.exitCode = await main(process.argv.slice(2));
