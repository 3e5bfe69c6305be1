/**
 * Matching bench: the Auto-eTMS matcher against a synthetic SIS and labelled requests, side by side with
 * two baselines (exact normalised name + birth date; fuse.js fuzzy search over the whole SIS), then the
 * whole `etms match` path on CSV files.
 *
 *   npx tsx bench/match.ts [--students 200000] [--requests 10000] [--seed 20250301] [--fuse-sample 300] [--no-files]
 *   npx tsx bench/match.ts --sweep 1,2,3,4,5 [--students N] [--requests N]   (wrong matches and recall per seed only)
 *   npx tsx bench/match.ts --sets-only [--students N] [--requests N] [--independent-students 50000] [--independent-requests 10000]
 *
 * Every run ends with the labelled sets (unless --no-sets): this generator, the independent one
 * (bench/lib/independent, three board profiles), and FEBRL 1-3 (fixtures/matching/febrl), each beside
 * the naive rule, and the worst figure over them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Writable } from 'node:stream';
import Fuse from 'fuse.js';
import { blockingKeys, decide, StudentIndex, type MatchDecision } from '../src/matching/index.js';
import { normaliseName } from '../src/matching/normalise.js';
import { runMatchCommand } from '../src/matching/match-command.js';
import type { SisStudent } from '../src/sis/index.js';
import {
  generate,
  requestsCsv,
  studentsCsv,
  type LabelledRequest,
  type SyntheticData,
} from './lib/synthetic.js';
import { externalSets, matchSet, naiveSet, type LabelledSet } from './lib/labelled-sets.js';

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '200000' },
    requests: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '20250301' },
    'fuse-sample': { type: 'string', default: '300' },
    'no-files': { type: 'boolean', default: false },
    sweep: { type: 'string' },
    'no-sets': { type: 'boolean', default: false },
    'sets-only': { type: 'boolean', default: false },
    'independent-students': { type: 'string', default: '50000' },
    'independent-requests': { type: 'string', default: '10000' },
  },
});
const nStudents = Number(values.students);
const nRequests = Number(values.requests);
const seed = Number(values.seed);
const fuseSample = Number(values['fuse-sample']);

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(2)} %`);

interface Outcome {
  outcome: 'auto' | 'review' | 'none';
  auto?: string;
  ranked: string[];
}

interface Tally {
  requests: number;
  inSis: number;
  autoCorrect: number;
  wrongAuto: number;
  wrongAutoAbsent: number;
  review: number;
  reviewInSis: number;
  reviewTop3: number;
  none: number;
  noneInSis: number;
}

function tally(labelled: LabelledRequest[], outcomes: Outcome[]): Tally {
  const t: Tally = {
    requests: 0,
    inSis: 0,
    autoCorrect: 0,
    wrongAuto: 0,
    wrongAutoAbsent: 0,
    review: 0,
    reviewInSis: 0,
    reviewTop3: 0,
    none: 0,
    noneInSis: 0,
  };
  labelled.forEach((l, i) => {
    const o = outcomes[i];
    t.requests++;
    if (l.truth !== undefined) t.inSis++;
    if (o.outcome === 'auto') {
      if (o.auto === l.truth) t.autoCorrect++;
      else {
        t.wrongAuto++;
        if (l.truth === undefined) t.wrongAutoAbsent++;
      }
    } else if (o.outcome === 'review') {
      t.review++;
      if (l.truth !== undefined) {
        t.reviewInSis++;
        if (o.ranked.slice(0, 3).includes(l.truth)) t.reviewTop3++;
      }
    } else {
      t.none++;
      if (l.truth !== undefined) t.noneInSis++;
    }
  });
  return t;
}

function printTally(name: string, t: Tally, extra: string): void {
  console.log(`\n${name}`);
  console.log(`  requests ${t.requests} (student in the SIS: ${t.inSis}, absent: ${t.requests - t.inSis})`);
  console.log(
    `  wrong automatic matches  ${t.wrongAuto}  (of which applicant absent from the SIS: ${t.wrongAutoAbsent})`,
  );
  console.log(`  automatic recall         ${pct(t.autoCorrect, t.inSis)}  (${t.autoCorrect} / ${t.inSis})`);
  console.log(
    `  review                   ${t.review}  (student in the SIS: ${t.reviewInSis}; true student in top 3: ${pct(t.reviewTop3, t.reviewInSis)})`,
  );
  console.log(`  none                     ${t.none}  (student was in the SIS: ${t.noneInSis})`);
  console.log(`  ${extra}`);
}

/** The labelled sets, each with the naive rule beside it, and the worst figures over them. */
async function labelledSets(own: SyntheticData): Promise<void> {
  const sets: LabelledSet[] = [
    {
      name: `own generator ${own.students.length / 1000}k × ${own.requests.length / 1000}k`,
      students: own.students,
      rows: own.requests.map((l, i) => ({ line: i + 2, request: l.request })),
      truth: new Map(own.requests.map((l) => [l.request.referenceNumber, l.truth ?? ''])),
    },
  ];
  sets.push(
    ...(await externalSets(Number(values['independent-students']), Number(values['independent-requests']))),
  );

  const p1 = (x: number) => `${(100 * x).toFixed(1)} %`;
  console.log(
    '\nlabelled sets: the matcher (naive rule in brackets: exact identifier, or exact names + birth date, one hit; scored: candidates per request)',
  );
  console.log(
    '  bound at 0 wrong: the most a rule could answer automatically without a wrong match if it saw only the best candidate\u2019s agreement levels / those and the names\u2019 weights (read with the labels, bench/lib/agreement-bound.ts)',
  );
  console.log(
    `  ${'set'.padEnd(30)} ${'wrong auto'.padStart(14)} ${'auto recall'.padStart(20)} ${'review top 3'.padStart(13)} ${'top 1'.padStart(8)} ${'scored'.padStart(7)} ${'bound at 0 wrong'.padStart(17)}`,
  );
  const worst = { wrong: 0, recall: 1, top3: 1, top1: 1, belowNaive: [] as string[] };
  for (const set of sets) {
    const t0 = performance.now();
    const m = matchSet(set);
    const ms = performance.now() - t0;
    const naive = naiveSet(set);
    console.log(
      `  ${set.name.padEnd(30)} ${`${m.wrongAuto} (${naive.wrongAuto})`.padStart(14)} ${`${p1(m.autoRecall)} (${p1(naive.autoRecall)})`.padStart(20)} ${p1(m.reviewTop3).padStart(13)} ${p1(m.reviewTop1).padStart(8)} ${(m.candidatesPerRequest ?? 0).toFixed(2).padStart(7)} ${`${p1(m.bound?.levels ?? 0)} / ${p1(m.bound?.levelsAndNameWeights ?? 0)}`.padStart(17)}   ${set.rows.length} requests in ${(ms / 1000).toFixed(2)} s`,
    );
    worst.wrong = Math.max(worst.wrong, m.wrongAuto);
    worst.recall = Math.min(worst.recall, m.autoRecall);
    worst.top3 = Math.min(worst.top3, m.reviewTop3);
    worst.top1 = Math.min(worst.top1, m.reviewTop1);
    if (naive.wrongAuto === 0 && naive.autoRecall > m.autoRecall) worst.belowNaive.push(set.name);
  }
  console.log(
    `  ${'worst of the sets'.padEnd(30)} ${String(worst.wrong).padStart(14)} ${p1(worst.recall).padStart(20)} ${p1(worst.top3).padStart(13)} ${p1(worst.top1).padStart(8)}`,
  );
  console.log(
    `  below the naive rule where it makes no mistake: ${worst.belowNaive.length === 0 ? 'none' : worst.belowNaive.join(', ')}`,
  );
}

