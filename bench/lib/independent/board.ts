/**
 * A school board: its secondary schools, each with a six-digit BSID, a size, and the years it was
 * open (some schools opened late, some closed), so students of each era attend the schools of
 * their era and move between them.
 */
import { type Rng, Weighted } from './random.js';

export interface School {
  bsid: string;
  /** Relative enrolment. */
  size: number;
  opened: number;
  /** Last school year it taught (calendar year of its last June), or undefined while open. */
  closed?: number;
}

export interface Board {
  schools: School[];
  /** First digit of the board's nine-digit student numbers. */
  studentNumberLead: string;
  /** Schools open during some year of [from, to], weighted by size. */
  openDuring(from: number, to: number): Weighted<School>;
  /** All schools weighted by size (for schools named by people who never attended). */
  all: Weighted<School>;
}

/** About one secondary school per 1,800 student records in the export, at least 3. */
export function schoolCount(students: number): number {
  return Math.min(160, Math.max(3, Math.round(students / 1800)));
}

export function makeBoard(rng: Rng, students: number, lastYear: number): Board {
  const count = schoolCount(students);
  const used = new Set<string>();
  const schools: School[] = [];
  for (let i = 0; i < count; i++) {
    let bsid: string;
    do bsid = String(rng.int(100000, 999999));
    while (used.has(bsid));
    used.add(bsid);
    // Lognormal sizes: a few big collegiates, many mid-sized schools, some small ones.
    const size = Math.exp(0.45 * rng.normal());
    const opened = rng.chance(0.85) ? rng.int(1900, 1965) : rng.int(1966, lastYear - 12);
    const closed = rng.chance(0.12) ? rng.int(Math.max(opened + 15, 1985), lastYear - 3) : undefined;
    schools.push({ bsid, size, opened, closed });
  }
  // Every era needs an open school; the first school is always open.
  schools[0].opened = Math.min(schools[0].opened, 1950);
  schools[0].closed = undefined;
  const cache = new Map<number, Weighted<School>>();
  const openDuring = (from: number, to: number) => {
    const key = from * 10_000 + to;
    let w = cache.get(key);
    if (!w) {
      const open = schools.filter((s) => s.opened <= to && (s.closed === undefined || s.closed >= from));
      w = new Weighted(
        open,
        open.map((s) => s.size),
      );
      cache.set(key, w);
    }
    return w;
  };
  return {
    schools,
    studentNumberLead: String(rng.int(1, 9)),
    openDuring,
    all: new Weighted(
      schools,
      schools.map((s) => s.size),
    ),
  };
}
