/**
 * From scored candidates to a decision: auto, review or none, with the reason and the explanation.
 */
import type { SisAdapter, SisStudent } from '../sis/index.js';
import { blockingKeys } from './blocking.js';
import { damerauLevenshtein } from './comparators.js';
import { ageOn } from './dates.js';
import { prepareRequest, prepareStudent, type PreparedRecord } from './prepared.js';
import type { ReasonCode } from './reasons.js';
import {
  GIVEN_NAME_RANK,
  NEAR_BIRTH_DATE,
  SAME_FAMILY,
  compareRecords,
  namesAgree,
  toScoredCandidate,
  type Comparison,
} from './score.js';
import {
  AUTO_MIN_MARGIN,
  AUTO_MIN_POSTERIOR,
  AUTO_MIN_SCORE,
  AUTO_NAMES_MIN_WITH_SCHOOL,
  DEFAULT_POPULATION,
  MARRIED_NAME_MIN_AGE,
  MARRIED_NAME_MIN_FIRST_WEIGHT,
  MAX_CANDIDATES,
  REVIEW_MIN_SCORE,
  posteriors,
} from './thresholds.js';
import type { MatchContext, MatchDecision, MatchRequest, ScoredCandidate, Veto } from './types.js';
import type { NameFrequencies } from './surname-frequency.js';

/** Without an agreeing identifier, only these name levels may carry an automatic match. */
const NAME_LEVELS_WITHOUT_IDENTIFIER: Record<'last' | 'first', ReadonlySet<string>> = {
  last: new Set(['exact', 'previous', 'part', 'variant', 'typo', 'swapped']),
  first: new Set(['exact', 'preferred', 'variant', 'nickname', 'swapped', 'middle', 'part', 'typo']),
};

/**
 * Without an identifier, the birth date must be the SIS one, or that date with day and month exchanged
 * (07/04 for 04/07: as strong a coincidence as the exact date for another person, and a slip applicants
 * make), and the posterior must then still reach AUTO_MIN_POSTERIOR.
 */
const BIRTH_DATE_LEVELS_WITHOUT_IDENTIFIER: ReadonlySet<string> = new Set(['exact', 'day_month_swap']);

/**
 * Exact first name and surname (or the two typed the other way round), rare enough in the SIS
 * (AUTO_NAMES_MIN_WITH_SCHOOL), the exact birth date and the school the request names, with no field
 * weighing against the student: see thresholds.ts.
 */
function rareNameAtSameSchool(best: ScoredCandidate): boolean {
  let names = 0;
  let swapped = 0;
  for (const f of best.fields) {
    if (f.field === 'last' || f.field === 'first') {
      if (f.level === 'swapped') swapped++;
      else if (f.level !== 'exact') return false;
      names += f.weight;
    } else if ((f.field === 'dob' && f.level !== 'exact') || (f.field === 'school' && f.level !== 'same'))
      return false;
    // The rule stands on nothing speaking against the student: another OEN or student number, or a
    // last date of attendance years off, leaves it to the posterior.
    else if (f.weight < 0) return false;
  }
  return (swapped === 0 || swapped === 2) && names >= AUTO_NAMES_MIN_WITH_SCHOOL;
}

/** Surname levels that say the request's surname is not the student's (a married one may be anything). */
const ANOTHER_SURNAME: ReadonlySet<string> = new Set(['different', 'similar', 'phonetic']);

/**
 * A woman applying under her married surname: the request's surname is not the student's (or it is
 * given only as the request's previous surname, her maiden name), the first name is exact and not
 * common (MARRIED_NAME_MIN_FIRST_WEIGHT), the birth date exact, one of her schools named, and she is
 * MARRIED_NAME_MIN_AGE or older on the day of the request (thresholds.ts). Nothing else may weigh
 * against her (another OEN or student number, a last date of attendance years off); the vetoes and
 * the lead over the next candidate still apply.
 */
function marriedSurname(r: PreparedRecord, s: PreparedRecord, best: Comparison, today: string): boolean {
  if (best.first !== 'exact' || best.firstWeight < MARRIED_NAME_MIN_FIRST_WEIGHT) return false;
  if (best.dob !== 'exact' || best.school !== 'same' || s.gender !== 'F' || r.lastC === '') return false;
  if (!ANOTHER_SURNAME.has(best.last) && !maidenNameDeclared(r, s, best)) return false;
  if (maidenNameContradicted(r, s)) return false;
  if (
    best.tables.oen[best.oen] < 0 ||
    best.tables.studentNumber[best.studentNumber] < 0 ||
    best.tables.attended[best.attended] < 0
  )
    return false;
  const age = ageOn(s.birthDate, today);
  return age !== undefined && age >= MARRIED_NAME_MIN_AGE;
}

/**
 * The request declares a previous surname that is none of the student's: neither the surname the SIS
 * holds nor a former one, nor one keystroke from them. A bride names her maiden name; another woman
 * names hers.
 */
