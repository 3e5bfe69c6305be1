import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Request } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUpload, UploadReceipts } from '../../src/admin/upload.js';
import { Client, SAMPLE_STUDENT, sampleXml, startHarness, type Harness } from './harness.js';

const BOUNDARY = 'etmsTestBoundary';

/** Opens a connection and sends an upload's head and the start of its file, never its end. */
async function unfinishedUpload(port: number, path: string, cookie: string, csrf: string): Promise<Socket> {
  const head =
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="t.xml"\r\n` +
    'Content-Type: text/xml\r\n\r\n<';
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\n` +
      `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: 100000\r\n\r\n${head}`,
  );
  socket.write(Buffer.alloc(20_000, 0x61));
  return socket;
}

describe('reading an upload', () => {
  it('ends, holding nothing, when the body is cut off before its end', async () => {
    let settled!: Promise<unknown>;
    let started!: () => void;
    const arrived = new Promise<void>((resolve) => (started = resolve));
    const server: Server = createServer((req) => {
      settled = parseUpload(req as Request, 1_000_000).then(
        () => 'read',
        (error: unknown) => error,
      );
      req.once('data', () => started());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const { port } = server.address() as AddressInfo;
      const socket = await unfinishedUpload(port, '/', '', 'x');
      await arrived;
      socket.destroy();
      const outcome = await settled;
      expect(outcome).toMatchObject({ code: 'ETMS_E_UPLOAD_MALFORMED' });
      expect((outcome as Error).message).toContain('cut off');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('counts the uploads being received per person and in all', () => {
    const receipts = new UploadReceipts(2, 3);
    const a1 = receipts.start(1);
    const a2 = receipts.start(1);
    expect(receipts.start(1)).toEqual({ refused: 'person' });
    const b1 = receipts.start(2);
    expect(receipts.start(3)).toEqual({ refused: 'all' });
    if (!('end' in a1) || !('end' in a2) || !('end' in b1)) throw new Error('expected receipts');
    a1.end();
    a1.end(); // ending twice counts once
    expect(receipts.start(1)).toHaveProperty('end');
    expect(receipts.start(3)).toEqual({ refused: 'all' });
    a2.end();
    b1.end();
    expect(receipts.start(3)).toHaveProperty('end');
  });
});

describe('uploads being received', () => {
  let h: Harness;
  let c: Client;
  beforeAll(async () => {
    h = await startHarness('admin_upload_receipts');
    c = new Client(h.base);
    await c.signIn('nord.ecole');
  });
  afterAll(async () => h?.close());

  it('lets one person send two files at once; a third is refused before its body is read', async () => {
    const r = await h.request({ schoolBsid: '900001', ...SAMPLE_STUDENT, dateLastAttended: '2009-06' });
    const path = `/demandes/${r.referenceNumber}/televerser`;
    await c.get(path);
    const cookie = [...c.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const { port } = h.server.address() as AddressInfo;
    const held = [
      await unfinishedUpload(port, path, cookie, c.csrf),
      await unfinishedUpload(port, path, cookie, c.csrf),
    ];
    const xml = await sampleXml(r.referenceNumber);
    const send = (fields: Record<string, string> = {}) =>
      c.upload(
        path,
        { version: String(r.version), back: '/demandes', ...fields },
        { name: 'rizzo.xml', bytes: xml },
      );
    try {
      // The held uploads count once the server has read their heads; until then a third one is
      // read, and refused for its form token, changing nothing.
      let third = await send({ _csrf: 'not-the-token' });
      for (let i = 0; i < 100 && third.status !== 503; i++) third = await send({ _csrf: 'not-the-token' });
      expect(third.status).toBe(503);
      expect(third.headers.get('retry-after')).toBe('10');
      expect(third.text).toContain('Vous envoyez déjà 2 fichiers');
      expect((await send()).status).toBe(503);
      expect(await h.store.transcripts.versions(r.id)).toEqual([]);
    } finally {
      for (const socket of held) socket.destroy();
    }
    // Once the held ones are gone (cut off), the person's upload is taken.
    let next = await send();
    for (let i = 0; i < 100 && next.status === 503; i++) next = await send();
    expect(next.status).toBe(200);
    expect(next.url).toMatch(/notice=uploadDone/);
  });
});
