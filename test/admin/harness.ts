/**
 * A real eTMS HTTP server on 127.0.0.1 (port 0) over a test store, seeded with a board of two
 * schools, a second board, staff users of each kind and requests in every status; and a small
 * client with a cookie jar that reads CSRF tokens from the forms it receives.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PDFDocument } from 'pdf-lib';
import { createTestStore, seedSchools, type TestStore } from '../support/db.js';
import { aRequest } from '../support/requests.js';
import { parseConfig } from '../../src/config.js';
import { createContext, type AppContext } from '../../src/context.js';
import { createLogger } from '../../src/log.js';
import { createHttpApp } from '../../src/http/app.js';
import { mountAdmin } from '../../src/admin/index.js';
import type { NewTranscriptRequest, TranscriptRequest } from '../../src/domain/request.js';
import { buildTranscriptXml } from '../../src/transcript/build.js';
import { TRANSCRIPT_CASES } from '../../fixtures/transcripts/cases.js';

export const PASSWORD = 'Correct-Horse-9';

export interface Harness {
  store: TestStore;
  ctx: AppContext;
  server: Server;
  base: string;
  orgs: Awaited<ReturnType<typeof seedSchools>>;
  close(): Promise<void>;
  request(overrides?: Partial<NewTranscriptRequest>): Promise<TranscriptRequest>;
}

export async function startHarness(
  label: string,
  configOverrides: Record<string, unknown> = {},
): Promise<Harness> {
  const store = await createTestStore(label);
  const orgs = await seedSchools(store);
  const config = parseConfig({
    security: { loginMaxFailures: 3, loginLockMinutes: 15, sessionHours: 8 },
    upload: { maxBytes: 200_000, maxDepth: 64 },
    ...configOverrides,
  });
  const ctx = createContext({ config, store, log: createLogger({ level: 'silent' }) });
  const users = store.users;
  await users.create({
    username: 'nord.ecole',
    displayName: 'Secrétariat Nord',
    role: 'SCHOOL',
    schoolId: orgs.north.id,
    password: PASSWORD,
  });
  await users.create({
    username: 'south.school',
    displayName: 'South Guidance',
    role: 'SCHOOL',
    schoolId: orgs.south.id,
    password: PASSWORD,
    language: 'en',
  });
  await users.create({
    username: 'conseil.un',
    displayName: 'Conseil Un',
    role: 'BOARD',
    boardId: orgs.board.id,
    password: PASSWORD,
  });
  await users.create({
    username: 'far.board',
    displayName: 'Far Board',
    role: 'BOARD',
    boardId: orgs.other.id,
    password: PASSWORD,
  });
  await users.create({
    username: 'far.school',
    displayName: 'Far School',
    role: 'SCHOOL',
    schoolId: orgs.far.id,
    password: PASSWORD,
  });
  await users.create({ username: 'root.admin', displayName: 'Admin', role: 'ADMIN', password: PASSWORD });
  const app = createHttpApp(ctx, { ready: true }, [mountAdmin]);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    store,
    ctx,
    server,
    base: `http://127.0.0.1:${port}`,
    orgs,
    async request(overrides = {}) {
      return (await store.requests.create(aRequest(overrides))).request;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await store.destroy();
    },
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: Buffer;
  /** Path of the last response after redirects. */
  url: string;
}

/** A browser-like client: keeps cookies, follows redirects, finds the CSRF token in forms. */
export class Client {
  readonly jar = new Map<string, string>();
  csrf = '';
  constructor(readonly base: string) {}

  private cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (attrs.some((a) => /max-age=0\b/i.test(a.trim())) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  async send(
    method: string,
    path: string,
    body?: RequestInit['body'],
    headers: Record<string, string> = {},
    follow = true,
  ): Promise<Reply> {
    let url = new URL(path, this.base).toString();
    let res = await fetch(url, {
      method,
      body,
      headers: { cookie: this.cookieHeader(), ...headers },
      redirect: 'manual',
    });
    this.keep(res);
    for (let hops = 0; follow && res.status >= 300 && res.status < 400 && hops < 10; hops++) {
      url = new URL(res.headers.get('location')!, url).toString();
      await res.arrayBuffer();
      res = await fetch(url, { headers: { cookie: this.cookieHeader() }, redirect: 'manual' });
      this.keep(res);
    }
    const buffer = Buffer.from(await res.arrayBuffer());
    const text = buffer.toString('utf8');
    const token = /name="_csrf" value="([^"]+)"/.exec(text);
    if (token) this.csrf = token[1];
    const u = new URL(url);
    return { status: res.status, headers: res.headers, text, body: buffer, url: u.pathname + u.search };
  }

  get(path: string, follow = true): Promise<Reply> {
    return this.send('GET', path, undefined, {}, follow);
  }

  post(
    path: string,
    form: Record<string, string | string[]>,
    options: { csrf?: boolean; follow?: boolean } = {},
  ): Promise<Reply> {
    const params = new URLSearchParams();
    if (options.csrf !== false && !('_csrf' in form)) params.set('_csrf', this.csrf);
    for (const [k, v] of Object.entries(form))
      for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
    return this.send(
      'POST',
      path,
      params,
      { 'content-type': 'application/x-www-form-urlencoded' },
      options.follow ?? true,
    );
  }

  upload(
    path: string,
    fields: Record<string, string>,
    file: { name: string; bytes: Uint8Array; type?: string },
    options: { csrf?: boolean } = {},
  ): Promise<Reply> {
    const form = new FormData();
    if (options.csrf !== false && !('_csrf' in fields)) form.set('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set('file', new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name);
    return this.send('POST', path, form);
  }

  async signIn(username: string, password = PASSWORD): Promise<Reply> {
    await this.get('/connexion');
    return this.post('/connexion', { username, password });
  }
}

/** The sample graduate's transcript (Randy Rizzo, born 1991-08-28, M). */
export async function sampleXml(referenceNumber: string): Promise<Buffer> {
  const sample = TRANSCRIPT_CASES[0];
  return Buffer.from(await buildTranscriptXml(sample.record, { ...sample.ctx, referenceNumber }), 'utf8');
}

export const SAMPLE_STUDENT = {
  firstName: 'Randy',
  lastName: 'Rizzo',
  birthDate: '1991-08-28',
  gender: 'M' as const,
  oen: '948743687',
  studentNumber: '000060162542',
};

export const HOSTILE_XML = Buffer.from(
  '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<HighSchoolTranscript>&lol2;</HighSchoolTranscript>\n',
  'utf8',
);

export async function samplePdf(pages = 1): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++)
    doc.addPage([612, 792]).drawText(`Transcript page ${i + 1}`, { x: 72, y: 700, size: 14 });
  return Buffer.from(await doc.save());
}

/** The rows of the requests table: each a list of cell texts (tags stripped). */
export function tableRows(html: string): string[][] {
  const table = /<table class="requests">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => cellText(c[1])),
  );
}

export function tableHeaders(html: string): string[] {
  const head = /<table class="requests">[\s\S]*?<thead>([\s\S]*?)<\/thead>/.exec(html)?.[1] ?? '';
  return [...head.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) =>
    cellText(
      m[1]
        .replace(/<span class="visually-hidden">[\s\S]*?<\/span>/g, '')
        .replace(/<span class="arrow"[^>]*>[\s\S]*?<\/span>/g, ''),
    ),
  );
}

export function cellText(fragment: string): string {
  return fragment
    .replace(/<select[\s\S]*?<\/select>/g, ' [select] ')
    .replace(/<span class="visually-hidden">[\s\S]*?<\/span>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