function maidenNameContradicted(r: PreparedRecord, s: PreparedRecord): boolean {
  if (r.prevC.length === 0) return false;
  const own = [s.lastC, ...s.prevC].filter((n) => n !== '');
  return !r.prevC.some((typed) => own.some((name) => damerauLevenshtein(typed, name, 1) <= 1));
}

/**
 * When the best candidate's first name is not the request's, another candidate of the same family,
 * born the same day or nearly, whose first name fits the request better is a brother or sister the
 * request may be about: the case goes to a person.
 */
function siblingFitsBetter(best: Comparison, compared: Array<{ c: Comparison }>): boolean {
  const rank = GIVEN_NAME_RANK[best.first];
  if (rank === 0) return false;
  return compared.some(
    ({ c }) =>
      c !== best && GIVEN_NAME_RANK[c.first] < rank && SAME_FAMILY.has(c.last) && NEAR_BIRTH_DATE.has(c.dob),
  );
}

/**
 * The request gives the student's surname as its previous surname (a married woman giving her maiden
 * name): the applicant declared that surname, which is as telling as typing it in the surname field.
 */
function maidenNameDeclared(r: PreparedRecord, s: PreparedRecord, c: Comparison): boolean {
  return c.last === 'previous' && s.lastC !== '' && r.prevC.includes(s.lastC);
}

/** The student holds exactly the OEN or student number the request gives. */
function holdsTypedIdentifier(c: Comparison): boolean {
  return c.oen === 'exact' || c.studentNumber === 'exact';
}

const VETO_REASON: Record<Veto, ReasonCode> = {
  oen_conflict: 'VETO_OEN_CONFLICT',
  sibling: 'VETO_SIBLING',
  birth_date_conflict: 'VETO_BIRTH_DATE_CONFLICT',
  gender_conflict: 'VETO_GENDER_CONFLICT',
};
const VETO_ORDER: Veto[] = ['oen_conflict', 'sibling', 'birth_date_conflict', 'gender_conflict'];

function levelOf(candidate: ScoredCandidate, field: string): string {
  return candidate.fields.find((f) => f.field === field)?.level ?? 'missing';
}

/** True when the request carries something to match on: a name or an identifier. */
export function isUsableRequest(request: MatchRequest): boolean {
  const r = prepareRequest(request);
  return r.lastC !== '' || r.firstC !== '' || r.oen !== '' || r.studentNumber !== '' || r.prevC.length > 0;
}

/**
 * Decides on a request given the SIS students blocking found. `auto` needs all of: no veto on the best
 * candidate; an agreeing OEN or student number, or else the exact (or day/month-swapped) birth date and
 * both names agreeing, with one of the student's schools or the student's OEN typed with one slip; a
 * posterior of at least AUTO_MIN_POSTERIOR (thresholds.ts: from the weights and the SIS's size), or the
 * OEN with the birth date or both names, or, without an identifier, exact names of weight
 * AUTO_NAMES_MIN_WITH_SCHOOL with the exact birth date and the same school, or a married surname
 * (marriedSurname); and a lead of AUTO_MIN_MARGIN over the next candidate.
 */