if (values['sets-only']) {
  await labelledSets(generate({ students: nStudents, requests: nRequests, seed }));
  process.exit(0);
}

if (values.sweep !== undefined) {
  // The safety sweep: one fresh SIS and request set per seed, the matcher only.
  console.log(`matching sweep: ${nStudents} students × ${nRequests} requests per seed`);
  let wrongTotal = 0;
  for (const s of values.sweep.split(',').map(Number)) {
    const sweepData = generate({ students: nStudents, requests: nRequests, seed: s });
    const sweepIndex = new StudentIndex(sweepData.students);
    const sweepCtx = { frequencies: sweepIndex.frequencies };
    const t = tally(
      sweepData.requests,
      sweepData.requests.map(({ request }) => {
        const d = decide(request, sweepIndex.candidatesBeyondKeys(blockingKeys(request)), sweepCtx);
        return {
          outcome: d.outcome,
          auto: d.student?.studentNumber,
          ranked: d.candidates.map((c) => c.student.studentNumber),
        };
      }),
    );
    wrongTotal += t.wrongAuto;
    console.log(
      `  seed ${String(s).padEnd(10)} wrong automatic ${t.wrongAuto}   automatic recall ${pct(t.autoCorrect, t.inSis)}   true student in review top 3 ${pct(t.reviewTop3, t.reviewInSis)}   not found though in the SIS ${t.noneInSis}`,
    );
  }
  console.log(`  wrong automatic matches over all seeds: ${wrongTotal}`);
  process.exit(0);
}

