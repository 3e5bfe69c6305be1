/**
 * `etms match --train --sis students.csv --requests requests.csv --parameters board.json
 * [--history history.csv] [--max-requests N] [--max-iterations N]`: learns the board's m-probabilities
 * from its own requests (train.ts) and its absent share from its history (absent-prior.ts), and writes
 * the parameter file the agent (`agent.matching.parametersFile`) and `etms match --parameters` load.
 *
 * Exit codes as `etms match`: 0 when written (rows it could not use are listed on standard error);
 * 2 with one line for bad input or options; 1 for an unexpected failure.
 */
import { isEtmsError } from '../errors.js';
import { readAbsentHistory } from './absent-prior.js';
import { readRequestsCsv, readStudentsCsv } from './csv-input.js';
import { outputNotWritable } from './errors.js';
import { saveParameters } from './parameters.js';
import { StudentIndex } from './student-index.js';
import { TRAINED_FIELDS, trainParameters } from './train.js';
import type { MatchCommandIo } from './match-command.js';
import { emptyInputNotices, problemLines } from './problem-lines.js';
import { oddsOf } from './weights.js';

export interface TrainCommandOptions {
  sis: string;
  requests: string;
  /** Where the parameter file is written. */
  parameters: string;
  history?: string;
  maxRequests?: number;
  maxIterations?: number;
  /** Every problem line, without the limit of lines of one kind. */
  allProblems?: boolean;
}

export async function runTrainCommand(opts: TrainCommandOptions, io: MatchCommandIo): Promise<number> {
  try {
    const started = performance.now();
    const history = opts.history ? await readAbsentHistory(opts.history) : undefined;
    const sis = await readStudentsCsv(opts.sis);
    const { students } = sis;
    const { rows, problems: requestProblems } = await readRequestsCsv(opts.requests, {
      oenCheckDigits: sis.oenCheckDigits,
    });
    for (const line of [
      ...problemLines([...sis.problems, ...requestProblems], { all: opts.allProblems }),
      ...emptyInputNotices(opts, sis, rows.length, 'train'),
    ])
      io.stderr.write(`${line}\n`);
    const index = new StudentIndex(students);
    const run = trainParameters(
      students,
      rows.filter((r) => !r.unusable).map((r) => r.request),
      { history, maxRequests: opts.maxRequests, maxIterations: opts.maxIterations },
      index,
    );
    try {
      await saveParameters(opts.parameters, run.parameters);
    } catch (error) {
      throw outputNotWritable(opts.parameters, (error as Error).message);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const t = run.parameters.training!;
    const lines = [
      `${opts.parameters}: trained on ${t.sampledRequests} of ${t.requests} requests against ${t.students} students (${run.pairs} pairs), ${run.iterations} iterations${run.converged ? '' : ' (stopped at the bound before converging)'}, ${seconds} s`,
      `share of applicants absent: ${run.parameters.absentPrior.toFixed(3)} (${t.absentPrior.source === 'history' ? `history of ${t.absentPrior.requests} requests, ${t.absentPrior.notFound} not found` : 'shipped value, no history given'})`,
      'weights that moved (trained minus shipped, bits):',
    ];
    for (const field of TRAINED_FIELDS) {
      const moved: string[] = [];
      for (const [level, m] of Object.entries(run.parameters.m[field] ?? {})) {
        // The same u on both sides: the change is log2(m trained / m shipped).
        const delta = Math.log2((m as number) / oddsOf(field, level).m);
        if (Math.abs(delta) >= 0.01) moved.push(`${level} ${delta > 0 ? '+' : ''}${delta.toFixed(2)}`);
      }
      if (moved.length > 0) lines.push(`  ${field}: ${moved.join(', ')}`);
    }
    io.stdout.write(lines.join('\n') + '\n');
    return 0;
  } catch (error) {
    if (isEtmsError(error)) {
      io.stderr.write(`etms match --train: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`etms match --train: unexpected failure: ${(error as Error).message}\n`);
    return 1;
  }
}