export function decide(
  request: MatchRequest,
  candidates: SisStudent[],
  ctx: MatchContext = {},
): MatchDecision {
  if (!isUsableRequest(request)) {
    return { outcome: 'none', score: 0, candidates: [], reason: 'INCOMPLETE_REQUEST', explanation: [] };
  }
  const r = prepareRequest(request);
  const seen = new Set<string>();
  const compared: Array<{ student: SisStudent; c: Comparison }> = [];
  for (const student of candidates) {
    if (seen.has(student.studentNumber)) continue;
    seen.add(student.studentNumber);
    compared.push({ student, c: compareRecords(r, prepareStudent(student), ctx) });
  }
  compared.sort(
    (a, b) => b.c.score - a.c.score || (a.student.studentNumber < b.student.studentNumber ? -1 : 1),
  );

  const top = compared[0];
  if (top === undefined)
    return { outcome: 'none', score: 0, candidates: [], reason: 'NOT_FOUND', explanation: [] };
  const best = toScoredCandidate(request, top.student, top.c);
  if (best.score < REVIEW_MIN_SCORE) {
    // The student holding the very OEN or student number typed is shown whatever the rest says: a
    // person can tell a request typed badly from a number typed wrong, the score cannot.
    const held = compared.filter(({ c }) => holdsTypedIdentifier(c)).slice(0, MAX_CANDIDATES);
    if (held.length === 0) {
      return {
        outcome: 'none',
        score: best.score,
        candidates: [],
        reason: 'NOT_FOUND',
        explanation: best.fields,
      };
    }
    const candidates = held.map(({ student, c }) => toScoredCandidate(request, student, c));
    return {
      outcome: 'review',
      score: candidates[0].score,
      candidates,
      reason: 'LOW_CONFIDENCE',
      explanation: candidates[0].fields,
    };
  }
  const population = ctx.frequencies?.population ?? DEFAULT_POPULATION;
  const probabilities = posteriors(
    compared.map((x) => x.c.score),
    population,
    ctx.parameters?.absentPrior,
  );
  const probability = probabilities[0];
  best.probability = probability;
  const shown = [best];
  for (let i = 1; i < compared.length && shown.length < MAX_CANDIDATES; i++) {
    if (compared[i].c.score >= REVIEW_MIN_SCORE || holdsTypedIdentifier(compared[i].c))
      shown.push({
        ...toScoredCandidate(request, compared[i].student, compared[i].c),
        probability: probabilities[i],
      });
  }
  const review = (reason: ReasonCode): MatchDecision => ({
    outcome: 'review',
    score: best.score,
    probability,
    candidates: shown,
    reason,
    explanation: best.fields,
  });

  const veto = VETO_ORDER.find((v) => best.vetoes.includes(v));
  if (veto !== undefined) return review(VETO_REASON[veto]);
  if (siblingFitsBetter(top.c, compared)) return review('VETO_SIBLING');

  const identified = levelOf(best, 'oen') === 'exact' || levelOf(best, 'student_number') === 'exact';
  const s = prepareStudent(top.student);
  const married =
    !identified && marriedSurname(r, s, top.c, ctx.today ?? new Date().toISOString().slice(0, 10));
  if (!identified) {
    // An OEN typed that is neither the student's nor one slip of it (a valid one is vetoed above; this
    // one fails its check digit): most likely another person's own OEN with a slip, since two slips in
    // one's own are a few in a thousand. Without an identifier of the student's, a person decides.
    if (top.c.oen === 'different') return review('UNCONFIRMED');
    const confirmed =
      BIRTH_DATE_LEVELS_WITHOUT_IDENTIFIER.has(levelOf(best, 'dob')) &&
      NAME_LEVELS_WITHOUT_IDENTIFIER.last.has(levelOf(best, 'last')) &&
      NAME_LEVELS_WITHOUT_IDENTIFIER.first.has(levelOf(best, 'first'));
    if (!confirmed && !married) return review('UNCONFIRMED');
    // A namesake born the same day, absent from the SIS, has the names and the birth date too; here
    // only one of the student's own schools tells them apart, or the student's own OEN typed with one
    // slip: a namesake types another OEN, which falls within one slip (89 numbers) of the student's
    // about once in ten million. A request naming another school or none goes to a person, unless
    // neither the request nor the record names a school at all: namesakes leave the school out as
    // often as students do.
    if (top.c.school !== 'same' && top.c.oen !== 'one_digit' && (r.school !== '' || s.school !== ''))
      return review('UNCONFIRMED');
  }
  // The OEN exact with the birth date or with both names: no other person carries that pair (a twin
  // whose first name fits better was sent to review above).
  const oenConfirmed =
    top.c.oen === 'exact' && (top.c.dob === 'exact' || namesAgree(top.c.last, top.c.first));
  // Names agreeing only loosely (a part or a former surname, a variant, a nickname) may be anyone's in
  // the province: they also need the score of an SIS of DEFAULT_POPULATION, whatever the SIS's own size.
  // One slip of the keyboard in a name is still that name.
  const loose =
    (top.c.last !== 'exact' && top.c.last !== 'typo' && !maidenNameDeclared(r, s, top.c)) ||
    (GIVEN_NAME_RANK[top.c.first] > 0 && top.c.first !== 'typo');
  const confident = probability >= AUTO_MIN_POSTERIOR && (!loose || best.score >= AUTO_MIN_SCORE);
  const rareName = !identified && rareNameAtSameSchool(best);
  if (!confident && !oenConfirmed && !rareName && !married) return review('LOW_CONFIDENCE');
  const second = compared[1];
  if (second !== undefined && best.score - second.c.score < AUTO_MIN_MARGIN) return review('AMBIGUOUS');
  return {
    outcome: 'auto',
    student: best.student,
    score: best.score,
    candidates: shown,
    // Said when the married surname alone carried the match.
    reason: !confident && !oenConfirmed && !rareName ? 'AUTO_MATCH_MARRIED_NAME' : 'AUTO_MATCH',
    probability,
    explanation: best.fields,
  };
}

/** An adapter that can tell name frequencies from its own data (the csv adapter's index does). */
interface WithFrequencies {
  readonly frequencies?: NameFrequencies;
}

/** Asks the SIS for the request's candidates and decides. */
export async function matchRequest(
  request: MatchRequest,
  adapter: SisAdapter,
  ctx?: MatchContext,
): Promise<MatchDecision> {
  if (!isUsableRequest(request)) return decide(request, [], ctx);
  const candidates = await adapter.candidates(blockingKeys(request));
  const context = {
    ...ctx,
    frequencies: ctx?.frequencies ?? (adapter as SisAdapter & WithFrequencies).frequencies,
  };
  return decide(request, candidates, context);
}