console.log(`matching bench: ${nStudents} students × ${nRequests} requests, seed ${seed}`);
let t0 = performance.now();
const data = generate({ students: nStudents, requests: nRequests, seed });
console.log(
  `generated in ${((performance.now() - t0) / 1000).toFixed(1)} s (${data.students.length} students, ${data.requests.length} requests)`,
);

// --- The matcher, in memory ------------------------------------------------------------------------
const rssBefore = process.memoryUsage().rss;
t0 = performance.now();
const index = new StudentIndex(data.students);
const indexMs = performance.now() - t0;
const ctx = { frequencies: index.frequencies };
const decisions: MatchDecision[] = [];
let candidatesScored = 0;
t0 = performance.now();
for (const { request } of data.requests) {
  const candidates = index.candidatesBeyondKeys(blockingKeys(request));
  candidatesScored += candidates.length;
  decisions.push(decide(request, candidates, ctx));
}
const matchMs = performance.now() - t0;
const rssAfter = process.memoryUsage().rss;
const engine = tally(
  data.requests,
  decisions.map((d) => ({
    outcome: d.outcome,
    auto: d.student?.studentNumber,
    ranked: d.candidates.map((c) => c.student.studentNumber),
  })),
);
printTally(
  'Auto-eTMS matcher (all requests)',
  engine,
  `index ${(indexMs / 1000).toFixed(2)} s; matching ${(matchMs / 1000).toFixed(2)} s = ${Math.round(nRequests / (matchMs / 1000))} requests/s; ` +
    `${(candidatesScored / nRequests).toFixed(2)} candidates scored per request; RSS +${mb(rssAfter - rssBefore)} for index and decisions, process peak ${mb(process.resourceUsage().maxRSS * 1024)}`,
);

// Where the matcher stops short, by discrepancy and by reason: what a tuner reads.
const byKind = new Map<string, { n: number; auto: number; review: number; none: number; wrong: number }>();
const byReason = new Map<string, number>();
data.requests.forEach((l, i) => {
  const d = decisions[i];
  for (const kind of l.kinds) {
    const k = byKind.get(kind) ?? { n: 0, auto: 0, review: 0, none: 0, wrong: 0 };
    k.n++;
    if (d.outcome === 'auto') {
      if (d.student?.studentNumber === l.truth) k.auto++;
      else k.wrong++;
    } else k[d.outcome]++;
    byKind.set(kind, k);
  }
  if (l.truth !== undefined && d.outcome !== 'auto')
    byReason.set(d.reason, (byReason.get(d.reason) ?? 0) + 1);
});
console.log('\n  by discrepancy (requests, correct auto, review, none, wrong auto):');
for (const [kind, k] of [...byKind.entries()].sort((a, b) => b[1].n - a[1].n)) {
  console.log(
    `    ${kind.padEnd(32)} ${String(k.n).padStart(6)} ${String(k.auto).padStart(6)} ${String(k.review).padStart(6)} ${String(k.none).padStart(6)} ${String(k.wrong).padStart(4)}`,
  );
}
console.log('  why requests whose student is in the SIS were not auto:');
for (const [reason, n] of [...byReason.entries()].sort((a, b) => b[1] - a[1]))
  console.log(`    ${reason.padEnd(28)} ${n}`);

// --- Baseline 1: exact normalised first name + last name + birth date --------------------------------
t0 = performance.now();
const exact = new Map<string, SisStudent[]>();
const exactKey = (first: string | undefined, last: string | undefined, dob: string | undefined) =>
  `${normaliseName(first)}|${normaliseName(last)}|${dob ?? ''}`;
for (const s of data.students) {
  const key = exactKey(s.firstName, s.lastName, s.birthDate);
  const list = exact.get(key);
  if (list) list.push(s);
  else exact.set(key, [s]);
}
const exactOutcomes: Outcome[] = data.requests.map(({ request: r }) => {
  const hits = exact.get(exactKey(r.firstName, r.lastName, r.birthDate)) ?? [];
  if (hits.length === 1)
    return { outcome: 'auto', auto: hits[0].studentNumber, ranked: [hits[0].studentNumber] };
  if (hits.length > 1) return { outcome: 'review', ranked: hits.map((h) => h.studentNumber) };
  return { outcome: 'none', ranked: [] };
});
const exactMs = performance.now() - t0;
printTally(
  'Baseline: exact normalised name + birth date (one hit = auto, several = review)',
  tally(data.requests, exactOutcomes),
  `${(exactMs / 1000).toFixed(2)} s including the map`,
);

