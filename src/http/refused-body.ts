/**
 * Request bodies are refused as early as possible, by one mechanism that every body reader (staff
 * forms and uploads, SOAP, REST, the PESC intake) uses:
 *
 * - a body whose declared `Content-Length` is above the reader's limit is refused before any of it
 *   is read (`declaresMoreThan`);
 * - a body that passes its limit while arriving (chunked, or longer than declared) stops being read
 *   the moment it passes (`stopReading`: nothing more is taken off the socket for it);
 * - an answer written while its body has not fully arrived says `Connection: close`, and once it is
 *   sent the connection is closed (`boundRefusedBodies`): ended at once, so the client sees it,
 *   then what still arrives is read and dropped, at most DRAIN_BYTES or DRAIN_MS, and the
 *   connection is cut.
 *
 * Node alone reads an unread body to its end to keep the connection (a sender that never stops would
 * be read until the request timeout); body-parser even waits for that end before it answers 413.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Request, Response, NextFunction } from 'express';

/** About what a client has in flight on a loopback or LAN connection when it gets the answer. */
export const DRAIN_BYTES = 1024 * 1024;
/** Long enough for a client to read an answer already sent; a trickling sender waits no longer. */
export const DRAIN_MS = 5_000;

/** The body length the request declares; undefined when it declares none (chunked, or no body). */
export function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  if (header === undefined || req.headers['transfer-encoding'] !== undefined) return undefined;
  const length = Number(header);
  return Number.isFinite(length) && length >= 0 ? length : undefined;
}

/** Whether the request declares a body of more than `limit` bytes: refuse it before reading. */
export function declaresMoreThan(req: IncomingMessage, limit: number): boolean {
  const length = declaredLength(req);
  return length !== undefined && length > limit;
}

/** Whether the request says a body follows (a length above zero, or chunks). */
export function announcesBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || (declaredLength(req) ?? 0) > 0;
}

/**
 * Reads no more of the request's body: it is unhooked from whatever was reading it and paused, so
 * the socket is not read for it; the answer then closes the connection (see boundRefusedBodies).
 */
export function stopReading(req: IncomingMessage): void {
  req.unpipe();
  req.pause();
}

/** Whether an answer written now leaves some of the request's body unread. */
function bodyUnread(req: IncomingMessage): boolean {
  return !req.complete && !req.socket.destroyed && announcesBody(req);
}

const lingering = new WeakSet<Socket>();

/**
 * Closes the connection of a request whose body is left unread: the answer's end is followed by the
 * connection's (FIN, so the client sees it at once), then what still arrives is read and dropped,
 * at most DRAIN_BYTES or DRAIN_MS, and the connection is cut. Cutting at once would make the
 * system reset it while the client's bytes wait unread, and a client still sending could lose the
 * answer it was sent.
 */
function closeLingering(req: IncomingMessage, socket: Socket): void {
  if (lingering.has(socket) || socket.destroyed) return;
  lingering.add(socket);
  let read = 0;
  const cut = () => {
    done();
    socket.destroy();
  };
  const timer = setTimeout(cut, DRAIN_MS);
  timer.unref();
  const onData = (chunk: Buffer) => {
    read += chunk.length;
    if (read > DRAIN_BYTES) cut();
  };
  const done = () => {
    clearTimeout(timer);
    req.off('data', onData);
    req.off('end', cut);
    socket.off('close', done);
  };
  req.on('data', onData);
  // The whole body came after all: nothing more to wait for.
  req.once('end', cut);
  socket.once('close', done);
  if (!socket.writableEnded) socket.end();
  req.resume();
}

/**
 * Mounted first: an answer whose request body has not fully arrived when its head is written says
 * `Connection: close`, and the connection is closed once the answer is sent (closeLingering) rather
 * than read to the body's end; an answer that had already started when its body was left unread
 * is followed by the same close.
 */
export function boundRefusedBodies(req: Request, res: Response, next: NextFunction): void {
  const socket = req.socket;
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    if (!this.headersSent && bodyUnread(req)) {
      this.setHeader('Connection', 'close');
      // What Node calls to close the connection after a `Connection: close` answer.
      socket.destroySoon = () => closeLingering(req, socket);
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.writeHead;
  res.once('finish', () => {
    if (!req.complete && !socket.destroyed) closeLingering(req, socket);
  });
  next();
}

/**
 * The body as sent, when it is at most `limit` bytes; undefined when it declares more (nothing is
 * read) or passes `limit` while arriving (nothing more is read from that moment). Rejects when the
 * connection closes before the body's end.
 */
export function readUpTo(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise<Buffer | undefined>((resolve, reject) => {
    if (declaresMoreThan(req, limit)) {
      stopReading(req);
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        settle();
        chunks.length = 0;
        stopReading(req);
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      settle();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      settle();
      reject(error);
    };
    const onClose = () => {
      settle();
      reject(new Error('the connection closed before the end of the body'));
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('close', onClose);
  });
}
