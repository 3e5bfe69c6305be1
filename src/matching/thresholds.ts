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
 * AUTO_MIN_MARGIN: the best candidate must beat the next by 10 points (1000 to 1), so that two records of
 * one person, or two close relatives, are never settled by a small difference.
 * REVIEW_MIN_SCORE: below it no candidate is shown (the request is "not found"); 8 points is a likelihood
 * ratio of 256, enough for a person to find it worth a look.
 */

/** Lowest total weight for an automatic match. */
export const AUTO_MIN_SCORE = 30;
/** Lowest lead of the best candidate over the second for an automatic match. */
export const AUTO_MIN_MARGIN = 10;
/** Lowest weight for a candidate to be shown for review; below it the request is not found. */
export const REVIEW_MIN_SCORE = 8;
/** Candidates kept in a decision, best first. */
export const MAX_CANDIDATES = 5;
