/**
 * Labelled matching sets scored the way score.py scores them (fixtures/matching/febrl/score.py): wrong
 * automatic matches (to another student, or of an applicant absent from the SIS), automatic recall over
 * the applicants present in the SIS, and for the present applicants sent to review, the true student in
 * the first three (and first) candidates. The naive rule is scored beside the matcher on every set.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateToDirectory } from './independent/generate.js';
import { blockingKeys, decide, StudentIndex } from '../../src/matching/index.js';
import { readRequestsCsv, readStudentsCsv, type RequestRow } from '../../src/matching/csv-input.js';
import { decodeUtf8, detectDelimiter, forEachCsvRecord } from '../../src/matching/csv.js';
import { normaliseIdentifier, normaliseName } from '../../src/matching/normalise.js';
import type { SisStudent } from '../../src/sis/index.js';
import type { MatchParameters } from '../../src/matching/parameters.js';
import { agreementBound, type CellObservation } from './agreement-bound.js';

/** Names' weights in steps of 2 bits: a name 4 times rarer than another is in another cell. */
const NAME_WEIGHT_STEP = 2;

export interface LabelledSet {
  name: string;
  students: SisStudent[];
  rows: RequestRow[];
  /** Reference number → expected student number ('' for an applicant absent from the SIS). */
  truth: Map<string, string>;
}

export interface SetFigures {
  requests: number;
  present: number;
  wrongAuto: number;
  autoRecall: number;
  /** Of the present applicants sent to review: true student among the first three candidates. */
  reviewTop3: number;
  reviewTop1: number;
  /** Students scored per request (the matcher only). */
  candidatesPerRequest?: number;
  /**
   * Upper bounds of the automatic recall at zero wrong for a rule that sees only the best candidate's
   * agreement levels, and those with the names' weights (agreement-bound.ts; the matcher only).
   */
  bound?: { levels: number; levelsAndNameWeights: number };
}

/** A folder holding students.csv, requests.csv and truth.csv. */
export async function loadSet(name: string, dir: string): Promise<LabelledSet> {
  const { students } = await readStudentsCsv(join(dir, 'students.csv'));
  const { rows } = await readRequestsCsv(join(dir, 'requests.csv'));
  const path = join(dir, 'truth.csv');
  const text = decodeUtf8(await readFile(path), path);
  const truth = new Map<string, string>();
  let header: string[] | undefined;
  forEachCsvRecord(text, path, detectDelimiter(text), (fields) => {
    if (header === undefined) header = fields;
    else
      truth.set(
        fields[header.indexOf('reference_number')],
        fields[header.indexOf('expected_student_number')] ?? '',
      );
  });
  return { name, students, rows, truth };
}

interface Outcome {
  auto?: string;
  /** Candidates, best first (empty for none). */
  ranked: string[];
}

function figures(set: LabelledSet, outcomes: Outcome[]): SetFigures {
  let present = 0;
  let wrongAuto = 0;
  let rightAuto = 0;
  let review = 0;
  let top3 = 0;
  let top1 = 0;
  set.rows.forEach((row, i) => {
    const expected = set.truth.get(row.request.referenceNumber) ?? '';
    const o = outcomes[i];
    if (expected !== '') present++;
    if (o.auto !== undefined) {
      if (o.auto === expected) rightAuto++;
      else wrongAuto++;
    } else if (expected !== '') {
      review++;
      const at = o.ranked.indexOf(expected);
      if (at >= 0 && at < 3) top3++;
      if (at === 0) top1++;
    }
  });
  const share = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return {
    requests: set.rows.length,
    present,
    wrongAuto,
    autoRecall: share(rightAuto, present),
    reviewTop3: share(top3, review),
    reviewTop1: share(top1, review),
  };
}

