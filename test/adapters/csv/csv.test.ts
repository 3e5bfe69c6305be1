import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSisAdapter } from '../../../adapters/index.js';
import { isEtmsError } from '../../../src/errors.js';
import { sisAdapterContract } from '../contract.js';
import { writeCsvSis } from '../support/load.js';
import { student } from '../support/fixtures.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'etms-csv-sis-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

sisAdapterContract('csv', async () => {
  const dir = await tempDir();
  await writeCsvSis(dir);
  const downDir = await tempDir();
  await writeCsvSis(downDir);
  const down = await createSisAdapter({ kind: 'csv', dir: downDir });
  await rm(join(downDir, 'students.csv'));
  return { adapter: await createSisAdapter({ kind: 'csv', dir }), down, teardown: async () => undefined };
});

const keys = { birthDates: [], surnames: [], givenNames: [], birthYears: [] };

describe('csv adapter files', () => {
  it('reads a semicolon file with a BOM', async () => {
    const dir = await tempDir();
    await writeCsvSis(dir, { delimiter: ';', bom: true });
    const sis = await createSisAdapter({ kind: 'csv', dir });
    expect(await sis.candidates({ ...keys, studentNumber: '0012345' })).toEqual([student('0012345')]);
    expect((await sis.transcript('S1001'))?.courses).toHaveLength(7);
  });

  it('reads files given by explicit paths, relative to a base folder', async () => {
    const dir = await tempDir();
    await writeCsvSis(dir);
    const sis = await createSisAdapter(
      {
        kind: 'csv',
        students: 'students.csv',
        courses: 'courses.csv',
        schools: 'schools.csv',
        requirements: 'requirements.csv',
      },
      { baseDir: dir },
    );
    expect((await sis.transcript('S1002'))?.literacy).toBe('OLC4O');
  });

  it('names the file, line and column of an unusable cell', async () => {
    const dir = await tempDir();
    await writeCsvSis(dir);
    const path = join(dir, 'students.csv');
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[3] = lines[3].replace('2005-07-21', '2005-21-07');
    await writeFile(path, lines.join('\n'));
    const error = await createSisAdapter({ kind: 'csv', dir }).catch((e: unknown) => e);
    expect(isEtmsError(error) && error.code).toBe('ETMS_E_SIS_DATA_INVALID');
    expect((error as Error).message).toContain('students.csv line 4, column birth_date');
    expect((error as Error).message).not.toContain('2005-21-07');
  });

  it('names a missing required column', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'students.csv'), 'student_number,first_name,last_name\nA1,Ann,Lee\n');
    const error = await createSisAdapter({ kind: 'csv', dir }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('column birth_date');
  });

  it('refuses a file that repeats a student number', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, 'students.csv'),
      'student_number,first_name,last_name,birth_date\nA1,Ann,Lee,2005-01-01\nA1,Bo,Lee,2005-01-02\n',
    );
    const error = await createSisAdapter({ kind: 'csv', dir }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('line 3, column student_number');
  });

  it('re-reads students.csv when it changes', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, 'students.csv'),
      'student_number,first_name,last_name,birth_date\nA1,Ann,Lee,2005-01-01\n',
    );
    const sis = await createSisAdapter({ kind: 'csv', dir });
    expect(await sis.candidates({ ...keys, studentNumber: 'A2' })).toEqual([]);
    await writeFile(
      join(dir, 'students.csv'),
      'student_number,first_name,last_name,birth_date\nA1,Ann,Lee,2005-01-01\nA2,Bo,Chan,2006-02-02\n',
    );
    const found = await sis.candidates({ ...keys, studentNumber: 'A2' });
    expect(found.map((s) => s.lastName)).toEqual(['Chan']);
    expect((await sis.health()).students).toBe(2);
  });

  it('says what is missing when transcripts are asked of a students-only export', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, 'students.csv'),
      'student_number,first_name,last_name,birth_date\nA1,Ann,Lee,2005-01-01\n',
    );
    const sis = await createSisAdapter({ kind: 'csv', dir });
    const error = await sis.transcript('A1').catch((e: unknown) => e);
    expect(isEtmsError(error) && error.code).toBe('ETMS_E_SIS_CONFIG_INVALID');
    expect(await sis.transcript('A9')).toBeUndefined();
  });

  it('caps the candidates it returns', async () => {
    const dir = await tempDir();
    const rows = Array.from({ length: 30 }, (_, i) => `N${i},Kim,Lee,2005-01-01`);
    await writeFile(
      join(dir, 'students.csv'),
      `student_number,first_name,last_name,birth_date\n${rows.join('\n')}\n`,
    );
    const sis = await createSisAdapter({ kind: 'csv', dir, maxCandidates: 10 });
    expect(await sis.candidates({ ...keys, birthDates: ['2005-01-01'], givenNames: ['KIM'] })).toHaveLength(
      10,
    );
  });
});
