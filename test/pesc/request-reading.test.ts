/** A large PESC Transcript Request is read in a thread of its own, to the same request and the same errors. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPescTranscriptRequest } from '../../src/pesc/request.js';
import { createRequestPool, readPescRequest, READ_IN_PLACE_MAX } from '../../src/pesc/request-reading.js';
import { ExchangeBusy } from '../../src/api/errors.js';
import { InvalidInput } from '../../src/exchange/errors.js';
import { HeavySlots } from '../../src/workers/pool.js';

const PESC = path.resolve(import.meta.dirname, '../../wsdl/pesc');
const example = readFileSync(path.join(PESC, 'examples-TranscriptRequest_v1.4.0.xml'), 'utf8');
const ontario = example.replace(
  '<CEEBACT>123456</CEEBACT>\n        </School>',
  '<LocalOrganizationID><LocalOrganizationIDCode>722790</LocalOrganizationIDCode><LocalOrganizationIDQualifier>ON</LocalOrganizationIDQualifier></LocalOrganizationID>\n        </School>',
);

/** The document with an extension of `n` elements, as the schema allows after the request. */
function withExtension(xml: string, n: number): Buffer {
  const items = Array.from({ length: n }, (_, i) => `<x:i${i % 50}>${'A'.repeat(250)}</x:i${i % 50}>`).join(
    '',
  );
  const end = xml.lastIndexOf('</TrnReq:TranscriptRequest>');
  return Buffer.from(
    `${xml.slice(0, end)}<TrnReq:UserDefinedExtensions><x:big xmlns:x="urn:x">${items}</x:big></TrnReq:UserDefinedExtensions>${xml.slice(end)}`,
  );
}

const pool = createRequestPool({ slots: new HeavySlots(1), maxQueue: 0 });
afterAll(async () => pool.close());
const options = { origin: 'OCAS' as const, maxBytes: 10_000_000 };

describe('reading a large PESC Transcript Request', () => {
  it('reads it in a thread, to the request read in place', async () => {
    const bytes = withExtension(ontario, 1000);
    expect(bytes.byteLength).toBeGreaterThan(READ_IN_PLACE_MAX);
    expect(await readPescRequest(bytes, options, pool)).toEqual(
      await readPescTranscriptRequest(bytes, options),
    );
  });

  it('gives the thread’s refusal as the same kind of error, recognised by identity', async () => {
    const error = await readPescRequest(withExtension(example, 1000), options, pool).catch((e: unknown) => e);
    expect(InvalidInput.is(error)).toBe(true);
    expect((error as Error).message).toContain('BSID');
  });

  it('refuses a large document while the threads are taken and none may wait, asking to send it again', async () => {
    const bytes = withExtension(ontario, 1000);
    const results = await Promise.allSettled([
      readPescRequest(bytes, options, pool),
      readPescRequest(bytes, options, pool),
    ]);
    expect(results[0].status).toBe('fulfilled');
    expect(ExchangeBusy.is((results[1] as PromiseRejectedResult).reason)).toBe(true);
  });
});
