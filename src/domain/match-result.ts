/**
 * The matcher's decision as a request keeps it (match_result, written by the agent): read
 * defensively, as any part of it may be missing or come from an older agent.
 */
export interface CandidateStudent {
  studentNumber: string;
  oen?: string;
  firstName?: string;
  middleNames?: string;
  lastName?: string;
  previousLastNames: string[];
  birthDate?: string;
  gender?: string;
  schoolBsid?: string;
  dateLastAttended?: string;
  ossdDate?: string;
}

export interface CandidateField {
  field: string;
  level: string;
  weight?: number;
  requestValue?: string;
  candidateValue?: string;
}

export interface Candidate {
  student: CandidateStudent;
  score?: number;
  /** Posterior probability of being the applicant, 0 to 1 (absent from older agents' results). */
  probability?: number;
  fields: CandidateField[];
  vetoes: string[];
}

export interface MatchSummary {
  outcome?: string;
  score?: number;
  /** The best candidate's posterior probability, 0 to 1. */
  probability?: number;
  reason?: string;
  candidates: Candidate[];
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : undefined;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
/** A probability as written by the agent: a number from 0 to 1, anything else ignored. */
const probability = (v: unknown): number | undefined => {
  const n = num(v);
  return n !== undefined && n >= 0 && n <= 1 ? n : undefined;
};
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function readMatchResult(value: unknown): MatchSummary {
  let source = value;
  if (typeof source === 'string') {
    try {
      source = JSON.parse(source);
    } catch {
      source = undefined;
    }
  }
  const m = obj(source);
  if (!m) return { candidates: [] };
  const candidates: Candidate[] = [];
  for (const c of arr(m.candidates).slice(0, 20)) {
    const co = obj(c);
    const s = obj(co?.student);
    const studentNumber = str(s?.studentNumber);
    if (!co || !s || !studentNumber) continue;
    candidates.push({
      student: {
        studentNumber,
        oen: str(s.oen),
        firstName: str(s.firstName),
        middleNames: str(s.middleNames),
        lastName: str(s.lastName),
        previousLastNames: arr(s.previousLastNames)
          .map(str)
          .filter((x): x is string => Boolean(x)),
        birthDate: str(s.birthDate),
        gender: str(s.gender),
        schoolBsid: str(s.schoolBsid),
        dateLastAttended: str(s.dateLastAttended),
        ossdDate: str(s.ossdDate),
      },
      score: num(co.score),
      probability: probability(co.probability),
      fields: arr(co.fields)
        .map(obj)
        .filter((f): f is Record<string, unknown> => Boolean(f && str(f.field)))
        .map((f) => ({
          field: str(f.field)!,
          level: str(f.level) ?? '',
          weight: num(f.weight),
          requestValue: str(f.requestValue),
          candidateValue: str(f.candidateValue),
        })),
      vetoes: arr(co.vetoes)
        .map(str)
        .filter((x): x is string => Boolean(x)),
    });
  }
  return {
    outcome: str(m.outcome),
    score: num(m.score),
    probability: probability(m.probability),
    reason: str(m.reason),
    candidates,
  };
}

/** The candidate of that student number, when the matcher proposed it. */
export function candidateOf(matchResult: unknown, studentNumber: unknown): Candidate | undefined {
  if (typeof studentNumber !== 'string') return undefined;
  return readMatchResult(matchResult).candidates.find((c) => c.student.studentNumber === studentNumber);
}
