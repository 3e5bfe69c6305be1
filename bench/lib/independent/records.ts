/**
 * How a board's SIS holds a person: records migrated from the older systems (students who left
 * before 1995) often in capitals, without accents, with truncated names, a middle initial and only
 * the last school; newer records as the family wrote the names. A few records carry a clerk's
 * mistake. Student numbers follow the board's old seven-digit and newer nine-digit formats.
 */
import { type Board } from './board.js';
import { formatYmd, isValidYmd, type Ymd } from './dates.js';
import { type Person } from './people.js';
import { type Rng } from './random.js';
import { typo } from './slips.js';
import { stripAccents } from './text.js';

export const STUDENT_COLUMNS = [
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
  'schools_attended',
] as const;

export type StudentRow = Record<(typeof STUDENT_COLUMNS)[number], string>;

/** Marks of the record keeping that make a record differ from the person (for the details file). */
export type RecordMark =
  'sis_first_typo' | 'sis_last_typo' | 'sis_dob_swap' | 'sis_dob_off' | 'sis_truncated';

export interface StudentRecord {
  person: Person;
  row: StudentRow;
  marks: RecordMark[];
}

export class RecordKeeper {
  /** Numbers given so far (seven- and nine-digit numbers never collide as integers). */
  private readonly numbers = new Set<number>();

  constructor(private readonly board: Board) {}

  record(rng: Rng, person: Person): StudentRecord {
    const marks: RecordMark[] = [];
    const legacy = person.leftYear < 1995;
    const caps = legacy && rng.chance(0.65);
    // Older systems could not store accents; some newer ones drop them too.
    const plain = legacy || rng.chance(0.2);
    const shape = (name: string, max: number) => {
      let s = plain ? stripAccents(name) : name;
      if (legacy && s.length > max) {
        s = s.slice(0, max).trimEnd();
        marks.push('sis_truncated');
      }
      return caps ? s.toUpperCase() : s;
    };
    let first = shape(person.first, 12);
    let last = shape(person.surname, 15);
    if (rng.chance(0.005)) {
      first = typo(rng, first);
      marks.push('sis_first_typo');
    }
    if (rng.chance(0.004)) {
      last = typo(rng, last);
      marks.push('sis_last_typo');
    }
    let middles = person.middles;
    if (legacy) {
      const u = rng.next();
      middles = u < 0.3 ? [] : u < 0.7 ? middles.map((m) => m.charAt(0)) : middles;
    }
    const birth = this.clerkBirth(rng, person.birth, marks);
    const schools = legacy && rng.chance(0.5) ? person.schools.slice(-1) : person.schools;
    const row: StudentRow = {
      student_number: this.studentNumber(rng, person.birth.y + 14),
      // A few records never got the OEN the student had.
      oen: person.oen && !rng.chance(0.03) ? person.oen : '',
      first_name: first,
      middle_names: middles.map((m) => shape(m, 12)).join(' '),
      last_name: last,
      preferred_first_name:
        person.preferred && (!legacy || rng.chance(0.3)) ? shape(person.preferred, 12) : '',
      previous_last_names: person.previousSurnames.map((s) => shape(s, 15)).join(';'),
      birth_date: formatYmd(birth),
      gender: legacy && rng.chance(0.04) ? '' : person.gender,
      school_bsid: person.schools[person.schools.length - 1],
      date_last_attended: person.lastAttended,
      ossd_date: person.ossd,
      schools_attended: schools.join(';'),
    };
    return { person, row, marks };
  }

  /** The birth date as a clerk entered it: a rare day/month swap or a day off by one. */
  private clerkBirth(rng: Rng, birth: Ymd, marks: RecordMark[]): Ymd {
    if (rng.chance(0.003) && birth.d <= 12 && birth.d !== birth.m) {
      marks.push('sis_dob_swap');
      return { y: birth.y, m: birth.d, d: birth.m };
    }
    if (rng.chance(0.002)) {
      const off = { ...birth, d: birth.d + (rng.chance(0.5) ? 1 : -1) };
      if (isValidYmd(off)) {
        marks.push('sis_dob_off');
        return off;
      }
    }
    return birth;
  }

  /** Seven digits for students enrolled before 1998; then the board's digit, the entry year and six digits. */
  private studentNumber(rng: Rng, entryYear: number): string {
    for (;;) {
      const n =
        entryYear < 1998
          ? String(rng.int(1_000_000, 8_999_999))
          : `${this.board.studentNumberLead}${String(entryYear % 100).padStart(2, '0')}${String(rng.int(0, 999_999)).padStart(6, '0')}`;
      if (!this.numbers.has(Number(n))) {
        this.numbers.add(Number(n));
        return n;
      }
    }
  }

  /** A number of the board's format that no student holds (a number an applicant made up). */
  unusedStudentNumber(rng: Rng, like: string): string {
    for (;;) {
      const n =
        like.length === 7
          ? String(rng.int(1_000_000, 8_999_999))
          : like.slice(0, 3) + String(rng.int(0, 999_999)).padStart(6, '0');
      if (!this.numbers.has(Number(n))) return n;
    }
  }
}
