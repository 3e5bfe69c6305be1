/**
 * The exchange endpoint of the central: SOAP 1.1 at /soap/exchange and REST JSON under /api/v1,
 * over the same service layer.
 */
import type { Mount } from '../http/app.js';
import { createExchangeService } from '../requests/exchange-service.js';
import { restRouter } from './rest.js';
import { pescRestRouter } from './pesc-rest.js';
import { mountSoap } from './soap.js';
import { API_BASE } from './openapi.js';

export const mountApi: Mount = (app, ctx) => {
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
export { runCredentialCreate } from './credential-command.js';
export { openApiDocument, API_BASE } from './openapi.js';
export { SOAP_PATH, servedWsdl, EXCHANGE_NAMESPACE } from './wsdl.js';
export { OPERATIONS } from './operations.js';
