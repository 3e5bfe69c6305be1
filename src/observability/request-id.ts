/**
 * The request id: the caller's X-Request-Id when it is a plain token (a proxy's or a client's
 * correlation id), else a new one. It is echoed in the response and carried by the access log line.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Letters, digits and . _ : - only, 8 to 128 of them: nothing a log line or a header could be confused by. */
const SANE = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const offered = req.headers[REQUEST_ID_HEADER];
  const id = typeof offered === 'string' && SANE.test(offered) ? offered : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}
