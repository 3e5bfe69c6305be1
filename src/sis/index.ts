/** The SIS port and the student records adapters return: what the matcher, the transcript builder and the agent know of a SIS. */
export type { Gender, SchoolEnrolment, SisStudent } from './student.js';
export type {
  CourseAttempt,
  CourseNote,
  CourseStatus,
  LiteracyRequirement,
  OnlineLearning,
  SchoolInfo,
  StudentRecord,
} from './record.js';
export type { BlockingKeys, SisAdapter, SisHealth } from './port.js';
