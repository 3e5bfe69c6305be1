/**
 * Learning a board's m-probabilities from its own unlabelled requests (`etms match --train`), by
 * expectation–maximisation over the pairs the matcher's own blocking finds, Fellegi–Sunter style.
 *
 * The data. Each request r brings its candidates c (blocking.ts, the index of the SIS): for each pair, the
 * agreement level of every field (score.ts) and that level's u for this pair. u is not learnt: it is the
 * chance that two different students agree so, which the SIS itself tells (the share of students with
 * that surname or given name, its own counts, weights.ts) or the population does (one birth date in
 * 6,000); it is read back from the shipped weight of the pair, u = m_shipped / 2^weight.
 *
 * The model. A request's applicant is one of its candidates or nobody in the SIS (one-to-one: a request
 * is about one person). Given m, candidate j is the applicant with the matcher's own posterior
 * (thresholds.ts `posteriors`): 2^(W_j − O) / (Σ_k 2^(W_k − O) + N·a/(1 − a)), where
 * W_j = Σ_fields log2(m / u) of its levels, N the SIS's size and a the share of absent applicants.
 * Splink's EM takes each pair alone; here the candidates of a request compete for it, which keeps a
 * twin or a namesake found beside the true student from being counted as a second match.
 *
 * EM. E-step: each pair's posterior p_j under the current m. M-step: for each field, m(level) is the
 * p-weighted share of that level among the pairs where the field is not missing, smoothed towards the
 * shipped m by PRIOR_MATCHES pseudo-matches (a Dirichlet prior: a level rare on the board keeps a value
 * near the shipped one instead of 0), floored at M_FLOOR and kept within MAX_WEIGHT_CHANGE bits of
 * the shipped weight. Stops when no m moves by more than the tolerance, or after maxIterations.
 *
 * Bounds: at most maxRequests requests (an evenly spaced sample of the file), at most
 * MAX_PAIRS_PER_REQUEST candidates each (the best by shipped score: the true student is among them),
 * at most maxIterations passes over pairs held in typed arrays (8 bytes + 8 doubles per pair).
 */
import type { SisStudent } from '../sis/index.js';
import { estimateAbsentPrior, type AbsentHistory } from './absent-prior.js';
import { blockingKeys } from './blocking.js';
import { isUsableRequest } from './decide.js';
import { trainingOptionsInvalid } from './errors.js';
import {
  shippedParameters,
  type MatchParameters,
  PARAMETERS_FORMAT,
  PARAMETERS_VERSION,
} from './parameters.js';
import { prepareRequest, prepareStudent } from './prepared.js';
import { compareRecords, type Comparison } from './score.js';
import { StudentIndex } from './student-index.js';
import { DEFAULT_POPULATION, WEIGHT_OVERSTATEMENT } from './thresholds.js';
import type { MatchContext, MatchRequest } from './types.js';
import { ODDS_BY_FIELD, oddsOf, type MProbabilities, type WeightedField } from './weights.js';

/** Fields in the order of the pair arrays. */
export const TRAINED_FIELDS: readonly WeightedField[] = [
  'last',
  'first',
  'dob',
  'oen',
  'student_number',
  'gender',
  'school',
  'last_attended',
];
/** Each field's levels but `missing`, in the order of weights.ts; a level's index is its place here. */
const LEVELS: string[][] = TRAINED_FIELDS.map((f) =>
  Object.keys(ODDS_BY_FIELD[f]).filter((l) => l !== 'missing'),
);
const MISSING = 255;

/** A request of 20,000 is enough to see levels of 1 % a couple of hundred times among matches. */
export const DEFAULT_MAX_REQUESTS = 20_000;
export const DEFAULT_MAX_ITERATIONS = 50;
/** Largest change of any m between two passes below which EM has converged. */
export const DEFAULT_TOLERANCE = 1e-4;
/** The candidates kept per request, best first by shipped score (blocking gives about 8 on average). */
export const MAX_PAIRS_PER_REQUEST = 20;
/** Weight of the shipped m in the M-step, in matches: a board's data outweighs it from a few hundred on. */
export const PRIOR_MATCHES = 50;
/** Lowest trained m: a level the board's sample never showed as a match still happens now and then. */
export const M_FLOOR = 0.001;
/**
 * How far a trained level's weight may move from the shipped one, in bits, either way. The decision
 * rules (decide.ts, thresholds.ts) were swept with the shipped weights: a sum of weights crossing
 * AUTO_MIN_SCORE or AUTO_NAMES_MIN_WITH_SCHOOL is what lets a match through, so a board's training
 * tunes within a band rather than re-drawing those lines. Swept on the six labelled sets
 * (bench/match-training.ts: independent generator public, catholic, french; FEBRL 1-3): without a band
 * and at 0.5 bit, the french set gained a wrong automatic match (an absent applicant with a student's
 * name typed the other way round: the set's applicants swap names 1.6 % of the time against 1 % shipped,
 * and the pair of swapped levels moved by 1.4 bits); lowered weights alone (no raise) cost recall; at
 * 0.25 bit no set had more wrong automatic matches than with the shipped values and none had less recall.
 */
