/**
 * A board's matcher parameters: the m-probabilities learnt from its own requests (train.ts) and the
 * share of its applicants absent from its SIS (absent-prior.ts), kept in a small JSON file that the
 * agent (`agent.matching.parametersFile`) and `etms match --parameters` load. Without a file the
 * shipped values are used (weights.ts, thresholds.ts `ABSENT_PRIOR`).
 *
 * The file (version 1):
 * {
 *   "format": "etms-match-parameters",
 *   "version": 1,
 *   "absentPrior": 0.15,                  // share of requests whose applicant is not in the SIS
 *   "m": { "dob": { "exact": 0.95, … }, "last": { … }, … },   // per field, per agreement level
 *   "training": { … }                      // how the values were learnt: informative, not read back
 * }
 * Fields are those of an explanation (last, first, dob, oen, student_number, gender, school,
 * last_attended); levels those of weights.ts, `missing` excepted (an empty field weighs nothing). A level
 * left out keeps its shipped m. u is not in the file: it comes from the population and the SIS's own
 * name counts, as for the shipped weights.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { ABSENT_PRIOR } from './thresholds.js';
import { ODDS_BY_FIELD, shippedMProbabilities, type MProbabilities, type WeightedField } from './weights.js';
import { parametersInvalid, parametersUnreadable } from './errors.js';

export const PARAMETERS_FORMAT = 'etms-match-parameters';
export const PARAMETERS_VERSION = 1;

/**
 * Bounds of a loaded m. Below M_MIN a level's weight would fall without limit (log2 of nearly 0): a board
 * that never saw a level in training still sees it one day. M_MAX keeps every other level possible.
 */
export const M_MIN = 0.0001;
export const M_MAX = 0.9999;
/**
 * Bounds of the absent share. Below 1 % the doppelgänger risk (an absent applicant with a student's name
 * and birth date) would be all but ignored; above 60 % most requests would be about people the SIS does
 * not hold, which says the file or the history is wrong rather than the board.
 */
export const ABSENT_PRIOR_MIN = 0.01;
export const ABSENT_PRIOR_MAX = 0.6;

/** How a parameter file was made: written for people, never needed to match. */
export interface TrainingSummary {
  /** ISO date and time. */
  trainedAt: string;
  students: number;
  requests: number;
  /** Requests used (a sample when there were more than the bound). */
  sampledRequests: number;
  pairs: number;
  iterations: number;
  converged: boolean;
  /** Where the absent share came from: a history of n requests of which k not found, or the default. */
  absentPrior: { source: 'history' | 'default'; requests?: number; notFound?: number };
}

export interface MatchParameters {
  format: typeof PARAMETERS_FORMAT;
  version: typeof PARAMETERS_VERSION;
  absentPrior: number;
  m: MProbabilities;
  training?: TrainingSummary;
}

/** The shipped values as a parameter set (what `etms match` uses without --parameters). */
export function shippedParameters(): MatchParameters {
  return {
    format: PARAMETERS_FORMAT,
    version: PARAMETERS_VERSION,
    absentPrior: ABSENT_PRIOR,
    m: shippedMProbabilities(),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a parsed parameter file. `source` names the file (or the config key) in the error, and the
 * error names the field: `m.dob.exact`, `absentPrior`, `version`.
 */
export function validateParameters(value: unknown, source: string): MatchParameters {
  const bad = (field: string, problem: string) => parametersInvalid(source, field, problem);
  if (!isObject(value)) throw bad('(file)', 'must be a JSON object');
  if (value.format !== PARAMETERS_FORMAT) throw bad('format', `must be "${PARAMETERS_FORMAT}"`);
  if (value.version !== PARAMETERS_VERSION)
    throw bad(
      'version',
      `is ${JSON.stringify(value.version)}; this eTMS reads version ${PARAMETERS_VERSION} (train the file again with etms match --train)`,
    );
  const prior = value.absentPrior;
  if (typeof prior !== 'number' || !(prior >= ABSENT_PRIOR_MIN && prior <= ABSENT_PRIOR_MAX))
    throw bad('absentPrior', `must be a number from ${ABSENT_PRIOR_MIN} to ${ABSENT_PRIOR_MAX}`);
  if (!isObject(value.m)) throw bad('m', 'must be an object of fields');
  const m: Record<string, Record<string, number>> = {};
  for (const [field, levels] of Object.entries(value.m)) {
    if (!(field in ODDS_BY_FIELD))
      throw bad(`m.${field}`, `is not a field (${Object.keys(ODDS_BY_FIELD).join(', ')})`);
    if (!isObject(levels)) throw bad(`m.${field}`, 'must be an object of levels');
    const known = ODDS_BY_FIELD[field as WeightedField] as Record<string, unknown>;
    m[field] = {};
    for (const [level, p] of Object.entries(levels)) {
      if (!(level in known) || level === 'missing')
        throw bad(
          `m.${field}.${level}`,
          `is not a level of ${field} (${Object.keys(known)
            .filter((l) => l !== 'missing')
            .join(', ')})`,
        );
      if (typeof p !== 'number' || !(p >= M_MIN && p <= M_MAX))
        throw bad(`m.${field}.${level}`, `must be a probability from ${M_MIN} to ${M_MAX}`);
      m[field][level] = p;
    }
    const total = Object.values(m[field]).reduce((a, b) => a + b, 0);
    // m over a field's levels is one distribution; the shipped values sum to 1 within a few percent.
    if (total > 1.1)
      throw bad(`m.${field}`, `its levels add up to ${total.toFixed(3)}; they must add up to at most 1.1`);
  }
  return {
    format: PARAMETERS_FORMAT,
    version: PARAMETERS_VERSION,
    absentPrior: prior,
    m: m as MProbabilities,
    ...(isObject(value.training) ? { training: value.training as unknown as TrainingSummary } : {}),
  };
}

/** Reads and checks a parameter file; `source` names it in errors (the file, or the file and its setting). */
export async function loadParameters(path: string, source = path): Promise<MatchParameters> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw parametersUnreadable(path, (error as NodeJS.ErrnoException).code ?? 'unreadable');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw parametersInvalid(source, '(file)', `is not JSON (${(error as Error).message})`);
  }
  return validateParameters(parsed, source);
}

/** Writes a parameter file whole or not at all (a temporary file renamed over it). */
export async function saveParameters(path: string, parameters: MatchParameters): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(parameters, null, 2) + '\n', 'utf8');
  await rename(temporary, path);
}
