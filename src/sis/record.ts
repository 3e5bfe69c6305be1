/**
 * A student's academic record as a SIS adapter returns it: every attempt of every course, before
 * the OST disclosure rules are applied. The transcript builder turns it into the transcript model.
 */
import type { SisStudent } from './student.js';

export type CourseStatus = 'R' | 'W' | 'X';
export type CourseNote = 'EQUIVALENCY' | 'CHALLENGE' | 'SUBSTITUTION' | 'ELEARNING';

export interface CourseAttempt {
  /** Ontario course code, e.g. ENG4U1 (5 or 6 characters). */
  code: string;
  title: string;
  /** 9–12, from the code's grade digit unless the SIS says otherwise. */
  grade: number;
  /** Whole number 0–100, or a letter/word for non-credit courses. */
  mark: number | string;
  /** Credit value of the course, e.g. 1.0 or 0.5. */
  creditValue: number;
  /** Credits actually earned by this attempt (0 for a failure, a withdrawal or a repeat). */
  creditEarned: number;
  /** YYYY-MM */
  completionDate: string;
  compulsory: boolean;
  /** R repeated, W withdrawn after the deadline, X non-credit; undefined for an ordinary attempt. */
  status?: CourseStatus;
  notes: CourseNote[];
  /** BSID of the school that delivered the course, when not the home school. */
  deliverySchoolBsid?: string;
}

export interface SchoolInfo {
  bsid: string;
  name: string;
  city?: string;
  boardNumber?: string;
  boardName?: string;
}

export type LiteracyRequirement = 'OSSLT' | 'OLC4O' | 'NOT_YET';
export type OnlineLearning = 'MET' | 'EXEMPT' | 'NOT_MET';

export interface StudentRecord {
  student: SisStudent;
  school: SchoolInfo;
  courses: CourseAttempt[];
  /** OSSD or OSSC with its date (YYYY-MM-DD) when granted. */
  award?: { kind: 'OSSD' | 'OSSC'; date: string };
  communityInvolvementHours: number;
  literacy: LiteracyRequirement;
  onlineLearning?: OnlineLearning;
  /** Specialist High Skills Major sector, when earned. */
  shsm?: string;
}
