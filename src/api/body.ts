/**
 * Reading a request body with a cap on its DECODED size: gzip and deflate bodies are inflated as a
 * stream and stopped as soon as the cap is passed, so a compression bomb costs at most the cap.
 */
import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import type { AppContext } from '../context.js';
import { InProgress } from '../collections.js';
import { declaresMoreThan, stopReading } from '../http/refused-body.js';
import { BodiesBusy, BodyTooLarge, MalformedMessage, UnsupportedEncoding, DoctypeRefused } from './errors.js';

/**
 * What must hold before the body is read past `limit` bytes: `open` is given the bytes read so far
 * (and whether that is the whole body) and answers undefined to see more, or a promise that settles
 * once the caller is authenticated (rejecting refuses the message). Past `limit` without an answer,
 * the message is refused with `tooLarge()`.
 */
export interface BodyGate {
  limit: number;
  open(head: Buffer, complete: boolean): Promise<void> | undefined;
  tooLarge(): Error;
}

/**
 * The most bytes a gzip or deflate body decoding to at most `decoded` bytes can take on the wire:
 * deflate's stored blocks add 5 bytes every 16 KiB at worst, plus the gzip header and trailer.
 */
export function compressedBound(decoded: number): number {
  return decoded + Math.ceil(decoded / 16_384) * 5 + 1024;
}

/**
 * The body, decoded; refused (and the connection closed after the answer, the rest unread) when it
 * declares more than `maxBytes` (before reading any of it), when it passes `maxBytes` while
 * arriving (at that moment), or when `gate` refuses it.
 */
export function readBody(req: IncomingMessage, maxBytes: number, gate?: BodyGate): Promise<Buffer> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  return new Promise<Buffer>((resolve, reject) => {
    let inflater: Gunzip | Inflate | undefined;
    if (encoding === 'gzip' || encoding === 'x-gzip') inflater = createGunzip();
    else if (encoding === 'deflate') inflater = createInflate();
    else if (encoding !== 'identity' && encoding !== '') {
      stopReading(req);
      reject(UnsupportedEncoding(encoding));
      return;
    }
    if (declaresMoreThan(req, inflater ? compressedBound(maxBytes) : maxBytes)) {
      inflater?.destroy();
      stopReading(req);
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
      // Nothing more is read: the answer closes the connection.
      stopReading(req);
      reject(error);
    };
    const source = inflater ?? req;
    let opened = gate === undefined;
    let waiting: Promise<void> | undefined;
    const wait = (pending: Promise<void>, then: () => void) => {
      waiting = pending;
      source.pause();
      pending.then(
        () => {
          opened = true;
          waiting = undefined;
          if (done) return;
          source.resume();
          then();
        },
        (error: Error) => fail(error),
      );
    };
    const finish = () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, size));
    };
    source.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        fail(BodyTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
      if (opened || waiting || !gate) return;
      let pending: Promise<void> | undefined;
      try {
        pending = gate.open(Buffer.concat(chunks, size), false);
      } catch (error) {
        fail(error as Error);
        return;
      }
      if (pending) wait(pending, () => undefined);
      else if (size > gate.limit) fail(gate.tooLarge());
    });
    source.on('end', () => {
      if (done) return;
      if (opened || !gate) return finish();
      if (waiting) {
        void waiting.then(finish, () => undefined);
        return;
      }
      let pending: Promise<void> | undefined;
      try {
        pending = gate.open(Buffer.concat(chunks, size), true);
      } catch (error) {
        return fail(error as Error);
      }
      if (!pending) return fail(gate.tooLarge());
      wait(pending, finish);
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

/** Message bodies one credential may have being received at once (each up to the body limit). */
export const BODIES_PER_CREDENTIAL = 16;
/** Seconds a credential refused for its bodies in flight is asked to wait. */
export const BODIES_RETRY_AFTER_SECONDS = 5;

/**
 * Counts, per credential, the message bodies being received: each holds up to the body limit in
 * memory while it arrives, so a credential opening many connections and sending slowly cannot make
 * the process hold more than BODIES_PER_CREDENTIAL of them.
 */
export class BodiesInFlight {
  private readonly bodies: InProgress<string>;

  constructor(readonly perCredential = BODIES_PER_CREDENTIAL) {
    this.bodies = new InProgress(perCredential);
  }

  /** Starts one body of `credentialId`, returning what ends it; refuses with ETMS_E_CREDENTIAL_BUSY. */
  start(credentialId: string): () => void {
    const taken = this.bodies.take(credentialId);
    if ('refused' in taken) throw BodiesBusy(this.perCredential, BODIES_RETRY_AFTER_SECONDS);
    return taken.end;
  }
}

const inFlight = new WeakMap<AppContext, BodiesInFlight>();

/** The bodies in flight of this process's exchange endpoint (SOAP and REST together). */
export function bodiesInFlight(ctx: AppContext): BodiesInFlight {
  let bodies = inFlight.get(ctx);
  if (!bodies) inFlight.set(ctx, (bodies = new BodiesInFlight()));
  return bodies;
}