// --- Baseline 2: fuse.js over the whole SIS, on a sample -------------------------------------------------
const sampleSize = Math.min(fuseSample, data.requests.length);
if (sampleSize > 0) {
  const step = Math.max(1, Math.floor(data.requests.length / sampleSize));
  const sample = data.requests.filter((_, i) => i % step === 0).slice(0, sampleSize);
  t0 = performance.now();
  const fuse = new Fuse(data.students, {
    keys: ['firstName', 'lastName', 'birthDate'],
    includeScore: true,
    threshold: 0.4,
    ignoreLocation: true,
  });
  const fuseIndexMs = performance.now() - t0;
  t0 = performance.now();
  const fuseOutcomes: Outcome[] = sample.map(({ request: r }) => {
    const hits = fuse.search(
      {
        $and: [
          { firstName: r.firstName ?? '' },
          { lastName: r.lastName ?? '' },
          { birthDate: r.birthDate ?? '' },
        ],
      },
      { limit: 5 },
    );
    const ranked = hits.map((h) => h.item.studentNumber);
    if (hits.length === 0) return { outcome: 'none', ranked };
    const best = hits[0].score ?? 1;
    const second = hits[1]?.score ?? 1;
    // Fuse scores run from 0 (perfect) to 1: auto for a near-perfect hit clearly ahead of the next.
    if (best <= 0.05 && second - best >= 0.05) return { outcome: 'auto', auto: ranked[0], ranked };
    return { outcome: 'review', ranked };
  });
  const fuseMs = performance.now() - t0;
  printTally(
    `Baseline: fuse.js over the whole SIS (auto = best score ≤ 0.05 and 0.05 ahead) — on a sample of ${sample.length} requests, fuse being too slow for all`,
    tally(sample, fuseOutcomes),
    `fuse index ${(fuseIndexMs / 1000).toFixed(2)} s; ${(fuseMs / sample.length).toFixed(0)} ms per request = ${(sample.length / (fuseMs / 1000)).toFixed(1)} requests/s`,
  );
  const engineOnSample = tally(
    sample,
    sample.map((l) => {
      const d = decisions[data.requests.indexOf(l)];
      return {
        outcome: d.outcome,
        auto: d.student?.studentNumber,
        ranked: d.candidates.map((c) => c.student.studentNumber),
      };
    }),
  );
  printTally('Auto-eTMS matcher on the same sample', engineOnSample, 'for comparison with fuse.js');
}

// --- The whole `etms match` path on files ----------------------------------------------------------------
if (!values['no-files']) {
  const dir = await mkdtemp(join(tmpdir(), 'etms-match-bench-'));
  try {
    const sis = join(dir, 'students.csv');
    const requests = join(dir, 'requests.csv');
    const out = join(dir, 'decisions.csv');
    await writeFile(sis, studentsCsv(data.students));
    await writeFile(requests, requestsCsv(data.requests));
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    t0 = performance.now();
    const code = await runMatchCommand({ sis, requests, out, explain: true }, { stdout: sink, stderr: sink });
    const inProcessMs = performance.now() - t0;
    console.log(`\netms match on files (${nStudents} students, ${nRequests} requests, --explain)`);
    console.log(`  runMatchCommand in this process: ${(inProcessMs / 1000).toFixed(2)} s wall, exit ${code}`);
    // A fresh process, as a board runs it: wall time and peak resident memory from /usr/bin/time.
    const child = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        '%e %M %U %S',
        process.execPath,
        '--import',
        'tsx',
        'src/matching/match-command-main.ts',
        '--sis',
        sis,
        '--requests',
        requests,
        '--out',
        out,
        '--explain',
      ],
      {
        cwd: new URL('..', import.meta.url).pathname,
        encoding: 'utf8',
      },
    );
    const timing = child.stderr.trim().split('\n').pop() ?? '';
    const [wall, maxKb, user, sys] = timing.split(' ').map(Number);
    console.log(
      `  separate process (node + tsx start-up included): ${wall.toFixed(2)} s wall, ${(user + sys).toFixed(2)} s CPU, peak RSS ${mb(maxKb * 1024)}, exit ${child.status}`,
    );
    const [load1] = (await import('node:os')).loadavg();
    console.log(
      `  (load average on this machine at the end of the run: ${load1.toFixed(1)} on ${(await import('node:os')).cpus().length} cores)`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (!values['no-sets']) await labelledSets(data);
