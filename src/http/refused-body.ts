/**
 * A body the answer did not read to its end (refused as too large, unauthenticated, or answered
 * before it was needed) is read off the socket only so far: once the answer has been handed to the
 * system, at most DRAIN_BYTES more bytes or DRAIN_MS more milliseconds, then the connection is cut.
 * Node alone reads such a body to its end to keep the connection (a sender that never stops would
 * be read until the request timeout, 300 s); a little reading lets an honest client that is still
 * sending receive the answer instead of a reset.
 */
import type { Request, Response, NextFunction } from 'express';

/** About what a client has in flight on a loopback or LAN connection when it gets the answer. */
export const DRAIN_BYTES = 1024 * 1024;
/** Long enough for a client to read an answer already sent; a trickling sender waits no longer. */
export const DRAIN_MS = 5_000;

export function boundRefusedBodies(req: Request, res: Response, next: NextFunction): void {
  res.once('finish', () => {
    if (req.complete || req.socket.destroyed) return;
    const socket = req.socket;
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
      req.off('end', done);
      socket.off('close', done);
    };
    req.on('data', onData);
    req.once('end', done);
    socket.once('close', done);
    req.resume();
  });
  next();
}
