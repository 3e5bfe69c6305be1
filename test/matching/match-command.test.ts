import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DECISION_COLUMNS,
  runMatchCommand,
  type MatchCommandOptions,
} from '../../src/matching/match-command.js';

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

async function run(opts: MatchCommandOptions) {
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
      `${file('bad-date.csv')}, line 2, column birth_date: is not a real date (no such day in that month, or a year outside 1900-2099); the value is ignored.`,
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
      `${file('bad-dob.csv')}, line 3, column birth_date: is not a date written YYYY-MM-DD; the student is left out.`,
    ]);
    expect(sis.stdout).not.toContain('300002');
    await writeFile(file('bad-month.csv'), STUDENTS.replace('2024-06,2024-06-28', '2024-13,2024-06-28'));
    const month = await run({ sis: file('bad-month.csv'), requests: file('requests.csv') });
    expect(month.code).toBe(0);
    expect(month.stderr).toMatch(/line 2, column date_last_attended: is not a real month \(01 to 12\)/);
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
    const sis = file('students-bad.csv');
    const req = file('requests-bad.csv');
    expect(problems).toEqual([
      `${sis}, line 6, column student_number: is the same student number as on line 2; the student is left out.`,
      `${sis}, line 7, column student_number: is empty; the student is left out.`,
      `${sis}, line 8, column oen: has 5 digits where an OEN has 9; the OEN is ignored.`,
      `${sis}, line 8, column gender: is not M, F or X; the value is ignored.`,
      `${req}, line 6: the row has no name, no usable OEN and no student number; the request is decided "none" without matching.`,
      `${req}, line 7, column reference_number: is empty; the request is decided "none" without matching.`,
    ]);
    // The values themselves stay out of the messages.
    expect(stderr).not.toMatch(/12345[^0-9]|"Q"|300001/);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[5]).toBe('H20250301000005,none,,0.0,,request=unusable,');
    expect(lines[6]).toBe(',none,,0.0,,request=unusable,');
  });
});

