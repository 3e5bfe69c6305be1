import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECISION_COLUMNS, runMatchCommand } from '../../src/matching/match-command.js';

const STUDENTS = [
  'student_number,oen,first_name,middle_names,last_name,preferred_first_name,previous_last_names,birth_date,gender,school_bsid,date_last_attended,ossd_date',
  '300001,123456782,William,James,Tremblay,,,2006-04-07,M,890001,2024-06,2024-06-28',
  '300002,,Marie-Ève,,Côté,,Desrosiers;Roy,2005-11-23,F,890001,,',
  '300003,,Ethan,,Wojciechowski,,,2006-02-14,M,890002,,',
  '300004,,Noah,,Wojciechowski,,,2006-02-14,M,890002,,',
].join('\n');

const REQUESTS = [
  'reference_number,application_number,account_number,request_type,requested_at,oen,student_number,first_name,last_name,previous_last_name,birth_date,gender,school_bsid,date_last_attended',
  'H20250301000001,A1,C1,ORIGINAL,2025-03-01,123456782,,Bill,Tremblay,,2006-07-04,M,890001,',
  'H20250301000002,A2,C2,ORIGINAL,2025-03-01,,,"Marie Eve",Smith,Desrosiers,2005-11-23,F,890001,',
  'H20250301000003,A3,C3,ORIGINAL,2025-03-01,,,Liam,Wojciechowski,,2006-02-14,M,890002,',
  'H20250301000004,A4,C4,ORIGINAL,2025-03-01,,,Zed,Nobody,,2001-01-01,,,',
].join('\n');

class Sink extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.text += chunk.toString();
    cb();
  }
}

let dir: string;
const file = (name: string) => join(dir, name);

