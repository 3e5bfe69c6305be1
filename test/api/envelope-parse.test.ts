/** Large SOAP envelopes are read in a thread of their own, with the same result and the same errors. */
import { afterAll, describe, expect, it } from 'vitest';
import { createEnvelopePool, parseEnvelope, PARSE_IN_PLACE_MAX } from '../../src/api/envelope-parse.js';
import { parseXmlElement } from '../../src/api/soap-envelope.js';
import { ExchangeBusy, MalformedMessage } from '../../src/api/errors.js';
import { HeavySlots } from '../../src/workers/pool.js';

const pool = createEnvelopePool({ slots: new HeavySlots(1), maxQueue: 0 });
afterAll(async () => pool.close());

/** An envelope of `n` small elements, each with 250 characters of text. */
function envelope(n: number, extra = ''): string {
  const items = Array.from({ length: n }, (_, i) => `<e:x${i % 50}>${'A'.repeat(250)}</e:x${i % 50}>`).join(
    '',
  );
  return (
    '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:e="urn:x">' +
    `<s:Body><e:Op>${items}${extra}</e:Op></s:Body></s:Envelope>`
  );
}

describe('reading a SOAP envelope', () => {
  it('reads a large one in a thread, to the same elements as in place', async () => {
    const text = envelope(4000);
    expect(text.length).toBeGreaterThan(PARSE_IN_PLACE_MAX);
    expect(await parseEnvelope(text, pool)).toEqual(parseXmlElement(text));
  });

  it('gives the thread’s refusal as the same kind of error, recognised by identity', async () => {
    const error = await parseEnvelope(envelope(4000, '\u0001'), pool).catch((e: unknown) => e);
    expect(MalformedMessage.is(error)).toBe(true);
    expect((error as Error).message).toContain('U+0001');
  });

  it('refuses a large envelope while the threads are taken and none may wait, asking to send it again', async () => {
    const text = envelope(4000);
    const results = await Promise.allSettled([parseEnvelope(text, pool), parseEnvelope(text, pool)]);
    expect(results[0].status).toBe('fulfilled');
    expect(results[1].status).toBe('rejected');
    expect(ExchangeBusy.is((results[1] as PromiseRejectedResult).reason)).toBe(true);
  });
});
