/**
 * Writes an independent labelled matching data set:
 *
 *   npx tsx bench/lib/independent/cli.ts --students 50000 --requests 10000 --seed 1 --out DIR
 *     [--absent-share 0.15] [--profile public|catholic|french] [--export-date 2026-06-15]
 *
 * then, for instance:
 *   npx etms match --sis DIR/students.csv --requests DIR/requests.csv --out DIR/decisions.csv
 *   python3 ../shared/data/febrl/score.py DIR/truth.csv DIR/decisions.csv -v
 */
import { parseArgs } from 'node:util';
import { GeneratorOptionsInvalid } from './errors.js';
import { type DataSetOptions, FILE_NAMES, generateToDirectory } from './generate.js';
import { type BoardProfile } from './names/origins.js';

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n))
    throw GeneratorOptionsInvalid(`--${name} must be a number, not "${text}"`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        students: { type: 'string' },
        requests: { type: 'string' },
        seed: { type: 'string', default: '1' },
        out: { type: 'string' },
        'absent-share': { type: 'string' },
        profile: { type: 'string' },
        'export-date': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(
      'usage: cli.ts --students N --requests M [--seed S] --out DIR [--absent-share 0.15] [--profile public|catholic|french] [--export-date YYYY-MM-DD]\n',
    );
    return 0;
  }
  try {
    if (!args.out) throw GeneratorOptionsInvalid('--out must name the folder to write the files to');
    const absentShare = number('absent-share', args['absent-share']);
    const options: DataSetOptions = {
      students: number('students', args.students) ?? 50_000,
      requests: number('requests', args.requests) ?? 10_000,
      seed: args.seed,
      profile: args.profile as BoardProfile | undefined,
      exportDate: args['export-date'],
      rates: absentShare === undefined ? undefined : { absentShare },
    };
    const started = performance.now();
    const summary = await generateToDirectory(options, args.out);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `${summary.students} students in ${summary.schools} schools, ${summary.requests} requests ` +
        `(${summary.absent} absent from the SIS) in ${seconds.toFixed(1)} s → ` +
        `${Object.values(FILE_NAMES)
          .map((f) => `${args.out}/${f}`)
          .join(', ')}\n`,
    );
    return 0;
  } catch (error) {
    if (GeneratorOptionsInvalid.is(error)) {
      process.stderr.write(`${error.code}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
