/**
 * Hostile XML shapes against the SOAP envelope reader and the PESC request's byte guards: many
 * attributes on one element (100k, 200k, 400k), many elements, many namespace declarations on many
 * elements, long attribute values, long names, deep nesting. For each, the time the request thread
 * spends before answering, and what it answers (a code, or "read" when the envelope was parsed).
 *
 *   npx tsx bench/xml-shapes.ts [shape,shape…]
 */
import { parseXmlElement } from '../src/api/soap-envelope.js';
import { decodeTranscriptBytes } from '../src/transcript/guard.js';
import { isEtmsError } from '../src/errors.js';

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const EXCHANGE = 'urn:ca:on:etms:exchange:v1';
const envelope = (inner: string, opAttributes = '', envelopeAttributes = '') =>
  `<?xml version="1.0"?><soap:Envelope xmlns:soap="${SOAP}" xmlns:e="${EXCHANGE}"${envelopeAttributes}><soap:Body><e:GetRequestStatus${opAttributes}>${inner}<e:referenceNumber>H12345678901234</e:referenceNumber></e:GetRequestStatus></soap:Body></soap:Envelope>`;
const attributes = (n: number) => Array.from({ length: n }, (_, i) => ` a${i}="x"`).join('');

const SHAPES: Record<string, () => string> = {
  'attributes-100k': () => envelope('', attributes(100_000)),
  'attributes-200k': () => envelope('', attributes(200_000)),
  'attributes-400k': () => envelope('', attributes(400_000)),
  'elements-700k': () => envelope('<e:x/>'.repeat(700_000)),
  'namespaces-2k-on-200k-elements': () =>
    envelope(
      '<e:x xmlns:q="z"/>'.repeat(200_000),
      '',
      Array.from({ length: 2000 }, (_, i) => ` xmlns:n${i}="u${i}"`).join(''),
    ),
  'attribute-value-4MB': () => envelope('', ` a="${'x'.repeat(4_000_000)}"`),
  'name-4MB': () => envelope(`<e:${'x'.repeat(4_000_000)}/>`),
  'depth-100k': () => envelope(`${'<e:x>'.repeat(100_000)}${'</e:x>'.repeat(100_000)}`),
};

function outcome(error: unknown): string {
  return isEtmsError(error)
    ? error.code
    : error instanceof Error
      ? `thrown: ${error.message.slice(0, 60)}`
      : 'thrown';
}

const chosen = process.argv[2]?.split(',') ?? Object.keys(SHAPES);
console.log(
  'shape'.padEnd(34),
  'bytes'.padStart(9),
  'SOAP ms'.padStart(9),
  'SOAP answer'.padEnd(26),
  'PESC guard ms'.padStart(14),
  'PESC answer',
);
for (const name of chosen) {
  const text = SHAPES[name]();
  let t = performance.now();
  let soap = 'read';
  try {
    parseXmlElement(text);
  } catch (error) {
    soap = outcome(error);
  }
  const soapMs = performance.now() - t;
  // The same shape in a PESC Transcript Request document (the byte guards run before the schema).
  const document = Buffer.from(
    text.replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="UTF-8"?>'),
    'utf8',
  );
  t = performance.now();
  let pesc = 'passed';
  try {
    decodeTranscriptBytes(document, { maxBytes: 8 * 1024 * 1024, maxDepth: 64, document: 'request' });
  } catch (error) {
    pesc = outcome(error);
  }
  const pescMs = performance.now() - t;
  console.log(
    name.padEnd(34),
    String(text.length).padStart(9),
    soapMs.toFixed(0).padStart(9),
    soap.padEnd(26),
    pescMs.toFixed(0).padStart(14),
    pesc,
  );
}
