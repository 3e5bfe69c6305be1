/**
 * The HTTP listener and its connection-level guards, so no single client can hold every socket:
 * - time limits: the request head within `http.headersTimeoutSeconds`, the whole request within
 *   `http.requestTimeoutSeconds` (a late one gets `408` and its connection is closed; a response
 *   that takes long to send is not limited), an idle kept-alive connection closed after
 *   `http.keepAliveTimeoutSeconds`;
 * - at most `http.connectionsPerAddress` connections open at once from one address (IPv6 by its
 *   /64; 0: no cap). One more is answered a bare `503` with `Retry-After` and closed at once, before
 *   anything it sends is read; a warning names the address, at most once a minute an address.
 */
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { addressKey } from '../accounts/address.js';

/** Seconds a refused connection is asked to wait before trying again. */
export const REFUSED_RETRY_AFTER_SECONDS = 10;
/** At most one warning an address within this time. */
const WARN_EVERY_MS = 60_000;
/** How often the open connections are checked against the time limits, at most (Node's default is 30 s). */
const CHECK_EVERY_MS = 1000;

const REFUSAL = Buffer.from(
  'HTTP/1.1 503 Service Unavailable\r\n' +
    `Retry-After: ${REFUSED_RETRY_AFTER_SECONDS}\r\n` +
    'Content-Length: 0\r\n' +
    'Connection: close\r\n\r\n',
  'latin1',
);

export interface ConnectionGuardOptions {
  /** Connections one address may hold open at once; 0 for no cap. */
  perAddress: number;
  log: Logger;
  now?: () => number;
}

/** Counts each address's open connections on `server`, and closes at once those over the cap. */
export function guardConnections(server: Server, options: ConnectionGuardOptions): void {
  const { perAddress, log, now = Date.now } = options;
  if (perAddress <= 0) return;
  const open = new Map<string, number>();
  /** Address → when it was last named in a warning, oldest first. */
  const warned = new Map<string, number>();

  const warnOnce = (address: string) => {
    const at = now();
    for (const [key, when] of warned) {
      if (at - when < WARN_EVERY_MS) break;
      warned.delete(key);
    }
    if (warned.has(address)) return;
    warned.set(address, at);
    log.warn(
      { address, cap: perAddress },
      `connections refused: ${address} already holds ${perAddress} open connections (http.connectionsPerAddress); further refusals of this address are not logged for a minute`,
    );
  };

  server.on('connection', (socket: Socket) => {
    const address = addressKey(socket.remoteAddress);
    const count = open.get(address) ?? 0;
    if (count >= perAddress) {
      socket.on('error', () => undefined);
      socket.end(REFUSAL, () => socket.destroy());
      // A peer that never reads cannot keep it either.
      setTimeout(() => socket.destroy(), 1000).unref();
      warnOnce(address);
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

const TOO_LARGE = Buffer.from(
  'HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
  'latin1',
);

/**
 * A client that asks before sending its body (`Expect: 100-continue`) is told to send it only when
 * the length it declares fits the largest body any route reads; past that it gets `413` at once and
 * its connection is closed, so it never sends what would be refused. Within it, the route's own
 * limit still applies as the body arrives.
 */
export function answerContinue(server: Server, maxBodyBytes: number): void {
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      req.socket.end(TOO_LARGE, () => req.socket.destroy());
      return;
    }
    res.writeContinue();
    server.emit('request', req, res);
  });
}

/**
 * The HTTP server of an eTMS process, with the time limits and the per-address cap of `http`;
 * `maxBodyBytes` is the largest body any of its routes reads.
 */
export function createHttpServer(
  app: RequestListener,
  http: Config['http'],
  log: Logger,
  maxBodyBytes: number,
): Server {
  const headersTimeout = Math.round(http.headersTimeoutSeconds * 1000);
  const server = createServer(
    {
      headersTimeout,
      requestTimeout: Math.round(http.requestTimeoutSeconds * 1000),
      keepAliveTimeout: Math.round(http.keepAliveTimeoutSeconds * 1000),
      // Checked every tenth of the head's limit, and at least once a second.
      connectionsCheckingInterval: Math.max(10, Math.min(CHECK_EVERY_MS, Math.round(headersTimeout / 10))),
    },
    app,
  );
  guardConnections(server, { perAddress: http.connectionsPerAddress, log });
  answerContinue(server, maxBodyBytes);
  return server;
}
