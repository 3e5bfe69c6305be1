/**
 * The students, schools and courses every adapter backend is loaded with for the contract suite.
 * Names cover hyphenated, multi-part, accented and apostrophe surnames and former surnames.
 */
import type { SisStudent, CourseAttempt, SchoolInfo, StudentRecord } from '../../../src/sis/index.js';
import type { Requirements } from '../../../adapters/shared/rows.js';

export const BOARD = { number: 'B66052', name: 'Toronto District School Board' };

export const SCHOOLS: SchoolInfo[] = [
  {
    bsid: '888001',
    name: 'Northview Secondary School',
    city: 'Toronto',
    boardNumber: BOARD.number,
    boardName: BOARD.name,
  },
  {
    bsid: '888002',
    name: 'Lakeshore Collegiate Institute',
    city: 'Etobicoke',
    boardNumber: BOARD.number,
    boardName: BOARD.name,
  },
];

export const STUDENTS: SisStudent[] = [
  {
    studentNumber: 'S1001',
    oen: '123456789',
    firstName: 'Emily',
    middleNames: 'Jane',
    lastName: 'Smith-Jones',
    preferredFirstName: 'Em',
    previousLastNames: [],
    birthDate: '2005-03-14',
    gender: 'F',
    schoolBsid: '888001',
    dateLastAttended: '2023-06',
    ossdDate: '2023-06-28',
  },
  {
    studentNumber: 'S1002',
    oen: '234567891',
    firstName: 'Marc-André',
    lastName: 'Bélanger',
    previousLastNames: [],
    birthDate: '2004-11-02',
    gender: 'M',
    schoolBsid: '888001',
    dateLastAttended: '2022-06',
  },
  {
    studentNumber: 'S1003',
    firstName: 'Anne',
    lastName: 'van der Berg',
    previousLastNames: ['MacDonald'],
    birthDate: '2005-07-21',
    gender: 'F',
    schoolBsid: '888002',
  },
  {
    studentNumber: 'S1004',
    firstName: 'Patrick',
    lastName: "O'Brien",
    previousLastNames: [],
    birthDate: '2005-03-14',
    gender: 'M',
    schoolBsid: '888001',
  },
  {
    studentNumber: 'S1005',
    oen: '345678912',
    firstName: 'Sarah',
    lastName: 'Smith',
    previousLastNames: [],
    birthDate: '2005-06-01',
    gender: 'F',
    schoolBsid: '888002',
  },
  {
    studentNumber: 'S1006',
    firstName: 'Sarah',
    lastName: 'Smith',
    previousLastNames: [],
    birthDate: '1990-01-01',
    gender: 'F',
    schoolBsid: '888002',
  },
  {
    studentNumber: 'S1007',
    firstName: 'Ahmed',
    lastName: 'Khan',
    previousLastNames: [],
    birthDate: '2005-12-30',
    gender: 'X',
    schoolBsid: '888001',
  },
  {
    studentNumber: '0012345',
    oen: '456789123',
    firstName: 'Chloé',
    lastName: 'Tremblay',
    previousLastNames: ['Roy', 'Gagnon'],
    birthDate: '2006-02-10',
    gender: 'F',
    schoolBsid: '888002',
    dateLastAttended: '2024-01',
  },
];

const course = (
  c: Partial<CourseAttempt> & Pick<CourseAttempt, 'code' | 'title' | 'mark' | 'completionDate'>,
): CourseAttempt => ({
  grade: 8 + Number(c.code[3]),
  creditValue: 1,
  creditEarned: typeof c.mark === 'number' && c.mark >= 50 ? 1 : 0,
  compulsory: false,
  notes: [],
  ...c,
});

export const COURSES: Record<string, CourseAttempt[]> = {
  S1001: [
    course({ code: 'ENG3U1', title: 'English', mark: 84, completionDate: '2022-01', compulsory: true }),
    course({ code: 'MCR3U1', title: 'Functions', mark: 45, completionDate: '2022-01', creditEarned: 0 }),
    course({ code: 'MCR3U1', title: 'Functions', mark: 71, completionDate: '2022-06', status: 'R' }),
    course({ code: 'ENG4U1', title: 'English', mark: 88, completionDate: '2023-01', compulsory: true }),
    course({
      code: 'CHV2O5',
      title: 'Civics and Citizenship',
      mark: 90,
      completionDate: '2023-01',
      creditValue: 0.5,
      creditEarned: 0.5,
      compulsory: true,
      notes: ['ELEARNING'],
      deliverySchoolBsid: '888002',
    }),
    course({
      code: 'SPH4U1',
      title: 'Physics',
      mark: 61,
      completionDate: '2023-06',
      status: 'W',
      creditEarned: 0,
    }),
    course({
      code: 'MHF4U1',
      title: 'Advanced Functions',
      mark: 92,
      completionDate: '2023-06',
      notes: ['EQUIVALENCY', 'CHALLENGE'],
    }),
  ],
  S1002: [
    course({ code: 'ENG4C1', title: 'English', mark: 67, completionDate: '2022-06', compulsory: true }),
  ],
  '0012345': [
    course({ code: 'FSF1D1', title: 'Core French', mark: 77, completionDate: '2021-06', compulsory: true }),
  ],
};

export const REQUIREMENTS: Record<string, Requirements> = {
  S1001: {
    communityInvolvementHours: 40,
    literacy: 'OSSLT',
    onlineLearning: 'MET',
    shsm: 'Health and Wellness',
    award: { kind: 'OSSD', date: '2023-06-28' },
  },
  S1002: { communityInvolvementHours: 12.5, literacy: 'OLC4O', onlineLearning: 'EXEMPT' },
};

export function student(number: string): SisStudent {
  const s = STUDENTS.find((x) => x.studentNumber === number);
  if (!s) throw new Error(`no fixture student ${number}`);
  return s;
}

export function school(bsid: string): SchoolInfo {
  const s = SCHOOLS.find((x) => x.bsid === bsid);
  if (!s) throw new Error(`no fixture school ${bsid}`);
  return s;
}

/** The record every adapter must return for a student of the fixture. */
export function expectedRecord(number: string): StudentRecord {
  const s = student(number);
  const req = REQUIREMENTS[number] ?? { communityInvolvementHours: 0, literacy: 'NOT_YET' };
  const record: StudentRecord = {
    student: s,
    school: school(s.schoolBsid!),
    courses: COURSES[number] ?? [],
    communityInvolvementHours: req.communityInvolvementHours,
    literacy: req.literacy,
  };
  if (req.award) record.award = req.award;
  if (req.onlineLearning) record.onlineLearning = req.onlineLearning;
  if (req.shsm) record.shsm = req.shsm;
  return record;
}
