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

/** Lowest total weight for an automatic match. */
export const AUTO_MIN_SCORE = 30;
/** Lowest weight of the two names together for an automatic match on exact names, birth date and school. */
export const AUTO_NAMES_MIN_WITH_SCHOOL = 11;
/** Lowest lead of the best candidate over the second for an automatic match. */
export const AUTO_MIN_MARGIN = 10;
/** Lowest weight for a candidate to be shown for review; below it the request is not found. */
export const REVIEW_MIN_SCORE = 8;
/** Candidates kept in a decision, best first. */
export const MAX_CANDIDATES = 5;
