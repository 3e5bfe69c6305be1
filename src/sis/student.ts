/** A student as a board's SIS knows them: what the matcher compares a request with. */
import type { Gender } from '../domain/request.js';

export type { Gender };

/** A school the student was enrolled in, with the first and last day of enrolment where known. */
export interface SchoolEnrolment {
  /** The school's BSID. */
  schoolBsid: string;
  /** YYYY-MM-DD */
  beginDate?: string;
  /** YYYY-MM-DD */
  endDate?: string;
}

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
  /**
   * The same schools with the dates the SIS gives (from its enrolments), most recent first, when it
   * keeps them; schoolsAttended lists their BSIDs.
   */
  enrolments?: SchoolEnrolment[];
  /** YYYY-MM */
  dateLastAttended?: string;
  /** YYYY-MM-DD */
  ossdDate?: string;
}
