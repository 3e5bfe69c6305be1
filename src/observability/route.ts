/**
 * What a request is called in logs and metrics: the route pattern it matched (/admin/demandes/:ref),
 * never the path as typed, so neither a name typed in a URL nor a search's query string reaches them,
 * and the metrics' labels stay few.
 */
import type { Request, Response } from 'express';

export function routeOf(req: Request, res: Response): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl ?? ''}${route.path}`;
  // Mounted without a route of their own: the SOAP endpoint, static assets.
  if (req.baseUrl) return `${req.baseUrl}/*`;
  return res.statusCode === 404 ? '(no route)' : '(other)';
}
