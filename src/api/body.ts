/**
 * Reading a request body with a cap on its DECODED size: gzip and deflate bodies are inflated as a
 * stream and stopped as soon as the cap is passed, so a compression bomb costs at most the cap.
 */
import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import { BodyTooLarge, MalformedMessage, UnsupportedEncoding, DoctypeRefused } from './errors.js';

export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  const declared = Number(req.headers['content-length'] ?? NaN);
  return new Promise<Buffer>((resolve, reject) => {
    let inflater: Gunzip | Inflate | undefined;
    if (encoding === 'gzip' || encoding === 'x-gzip') inflater = createGunzip();
    else if (encoding === 'deflate') inflater = createInflate();
    else if (encoding !== 'identity' && encoding !== '') {
      req.resume();
      reject(UnsupportedEncoding(encoding));
      return;
    }
    if (!inflater && Number.isFinite(declared) && declared > maxBytes) {
      req.resume();
      reject(BodyTooLarge(maxBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (error: Error) => {
      if (done) return;
      done = true;
      inflater?.destroy();
      // Read the rest off the socket without keeping it, so the reply can still be written.
      req.unpipe();
      req.resume();
      reject(error);
    };
    const source = inflater ?? req;
    source.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        fail(BodyTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    source.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, size));
    });
    source.on('error', (error: Error) =>
      fail(
        inflater ? MalformedMessage(`the ${encoding} body cannot be decompressed (${error.message})`) : error,
      ),
    );
    if (inflater) {
      req.on('error', (error) => fail(error));
      req.pipe(inflater);
    }
  });
}

/** Refuses DTDs before any XML parser sees the text: no external entities, no entity expansion. */
export function refuseDoctype(text: string): void {
  if (/<!\s*(DOCTYPE|ENTITY)/i.test(text)) throw DoctypeRefused();
}
