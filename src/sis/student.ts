/** A student as a board's SIS knows them: what the matcher compares a request with. */
import type { Gender } from '../domain/request.js';

export type { Gender };

/** One student as the SIS knows them: the columns of the canonical students.csv. */
export interface SisStudent {
  studentNumber: string;
  /** Ontario Education Number, 9 digits, when the SIS has one. */
  oen?: string;
  firstName: string;
  middleNames?: string;
  lastName: string;
  preferredFirstName?: string;
  /** Former surnames, most recent first. */
  previousLastNames: string[];
  /** YYYY-MM-DD */
  birthDate: string;
  gender?: Gender;
  /** The school's BSID (MIDENT). */
  schoolBsid?: string;
  /**
   * Every school of the board the student was enrolled in (BSIDs), when the SIS keeps its enrolments;
   * schoolBsid among them or not. A request naming any of them names one of the student's schools.
   */
  schoolsAttended?: string[];
  /** YYYY-MM */
  dateLastAttended?: string;
  /** YYYY-MM-DD */
  ossdDate?: string;
}