export const MAX_WEIGHT_CHANGE = 0.25;
const MAX_GAIN_FACTOR = 2 ** MAX_WEIGHT_CHANGE;

export interface TrainingOptions {
  maxRequests?: number;
  maxIterations?: number;
  tolerance?: number;
  /** The board's history of closed requests, for the absent share (absent-prior.ts). */
  history?: AbsentHistory;
  /** The time written in the file. */
  now?: Date;
}

/** The pairs of the sampled requests, as levels and log2 u per field. */
interface Pairs {
  count: number;
  /** Request r's pairs are [start[r], start[r + 1]). */
  start: Uint32Array;
  requests: number;
  /** count × fields: level index, MISSING when either side is empty. */
  levels: Uint8Array;
  /** count × fields: log2 u of the pair's level. */
  logU: Float64Array;
}

function comparisonLevels(c: Comparison): string[] {
  return [c.last, c.first, c.dob, c.oen, c.studentNumber, c.gender, c.school, c.attended];
}

function checkPositiveInteger(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw trainingOptionsInvalid(name, `must be a whole number from 1 to ${max}`);
}

/** Evenly spaced sample of at most max requests, in their order. */
function sample<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(items[Math.floor((i * items.length) / max)]);
  return out;
}

function collectPairs(index: StudentIndex, requests: readonly MatchRequest[], ctx: MatchContext): Pairs {
  const F = TRAINED_FIELDS.length;
  const starts: number[] = [0];
  const levels: number[] = [];
  const logU: number[] = [];
  for (const request of requests) {
    const r = prepareRequest(request);
    const seen = new Set<string>();
    const compared: Array<{ c: Comparison }> = [];
    for (const student of index.candidatesBeyondKeys(blockingKeys(request))) {
      if (seen.has(student.studentNumber)) continue;
      seen.add(student.studentNumber);
      compared.push({ c: compareRecords(r, prepareStudent(student), ctx) });
    }
    compared.sort((a, b) => b.c.score - a.c.score);
    for (const { c } of compared.slice(0, MAX_PAIRS_PER_REQUEST)) {
      const named = comparisonLevels(c);
      const weights = [
        c.lastWeight,
        c.firstWeight,
        c.tables.dob[c.dob],
        c.tables.oen[c.oen],
        c.tables.studentNumber[c.studentNumber],
        c.tables.gender[c.gender],
        c.tables.school[c.school],
        c.tables.attended[c.attended],
      ];
      for (let f = 0; f < F; f++) {
        const level = named[f];
        if (level === 'missing') {
          levels.push(MISSING);
          logU.push(0);
          continue;
        }
        const odds = oddsOf(TRAINED_FIELDS[f], level);
        levels.push(LEVELS[f].indexOf(level));
        // Names: u depends on the name's frequency, read back from the pair's weight; others: u as is.
        logU.push(f <= 1 ? Math.log2(odds.m) - weights[f] : Math.log2(odds.u));
      }
    }
    starts.push(levels.length / F);
  }
  return {
    count: levels.length / F,
    start: Uint32Array.from(starts),
    requests: requests.length,
    levels: Uint8Array.from(levels),
    logU: Float64Array.from(logU),
  };
}

/** One table of m per field, indexed like LEVELS. */
type MTable = Float64Array[];

function shippedTable(): MTable {
  return TRAINED_FIELDS.map((f, i) => Float64Array.from(LEVELS[i].map((l) => oddsOf(f, l).m)));
}

