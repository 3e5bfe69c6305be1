/**
 * The exchange endpoint of the central: SOAP 1.1 at /soap/exchange and REST JSON under /api/v1,
 * over the same service layer.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Mount } from '../http/app.js';
import { createExchangeService } from '../requests/exchange-service.js';
import { restRouter } from './rest.js';
import { pescRestRouter } from './pesc-rest.js';
import { mountSoap } from './soap.js';
import { API_BASE } from './openapi.js';
import { SOAP_PATH } from './wsdl.js';

/**
 * Exchange answers carry student data: no cache may keep them, no browser may sniff, frame or
 * run them, and no Referer leaves with them (the admin pages have the same through helmet).
 */
export function apiSecurityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  // Inline style only: the API's own documentation page is styled inline and runs no script.
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  );
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  next();
}

export const mountApi: Mount = (app, ctx) => {
  app.use([API_BASE, SOAP_PATH], apiSecurityHeaders);
  const service = createExchangeService(ctx);
  mountSoap(app, ctx, service);
  app.use(API_BASE, pescRestRouter(ctx, service));
  app.use(API_BASE, restRouter(ctx, service));
};

export {
  createCredential,
  verifyCredential,
  revokeCredential,
  parseBearer,
  type NewCredential,
  type CredentialKind,
} from './credentials.js';
export { runCredentialCreate, runCredentialList, runCredentialRevoke } from './credential-command.js';
export { openApiDocument, API_BASE } from './openapi.js';
export { SOAP_PATH, servedWsdl, EXCHANGE_NAMESPACE } from './wsdl.js';
export { OPERATIONS } from './operations.js';
