/**
 * Files posted with an expired (or made-up) session cookie: what a client that is not signed in can
 * make the server read and keep is bounded per address and in all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { ParkedUploads } from '../../src/admin/parked-uploads.js';
import { startHarness, type Harness } from './harness.js';

const park = (parked: ParkedUploads, address: string, reference = 'H20240411049903') =>
  parked.park({ reference, fileName: 'a.xml', bytes: Buffer.from('x'), version: '1', back: '/', address });

describe('parked uploads', () => {
  it('keeps a few files per address, its own oldest first out, never others’', () => {
    const parked = new ParkedUploads(Date.now, 60_000, { maxItems: 10, maxPerAddress: 3 });
    const victim = park(parked, '10.0.0.1');
    const attacker = Array.from({ length: 20 }, () => park(parked, '10.0.0.66'));
    expect(parked.find(victim, 'H20240411049903')).toBeDefined();
    expect(parked.size).toBe(4);
    expect(parked.find(attacker.at(-1), 'H20240411049903')).toBeDefined();
    expect(parked.find(attacker[0], 'H20240411049903')).toBeUndefined();
  });

  it('reads one file at a time per address and a few in all', () => {
    const parked = new ParkedUploads(Date.now, 60_000, { maxReading: 2 });
    const first = parked.startReading('10.0.0.1');
    expect(first).toBeDefined();
    expect(parked.startReading('10.0.0.1')).toBeUndefined();
    const second = parked.startReading('10.0.0.2');
    expect(second).toBeDefined();
    expect(parked.startReading('10.0.0.3')).toBeUndefined();
    first!();
    first!();
    expect(parked.startReading('10.0.0.3')).toBeDefined();
    expect(parked.startReading('10.0.0.1')).toBeUndefined();
  });
});

describe('upload posted with a session cookie that names no session', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('parked-uploads');
  });
  afterAll(async () => {
    await h.close();
  });

  const boundary = 'parkedBoundary';
  const head = (name: string) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/xml\r\n\r\n`,
    );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);

  /** Starts an upload; its body is finished only when `finish` is called. Resolves with the Location. */
  function startUpload(name: string, finish: Promise<void>): Promise<string> {
    const { port } = new URL(h.base);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/demandes/H20240411049903/televerser',
          headers: {
            'content-type': `multipart/form-data; boundary=${boundary}`,
            cookie: 'etms_session=made-up-token',
          },
        },
        (res) => {
          res.resume();
          resolve(decodeURIComponent(res.headers.location ?? ''));
        },
      );
      req.on('error', reject);
      req.write(head(name));
      req.write('<x/>');
      void finish.then(() => req.end(tail));
    });
  }

  it('reads a second file from the same address only once the first is read', async () => {
    let finishFirst!: () => void;
    const first = startUpload('first.xml', new Promise((r) => (finishFirst = r)));
    // While the first is still arriving, a second one from the same address is not read nor kept.
    await new Promise((r) => setTimeout(r, 300));
    const second = await startUpload('second.xml', Promise.resolve());
    expect(second).toContain('notice=expiredNothingSaved');
    finishFirst();
    expect(await first).toContain('notice=expiredUploadKept');
    // Once it is read, the next one is read and kept again.
    expect(await startUpload('third.xml', Promise.resolve())).toContain('notice=expiredUploadKept');
  });
});