async function run(opts: { sis: string; requests: string; out?: string; explain?: boolean }) {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await runMatchCommand(opts, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etms-match-test-'));
  await writeFile(file('students.csv'), STUDENTS);
  await writeFile(file('requests.csv'), REQUESTS);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('etms match', () => {
  it('writes one row per request, in input order, with the exact columns', async () => {
    const { code, stdout, stderr } = await run({
      sis: file('students.csv'),
      requests: file('requests.csv'),
      explain: true,
    });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('reference_number,decision,student_number,score,candidates,reasons,probability');
    expect(DECISION_COLUMNS).toHaveLength(7);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([
      'H20250301000001',
      'H20250301000002',
      'H20250301000003',
      'H20250301000004',
    ]);
    const [ref, decision, studentNumber, score, candidates, reasons, probability] = lines[1].split(',');
    expect(Number(probability)).toBeGreaterThanOrEqual(0.999);
    expect([ref, decision, studentNumber]).toEqual(['H20250301000001', 'auto', '300001']);
    expect(score).toMatch(/^-?\d+\.\d$/);
    expect(candidates).toBe(`300001:${score}`);
    expect(reasons).toBe(
      'last=exact;first=nickname;dob=day_month_swap;oen=exact;student_number=missing;gender=same;school=same;last_attended=missing',
    );
    const married = lines[2].split(',');
    expect(married[1]).toBe('auto');
    expect(married[5]).toMatch(/^last=previous;first=exact;dob=exact/);
    const twin = lines[3].split(',');
    expect(twin[1]).toBe('review');
    expect(twin[2]).toBe('');
    expect(twin[4]).toMatch(/^30000[34]:-?\d+\.\d;30000[34]:-?\d+\.\d$/);
    expect(twin[5]).toMatch(/veto=sibling/);
    expect(lines[4]).toBe('H20250301000004,none,,0.0,,,');
  });
  it('leaves the reasons column empty without --explain', async () => {
    const { stdout } = await run({ sis: file('students.csv'), requests: file('requests.csv') });
    expect(stdout.split('\n')[1]).toMatch(
      /^H20250301000001,auto,300001,\d+\.\d,300001:\d+\.\d,,[01]\.\d{6}$/,
    );
  });
  it('reads a BOM, semicolons and quoted fields with delimiters, quotes and line breaks', async () => {
    const sis =
      '\ufeff' +
      STUDENTS.replace(/,/g, ';')
        .replace('Desrosiers;Roy', '"Desrosiers;Roy"')
        .replace('Marie-Ève', '"Marie-\u00c8ve ""Mimi"""');
    await writeFile(file('students-semi.csv'), sis);
    const requests = REQUESTS.replace('"Marie Eve"', '"Marie\nEve"');
    await writeFile(file('requests-quoted.csv'), '\ufeff' + requests.replace(/\n/g, '\r\n'));
    const { code, stdout, stderr } = await run({
      sis: file('students-semi.csv'),
      requests: file('requests-quoted.csv'),
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^H20250301000001,auto,300001,/);
    expect(lines[2]).toMatch(/^H20250301000002,/);
  });
  it('writes to --out when given', async () => {
    const { code, stdout } = await run({
      sis: file('students.csv'),
      requests: file('requests.csv'),
      out: file('decisions.csv'),
    });
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect((await readFile(file('decisions.csv'), 'utf8')).split('\n')[0]).toBe(DECISION_COLUMNS.join(','));
  });
  it('exits 2 naming a missing file', async () => {
    const { code, stderr } = await run({ sis: file('nope.csv'), requests: file('requests.csv') });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('nope.csv');
  });
  it('exits 2 naming a missing required column', async () => {
    await writeFile(file('no-ref.csv'), REQUESTS.replace('reference_number', 'reference'));
    const { code, stderr } = await run({ sis: file('students.csv'), requests: file('no-ref.csv') });
    expect(code).toBe(2);
    expect(stderr).toMatch(/no-ref\.csv, line 1: required column reference_number is missing/);
    await writeFile(file('no-dob.csv'), STUDENTS.replace('birth_date', 'born'));
    expect((await run({ sis: file('no-dob.csv'), requests: file('requests.csv') })).stderr).toMatch(
      /column birth_date/,
    );
  });
  it('goes on past an impossible date: the request keeps its line, the student is left out', async () => {
    await writeFile(file('bad-date.csv'), REQUESTS.replace('2006-07-04', '1938-11-31'));
    const { code, stdout, stderr } = await run({
      sis: file('students.csv'),
      requests: file('bad-date.csv'),
      explain: true,
    });
    expect(code).toBe(0);
    expect(stderr.trim()).toBe(
      `${file('bad-date.csv')}, line 2: column birth_date: "1938-11-31" is not a date (expected YYYY-MM-DD); the value is ignored.`,
    );
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^H20250301000001,(auto|review),/);
    expect(lines[1]).toContain('300001:');
    expect(lines[1]).toContain('dob=missing');
    await writeFile(file('bad-dob.csv'), STUDENTS.replace('2005-11-23', '23/11/2005'));
    const sis = await run({ sis: file('bad-dob.csv'), requests: file('requests.csv') });
    expect(sis.code).toBe(0);
    expect(sis.stderr.trim().split('\n')).toEqual([
      `${file('bad-dob.csv')}, line 3: column birth_date: "23/11/2005" is not a date (expected YYYY-MM-DD); the value is ignored.`,
      `${file('bad-dob.csv')}, line 3: column birth_date is empty or not a date; the student is left out.`,
    ]);
    expect(sis.stdout).not.toContain('300002');
    await writeFile(file('bad-month.csv'), STUDENTS.replace('2024-06,2024-06-28', '2024-13,2024-06-28'));
    const month = await run({ sis: file('bad-month.csv'), requests: file('requests.csv') });
    expect(month.code).toBe(0);
    expect(month.stderr).toMatch(/line 2: column date_last_attended: "2024-13" is not a date/);
    expect(month.stdout).toContain('H20250301000001,auto,300001,');
  });
  it('exits 2 on a quote never closed', async () => {
    await writeFile(file('open-quote.csv'), REQUESTS.replace('"Marie Eve"', '"Marie Eve'));
    const { code, stderr } = await run({ sis: file('students.csv'), requests: file('open-quote.csv') });
    expect(code).toBe(2);
    expect(stderr).toMatch(/open-quote\.csv, line 3/);
  });
  it('reports rows it cannot use and keeps every request in the output', async () => {
    const students =
      STUDENTS +
      '\n300001,,Dup,,Licate,,,2006-01-01,,,,\n,,No,,Number,,,2006-01-01,,,,\n300009,12345,Bad,,Oen,,,2006-01-01,Q,,,';
    await writeFile(file('students-bad.csv'), students);
    const requests = REQUESTS + '\nH20250301000005,,,,,,,,,,,,,\n,,,,,,,Anna,Nobody,,2006-01-01,,,';
    await writeFile(file('requests-bad.csv'), requests);
    const { code, stdout, stderr } = await run({
      sis: file('students-bad.csv'),
      requests: file('requests-bad.csv'),
      explain: true,
    });
    expect(code).toBe(0);
    const problems = stderr.trim().split('\n');
    expect(problems).toEqual([
      expect.stringMatching(/students-bad\.csv, line 6: student number 300001 already appears/),
      expect.stringMatching(/students-bad\.csv, line 7: column student_number is empty/),
      expect.stringMatching(/students-bad\.csv, line 8: column oen: "12345" is not 9 digits/),
      expect.stringMatching(/students-bad\.csv, line 8: column gender: "Q" is not M, F or X/),
      expect.stringMatching(/requests-bad\.csv, line 6: the row has no name, no OEN and no student number/),
      expect.stringMatching(/requests-bad\.csv, line 7: column reference_number is empty/),
    ]);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[5]).toBe('H20250301000005,none,,0.0,,request=unusable,');
    expect(lines[6]).toBe(',none,,0.0,,request=unusable,');
  });
});

describe('etms match in a real process', () => {
  const entry = 'src/matching/match-command-main.ts';
  const cwd = new URL('../..', import.meta.url).pathname;
  it('exits 0 and writes decisions on stdout, nothing on stderr', () => {
    const result = spawnSync(
      'npx',
      ['tsx', entry, '--sis', file('students.csv'), '--requests', file('requests.csv'), '--explain'],
      { cwd, encoding: 'utf8' },
    );
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')[0]).toBe(DECISION_COLUMNS.join(','));
    expect(result.stdout).toContain('H20250301000001,auto,300001,');
  });
  it('exits 2 with one line on stderr for bad input', () => {
    const result = spawnSync(
      'npx',
      ['tsx', entry, '--sis', file('missing.csv'), '--requests', file('requests.csv')],
      { cwd, encoding: 'utf8' },
    );
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('missing.csv');
  });
});
