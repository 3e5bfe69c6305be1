/**
 * Fellegi-Sunter match weights. For each field and agreement level, m is the chance of seeing that level
 * when the request and the SIS record are the same student, u the chance when they are two different
 * students; the level's weight is log2(m / u), and a candidate's score is the sum over fields. A positive
 * weight is evidence for the match, a negative one against; 10 points is a likelihood ratio of about 1000.
 *
 * m comes from how applicants type (rates seen in transcript-request corrections: a few percent of
 * nicknames, day/month swaps, one-digit slips); u from the population (one birth date in about 6000,
 * one OEN in the whole province, the surname's own frequency for name levels). For the name levels
 * marked `scaled`, u is multiplied by the name's frequency (see surname-frequency.ts), so that Singh or
 * Nguyen weigh less than a rare name.
 */
import {
  RARE_GIVEN_NAME_SHARE,
  RARE_SURNAME_SHARE,
  builtInSurnameShare,
  type NameFrequencies,
} from './surname-frequency.js';

export interface LevelOdds {
  m: number;
  /** Chance of this level between two different students; for scaled levels, a factor of the name's frequency. */
  u: number;
  scaled?: boolean;
}

export const SURNAME_ODDS = {
  exact: { m: 0.9, u: 1, scaled: true },
  previous: { m: 0.04, u: 0.06, scaled: true },
  part: { m: 0.03, u: 0.1, scaled: true },
  swapped: { m: 0.01, u: 0.05, scaled: true },
  variant: { m: 0.005, u: 0.0005 },
  typo: { m: 0.02, u: 0.0005 },
  phonetic: { m: 0.005, u: 0.003 },
  similar: { m: 0.003, u: 0.01 },
  different: { m: 0.01, u: 0.97 },
  missing: { m: 1, u: 1 },
} satisfies Record<string, LevelOdds>;

/**
 * Bits taken off a surname that agrees only with one of the student's former surnames: the request's
 * surname (or the previous one it gives) is a name the student no longer carries, and nothing in the
 * request is the student's current surname. `previous` weighs a former surname against 6 % of its
 * share (u), as if few people could agree on it by chance; here anyone who carries that surname now
 * agrees (u is the whole share), while a student who changed surname mostly applies under the current
 * one (m well below `previous`'s 0.04 when the two are taken together). 2 bits is that correction
 * for an m of about 1 in 6 of the changed students typing the old name, and what the stress sweep
 * asked for: 500,000 requests (bench/match.ts --sweep 7,8,9,10 --requests 125000) had one wrong
 * automatic match, an absent Yi Zhou taken for a Yi Lee formerly Zhou, born the same day at the same
 * school (score 31, 0.9 above AUTO_MIN_SCORE); with 2 bits off, none, for 0.03-0.04 points of
 * automatic recall (93.79-93.90 % → 93.76-93.86 %, 2026-12-03); the labelled sets do not change.
 */
export const FORMER_SURNAME_TYPED_DISCOUNT = 2;

export const GIVEN_NAME_ODDS = {
  exact: { m: 0.85, u: 1, scaled: true },
  preferred: { m: 0.04, u: 0.1, scaled: true },
  swapped: { m: 0.01, u: 0.05, scaled: true },
  variant: { m: 0.02, u: 0.002 },
  nickname: { m: 0.04, u: 0.004 },
  middle: { m: 0.02, u: 0.004 },
  part: { m: 0.01, u: 0.004 },
  typo: { m: 0.02, u: 0.002 },
  phonetic: { m: 0.005, u: 0.006 },
  similar: { m: 0.003, u: 0.02 },
  different: { m: 0.005, u: 0.95 },
  missing: { m: 1, u: 1 },
} satisfies Record<string, LevelOdds>;

export const BIRTH_DATE_ODDS = {
  exact: { m: 0.95, u: 1 / 6000 },
  day_month_swap: { m: 0.01, u: 1 / 6000 },
  one_digit: { m: 0.02, u: 25 / 6000 },
  one_year: { m: 0.005, u: 2 / 6000 },
  different: { m: 0.015, u: 0.99 },
  missing: { m: 1, u: 1 },
} satisfies Record<string, LevelOdds>;

/**
 * OEN: u for exact is far below one in a million, but the weight is capped (u = 1e-6) so that an OEN
 * alone never outweighs a birth date and both names disagreeing.
 */
export const OEN_ODDS = {
  exact: { m: 0.97, u: 1e-6 },
  one_digit: { m: 0.02, u: 1e-4 },
  different: { m: 0.01, u: 0.999 },
  missing: { m: 1, u: 1 },
} satisfies Record<string, LevelOdds>;

/** Student numbers are per board and may be typed from another board's card: weaker than the OEN. */
export const STUDENT_NUMBER_ODDS = {
  exact: { m: 0.9, u: 2e-5 },
  one_digit: { m: 0.03, u: 4e-4 },
  different: { m: 0.07, u: 0.99 },
  missing: { m: 1, u: 1 },
} satisfies Record<string, LevelOdds>;

export const GENDER_ODDS = {
  same: { m: 0.98, u: 0.5 },
  different: { m: 0.01, u: 0.5 },
  missing: { m: 1, u: 1 },
} satisfies Record<string, LevelOdds>;

