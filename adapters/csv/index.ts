/**
 * The csv SIS adapter: the canonical students.csv, and for transcripts courses.csv,
 * requirements.csv and schools.csv, held in memory and re-read when a file changes.
 * A students file that disappears or cannot be read is an outage, never "no such student".
 */
import { stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type {
  BlockingKeys,
  SisAdapter,
  SisHealth,
  SisStudent,
  CourseAttempt,
  SchoolInfo,
  StudentRecord,
} from '../../src/sis/index.js';
import { EtmsError } from '../../src/errors.js';
import { configInvalid, dataInvalid, describeDriverError, sisUnavailable } from '../errors.js';
import { DEFAULT_MAX_CANDIDATES } from '../shared/candidates.js';
import { KeyIndex } from '../shared/key-index.js';
import {
  assembleRecord,
  courseFromRow,
  NO_REQUIREMENTS,
  requirementsFromRow,
  schoolFromRow,
  studentFromRow,
  text,
  type Requirements,
} from '../shared/rows.js';
import { readCsv } from './read.js';

export const csvConfigSchema = z
  .object({
    kind: z.literal('csv'),
    /** A folder holding students.csv and, for transcripts, courses.csv, requirements.csv, schools.csv. */
    dir: z.string().min(1).optional(),
    /** Or each file by path (these win over dir). */
    students: z.string().min(1).optional(),
    courses: z.string().min(1).optional(),
    requirements: z.string().min(1).optional(),
    schools: z.string().min(1).optional(),
    maxCandidates: z.number().int().min(1).max(100_000).default(DEFAULT_MAX_CANDIDATES),
  })
  .strict()
  .refine((c) => c.dir !== undefined || c.students !== undefined, { message: 'give dir or students' });
export type CsvSisConfig = z.input<typeof csvConfigSchema>;

interface Files {
  students: string;
  courses?: string;
  requirements?: string;
  schools?: string;
}

interface Loaded {
  index: KeyIndex;
  courses: Map<string, CourseAttempt[]>;
  requirements: Map<string, Requirements>;
  schools: Map<string, SchoolInfo>;
  stamps: Map<string, string>;
}

function resolveFiles(config: z.output<typeof csvConfigSchema>, baseDir: string): Files {
  const inDir = (name: string) => (config.dir ? resolve(baseDir, join(config.dir, name)) : undefined);
  const pick = (explicit: string | undefined, name: string) => {
    if (explicit) return resolve(baseDir, explicit);
    const p = inDir(name);
    return p && existsSync(p) ? p : undefined;
  };
  return {
    students: config.students ? resolve(baseDir, config.students) : inDir('students.csv')!,
    courses: pick(config.courses, 'courses.csv'),
    requirements: pick(config.requirements, 'requirements.csv'),
    schools: pick(config.schools, 'schools.csv'),
  };
}

async function stampOf(path: string): Promise<string> {
  const s = await stat(path);
  return `${s.mtimeMs}:${s.size}`;
}

async function load(files: Files, maxCandidates: number): Promise<Loaded> {
  const stamps = new Map<string, string>();
  for (const path of Object.values(files)) if (path) stamps.set(path, await stampOf(path));

  const studentRows = await readCsv(
    files.students,
    ['student_number', 'birth_date'],
    [['first_name', 'last_name']],
  );
  const students: SisStudent[] = [];
  const seen = new Set<string>();
  for (const { row, line } of studentRows.rows) {
    const student = studentFromRow(row, `${studentRows.file} line ${line}`);
    if (seen.has(student.studentNumber))
      throw dataInvalid(
        `${studentRows.file} line ${line}, column student_number`,
        'this student number appears twice',
      );
    seen.add(student.studentNumber);
    students.push(student);
  }

  const courses = new Map<string, CourseAttempt[]>();
  if (files.courses) {
    const c = await readCsv(files.courses, ['student_number', 'course_code', 'mark', 'completion_date']);
    for (const { row, line } of c.rows) {
      const number = text(row.student_number);
      if (number === undefined)
        throw dataInvalid(`${c.file} line ${line}, column student_number`, 'the student number is required');
      const list = courses.get(number) ?? [];
      list.push(courseFromRow(row, `${c.file} line ${line}`));
      courses.set(number, list);
    }
  }
  const requirements = new Map<string, Requirements>();
  if (files.requirements) {
    const r = await readCsv(files.requirements, ['student_number']);
    for (const { row, line } of r.rows) {
      const number = text(row.student_number);
      if (number === undefined)
        throw dataInvalid(`${r.file} line ${line}, column student_number`, 'the student number is required');
      requirements.set(number, requirementsFromRow(row, `${r.file} line ${line}`));
    }
  }
  const schools = new Map<string, SchoolInfo>();
  if (files.schools) {
    const s = await readCsv(files.schools, ['bsid', 'name']);
    for (const { row, line } of s.rows) {
      const school = schoolFromRow(row, `${s.file} line ${line}`);
      schools.set(school.bsid, school);
    }
  }
  return { index: new KeyIndex(students, maxCandidates), courses, requirements, schools, stamps };
}

export class CsvSisAdapter implements SisAdapter {
  readonly kind = 'csv';
  private loaded: Loaded;
  private reloading?: Promise<Loaded>;

  private constructor(
    private readonly files: Files,
    private readonly maxCandidates: number,
    loaded: Loaded,
  ) {
    this.loaded = loaded;
  }

  static async open(files: Files, maxCandidates: number): Promise<CsvSisAdapter> {
    return new CsvSisAdapter(files, maxCandidates, await CsvSisAdapter.read(files, maxCandidates));
  }

  private static async read(files: Files, maxCandidates: number): Promise<Loaded> {
    try {
      return await load(files, maxCandidates);
    } catch (error) {
      if (error instanceof EtmsError) throw error;
      throw sisUnavailable('csv', `cannot read the SIS files: ${describeDriverError(error)}`, error);
    }
  }

  /** The data as the files are now: re-read when any file changed, an outage when one is gone. */
  private async current(): Promise<Loaded> {
    let changed = false;
    for (const [path, stamp] of this.loaded.stamps) {
      let now: string;
      try {
        now = await stampOf(path);
      } catch (error) {
        throw sisUnavailable('csv', `cannot read ${path}: ${describeDriverError(error)}`, error);
      }
      if (now !== stamp) changed = true;
    }
    if (!changed) return this.loaded;
    this.reloading ??= CsvSisAdapter.read(this.files, this.maxCandidates).finally(() => {
      this.reloading = undefined;
    });
    try {
      this.loaded = await this.reloading;
    } catch (error) {
      // A half-written export must not be served as if it were the SIS.
      if (dataInvalid.is(error)) throw sisUnavailable('csv', error.message, error);
      throw error;
    }
    return this.loaded;
  }

  async candidates(keys: BlockingKeys): Promise<SisStudent[]> {
    return (await this.current()).index.candidates(keys);
  }

  async transcript(studentNumber: string): Promise<StudentRecord | undefined> {
    const data = await this.current();
    const student = data.index.student(studentNumber);
    if (!student) return undefined;
    if (!this.files.courses || !this.files.schools) {
      throw configInvalid(
        'transcripts from the csv SIS need courses.csv and schools.csv next to students.csv (or their paths)',
      );
    }
    const bsid = student.schoolBsid;
    const school = bsid ? data.schools.get(bsid) : undefined;
    if (!school)
      throw dataInvalid(
        'schools.csv',
        `the student's school ${bsid ?? '(none given in students.csv)'} is not listed`,
      );
    const courses = data.courses.get(studentNumber) ?? [];
    return assembleRecord(student, school, courses, data.requirements.get(studentNumber) ?? NO_REQUIREMENTS);
  }

  async health(): Promise<SisHealth> {
    try {
      const data = await this.current();
      return {
        ok: true,
        detail: `the csv SIS files are readable (${this.files.students})`,
        students: data.index.size,
      };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  async close(): Promise<void> {}
}

export async function createCsvAdapter(
  input: CsvSisConfig,
  deps: { baseDir?: string } = {},
): Promise<CsvSisAdapter> {
  const config = csvConfigSchema.parse(input);
  return CsvSisAdapter.open(resolveFiles(config, deps.baseDir ?? process.cwd()), config.maxCandidates);
}
