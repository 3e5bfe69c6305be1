/**
 * Trained against shipped parameters on labelled sets: `etms match --train` learns each set's
 * m-probabilities from its own requests (the truth is used only for the absent share, as a board's
 * history of « Élève non trouvé » would be, and for scoring), then the matcher runs with the shipped and
 * with the trained parameters.
 *
 *   npx tsx bench/match-training.ts [--independent-students 50000] [--independent-requests 10000]
 *                                   [--speed-students 200000] [--speed-requests 10000]
 *
 * Ends with the time of training on the speed set beside a baseline taken in the same run: the matcher
 * over the same requests with the same index.
 */
import { parseArgs } from 'node:util';
import { blockingKeys, decide, StudentIndex } from '../src/matching/index.js';
import { trainParameters } from '../src/matching/train.js';
import { generate } from './lib/synthetic.js';
import { externalSets, matchSet, type LabelledSet, type SetFigures } from './lib/labelled-sets.js';

const { values } = parseArgs({
  options: {
    'independent-students': { type: 'string', default: '50000' },
    'independent-requests': { type: 'string', default: '10000' },
    'speed-students': { type: 'string', default: '200000' },
    'speed-requests': { type: 'string', default: '10000' },
    'no-speed': { type: 'boolean', default: false },
  },
});

function historyOf(set: LabelledSet) {
  let notFound = 0;
  for (const expected of set.truth.values()) if (expected === '') notFound++;
  return { requests: set.truth.size, notFound };
}

const p1 = (x: number) => `${(100 * x).toFixed(1)} %`;
const line = (f: SetFigures) => `${f.wrongAuto} wrong, recall ${p1(f.autoRecall)}, top3 ${p1(f.reviewTop3)}`;

const sets = await externalSets(
  Number(values['independent-students']),
  Number(values['independent-requests']),
);

for (const set of sets) {
  const t0 = performance.now();
  const run = trainParameters(
    set.students,
    set.rows.filter((r) => !r.unusable).map((r) => r.request),
    { history: historyOf(set) },
  );
  const ms = performance.now() - t0;
  const shipped = matchSet(set);
  const trained = matchSet(set, run.parameters);
  console.log(
    `${set.name}: shipped ${line(shipped)} | trained ${line(trained)} | absent prior ${run.parameters.absentPrior.toFixed(3)}, ${run.iterations} iterations${run.converged ? '' : ' (not converged)'}, ${run.pairs} pairs, ${(ms / 1000).toFixed(2)} s`,
  );
}

if (!values['no-speed']) {
  const data = generate({
    students: Number(values['speed-students']),
    requests: Number(values['speed-requests']),
    seed: 20250301,
  });
  // Each side gets its own copies, so that neither reuses the other's prepared names.
  const copy = () => ({
    students: structuredClone(data.students),
    requests: data.requests.map((l) => structuredClone(l.request)),
  });
  const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(2);
  for (let round = 1; round <= 2; round++) {
    const a = copy();
    let t0 = performance.now();
    const index = new StudentIndex(a.students);
    const ctx = { frequencies: index.frequencies };
    for (const r of a.requests) decide(r, index.candidates(blockingKeys(r)), ctx);
    const baseline = seconds(t0);
    const b = copy();
    t0 = performance.now();
    const run = trainParameters(b.students, b.requests, {});
    const training = seconds(t0);
    console.log(
      `speed ${data.students.length} × ${data.requests.length}, round ${round}: baseline (index, then matching every request) ${baseline} s; training (index, pairs, EM) ${training} s (${run.iterations} iterations, ${run.pairs} pairs)`,
    );
  }
}
