/**
 * Whether the student a submitted transcript names is one the request can be about. The agent
 * matched the request through typing slips, nicknames, former surnames and swapped dates, so a
 * field-by-field equality would refuse most of what it rightly sends; the central asks the matcher
 * instead: the file's student, compared with the request by the same weights, must be one the matcher
 * would at least show staff (score ≥ REVIEW_MIN_SCORE) and must carry no veto (an OEN or birth date
 * in conflict, another gender, a brother or sister). Another person — other names and another birth
 * date — fails both. Only who the student is counts here: the school the applicant remembers and the
 * enrolments the agent weighed are not in the file (the board's schools are checked apart).
 */
import { matchRequestOf, REVIEW_MIN_SCORE, scoreCandidate } from '../matching/index.js';
import type { SisStudent } from '../sis/index.js';
import type { TranscriptRequest } from '../domain/request.js';
import type { TranscriptIdentity } from '../transcript/read.js';

const FIELD_LABELS: Record<string, string> = {
  last: 'surname',
  first: 'first name',
  dob: 'date of birth',
  oen: 'OEN',
  student_number: 'student number',
  gender: 'gender',
  school: 'school',
  last_attended: 'last attendance',
};

function asStudent(identity: TranscriptIdentity): SisStudent {
  const s = identity.student;
  return {
    studentNumber: s.studentNumber,
    oen: s.oen,
    firstName: s.firstName,
    middleNames: s.middleNames,
    lastName: s.lastName,
    previousLastNames: s.previousLastNames,
    birthDate: s.birthDate,
    gender: s.gender,
  };
}

/** The fields that speak against the file's student, or undefined when the request can be about them. */
export function fileDisagreement(
  request: TranscriptRequest,
  identity: TranscriptIdentity,
): string[] | undefined {
  const scored = scoreCandidate(matchRequestOf(request, { schooling: false }), asStudent(identity));
  // A twin shares a surname and a birth date, never an OEN or a student number: where one of them is
  // typed exactly, another first name is one the file does not carry (the preferred first name the
  // agent matched on stays in the SIS), not a brother's or sister's.
  const identified = scored.fields.some(
    (f) => (f.field === 'oen' || f.field === 'student_number') && f.level === 'exact',
  );
  const vetoes = scored.vetoes.filter((v) => !(v === 'sibling' && identified));
  if (vetoes.length === 0 && scored.score >= REVIEW_MIN_SCORE) return undefined;
  const against = scored.fields.filter((f) => f.weight < 0).map((f) => FIELD_LABELS[f.field] ?? f.field);
  const reasons = [...new Set([...against, ...vetoes.map((v) => v.replace(/_/g, ' '))])];
  return reasons.length > 0 ? reasons : ['too little agrees'];
}
