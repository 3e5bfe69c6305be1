/**
 * How fast the independent generator writes its files, beside a baseline measured in the same run:
 * writing the same number of rows of fixed text through the same CSV writer (the cost of the files
 * alone, without generating anything).
 *
 *   npx tsx bench/lib/independent/speed.ts [--sizes 50000x10000,200000x10000] [--seed 1]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CsvFileWriter } from './csv.js';
import { REQUEST_COLUMNS } from './dataset.js';
import { generateToDirectory } from './generate.js';
import { STUDENT_COLUMNS } from './records.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '50000x10000,200000x10000' },
    seed: { type: 'string', default: '1' },
  },
});

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; wall: number; cpu: number }> {
  const c0 = cpuSeconds();
  const t0 = performance.now();
  const result = await work();
  return { result, wall: (performance.now() - t0) / 1000, cpu: cpuSeconds() - c0 };
}

/** Writes `students` + 3 × `requests` rows of fixed text, as the generator writes four files. */
async function baseline(dir: string, students: number, requests: number): Promise<void> {
  const s = new CsvFileWriter(join(dir, 'students.csv'), STUDENT_COLUMNS);
  const student = [
    '912345678',
    '123456782',
    'Marie-Ève',
    'Anne',
    'Tremblay',
    '',
    '',
    '2007-05-04',
    'F',
    '912345',
    '2025-06',
    '2025-06-27',
    '912345',
  ];
  for (let i = 0; i < students; i++) await s.write(student);
  await s.close();
  const request = [
    'H20260115012345',
    '123456789',
    '12345678',
    'ORIGINAL',
    '2026-01-15',
    '',
    '',
    'Marie',
    'Tremblay',
    '',
    '2007-05-04',
    'F',
    '912345',
    '',
  ];
  const writers = ['requests', 'truth', 'details'].map(
    (f) => new CsvFileWriter(join(dir, `${f}.csv`), REQUEST_COLUMNS),
  );
  for (let i = 0; i < requests; i++) for (const w of writers) await w.write(request);
  await Promise.all(writers.map((w) => w.close()));
}

const sizes = values.sizes.split(',').map((s) => s.split('x').map(Number) as [number, number]);
console.log('size (students × requests)        generator wall / cpu      baseline (files only) wall / cpu');
for (const [students, requests] of sizes) {
  const dir = await mkdtemp(join(tmpdir(), 'etms-gen-speed-'));
  try {
    const base = await timed(() => baseline(dir, students, requests));
    const gen = await timed(() => generateToDirectory({ students, requests, seed: values.seed }, dir));
    const rss = process.memoryUsage().rss / 1024 / 1024;
    console.log(
      `${`${students} × ${requests}`.padEnd(34)}${`${gen.wall.toFixed(1)} s / ${gen.cpu.toFixed(1)} s`.padEnd(26)}` +
        `${base.wall.toFixed(1)} s / ${base.cpu.toFixed(1)} s   (rss ${rss.toFixed(0)} MB)`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
