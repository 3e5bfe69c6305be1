/** Writes the fixture into each kind of backend: CSV files, the sample SQL schema, OneRoster JSON. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { SisStudent } from '../../../src/sis/index.js';
import { BOARD, COURSES, REQUIREMENTS, SCHOOLS, STUDENTS } from './fixtures.js';

/** students.csv of these students: a header and a row each. */
export function studentsCsvRows(students: readonly SisStudent[]): unknown[][] {
  return [
    [
      'student_number',
      'oen',
      'first_name',
      'middle_names',
      'last_name',
      'preferred_first_name',
      'previous_last_names',
      'birth_date',
      'gender',
      'school_bsid',
      'date_last_attended',
      'ossd_date',
    ],
    ...students.map((s) => [
      s.studentNumber,
      s.oen ?? '',
      s.firstName,
      s.middleNames ?? '',
      s.lastName,
      s.preferredFirstName ?? '',
      s.previousLastNames.join(';'),
      s.birthDate,
      s.gender ?? '',
      s.schoolBsid ?? '',
      s.dateLastAttended ?? '',
      s.ossdDate ?? '',
    ]),
  ];
}

export async function writeCsvSis(
  dir: string,
  options: { delimiter?: ',' | ';'; bom?: boolean } = {},
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const delimiter = options.delimiter ?? ',';
  const write = (name: string, rows: unknown[][]) =>
    writeFile(join(dir, name), (options.bom ? '\uFEFF' : '') + stringify(rows, { delimiter }));
  await write('students.csv', studentsCsvRows(STUDENTS));
  await write('courses.csv', [
    [
      'student_number',
      'course_code',
      'title',
      'grade',
      'completion_date',
      'mark',
      'credit_value',
      'credit_earned',
      'compulsory',
      'status',
      'notes',
      'delivery_school_bsid',
    ],
    ...Object.entries(COURSES).flatMap(([number, list]) =>
      list.map((c) => [
        number,
        c.code,
        c.title,
        c.grade,
        c.completionDate,
        c.mark,
        c.creditValue,
        c.creditEarned,
        c.compulsory ? 'Y' : 'N',
        c.status ?? '',
        c.notes.join(';'),
        c.deliverySchoolBsid ?? '',
      ]),
    ),
  ]);
  await write('requirements.csv', [
    [
      'student_number',
      'community_involvement_hours',
      'literacy_requirement',
      'online_learning',
      'shsm_sector',
      'award',
      'award_date',
    ],
    ...Object.entries(REQUIREMENTS).map(([number, r]) => [
      number,
      r.communityInvolvementHours,
      r.literacy,
      r.onlineLearning ?? '',
      r.shsm ?? '',
      r.award?.kind ?? '',
      r.award?.date ?? '',
    ]),
  ]);
  await write('schools.csv', [
    ['bsid', 'name', 'city', 'board_number', 'board_name'],
    ...SCHOOLS.map((s) => [s.bsid, s.name, s.city ?? '', s.boardNumber ?? '', s.boardName ?? '']),
  ]);
}

export type Exec = (sql: string, params: unknown[]) => Promise<unknown>;
type Insert = (table: string, columns: string[], values: unknown[]) => Promise<unknown>;

function inserter(exec: Exec, ph: (i: number) => string): Insert {
  return (table, columns, values) =>
    exec(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => ph(i + 1)).join(', ')})`,
      values,
    );
}

/** One student's rows of the example schema: the student, their names and birth date, former surnames. */
async function insertStudent(
  insert: Insert,
  id: number,
  s: SisStudent,
  homeSchoolId: number | null,
): Promise<void> {
  await insert(
    'student',
    ['student_id', 'student_number', 'oen', 'home_school_id'],
    [id, s.studentNumber, s.oen ?? null, homeSchoolId],
  );
  await insert(
    'student_demographics',
    [
      'student_id',
      'legal_first_name',
      'legal_middle_names',
      'legal_last_name',
      'preferred_first_name',
      'birth_date',
      'gender',
    ],
    [
      id,
      s.firstName,
      s.middleNames ?? null,
      s.lastName,
      s.preferredFirstName ?? null,
      s.birthDate,
      s.gender ?? null,
    ],
  );
  // Most recent first in the fixture: the first former name changed last.
  for (const [k, name] of s.previousLastNames.entries())
    await insert(
      'student_previous_name',
      ['student_id', 'last_name', 'changed_on'],
      [id, name, `${2020 - k}-01-01`],
    );
}

/** Only the students (no board, school, enrolment or marks) into the example schema's tables. */
export async function loadStudents(
  exec: Exec,
  ph: (i: number) => string,
  students: readonly SisStudent[],
): Promise<void> {
  const insert = inserter(exec, ph);
  for (const [i, s] of students.entries()) await insertStudent(insert, i + 1, s, null);
}

/** Fills the tables of config/examples/*-sis-schema.sql. `ph(i)` renders placeholder i (1-based). */
export async function loadSampleSchema(exec: Exec, ph: (i: number) => string): Promise<void> {
  const insert = inserter(exec, ph);
  await insert('board', ['board_id', 'board_number', 'name'], [1, BOARD.number, BOARD.name]);
  const schoolId = new Map<string, number>();
  for (const [i, s] of SCHOOLS.entries()) {
    schoolId.set(s.bsid, i + 1);
    await insert(
      'school',
      ['school_id', 'bsid', 'name', 'city', 'board_id'],
      [i + 1, s.bsid, s.name, s.city ?? null, 1],
    );
  }
  for (const [i, s] of STUDENTS.entries()) {
    const id = i + 1;
    await insertStudent(insert, id, s, schoolId.get(s.schoolBsid ?? '') ?? null);
    await insert(
      'student_school_enrolment',
      ['student_id', 'school_id', 'entry_date', 'exit_date'],
      [
        id,
        schoolId.get(s.schoolBsid ?? '') ?? 1,
        '2019-09-03',
        s.dateLastAttended ? `${s.dateLastAttended}-15` : null,
      ],
    );
    for (const c of COURSES[s.studentNumber] ?? []) {
      await insert(
        'transcript_mark',
        [
          'student_id',
          'course_code',
          'course_title',
          'grade_level',
          'completion_date',
          'mark',
          'credit_value',
          'credit_earned',
          'compulsory',
          'attempt_status',
          'notes',
          'delivery_school_id',
        ],
        [
          id,
          c.code,
          c.title,
          c.grade,
          `${c.completionDate}-01`,
          String(c.mark),
          c.creditValue,
          c.creditEarned,
          c.compulsory,
          c.status ?? null,
          c.notes.length ? c.notes.join(';') : null,
          c.deliverySchoolBsid ? schoolId.get(c.deliverySchoolBsid) : null,
        ],
      );
    }
    const r = REQUIREMENTS[s.studentNumber];
    if (r) {
      await insert(
        'diploma_requirement',
        [
          'student_id',
          'community_hours',
          'literacy_status',
          'online_learning',
          'shsm_sector',
          'diploma_type',
          'diploma_date',
        ],
        [
          id,
          r.communityInvolvementHours,
          r.literacy,
          r.onlineLearning ?? null,
          r.shsm ?? null,
          r.award?.kind ?? null,
          r.award?.date ?? null,
        ],
      );
    }
  }
}

/** Splits a schema file into statements, keeping $$-quoted function bodies whole. */
export function splitSql(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of text.split('\n')) {
    if (!inDollar && /^\s*--/.test(line)) continue;
    current += `${line}\n`;
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) inDollar = !inDollar;
    if (!inDollar && /;\s*$/.test(line)) {
      out.push(current.trim().replace(/;$/, ''));
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