/** E-step and M-step once; returns the new table. */
function iterate(pairs: Pairs, m: MTable, prior: MTable, absentOdds: number): MTable {
  const F = TRAINED_FIELDS.length;
  const logM = m.map((row) => row.map(Math.log2));
  const counts = LEVELS.map((l) => new Float64Array(l.length));
  const weights = new Float64Array(MAX_PAIRS_PER_REQUEST);
  for (let r = 0; r < pairs.requests; r++) {
    const from = pairs.start[r];
    const to = pairs.start[r + 1];
    if (to === from) continue;
    let top = -Infinity;
    for (let j = from; j < to; j++) {
      let w = 0;
      for (let f = 0; f < F; f++) {
        const level = pairs.levels[j * F + f];
        if (level !== MISSING) w += logM[f][level] - pairs.logU[j * F + f];
      }
      weights[j - from] = w;
      if (w > top) top = w;
    }
    // The posterior of thresholds.ts, scaled by 2^-top against overflow.
    let total = absentOdds * 2 ** (WEIGHT_OVERSTATEMENT - top);
    for (let j = from; j < to; j++) total += 2 ** (weights[j - from] - top);
    for (let j = from; j < to; j++) {
      const p = 2 ** (weights[j - from] - top) / total;
      for (let f = 0; f < F; f++) {
        const level = pairs.levels[j * F + f];
        if (level !== MISSING) counts[f][level] += p;
      }
    }
  }
  return counts.map((row, f) => {
    const seen = row.reduce((a, b) => a + b, 0);
    const priorTotal = prior[f].reduce((a, b) => a + b, 0);
    const next = row.map((c, l) => (c + (PRIOR_MATCHES * prior[f][l]) / priorTotal) / (seen + PRIOR_MATCHES));
    for (let l = 0; l < next.length; l++)
      next[l] = Math.min(
        prior[f][l] * MAX_GAIN_FACTOR,
        Math.max(prior[f][l] / MAX_GAIN_FACTOR, M_FLOOR, next[l]),
      );
    return next;
  });
}

export interface TrainingRun {
  parameters: MatchParameters;
  pairs: number;
  iterations: number;
  converged: boolean;
}

/** Learns a board's parameters from its SIS and its unlabelled requests (see above). */
export function trainParameters(
  students: readonly SisStudent[],
  requests: readonly MatchRequest[],
  options: TrainingOptions = {},
  built?: StudentIndex,
): TrainingRun {
  const maxRequests = options.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  checkPositiveInteger('--max-requests', maxRequests, 1_000_000);
  checkPositiveInteger('--max-iterations', maxIterations, 1_000);
  if (!(tolerance > 0 && tolerance < 0.1))
    throw trainingOptionsInvalid('the tolerance', 'must be above 0 and below 0.1');

  const index = built ?? new StudentIndex([...students]);
  const ctx: MatchContext = { frequencies: index.frequencies };
  const sampled = sample(
    requests.filter((r) => isUsableRequest(r)),
    maxRequests,
  );
  const pairs = collectPairs(index, sampled, ctx);
  const absentPrior = Number(estimateAbsentPrior(options.history).toFixed(4));
  const population = index.frequencies?.population ?? DEFAULT_POPULATION;
  const absentOdds = (Math.max(population, 1) * absentPrior) / (1 - absentPrior);

  const prior = shippedTable();
  let m = prior;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && pairs.count > 0) {
    const next = iterate(pairs, m, prior, absentOdds);
    iterations++;
    let change = 0;
    for (let f = 0; f < next.length; f++)
      for (let l = 0; l < next[f].length; l++) change = Math.max(change, Math.abs(next[f][l] - m[f][l]));
    m = next;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }

  const trained: Record<string, Record<string, number>> = {};
  TRAINED_FIELDS.forEach((field, f) => {
    trained[field] = {};
    // Six significant digits: enough for any weight to 0.001 bit.
    LEVELS[f].forEach((level, l) => (trained[field][level] = Number(m[f][l].toPrecision(6))));
  });
  const parameters: MatchParameters =
    pairs.count === 0
      ? { ...shippedParameters(), absentPrior }
      : { format: PARAMETERS_FORMAT, version: PARAMETERS_VERSION, absentPrior, m: trained as MProbabilities };
  parameters.training = {
    trainedAt: (options.now ?? new Date()).toISOString(),
    students: index.size,
    requests: requests.length,
    sampledRequests: sampled.length,
    pairs: pairs.count,
    iterations,
    converged,
    absentPrior:
      options.history && options.history.requests > 0
        ? { source: 'history', requests: options.history.requests, notFound: options.history.notFound }
        : { source: 'default' },
  };
  return { parameters, pairs: pairs.count, iterations, converged };
}
