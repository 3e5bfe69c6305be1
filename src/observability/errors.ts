/** Error codes of /metrics. */
import { defineError } from '../errors.js';

export const MetricsLoopbackOnly = defineError(
  'ETMS_E_METRICS_FORBIDDEN',
  403,
  () =>
    '/metrics answers only to callers on this machine (metrics.access is loopback), and not through a proxy: scrape it from here, or set metrics.access to token and metrics.token.',
);

export const MetricsTokenRequired = defineError(
  'ETMS_E_METRICS_TOKEN',
  401,
  () => '/metrics needs the token of metrics.token, sent as "Authorization: Bearer <token>".',
);
