/**
 * The decision thresholds, in one place.
 *
 * How they were chosen. A candidate found by blocking starts with prior odds of about 1 in N of being the
 * requested student (N = students in the SIS, 200,000 ≈ 2^17.6). A total weight W multiplies those odds
 * by 2^W, so W = 30 leaves posterior odds of about 2^12 (5,000 to 1) even at N = 200,000, before the
 * vetoes and the rule that a birth-date slip or a loose name needs an agreeing identifier. A request with
 * the exact birth date and both names exact scores 27-45 depending on how common the names are in the
 * SIS; the OEN adds about 20, so most requests carrying it score above 50.
 * AUTO_MIN_SCORE was then swept on the synthetic bench (bench/match.ts, 200,000 students × 10,000
 * requests, six seeds, some 9,500 applicants absent from the SIS: twins, namesakes, siblings, strangers).
 * The best-scoring wrong candidate that passed every veto and the margin scored 28.7 (a common full name
 * on the same birth date); at 26 and 28 wrong automatic matches appeared, at 30 and above none did.
 * 30 keeps automatic recall near 94 %; 32 keeps about 2^2 more odds for about 3 points of recall less.
 * Larger runs show the residual risk of the rule: over 420,000 more requests (seeds 7-10, 60,000 to
 * 150,000 each), two applicants absent from the SIS met a student with their exact full name and birth
 * date and scored 30.8 and 31 (about one in 200,000 requests); with surname parts and former surnames
 * weighed by how many students carry them (weights.ts), the three others seen there before are gone.
 * AUTO_MIN_MARGIN: the best candidate must beat the next by 10 points (1000 to 1), so that two records of
 * one person, or two close relatives, are never settled by a small difference.
 * REVIEW_MIN_SCORE: below it no candidate is shown (the request is "not found"); 8 points is a likelihood
 * ratio of 256, enough for a person to find it worth a look.
 */

/**
 * AUTO_NAMES_MIN_WITH_SCHOOL: without an identifier, the risk is another person with the same full name
 * and birth date (a namesake who never attended, a student of another board). The names' own weight
 * (surname plus first name, the latter lowered when the two travel together) measures how rare the full
 * name is in the SIS: 11 points is about one student in 2,700 sharing it (some 75 of 200,000). When the
 * request also names the student's school, such a namesake would have had to attend that very school
 * too (one chance in the board's number of schools), so exact names of that rarity, the exact birth
 * date and the same school carry an automatic match below AUTO_MIN_SCORE (their total is then 27.6 or
 * more). Swept on the synthetic bench over 480,000 requests (seeds 1-10, up to 150,000 requests each):
 * at 9 points a namesake sharing a very common full name (301 students) and the birth date was matched;
 * at 10 and 11, none was. 11 keeps two points between that namesake and the rule.
 */

/**
 * The posterior. A candidate's weight W multiplies the odds that it is the applicant; before any
 * evidence, each of the SIS's N students is the applicant with odds of about (1 - a) / (N · a) against
 * the applicant being absent from the SIS (a = ABSENT_PRIOR, the share of « Élève non trouvé »). So
 *   P(candidate) = 2^(W - O) / (Σ over candidates 2^(W - O) + N · a / (1 - a))
 * where O = WEIGHT_OVERSTATEMENT takes off what the weights overstate (they treat names, birth date and
 * school as independent, which they are not: a family shares a surname, a school and often a birth
 * year). O = 5 makes the score needed at N = 200,000 the 30 swept on the synthetic bench (see above):
 * log2(200,000 · 0.15 / 0.85) + log2(999) + 5 = 15.1 + 10 + 5. A 2,000-student SIS needs 24.3, since
 * a namesake born the same day is a hundred times less likely among fewer students.
 */
/**
 * Share of requests whose applicant is absent from the SIS (the conservative side of boards' rates),
 * when the board has not learnt its own from its history (absent-prior.ts, `etms match --train`).
 */
export const ABSENT_PRIOR = 0.15;
/** Bits the summed weights overstate the evidence by (dependence between fields), see above. */
export const WEIGHT_OVERSTATEMENT = 5;
/** Lowest posterior of the best candidate for an automatic match. */
export const AUTO_MIN_POSTERIOR = 0.999;
/** SIS size assumed when the SIS cannot count its students: the large side, so the strict one. */
export const DEFAULT_POPULATION = 200_000;

/** The weight whose posterior, alone among the candidates, reaches AUTO_MIN_POSTERIOR in an SIS of N. */
export function autoMinScore(population: number, absentPrior: number = ABSENT_PRIOR): number {
  const absentOdds = (Math.max(population, 1) * absentPrior) / (1 - absentPrior);
  return (
    Math.log2(absentOdds) + Math.log2(AUTO_MIN_POSTERIOR / (1 - AUTO_MIN_POSTERIOR)) + WEIGHT_OVERSTATEMENT
  );
}

/** Each candidate's posterior of being the applicant, in the order given (see above). */
export function posteriors(
  scores: readonly number[],
  population: number,
  absentPrior: number = ABSENT_PRIOR,
): number[] {
  const absentOdds = (Math.max(population, 1) * absentPrior) / (1 - absentPrior);
  const top = Math.max(...scores);
  // Scaled by 2^-top so that large weights do not overflow.
  const scaled = scores.map((w) => 2 ** (w - top));
  const total = scaled.reduce((a, b) => a + b, 0) + absentOdds * 2 ** (WEIGHT_OVERSTATEMENT - top);
  return scaled.map((x) => x / total);
}

/** Lowest total weight for an automatic match in an SIS of DEFAULT_POPULATION students (30.1). */
export const AUTO_MIN_SCORE = autoMinScore(DEFAULT_POPULATION);
/** Lowest weight of the two names together for an automatic match on exact names, birth date and school. */
export const AUTO_NAMES_MIN_WITH_SCHOOL = 11;
/**
 * A married surname (decide.ts): a woman who applies under her married surname, with nothing in the
 * request of the surname the SIS holds but perhaps her maiden name as the previous surname. Without
 * the surname, what tells her from another woman is the exact birth date, one of her schools and a
 * first name that is not common: MARRIED_NAME_MIN_FIRST_WEIGHT is 8 bits, a first name that at most
 * one student in about 300 carries (weight log2(0.85 / share)), so that another woman with that first
 * name, born the same day and naming the same school, is about 2^8 times rarer than a namesake born
 * the same day. MARRIED_NAME_MIN_AGE: surnames change at marriage, and in Ontario few women marry
 * before 25 (the median age at a first marriage is about 30); a younger applicant with another
 * surname is more likely someone else than a bride. Measured on 2026-12-03 (bench/match.ts): the
 * independent generator's sets gain 0.8-1.0 points of automatic recall with the same wrong automatic
 * matches, and so do five times as many of its requests (seed 11: 1,406 more, none wrong); FEBRL does
 * not change; the stress sweep of the own generator stays at 0 wrong. At 6 bits, a stranger absent
 * from the public set, Emily (7.2 bits), born the day a student Emily was, naming her school, was
 * matched.
 */
export const MARRIED_NAME_MIN_AGE = 25;
export const MARRIED_NAME_MIN_FIRST_WEIGHT = 8;
/** Lowest lead of the best candidate over the second for an automatic match. */
export const AUTO_MIN_MARGIN = 10;
/** Lowest weight for a candidate to be shown for review; below it the request is not found. */
export const REVIEW_MIN_SCORE = 8;
/** Candidates kept in a decision, best first. */
export const MAX_CANDIDATES = 5;
