/**
 * Transcript throughput: builds 10,000 transcripts of 40 courses, writes them as XML, validates them
 * against the XSD (libxml2 in WASM, schema compiled once per batch), and reads them back through
 * the full hardened reader. Prints transcripts/s per phase and the peak resident memory.
 *   npx tsx bench/transcript.ts [count]
 */
import { availableParallelism, loadavg } from 'node:os';
import { buildTranscript, transcriptToXml } from '../src/transcript/build.js';
import { readTranscriptXml } from '../src/transcript/read.js';
import { validateTranscriptXml, validateTranscriptXmlBatch } from '../src/transcript/schema.js';
import { COURSES, record } from './lib/transcript-record.js';

const COUNT = Number(process.argv[2] ?? 10_000);

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

/** CPU time of the whole process (main thread and xmllint workers): less sensitive to a busy machine than wall time. */
let cpuMark = process.cpuUsage();
function cpuSince(): number {
  const used = process.cpuUsage(cpuMark);
  cpuMark = process.cpuUsage();
  return (used.user + used.system) / 1000;
}
const cpu = (n: number, ms: number) => `CPU ${(ms / n).toFixed(2)} ms/transcript`;
const rate = (n: number, ms: number) =>
  `${Math.round((n * 1000) / ms).toLocaleString('en-CA')} transcripts/s`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

const t0 = performance.now();
cpuSince();
const xmls: string[] = [];
for (let i = 0; i < COUNT; i++) {
  const t = buildTranscript(record(i), {
    referenceNumber: `H20240411${String(i).padStart(6, '0')}`,
    transmission: 'Original',
    documentId: `bench-${i}`,
  });
  xmls.push(transcriptToXml(t));
}
const tBuild = performance.now() - t0;
const cBuild = cpuSince();
const avgBytes = xmls.reduce((s, x) => s + Buffer.byteLength(x), 0) / xmls.length;
console.log(
  `build + XML   ${COUNT} transcripts × ${COURSES} courses (avg ${(avgBytes / 1024).toFixed(1)} KiB): ${(tBuild / 1000).toFixed(2)} s, ${rate(COUNT, tBuild)}, ${cpu(COUNT, cBuild)}`,
);

// One xmllint run per document: what a naive caller pays (worker start + schema compile each time).
const SINGLE = 50;
cpuSince();
const t1 = performance.now();
for (let i = 0; i < SINGLE; i++) {
  const problems = await validateTranscriptXmlBatch([xmls[i]]);
  if (problems[0].length > 0) throw new Error(`document ${i} invalid: ${problems[0][0].reason}`);
}
const tSingle = performance.now() - t1;
console.log(
  `XSD, one run per document (${SINGLE} docs): ${(tSingle / SINGLE).toFixed(1)} ms/doc, ${rate(SINGLE, tSingle)}, ${cpu(SINGLE, cpuSince())}`,
);

cpuSince();
const t2 = performance.now();
const results = await validateTranscriptXmlBatch(xmls);
const tBatch = performance.now() - t2;
const cBatch = cpuSince();
const invalid = results.filter((r) => r.length > 0).length;
if (invalid > 0) throw new Error(`${invalid} generated transcripts do not validate`);
console.log(
  `XSD, batched (500 docs per run, parallel runs): ${(tBatch / 1000).toFixed(2)} s, ${rate(COUNT, tBatch)}, ${cpu(COUNT, cBatch)}`,
);

cpuSince();
const t3 = performance.now();
const CHUNK = 500;
let read = 0;
for (let i = 0; i < xmls.length; i += CHUNK) {
  const chunk = xmls.slice(i, i + CHUNK);
  const models = await Promise.all(chunk.map((x) => readTranscriptXml(Buffer.from(x))));
  read += models.length;
}
const tRead = performance.now() - t3;
console.log(
  `readTranscriptXml (byte guards + XSD + model), ${CHUNK} concurrent: ${(tRead / 1000).toFixed(2)} s, ${rate(read, tRead)}, ${cpu(read, cpuSince())}`,
);

// Sanity: one single call after batches still answers.
await validateTranscriptXml(xmls[0]);
const total = performance.now() - t0;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
console.log(
  `build + validate end to end: ${rate(COUNT, tBuild + tBatch)}; total ${(total / 1000).toFixed(1)} s; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`,
);
console.log(
  `peak RSS (sampled): ${mib(peakRss)}; maxRSS (kernel): ${mib(process.resourceUsage().maxRSS * 1024)}`,
);
