/**
 * A small OneRoster 1.2 REST client: OAuth 2 client credentials (token cached until shortly before
 * it expires, one refresh on 401), limit/offset paging that follows Link rel="next" or X-Total-Count,
 * and filters. Any failure to get an answer is an outage (ETMS_E_SIS_UNAVAILABLE).
 */
import { EtmsError } from '../../src/errors.js';
import { describeDriverError, sisUnavailable } from '../errors.js';

export interface OneRosterClientOptions {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  pageSize: number;
  timeoutMs: number;
  /** Stop paging a collection after this many records. */
  maxRecords: number;
  fetch?: typeof fetch;
}

export type Json = Record<string, unknown>;

/** Quotes a value for a OneRoster filter: single quotes doubled. */
export function filterValue(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export class OneRosterClient {
  private token?: { value: string; expiresAt: number };
  private tokenRequest?: Promise<string>;
  private readonly fetchImpl: typeof fetch;
  private readonly origin: string;
  readonly target: string;

  constructor(private readonly options: OneRosterClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
    const base = new URL(options.baseUrl);
    this.origin = base.origin;
    this.target = `${base.host}${base.pathname.replace(/\/$/, '')}`;
  }

  private unavailable(what: string, cause?: unknown): EtmsError {
    return sisUnavailable('oneroster', what, cause);
  }

  private async call(url: string, init: RequestInit, what: string): Promise<Response> {
    try {
      return await this.fetchImpl(url, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (error) {
      throw this.unavailable(
        `${what} at ${this.target} failed: ${describeDriverError((error as { cause?: unknown }).cause ?? error)}`,
        error,
      );
    }
  }

  private async fetchToken(): Promise<string> {
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (this.options.scope) body.set('scope', this.options.scope);
    const basic = Buffer.from(
      `${encodeURIComponent(this.options.clientId)}:${encodeURIComponent(this.options.clientSecret)}`,
    ).toString('base64');
    const res = await this.call(
      this.options.tokenUrl,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body,
      },
      'the token request',
    );
    if (!res.ok)
      throw this.unavailable(
        `the token endpoint answered HTTP ${res.status}; check the client id and secret`,
      );
    const json = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
    if (typeof json.access_token !== 'string')
      throw this.unavailable('the token endpoint gave no access_token');
    const lifetime = typeof json.expires_in === 'number' ? json.expires_in : Number(json.expires_in ?? 3600);
    // Renew a little early so a token never expires between our check and the provider's.
    this.token = {
      value: json.access_token,
      expiresAt: Date.now() + Math.max(0, (Number.isFinite(lifetime) ? lifetime : 3600) - 30) * 1000,
    };
    return json.access_token;
  }

  private async bearer(): Promise<string> {
    if (this.token && Date.now() < this.token.expiresAt) return this.token.value;
    this.tokenRequest ??= this.fetchToken().finally(() => {
      this.tokenRequest = undefined;
    });
    return this.tokenRequest;
  }

  url(path: string, params: Record<string, string | number | undefined> = {}): string {
    const u = new URL(`${this.options.baseUrl.replace(/\/$/, '')}${path}`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /** GET with the bearer token; undefined on 404 (no such record). */
  async get(url: string): Promise<{ body: Json; headers: Headers } | undefined> {
    if (new URL(url).origin !== this.origin)
      throw this.unavailable(
        `the provider pointed to another site (${new URL(url).host}); refusing to send the token there`,
      );
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await this.bearer();
      const res = await this.call(
        url,
        { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } },
        'a request',
      );
      if (res.status === 401 && attempt === 0) {
        this.token = undefined;
        continue;
      }
      if (res.status === 404) return undefined;
      if (!res.ok) throw this.unavailable(`GET ${new URL(url).pathname} answered HTTP ${res.status}`);
      const body = (await res.json().catch(() => undefined)) as Json | undefined;
      if (!body || typeof body !== 'object')
        throw this.unavailable(`GET ${new URL(url).pathname} did not answer JSON`);
      return { body, headers: res.headers };
    }
    throw this.unavailable('the provider refused a fresh token (HTTP 401)');
  }

  /** One record: `{ <key>: {...} }`. */
  async one(path: string, key: string): Promise<Json | undefined> {
    const answer = await this.get(this.url(path));
    const record = answer?.body[key];
    return record && typeof record === 'object' && !Array.isArray(record) ? (record as Json) : undefined;
  }

  /** Every record of a collection `{ <key>: [...] }`, page by page. */
  async all(
    path: string,
    key: string,
    params: Record<string, string | undefined> = {},
    maxRecords = this.options.maxRecords,
  ): Promise<Json[]> {
    const out: Json[] = [];
    const limit = this.options.pageSize;
    let offset = 0;
    let next: string | undefined = this.url(path, { ...params, limit, offset });
    while (next && out.length < maxRecords) {
      const answer = await this.get(next);
      if (!answer) return out;
      const items = answer.body[key];
      if (!Array.isArray(items)) throw this.unavailable(`GET ${path} did not answer a "${key}" list`);
      out.push(...(items as Json[]));
      offset += items.length;
      const linked = nextLink(answer.headers.get('link'));
      const total = Number(answer.headers.get('x-total-count'));
      if (linked) next = new URL(linked, next).toString();
      else if (items.length === 0) next = undefined;
      else if (Number.isFinite(total) && answer.headers.has('x-total-count'))
        next = offset < total ? this.url(path, { ...params, limit, offset }) : undefined;
      else next = items.length >= limit ? this.url(path, { ...params, limit, offset }) : undefined;
    }
    return out;
  }

  /** The total a collection reports (X-Total-Count), when it does. */
  async count(path: string): Promise<number | undefined> {
    const answer = await this.get(this.url(path, { limit: 1, offset: 0 }));
    if (!answer) throw this.unavailable(`GET ${path} answered HTTP 404; check baseUrl`);
    const total = answer.headers.get('x-total-count');
    return total === null ? undefined : Number(total);
  }
}

function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (m) return m[1];
  }
  return undefined;
}