describe('etms match on leftovers of a bad export', () => {
  const header = (text: string) => text.split('\n')[0];

  it('completes on a students file with a header and no rows, every request "none", and says so', async () => {
    await writeFile(file('students-header-only.csv'), `${header(STUDENTS)}\n`);
    const { code, stdout, stderr } = await run({
      sis: file('students-header-only.csv'),
      requests: file('requests.csv'),
    });
    expect(code).toBe(0);
    expect(stderr.trim().split('\n')).toEqual([
      `${file('students-header-only.csv')}: the file holds no students (a header and no rows); every request is decided "none".`,
    ]);
    const lines = stdout.trimEnd().split('\n').slice(1);
    expect(lines.map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      'H20250301000001,none',
      'H20250301000002,none',
      'H20250301000003,none',
      'H20250301000004,none',
    ]);
  });

  it('says when every student row was left out, after the lines saying why', async () => {
    await writeFile(
      file('students-all-bad.csv'),
      `${header(STUDENTS)}\n300001,,William,,Tremblay,,,,M,890001,,\n`,
    );
    const { code, stderr } = await run({ sis: file('students-all-bad.csv'), requests: file('requests.csv') });
    expect(code).toBe(0);
    expect(stderr.trim().split('\n')).toEqual([
      `${file('students-all-bad.csv')}, line 2, column birth_date: is empty; the student is left out.`,
      `${file('students-all-bad.csv')}: none of its 1 rows could be used (see above), so the SIS holds no students; every request is decided "none".`,
    ]);
  });

  it('reports a malformed reference number with file, line and column, never the value, and still decides the row', async () => {
    const requests = [
      REQUESTS,
      'h20250301000005,A5,C5,ORIGINAL,2025-03-01,123456782,,Bill,Tremblay,,2006-07-04,M,890001,', // line 6
      'REF-0042,A6,C6,ORIGINAL,2025-03-01,,,Zed,Nobody,,2001-01-01,,,', // line 7
      'H2025030100001,A7,C7,ORIGINAL,2025-03-01,,,Zed,Nobody,,2001-01-01,,,', // line 8: 5 digits after the date
      // Lines 9-12: the shape, but no real day of 1900-2099 (month 13, 30 February, year 9999, the placeholder).
      'H20241341049906,A8,C8,ORIGINAL,2025-03-01,123456782,,Bill,Tremblay,,2006-07-04,M,890001,',
      'H20250230000009,A9,C9,ORIGINAL,2025-03-01,,,Zed,Nobody,,2001-01-01,,,',
      'H99999999999999,A10,C10,ORIGINAL,2025-03-01,,,Zed,Nobody,,2001-01-01,,,',
      'H00000000000000,A11,C11,ORIGINAL,2025-03-01,,,Zed,Nobody,,2001-01-01,,,',
      // Line 13: a real day (29 February of a leap year) is not reported.
      'H20240229000013,A12,C12,ORIGINAL,2025-03-01,,,Zed,Nobody,,2001-01-01,,,',
    ].join('\n');
    await writeFile(file('requests-bad-reference.csv'), requests);
    const { code, stdout, stderr } = await run({
      sis: file('students.csv'),
      requests: file('requests-bad-reference.csv'),
    });
    expect(code).toBe(0);
    const why =
      'is not a reference number of the form H, the date as YYYYMMDD (a real day of 1900-2099), then at least six digits (as H20240411049903); the request is matched all the same, under this reference number.';
    expect(stderr.trim().split('\n')).toEqual(
      [6, 7, 8, 9, 10, 11, 12].map(
        (line) => `${file('requests-bad-reference.csv')}, line ${line}, column reference_number: ${why}`,
      ),
    );
    for (const value of [
      'h20250301000005',
      'REF-0042',
      'H2025030100001,',
      'H20241341049906',
      'H20250230000009',
      'H99999999999999',
      'H00000000000000',
    ])
      expect(stderr).not.toContain(value);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 12);
    // Decided as any other row: the same student as the well-formed line 2, under the reference as given.
    expect(lines[5]).toMatch(/^h20250301000005,auto,300001,/);
    expect(lines[6]).toMatch(/^REF-0042,none,/);
    expect(lines[7]).toMatch(/^H2025030100001,none,/);
    expect(lines[8]).toMatch(/^H20241341049906,auto,300001,/);
    expect(lines.slice(9).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      'H20250230000009,none',
      'H99999999999999,none',
      'H00000000000000,none',
      'H20240229000013,none',
    ]);
  });

  it('prints at most 20 lines of one kind, then one line counting the rest; --all-problems prints them all', async () => {
    // 25 requests with an impossible birth date and 22 with a malformed OEN, interleaved, and one bad gender.
    const rows = Array.from({ length: 25 }, (_, i) => {
      const ref = `H20250302${String(i).padStart(6, '0')}`;
      const oen = i < 22 ? '12345' : '';
      return `${ref},A,C,ORIGINAL,2025-03-02,${oen},,Bill,Tremblay,,2006-02-30,${i === 3 ? 'Q' : 'M'},890001,`;
    });
    await writeFile(file('requests-flood.csv'), [header(REQUESTS), ...rows].join('\n'));
    const capped = await run({ sis: file('students.csv'), requests: file('requests-flood.csv') });
    expect(capped.code).toBe(0);
    const lines = capped.stderr.trim().split('\n');
    const f = file('requests-flood.csv');
    expect(lines.filter((l) => l.includes('column birth_date: is not a real date'))).toHaveLength(20);
    expect(lines.filter((l) => l.includes('column oen: has 5 digits'))).toHaveLength(20);
    expect(lines.filter((l) => l.includes('column gender'))).toHaveLength(1);
    expect(lines.slice(-2)).toEqual([
      `${f}, column birth_date: … and 5 more rows with the problem of line 2 (25 in all; --all-problems lists every one).`,
      `${f}, column oen: … and 2 more rows with the problem of line 2 (22 in all; --all-problems lists every one).`,
    ]);
    expect(lines).toHaveLength(20 + 20 + 1 + 2);
    // The lines kept are the first ones, in the order of the file.
    expect(lines[0]).toBe(
      `${f}, line 2, column birth_date: is not a real date (no such day in that month, or a year outside 1900-2099); the value is ignored.`,
    );

    const all = await run({
      sis: file('students.csv'),
      requests: file('requests-flood.csv'),
      allProblems: true,
    });
    expect(all.stderr.trim().split('\n')).toHaveLength(25 + 22 + 1);
    expect(all.stdout).toBe(capped.stdout);
  });

  it('names a UTF-16 or UTF-32 file as such and stops with exit 2, as for a workbook', async () => {
    const cases: [string, Buffer, string][] = [
      [
        'utf16le-bom.csv',
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(STUDENTS, 'utf16le')]),
        'UTF-16 (little-endian)',
      ],
      [
        'utf16be-bom.csv',
        Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(STUDENTS, 'utf16le').swap16()]),
        'UTF-16 (big-endian)',
      ],
      ['utf16le.csv', Buffer.from(STUDENTS, 'utf16le'), 'UTF-16 (little-endian)'],
      ['utf32le-bom.csv', Buffer.from([0xff, 0xfe, 0, 0, 0x73, 0, 0, 0]), 'UTF-32 (little-endian)'],
    ];
    for (const [name, bytes, encoding] of cases) {
      await writeFile(file(name), bytes);
      const { code, stdout, stderr } = await run({ sis: file(name), requests: file('requests.csv') });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        `etms match: ${file(name)}: the file is ${encoding} text, not UTF-8; save it again as "CSV UTF-8" (in Excel: Save As, CSV UTF-8).\n`,
      );
    }
    // The requests file too.
    const { code, stderr } = await run({ sis: file('students.csv'), requests: file('utf16le-bom.csv') });
    expect(code).toBe(2);
    expect(stderr).toContain(`${file('utf16le-bom.csv')}: the file is UTF-16 (little-endian) text`);
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

