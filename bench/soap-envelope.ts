/**
 * How long reading a large SOAP envelope holds the thread that answers requests: read in place (the
 * baseline, as every envelope was read before) against read in its own thread (envelope-parse.ts).
 * Prints, for each, the wall time and the longest event-loop stall seen meanwhile.
 *
 *   npx tsx bench/soap-envelope.ts [--elements 19000] [--rounds 3]
 */
import { parseArgs } from 'node:util';
import { envelopePool, parseEnvelope } from '../src/api/envelope-parse.js';
import { parseXmlElement } from '../src/api/soap-envelope.js';

const { values } = parseArgs({
  options: { elements: { type: 'string', default: '19000' }, rounds: { type: 'string', default: '3' } },
});
const n = Number(values.elements);
const items = Array.from({ length: n }, (_, i) => `<e:x${i % 50}>${'A'.repeat(250)}</e:x${i % 50}>`).join('');
const envelope =
  '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:e="urn:x">' +
  `<s:Body><e:Op>${items}</e:Op></s:Body></s:Envelope>`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(label: string, read: () => unknown): Promise<void> {
  // A ticker every 2 ms: the longest gap between two ticks is how long the thread was held.
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 2);
  await pause(20);
  longest = 0;
  const start = performance.now();
  await pause(0);
  await read();
  const wall = performance.now() - start;
  await pause(20);
  clearInterval(ticker);
  console.log(
    `  ${label.padEnd(10)} wall ${wall.toFixed(0).padStart(5)} ms   longest stall of the request thread ${longest.toFixed(0).padStart(5)} ms`,
  );
}

async function main(): Promise<void> {
  console.log(`SOAP envelope of ${n} elements, ${(envelope.length / 1e6).toFixed(1)} MB`);
  await parseEnvelope(envelope); // the thread started once
  for (let round = 1; round <= Number(values.rounds); round++) {
    console.log(`round ${round}`);
    await measure('in place', () => parseXmlElement(envelope));
    await measure('in thread', () => parseEnvelope(envelope));
  }
  await envelopePool().close();
}

void main();