/** The matcher, as `etms match` runs it (with a board's trained parameters when given). */
export function matchSet(set: LabelledSet, parameters?: MatchParameters): SetFigures {
  const index = new StudentIndex(set.students);
  const ctx = { frequencies: index.frequencies, parameters };
  let scored = 0;
  const cells: CellObservation[] = [];
  const outcomes = set.rows.map((row): Outcome => {
    if (row.unusable) return { ranked: [] };
    const candidates = index.candidatesBeyondKeys(blockingKeys(row.request));
    scored += candidates.length;
    const d = decide(row.request, candidates, ctx);
    const best = d.student ?? d.candidates[0]?.student;
    if (best && d.explanation.length > 0) {
      const expected = set.truth.get(row.request.referenceNumber) ?? '';
      cells.push({ fields: d.explanation, bestIsApplicant: best.studentNumber === expected });
    }
    return {
      auto: d.outcome === 'auto' ? d.student?.studentNumber : undefined,
      ranked: d.candidates.map((c) => c.student.studentNumber),
    };
  });
  const f = figures(set, outcomes);
  return {
    ...f,
    candidatesPerRequest: scored / Math.max(set.rows.length, 1),
    bound: {
      levels: agreementBound(cells, f.present),
      levelsAndNameWeights: agreementBound(cells, f.present, NAME_WEIGHT_STEP),
    },
  };
}

/**
 * The naive rule: the OEN or the student number typed exactly and held by one student, or else the exact
 * first name, surname and birth date (case, accents and spaces aside) held by one student.
 */
export function naiveSet(set: LabelledSet): SetFigures {
  const byKey = new Map<string, string[]>();
  const add = (key: string, studentNumber: string) => {
    const list = byKey.get(key);
    if (list) list.push(studentNumber);
    else byKey.set(key, [studentNumber]);
  };
  const nameKey = (first?: string, last?: string, dob?: string) =>
    `n|${normaliseName(first)}|${normaliseName(last)}|${dob ?? ''}`;
  for (const s of set.students) {
    if (s.oen) add(`o|${normaliseIdentifier(s.oen)}`, s.studentNumber);
    add(`s|${normaliseIdentifier(s.studentNumber)}`, s.studentNumber);
    if (s.firstName && s.lastName) add(nameKey(s.firstName, s.lastName, s.birthDate), s.studentNumber);
  }
  const single = (key: string) => {
    const hits = byKey.get(key);
    return hits?.length === 1 ? hits[0] : undefined;
  };
  const outcomes = set.rows.map(({ request: r }): Outcome => {
    const auto =
      (r.oen ? single(`o|${normaliseIdentifier(r.oen)}`) : undefined) ??
      (r.studentNumber ? single(`s|${normaliseIdentifier(r.studentNumber)}`) : undefined) ??
      (r.firstName && r.lastName && r.birthDate
        ? single(nameKey(r.firstName, r.lastName, r.birthDate))
        : undefined);
    return { auto, ranked: auto ? [auto] : [] };
  });
  return figures(set, outcomes);
}

/**
 * The sets nobody tuned the matcher on: the independent generator's three board profiles (public at
 * the given size, catholic and french smaller) and FEBRL 1–3.
 */
export async function externalSets(students: number, requests: number): Promise<LabelledSet[]> {
  const sets: LabelledSet[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'etms-labelled-sets-'));
  try {
    for (const [profile, share] of [
      ['public', 1],
      ['catholic', 0.4],
      ['french', 0.3],
    ] as const) {
      const out = join(dir, profile);
      const n = Math.round(students * share);
      await generateToDirectory(
        { students: n, requests: Math.round(requests * Math.max(share, 0.5)), seed: 7, profile },
        out,
      );
      sets.push(await loadSet(`independent ${profile} ${n / 1000}k`, out));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const febrl = new URL('../../fixtures/matching/febrl/', import.meta.url).pathname;
  for (const n of [1, 2, 3]) sets.push(await loadSet(`FEBRL ${n}`, join(febrl, `febrl${n}`)));
  return sets;
}