/** A board has dozens of secondary schools; applicants name another school of the board now and then. */
export const SCHOOL_ODDS = {
  same: { m: 0.85, u: 0.05 },
  different: { m: 0.15, u: 0.95 },
  missing: { m: 1, u: 1 },
} satisfies Record<string, LevelOdds>;

/** Date last attended within a year of the SIS's. */
export const LAST_ATTENDED_ODDS = {
  close: { m: 0.8, u: 0.3 },
  different: { m: 0.2, u: 0.7 },
  missing: { m: 1, u: 1 },
} satisfies Record<string, LevelOdds>;

/**
 * The odds tables by field (the field names of an explanation), for code that walks every field: the
 * parameter file (parameters.ts) and the training (train.ts).
 */
export const ODDS_BY_FIELD = {
  last: SURNAME_ODDS,
  first: GIVEN_NAME_ODDS,
  dob: BIRTH_DATE_ODDS,
  oen: OEN_ODDS,
  student_number: STUDENT_NUMBER_ODDS,
  gender: GENDER_ODDS,
  school: SCHOOL_ODDS,
  last_attended: LAST_ATTENDED_ODDS,
} as const;

export type WeightedField = keyof typeof ODDS_BY_FIELD;

/**
 * m-probabilities that replace the shipped ones, per field and level (a board's trained values, see
 * parameters.ts). A level left out keeps its shipped m; `missing` is never replaced (m = u = 1: an empty
 * field is no evidence). u is never replaced: it comes from the population and the SIS's own counts.
 */
export type MProbabilities = {
  [F in WeightedField]?: Partial<Record<keyof (typeof ODDS_BY_FIELD)[F], number>>;
};

/** The odds of one level, with m taken from `m` when it gives one. */
export function oddsOf(field: WeightedField, level: string, m?: MProbabilities): LevelOdds {
  const shipped = (ODDS_BY_FIELD[field] as Record<string, LevelOdds>)[level];
  const trained =
    level === 'missing' ? undefined : (m?.[field] as Record<string, number> | undefined)?.[level];
  return trained === undefined ? shipped : { ...shipped, m: trained };
}

/** The shipped m of every level but `missing`, field by field: the defaults of a parameter file. */
export function shippedMProbabilities(): Required<{ [F in WeightedField]: Record<string, number> }> {
  const out = {} as Record<WeightedField, Record<string, number>>;
  for (const field of Object.keys(ODDS_BY_FIELD) as WeightedField[]) {
    out[field] = {};
    for (const [level, odds] of Object.entries(ODDS_BY_FIELD[field] as Record<string, LevelOdds>))
      if (level !== 'missing') out[field][level] = odds.m;
  }
  return out;
}

/**
 * Below this many students, counts from the SIS say little about a name's frequency in the population,
 * so only the built-in shares and the floors are used.
 */
export const MIN_POPULATION_FOR_COUNTS = 1000;

function counted(frequencies: NameFrequencies | undefined): frequencies is NameFrequencies {
  return frequencies !== undefined && frequencies.population >= MIN_POPULATION_FOR_COUNTS;
}

/**
 * u is the chance that *another* student carries the value: the candidate's own record is one of the
 * SIS's count, so it is taken out (a name borne by one student in the SIS is rare, not "1 in N").
 */
function othersShare(count: number, population: number): number {
  return Math.max(0, count - 1) / population;
}

export function weightOf(odds: LevelOdds, share = 1): number {
  const u = odds.scaled ? odds.u * share : odds.u;
  return Math.log2(odds.m / u);
}

/**
 * The share of students with this surname: the SIS's own count when the index knows it, never below the
 * built-in share (a small SIS undercounts a common name) nor below the rare-name floor.
 */
export function surnameShare(compactSurname: string, frequencies?: NameFrequencies): number {
  let share = builtInSurnameShare(compactSurname) ?? 0;
  if (counted(frequencies))
    share = Math.max(share, othersShare(frequencies.surnameCount(compactSurname), frequencies.population));
  return Math.max(share, RARE_SURNAME_SHARE);
}

/**
 * The share for a name that agrees as one part of a surname or as a former surname: how many students
 * carry it anywhere in their surnames. "Abu" is rarely a whole surname but begins hundreds of them, so
 * "Abu Zahran" and "Abu Hakim" agreeing on it says little.
 */
export function surnamePartShare(compactName: string, frequencies?: NameFrequencies): number {
  const share = surnameShare(compactName, frequencies);
  if (!counted(frequencies) || frequencies.surnameKeyCount === undefined) return share;
  return Math.max(share, othersShare(frequencies.surnameKeyCount(compactName), frequencies.population));
}

export function givenNameShare(compactGiven: string, frequencies?: NameFrequencies): number {
  // Without SIS counts, a given name is assumed as common as a popular one (1 in 200): the safe side.
  const share = counted(frequencies)
    ? othersShare(frequencies.givenNameCount(compactGiven), frequencies.population)
    : 0.005;
  return Math.max(share, RARE_GIVEN_NAME_SHARE);
}

/**
 * The share of students with this first name and surname together. Names are not independent (a given
 * name common in one community goes with that community's surnames), so when the SIS shows the pair
 * more often than the product of the two shares, the pair's share is the better u.
 */
export function fullNameShare(
  compactGiven: string,
  compactSurname: string,
  frequencies?: NameFrequencies,
): number | undefined {
  if (!counted(frequencies)) return undefined;
  return othersShare(frequencies.fullNameCount(compactGiven, compactSurname), frequencies.population);
}
