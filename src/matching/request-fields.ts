/**
 * A transcript request as the matcher reads it. The central stores absent values as null, the
 * exchange carries them as absent; both become "not typed" here, once, for the agent and the central.
 */
import type { Gender } from '../sis/index.js';
import type { MatchRequest } from './types.js';

/** The typed fields a stored, leased or filed request carries; null and undefined mean not typed. */
export interface TypedRequestFields {
  referenceNumber: string;
  oen?: string | null;
  studentNumber?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  previousLastName?: string | null;
  birthDate?: string | null;
  gender?: Gender | null;
  schoolBsid?: string | null;
  dateLastAttended?: string | null;
}

export interface MatchRequestOptions {
  /**
   * Whether the school the applicant named and the last date of attendance take part (default).
   * Left out when the other side is a transcript file, which says who the student is, not where
   * the applicant remembers going.
   */
  schooling?: boolean;
}

const typed = (value: string | null | undefined) => value ?? undefined;

export function matchRequestOf(r: TypedRequestFields, options: MatchRequestOptions = {}): MatchRequest {
  const schooling = options.schooling ?? true;
  return {
    referenceNumber: r.referenceNumber,
    oen: typed(r.oen),
    studentNumber: typed(r.studentNumber),
    firstName: typed(r.firstName),
    lastName: typed(r.lastName),
    previousLastName: typed(r.previousLastName),
    birthDate: typed(r.birthDate),
    gender: r.gender ?? undefined,
    schoolBsid: schooling ? typed(r.schoolBsid) : undefined,
    dateLastAttended: schooling ? typed(r.dateLastAttended) : undefined,
  };
}
