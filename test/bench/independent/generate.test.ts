import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityKey } from '../../../bench/lib/independent/dataset.js';
import { GeneratorOptionsInvalid } from '../../../bench/lib/independent/errors.js';
import { generate, generateToDirectory } from '../../../bench/lib/independent/generate.js';
import { isValidOen } from '../../../bench/lib/independent/oen.js';
import { parsedSet, type ParsedSet, plain } from './helpers.js';

const SMALL = { students: 3000, requests: 800, seed: 'gen-test' };

// The columns of students.csv and requests.csv in the matching-files specification.
const SPEC_STUDENT_COLUMNS = [
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
];
const SPEC_REQUEST_COLUMNS = [
  'reference_number',
  'application_number',
  'account_number',
  'request_type',
  'requested_at',
  'oen',
  'student_number',
  'first_name',
  'last_name',
  'previous_last_name',
  'birth_date',
  'gender',
  'school_bsid',
  'date_last_attended',
];

function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

describe('independent generator: determinism', () => {
  it('gives the same bytes for the same options', () => {
    const a = generate(SMALL);
    const b = generate(SMALL);
    expect(a).toEqual(b);
  });

  it('gives other data for another seed', () => {
    const a = generate(SMALL);
    const b = generate({ ...SMALL, seed: 'another' });
    expect(a.students).not.toEqual(b.students);
    expect(a.requests).not.toEqual(b.requests);
  });

  it('keeps the same SIS when only the number of requests changes', () => {
    const a = generate(SMALL);
    const b = generate({ ...SMALL, requests: 50 });
    expect(b.students).toEqual(a.students);
  });

  it('writes to a folder the same bytes it returns', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'etms-gen-'));
    try {
      const summary = await generateToDirectory(SMALL, dir);
      const files = generate(SMALL);
      for (const name of ['students', 'requests', 'truth', 'details'] as const) {
        expect(await readFile(join(dir, `${name}.csv`), 'utf8')).toBe(files[name]);
      }
      expect(summary.students).toBe(SMALL.students);
      expect(summary.requests).toBe(SMALL.requests);
      expect(summary.absent).toBe(Math.round(SMALL.requests * 0.15));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('independent generator: formats', () => {
  let set: ParsedSet;
  beforeAll(() => {
    set = parsedSet(SMALL);
  });

  it('writes students.csv with the columns of the specification, one row per student', () => {
    expect(set.headers.students).toEqual(SPEC_STUDENT_COLUMNS);
    expect(set.students).toHaveLength(SMALL.students);
    expect(new Set(set.students.map((s) => s.student_number)).size).toBe(SMALL.students);
  });

  it('fills every student field in its format', () => {
    for (const s of set.students) {
      expect(s.student_number).toMatch(/^\d{7}(\d{2})?$/);
      expect(s.first_name || s.last_name).not.toBe('');
      expect(isDate(s.birth_date)).toBe(true);
      expect(['M', 'F', 'X', '']).toContain(s.gender);
      expect(s.school_bsid).toMatch(/^\d{6}$/);
      expect(s.schools_attended.split(';')).toContain(s.school_bsid);
      for (const b of s.schools_attended.split(';')) expect(b).toMatch(/^\d{6}$/);
      if (s.oen) expect(s.oen).toMatch(/^\d{9}$/);
      if (s.date_last_attended) expect(s.date_last_attended).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
      if (s.ossd_date) expect(isDate(s.ossd_date)).toBe(true);
    }
  });

  it('gives every OEN in the SIS a valid check digit, and no OEN twice', () => {
    const oens = set.students.map((s) => s.oen).filter(Boolean);
    expect(oens.length).toBeGreaterThan(SMALL.students / 3);
    for (const oen of oens) expect(isValidOen(oen)).toBe(true);
    expect(new Set(oens).size).toBe(oens.length);
  });

  it('writes requests.csv with the columns of the specification and unique reference numbers', () => {
    expect(set.headers.requests).toEqual(SPEC_REQUEST_COLUMNS);
    expect(set.requests).toHaveLength(SMALL.requests);
    expect(new Set(set.requests.map((r) => r.reference_number)).size).toBe(SMALL.requests);
    for (const r of set.requests) {
      expect(r.reference_number).toMatch(/^H\d{14}$/);
      expect(r.reference_number.slice(1, 9)).toBe(r.requested_at.replace(/-/g, ''));
      expect(['ORIGINAL', 'REISSUE']).toContain(r.request_type);
      expect(isDate(r.requested_at)).toBe(true);
      if (r.birth_date) expect(isDate(r.birth_date)).toBe(true);
      expect(['M', 'F', 'X', '']).toContain(r.gender);
      if (r.school_bsid) expect(r.school_bsid).toMatch(/^\d{6}$/);
      if (r.oen) expect(r.oen).toMatch(/^\d{9}$/);
      if (r.date_last_attended) expect(r.date_last_attended).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
    }
  });

  it('lists requests in order of arrival', () => {
    const dates = set.requests.map((r) => r.requested_at);
    expect([...dates].sort()).toEqual(dates);
  });

  it('writes truth.csv in the FEBRL sets’ format', async () => {
    expect(set.headers.truth).toEqual(['reference_number', 'expected_student_number', 'kind']);
    const febrl = await readFile(
      join(import.meta.dirname, '../../../../shared/data/febrl/febrl2/truth.csv'),
      'utf8',
    ).catch(() => undefined);
    if (febrl) expect(febrl.split(/\r?\n/)[0].split(',')).toEqual(set.headers.truth);
  });
});

describe('independent generator: truth', () => {
  let set: ParsedSet;
  beforeAll(() => {
    set = parsedSet({ ...SMALL, requests: 2000 });
  });

  it('labels every request once, in the same order', () => {
    expect(set.truth.map((t) => t.reference_number)).toEqual(set.requests.map((r) => r.reference_number));
    expect(set.details.map((t) => t.reference_number)).toEqual(set.requests.map((r) => r.reference_number));
  });

  it('names an existing student for present applicants and no one for absent ones, with a kind of the right sign', () => {
    for (const t of set.truth) {
      if (t.expected_student_number) {
        expect(set.byNumber.has(t.expected_student_number)).toBe(true);
        expect(t.kind).toMatch(/^\+[a-z_]+$/);
      } else {
        expect(t.kind).toMatch(
          /^-(stranger|doppelganger\/(exact|near_birth_date|near_name)|relative\/(twin|sibling))$/,
        );
      }
    }
  });

  it('makes clean requests agree with their student on names and birth date', () => {
    const requests = new Map(set.requests.map((r) => [r.reference_number, r]));
    const clean = set.truth.filter((t) => t.kind === '+clean');
    expect(clean.length).toBeGreaterThan(300);
    for (const t of clean) {
      const r = requests.get(t.reference_number)!;
      const s = set.byNumber.get(t.expected_student_number)!;
      expect(plain(r.last_name)).toBe(plain(s.last_name));
      expect(plain(r.first_name)).toBe(plain(s.first_name));
      expect(r.birth_date).toBe(s.birth_date);
    }
  });

  it('gives exact doppelgängers the full name and birth date of a student, unless they mistyped them', () => {
    const identities = new Set(set.students.map((s) => identityKey(s.first_name, s.last_name, s.birth_date)));
    const requests = new Map(set.requests.map((r) => [r.reference_number, r]));
    const exact = set.truth.filter((t) => t.kind === '-doppelganger/exact');
    expect(exact.length).toBeGreaterThan(20);
    const same = exact.filter((t) => {
      const r = requests.get(t.reference_number)!;
      return identities.has(identityKey(r.first_name, r.last_name, r.birth_date));
    });
    expect(same.length / exact.length).toBeGreaterThan(0.75);
  });

  it('never gives an absent applicant the OEN of a student', () => {
    const oens = new Set(set.students.map((s) => s.oen).filter(Boolean));
    const requests = new Map(set.requests.map((r) => [r.reference_number, r]));
    for (const t of set.truth.filter((x) => !x.expected_student_number)) {
      const oen = requests.get(t.reference_number)!.oen;
      if (oen) expect(oens.has(oen)).toBe(false);
    }
  });

  it('keeps an applicant who asks again under the same married name and account', () => {
    const details = new Map(set.details.map((d) => [d.reference_number, d]));
    const requests = new Map(set.requests.map((r) => [r.reference_number, r]));
    const byStudent = new Map<string, string[]>();
    for (const t of set.truth.filter((x) => x.expected_student_number)) {
      byStudent.set(t.expected_student_number, [
        ...(byStudent.get(t.expected_student_number) ?? []),
        t.reference_number,
      ]);
    }
    const repeated = [...byStudent.values()].filter((refs) => refs.length > 1);
    expect(repeated.length).toBeGreaterThan(20);
    for (const refs of repeated) {
      const married = refs.map((ref) => /last_married/.test(details.get(ref)!.labels));
      expect(new Set(married).size).toBe(1);
      expect(new Set(refs.map((ref) => requests.get(ref)!.account_number)).size).toBe(1);
    }
  });

  it('gives twins and namesakes to the SIS', () => {
    const byLastAndBirth = new Map<string, Set<string>>();
    const byIdentity = new Map<string, number>();
    for (const s of set.students) {
      const k = `${plain(s.last_name)}|${s.birth_date}`;
      if (!byLastAndBirth.has(k)) byLastAndBirth.set(k, new Set());
      byLastAndBirth.get(k)!.add(plain(s.first_name));
      const id = identityKey(s.first_name, s.last_name, s.birth_date);
      byIdentity.set(id, (byIdentity.get(id) ?? 0) + 1);
    }
    const twins = [...byLastAndBirth.values()].filter((firsts) => firsts.size >= 2).length;
    const namesakes = [...byIdentity.values()].filter((n) => n >= 2).length;
    expect(twins).toBeGreaterThan(SMALL.students * 0.005);
    expect(namesakes).toBeGreaterThanOrEqual(Math.round(SMALL.students * 0.003));
  });
});

describe('independent generator: scoring', () => {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const score = join(import.meta.dirname, '../../../../shared/data/febrl/score.py');
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'etms-gen-score-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!existsSync(score))(
    'is scored by the FEBRL scorer: answering from the truth gives 0 wrong and full recall',
    async () => {
      const files = generate(SMALL);
      await writeFile(join(dir, 'truth.csv'), files.truth);
      const truth = files.truth.trim().split('\n').slice(1);
      const decisions = truth.map((line) => {
        const [ref, expected] = line.split(',');
        return expected ? `${ref},auto,${expected},10,${expected}:10` : `${ref},none,,0,`;
      });
      await writeFile(
        join(dir, 'decisions.csv'),
        ['reference_number,decision,student_number,score,candidates', ...decisions].join('\n') + '\n',
      );
      const out = execFileSync(python, [score, join(dir, 'truth.csv'), join(dir, 'decisions.csv')], {
        encoding: 'utf8',
      });
      expect(out).toContain(
        `requests=${SMALL.requests} missing=0 wrong_auto=0 negatives_auto=0 auto_recall=100.0%`,
      );
    },
  );
});

describe('independent generator: options', () => {
  it.each([
    [{ ...SMALL, students: 0 }, 'students'],
    [{ ...SMALL, requests: -1 }, 'requests'],
    [{ ...SMALL, students: 10.5 }, 'students'],
    [{ ...SMALL, exportDate: '2026-02-30' }, 'exportDate'],
    [{ ...SMALL, rates: { absentShare: 1.5 } }, 'absentShare'],
  ])('refuses %j with a clear error', (options, what) => {
    try {
      generate(options);
      expect.unreachable();
    } catch (error) {
      expect(GeneratorOptionsInvalid.is(error)).toBe(true);
      expect(error).toMatchObject({ code: 'ETMS_E_GENERATOR_OPTIONS_INVALID' });
      expect((error as Error).message).toContain(what);
    }
  });
});
