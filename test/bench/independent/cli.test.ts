import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../bench/lib/independent/cli.js';

describe('independent generator command line', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'etms-gen-cli-'));
    out = [];
    err = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the four files and says what it wrote, without any student data', async () => {
    const code = await main(['--students', '500', '--requests', '100', '--seed', '3', '--out', dir]);
    expect(code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['details.csv', 'requests.csv', 'students.csv', 'truth.csv']);
    const truth = (await readFile(join(dir, 'truth.csv'), 'utf8')).trim().split('\n');
    expect(truth).toHaveLength(101);
    expect(out.join('')).toMatch(/^500 students in \d+ schools, 100 requests \(15 absent from the SIS\)/);
    const students = await readFile(join(dir, 'students.csv'), 'utf8');
    const someName = students.split('\n')[1].split(',')[4];
    expect(out.join('')).not.toContain(someName);
  });

  it('follows --absent-share and --profile', async () => {
    expect(
      await main([
        '--students',
        '500',
        '--requests',
        '100',
        '--absent-share',
        '0.4',
        '--profile',
        'french',
        '--out',
        dir,
      ]),
    ).toBe(0);
    expect(out.join('')).toContain('(40 absent from the SIS)');
  });

  it.each([
    [['--students', 'many', '--out', 'x'], '--students must be a number'],
    [['--students', '500', '--requests', '10'], '--out'],
    [['--students', '500', '--requests', '10', '--profile', 'private', '--out', 'x'], 'profile'],
  ])('refuses %j with exit code 2 and one clear line', async (args, what) => {
    expect(await main(args)).toBe(2);
    expect(err.join('')).toMatch(/^ETMS_E_GENERATOR_OPTIONS_INVALID: .+\n$/);
    expect(err.join('')).toContain(what);
  });

  it('refuses an unknown option with exit code 2', async () => {
    expect(await main(['--studnets', '5'])).toBe(2);
    expect(err.join('')).toContain('studnets');
  });
});
