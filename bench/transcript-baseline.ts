/**
 * Build + validate throughput of this tree beside another tree of the project (a baseline: e.g. the
 * commit before transcripts became PESC documents), in the same process and the same minutes, so a
 * busy machine weighs on both alike. Rounds alternate which side goes first; each round builds
 * `count` transcripts of 40 courses and validates them in batches (each side with its own xmllint
 * threads and its own schema). Prints the median CPU per transcript (all threads) and the median
 * wall-clock throughput of each side, and their ratio.
 *   git archive <commit> | tar -x -C /tmp/etms-baseline && ln -s "$PWD/node_modules" /tmp/etms-baseline/
 *   npx tsx bench/transcript-baseline.ts /tmp/etms-baseline [count] [rounds]
 */
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { record } from './lib/transcript-record.js';

const [baselineDir, countArg, roundsArg] = process.argv.slice(2);
if (!baselineDir) {
  console.error('usage: npx tsx bench/transcript-baseline.ts <baseline tree> [count] [rounds]');
  process.exit(2);
}
const COUNT = Number(countArg ?? 1000);
const ROUNDS = Number(roundsArg ?? 5);

interface Side {
  name: string;
  buildTranscript(r: ReturnType<typeof record>, ctx: Record<string, unknown>): unknown;
  transcriptToXml(t: unknown): string;
  validateTranscriptXmlBatch(documents: string[]): Promise<unknown[][]>;
}

async function side(name: string, root: string): Promise<Side> {
  const url = (file: string) => pathToFileURL(path.resolve(root, 'src/transcript', file)).href;
  const build = (await import(url('build.ts'))) as Pick<Side, 'buildTranscript' | 'transcriptToXml'>;
  const schema = (await import(url('schema.ts'))) as Pick<Side, 'validateTranscriptXmlBatch'>;
  return { name, ...build, ...schema };
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function round(s: Side): Promise<{ cpuMs: number; wallMs: number; kib: number }> {
  const cpu0 = cpuNow();
  const t0 = performance.now();
  const documents: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    const t = s.buildTranscript(record(i), {
      referenceNumber: `H20240411${String(i).padStart(6, '0')}`,
      transmission: 'Original',
      documentId: `bench-${i}`,
    });
    documents.push(s.transcriptToXml(t));
  }
  const problems = await s.validateTranscriptXmlBatch(documents);
  const wallMs = performance.now() - t0;
  const cpuMs = cpuNow() - cpu0;
  const invalid = problems.filter((p) => p.length > 0).length;
  if (invalid > 0) throw new Error(`${s.name}: ${invalid} transcripts do not validate`);
  const kib = documents.reduce((n, d) => n + Buffer.byteLength(d), 0) / COUNT / 1024;
  return { cpuMs, wallMs, kib };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const sides = [await side('baseline', baselineDir), await side('this tree', process.cwd())];
// A warm-up round each: module compilation, xmllint threads, the schemas.
for (const s of sides) await round(s);
const results = new Map(sides.map((s) => [s.name, [] as Array<Awaited<ReturnType<typeof round>>>]));
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? sides : [...sides].reverse();
  for (const s of order) results.get(s.name)!.push(await round(s));
}

const summary = sides.map((s) => {
  const runs = results.get(s.name)!;
  const cpuPer = median(runs.map((x) => x.cpuMs / COUNT));
  const rate = median(runs.map((x) => (COUNT * 1000) / x.wallMs));
  return { name: s.name, cpuPer, rate, kib: runs[0].kib };
});
for (const s of summary)
  console.log(
    `${s.name.padEnd(10)} build + validate: CPU ${s.cpuPer.toFixed(2)} ms/transcript (${Math.round(1000 / s.cpuPer)} transcripts per CPU-second), ${Math.round(s.rate)} transcripts/s wall; ${s.kib.toFixed(1)} KiB each`,
  );
const [base, mine] = summary;
console.log(
  `this tree vs baseline: CPU per transcript ${((mine.cpuPer / base.cpuPer - 1) * 100).toFixed(0)} %, throughput per CPU-second ${((base.cpuPer / mine.cpuPer - 1) * 100).toFixed(0)} %, wall throughput ${((mine.rate / base.rate - 1) * 100).toFixed(0)} %`,
);
console.log(
  `${COUNT} transcripts × ${ROUNDS} rounds a side (medians); load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`,
);
process.exit(0);
