/**
 * Whether the student a submitted transcript names is one the request can be about. The agent
 * matched the request through typing slips, nicknames, former surnames and swapped dates, so a
 * field-by-field equality would refuse most of what it rightly sends; the central asks the matcher
 * instead: the file's student, compared with the request by the same weights, must be one the matcher
 * would at least show staff (score ≥ REVIEW_MIN_SCORE) and must carry no veto (an OEN or birth date
 * in conflict, another gender, a brother or sister). Another person — other names and another birth
 * date — fails both.
 */
import { REVIEW_MIN_SCORE, scoreCandidate, type MatchRequest } from '../matching/index.js';
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

function asMatchRequest(request: TranscriptRequest): MatchRequest {
  return {
    referenceNumber: request.referenceNumber,
    oen: request.oen ?? undefined,
    studentNumber: request.studentNumber ?? undefined,
    firstName: request.firstName ?? undefined,
    lastName: request.lastName ?? undefined,
    previousLastName: request.previousLastName ?? undefined,
    birthDate: request.birthDate ?? undefined,
    gender: request.gender ?? undefined,
    schoolBsid: request.schoolBsid,
    dateLastAttended: request.dateLastAttended ?? undefined,
  };
}

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
    schoolBsid: identity.school.bsid,
  };
}

/** The fields that speak against the file's student, or undefined when the request can be about them. */
export function fileDisagreement(
  request: TranscriptRequest,
  identity: TranscriptIdentity,
): string[] | undefined {
  const scored = scoreCandidate(asMatchRequest(request), asStudent(identity));
  if (scored.vetoes.length === 0 && scored.score >= REVIEW_MIN_SCORE) return undefined;
  const against = scored.fields.filter((f) => f.weight < 0).map((f) => FIELD_LABELS[f.field] ?? f.field);
  const vetoes = scored.vetoes.map((v) => v.replace(/_/g, ' '));
  const reasons = [...new Set([...against, ...vetoes])];
  return reasons.length > 0 ? reasons : ['too little agrees'];
}