/**
 * The command as a board runs it: `node bin/etms.js match`, through commander, in its own process. The
 * line bin/etms.js prints when dist/ is older than the sources is not the command's and is set aside.
 */
describe('etms match on bad input, through bin/etms.js', () => {
  const cwd = new URL('../..', import.meta.url).pathname;
  function etms(...args: string[]) {
    const result = spawnSync(process.execPath, ['bin/etms.js', 'match', ...args], { cwd, encoding: 'utf8' });
    const stderr = result.stderr
      .split('\n')
      .filter((l) => !/^etms: (no build in dist\/|sources changed since the build)/.test(l))
      .join('\n');
    return { status: result.status, stdout: result.stdout, stderr };
  }
  const timeout = 120_000;

  it(
    'reports every bad row with file, line and column, never the value, and keeps every request',
    { timeout },
    async () => {
      const sis = file('students-every-problem.csv');
      const req = file('requests-every-problem.csv');
      await writeFile(
        sis,
        [
          STUDENTS,
          '300005,,Too,,Few,,,2006-01-01,M,890001,', // line 6: 11 fields of 12
          '300006,,Too,,Many,,,2006-01-01,M,890001,,,', // line 7: 13 fields
          '300007,12AB,Bad,,Oen,,,2006-01-01,M,890001,,', // line 8: letters in the OEN
          '300008,123456783,Check,,Digit,,,2006-01-01,M,890001,,', // line 9: fails the check digit
          '300009,,Impossible,,Date,,,1938-11-31,M,890001,,', // line 10: no 31 November
          '300010,,Leap,,Day,,,2001-02-29,F,890001,,', // line 11: 2001 is no leap year
          '300001,,Dup,,Licate,,,2006-01-01,,,,', // line 12: number of line 2
        ].join('\n'),
      );
      await writeFile(
        req,
        [
          REQUESTS,
          // line 6: date_last_attended left out (13 fields of 14): read as it stands it is shifted.
          'H20250301000005,A5,C5,ORIGINAL,2025-03-01,,,Bill,Tremblay,,2006-04-07,M,890001',
          'H20250301000006,A6,C6,ORIGINAL,2025-03-01,,,Bill,Tremblay,,2006-04-07,M,890001,,', // line 7: 15
          'H20250301000007,A7,C7,ORIGINAL,2025-03-01,12AB,,William,Tremblay,,2006-04-07,M,890001,', // 8
          'H20250301000008,A8,C8,ORIGINAL,2025-03-01,12345678,,William,Tremblay,,1938-11-31,M,890001,', // 9
          'H20250301000009,A9,C9,REISSUE,2025-03-01,123456783,,William,Tremblay,,2001-02-29,M,890001,', // 10
          'H20250301000010,A10,C10,COPY,2025-03-01,,,,,,,,,', // line 11
        ].join('\n'),
      );
      const { status, stdout, stderr } = etms('--sis', sis, '--requests', req, '--explain');
      expect(status).toBe(0);
      const none = 'the request is decided "none" without matching.';
      const realDate = 'is not a real date (no such day in that month, or a year outside 1900-2099)';
      const check =
        'fails the OEN check digit (a digit typed wrong, or two swapped); the value is kept for matching.';
      expect(stderr.trim().split('\n')).toEqual([
        `${sis}, line 6: the row has 11 fields but the header has 12 (a field left out, or a line break inside an unquoted value?); the student is left out.`,
        `${sis}, line 7: the row has 13 fields but the header has 12 (a delimiter inside an unquoted value?); the student is left out.`,
        `${sis}, line 8, column oen: holds characters other than digits, so it is not an OEN; the OEN is ignored.`,
        `${sis}, line 9, column oen: ${check}`,
        `${sis}, line 10, column birth_date: ${realDate}; the student is left out.`,
        `${sis}, line 11, column birth_date: ${realDate}; the student is left out.`,
        `${sis}, line 12, column student_number: is the same student number as on line 2; the student is left out.`,
        `${req}, line 6: the row has 13 fields but the header has 14 (a field left out, or a line break inside an unquoted value?); ${none}`,
        `${req}, line 7: the row has 15 fields but the header has 14 (a delimiter inside an unquoted value?); ${none}`,
        `${req}, line 8, column oen: holds characters other than digits, so it is not an OEN; the OEN is ignored for matching.`,
        `${req}, line 9, column birth_date: ${realDate}; the value is ignored.`,
        `${req}, line 9, column oen: has 8 digits where an OEN has 9; the OEN is ignored for matching.`,
        `${req}, line 10, column birth_date: ${realDate}; the value is ignored.`,
        `${req}, line 10, column oen: ${check}`,
        `${req}, line 11, column request_type: is not ORIGINAL or REISSUE; the value is ignored.`,
        `${req}, line 11: the row has no name, no usable OEN and no student number; ${none}`,
      ]);
      for (const value of ['12AB', '12345678', '123456783', '1938-11-31', '2001-02-29', 'COPY', 'Licate'])
        expect(stderr).not.toContain(value);

      const lines = stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(1 + 10);
      const row = (ref: string) => lines.find((l) => l.startsWith(`H2025030100000${ref},`)) ?? '';
      expect(row('5')).toBe('H20250301000005,none,,0.0,,request=unusable,');
      expect(row('6')).toBe('H20250301000006,none,,0.0,,request=unusable,');
      expect(lines[10]).toBe('H20250301000010,none,,0.0,,request=unusable,');
      // A malformed OEN is ignored, even one edit from the student's; a failed check digit is kept.
      expect(row('7')).toMatch(/^H20250301000007,(auto|review),.*oen=missing/);
      expect(row('8')).toMatch(/^H20250301000008,(auto|review),.*dob=missing;oen=missing/);
      expect(row('9')).toMatch(/^H20250301000009,(auto|review),.*dob=missing;oen=one_digit/);
      // Students left out are nobody's candidate; the one with a malformed OEN stays in the SIS.
      expect(stdout).not.toMatch(/30000(5|6|9)|300010/);
    },
  );

  /** Runs the command on one file written with `bytes` in place of the SIS or the requests; returns stderr's lines. */
  async function refusedFile(which: 'sis' | 'requests', name: string, bytes: Buffer): Promise<string[]> {
    await writeFile(file(name), bytes);
    const { status, stdout, stderr } = etms(
      '--sis',
      which === 'sis' ? file(name) : file('students.csv'),
      '--requests',
      which === 'requests' ? file(name) : file('requests.csv'),
    );
    expect(status).toBe(2);
    expect(stdout).toBe('');
    return stderr.trim().split('\n');
  }

  it(
    'stops with exit 2 naming line, column and byte offset of a file that is not UTF-8',
    { timeout },
    async () => {
      // The SIS saved as Latin-1: the È of Marie-Ève, on line 3, is the first byte that is not UTF-8.
      const latin1 = Buffer.from(STUDENTS, 'latin1');
      const offset = latin1.indexOf(0xc8);
      expect(await refusedFile('sis', 'students-latin1.csv', latin1)).toEqual([
        `etms match: ${file('students-latin1.csv')}, line 3, column first_name, character 15 (byte offset ${offset}): the file is not UTF-8 text (saved as Windows-1252 or Latin-1?); export it again as UTF-8.`,
      ]);
    },
  );

  it('stops with exit 2 on a UTF-16 file, saying to save it as UTF-8', { timeout }, async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(REQUESTS, 'utf16le')]);
    expect(await refusedFile('requests', 'requests-utf16.csv', utf16)).toEqual([
      `etms match: ${file('requests-utf16.csv')}: the file is UTF-16 (little-endian) text, not UTF-8; save it again as "CSV UTF-8" (in Excel: Save As, CSV UTF-8).`,
    ]);
  });

  it('exits 2 with one line for a usage error', { timeout }, () => {
    const missing = etms('--sis', file('students.csv'));
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim().split('\n')).toEqual([
      "etms match: required option '--requests <file>' not specified (etms match --help lists the options).",
    ]);
    const unknown = etms('--sis', file('students.csv'), '--requests', file('requests.csv'), '--sheet', 'x');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim()).toMatch(/^etms match: unknown option '--sheet'/);
  });

  it('describes bad input and the exit codes in --help', { timeout }, () => {
    const help = etms('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--requests <file>/);
    expect(help.stdout).toMatch(/more or\s+fewer fields than the header/);
    expect(help.stdout).toMatch(/request=unusable/);
    expect(help.stdout).toMatch(/malformed OEN/);
    expect(help.stdout).toMatch(/not UTF-8/);
    expect(help.stdout).toMatch(
      /Exit codes: 0 when it ran.*2 for input it cannot\s+read or a usage error, 1/s,
    );
  });
});
