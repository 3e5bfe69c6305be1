/**
 * A OneRoster 1.2 provider for tests: a real HTTP server on 127.0.0.1 with an OAuth 2
 * client-credentials token endpoint, bearer checks, limit/offset paging (X-Total-Count, and Link
 * rel="next" when asked), and the filter syntax (field op 'value', AND/OR, dotted fields). The
 * `~` operator is case- and accent-insensitive, as on providers backed by CI_AI collations.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { BOARD, COURSES, REQUIREMENTS, SCHOOLS, STUDENTS } from './fixtures.js';

type Json = Record<string, unknown>;

export const CLIENT_ID = 'etms-test-client';
export const CLIENT_SECRET = 's3cret with spaces';

const refTo = (type: string, sourcedId: string) => ({ href: `/${type}s/${sourcedId}`, sourcedId, type });
const SEX: Record<string, string> = { F: 'female', M: 'male', X: 'other' };

export interface OneRosterData {
  users: Json[];
  demographics: Json[];
  orgs: Json[];
  courses: Json[];
  classes: Json[];
  enrollments: Json[];
  results: Json[];
  academicSessions?: Json[];
}

/** The fixture as a OneRoster provider would publish it (plus records the adapter must ignore). */
export function oneRosterData(): OneRosterData {
  const orgs: Json[] = [
    {
      sourcedId: 'org-board',
      status: 'active',
      name: BOARD.name,
      type: 'district',
      identifier: BOARD.number,
    },
    ...SCHOOLS.map((s) => ({
      sourcedId: `org-${s.bsid}`,
      status: 'active',
      name: s.name,
      type: 'school',
      identifier: s.bsid,
      parent: refTo('org', 'org-board'),
      metadata: { city: s.city },
    })),
  ];
  const users: Json[] = [];
  const demographics: Json[] = [];
  const courses = new Map<string, Json>();
  const classes: Json[] = [];
  const enrollments: Json[] = [];
  const results: Json[] = [];
  for (const s of STUDENTS) {
    const id = `usr-${s.studentNumber}`;
    const r = REQUIREMENTS[s.studentNumber];
    const org = refTo('org', `org-${s.schoolBsid}`);
    users.push({
      sourcedId: id,
      status: 'active',
      enabledUser: true,
      identifier: s.studentNumber,
      username: `u${s.studentNumber}`,
      givenName: s.firstName,
      familyName: s.lastName,
      middleName: s.middleNames,
      preferredFirstName: s.preferredFirstName,
      roles: [{ roleType: 'primary', role: 'student', org }],
      primaryOrg: org,
      userIds: [{ type: 'SIS', identifier: s.studentNumber }],
      metadata: {
        oen: s.oen,
        previousFamilyNames: s.previousLastNames.join(';') || undefined,
        dateLastAttended: s.dateLastAttended,
        ossdDate: s.ossdDate,
        communityInvolvementHours: r?.communityInvolvementHours,
        literacyRequirement: r?.literacy,
        onlineLearning: r?.onlineLearning,
        shsmSector: r?.shsm,
        award: r?.award?.kind,
        awardDate: r?.award?.date,
      },
    });
    demographics.push({
      sourcedId: id,
      status: 'active',
      birthDate: s.birthDate,
      sex: SEX[s.gender ?? ''] ?? 'unspecified',
    });
    for (const [i, c] of (COURSES[s.studentNumber] ?? []).entries()) {
      courses.set(c.code, {
        sourcedId: `crs-${c.code}`,
        status: 'active',
        title: c.title,
        courseCode: c.code,
        grades: [String(c.grade)],
        metadata: { credits: c.creditValue, compulsory: c.compulsory ? 'Y' : 'N' },
      });
      const classId = `cls-${s.studentNumber}-${i}`;
      classes.push({
        sourcedId: classId,
        status: 'active',
        title: `${c.code} ${c.title}`,
        classCode: c.code,
        course: refTo('course', `crs-${c.code}`),
        school: refTo('org', `org-${c.deliverySchoolBsid ?? s.schoolBsid}`),
      });
      enrollments.push({
        sourcedId: `enr-${classId}`,
        status: 'active',
        role: 'student',
        primary: false,
        user: refTo('user', id),
        class: refTo('class', classId),
        school: org,
      });
      results.push({
        sourcedId: `res-${classId}`,
        status: 'active',
        lineItem: refTo('lineItem', `li-${classId}-final`),
        student: refTo('user', id),
        class: refTo('class', classId),
        scoreStatus: 'fully graded',
        score: c.mark,
        scoreDate: `${c.completionDate}-20`,
        metadata: {
          finalMark: true,
          creditEarned: c.creditEarned,
          courseStatus: c.status,
          courseNotes: c.notes.join(';') || undefined,
        },
      });
      // A mid-term mark posted later than the final must not replace it.
      results.push({
        sourcedId: `res-${classId}-mid`,
        status: 'active',
        lineItem: refTo('lineItem', `li-${classId}-mid`),
        student: refTo('user', id),
        class: refTo('class', classId),
        scoreStatus: 'fully graded',
        score: 12,
        scoreDate: `${c.completionDate}-28`,
      });
    }
    if (s.studentNumber === 'S1001') {
      // A class in progress: enrolled, no final mark yet.
      classes.push({
        sourcedId: 'cls-S1001-now',
        status: 'active',
        title: 'Data Management',
        classCode: 'MDM4U1',
        course: refTo('course', 'crs-MDM4U1'),
        school: org,
      });
      courses.set('MDM4U1', {
        sourcedId: 'crs-MDM4U1',
        status: 'active',
        title: 'Data Management',
        courseCode: 'MDM4U1',
        grades: ['12'],
      });
      enrollments.push({
        sourcedId: 'enr-now',
        status: 'active',
        role: 'student',
        user: refTo('user', id),
        class: refTo('class', 'cls-S1001-now'),
        school: org,
      });
      results.push({
        sourcedId: 'res-now',
        status: 'active',
        student: refTo('user', id),
        class: refTo('class', 'cls-S1001-now'),
        scoreStatus: 'partially graded',
        score: 70,
        scoreDate: '2023-05-01',
      });
    }
  }
  // Records the adapter must never return: a teacher and a deleted student sharing keys with fixture students.
  users.push({
    sourcedId: 'usr-T1',
    status: 'active',
    identifier: 'S1005',
    givenName: 'Sam',
    familyName: 'Smith',
    roles: [{ roleType: 'primary', role: 'teacher', org: refTo('org', 'org-888001') }],
    metadata: { oen: '999999999' },
  });
  demographics.push({ sourcedId: 'usr-T1', status: 'active', birthDate: '2005-06-01', sex: 'male' });
  users.push({
    sourcedId: 'usr-DEL',
    status: 'tobedeleted',
    identifier: 'S9999',
    givenName: 'Old',
    familyName: 'Smith',
    roles: [{ roleType: 'primary', role: 'student', org: refTo('org', 'org-888001') }],
    primaryOrg: refTo('org', 'org-888001'),
    metadata: {},
  });
  demographics.push({ sourcedId: 'usr-DEL', status: 'tobedeleted', birthDate: '2005-03-14', sex: 'male' });
  return { users, demographics, orgs, courses: [...courses.values()], classes, enrollments, results };
}

const fold = (v: string) =>
  v
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

function values(record: unknown, path: string[]): unknown[] {
  if (path.length === 0) return Array.isArray(record) ? record : [record];
  if (Array.isArray(record)) return record.flatMap((r) => values(r, path));
  if (!record || typeof record !== 'object') return [];
  return values((record as Json)[path[0]], path.slice(1));
}

/** Parses and applies a OneRoster filter: predicates joined by AND or OR (one kind per filter). */
export function matchesFilter(record: Json, filter: string): boolean {
  const predicate = /^\s*([A-Za-z0-9_.]+)\s*(!=|>=|<=|=|>|<|~)\s*'((?:[^']|'')*)'\s*/;
  const clauses: { field: string; op: string; value: string }[] = [];
  let rest = filter;
  let joiner: 'AND' | 'OR' = 'AND';
  for (;;) {
    const m = predicate.exec(rest);
    if (!m) throw new Error(`bad filter: ${filter}`);
    clauses.push({ field: m[1], op: m[2], value: m[3].replace(/''/g, "'") });
    rest = rest.slice(m[0].length);
    if (rest.trim() === '') break;
    const j = /^(AND|OR)\s+/.exec(rest);
    if (!j) throw new Error(`bad filter: ${filter}`);
    joiner = j[1] as 'AND' | 'OR';
    rest = rest.slice(j[0].length);
  }
  const test = (c: (typeof clauses)[number]) =>
    values(record, c.field.split('.')).some((v) => {
      if (v === undefined || v === null) return false;
      const s = String(v);
      switch (c.op) {
        case '=':
          return s === c.value;
        case '!=':
          return s !== c.value;
        case '~':
          return fold(s).includes(fold(c.value));
        case '>':
          return s > c.value;
        case '<':
          return s < c.value;
        case '>=':
          return s >= c.value;
        default:
          return s <= c.value;
      }
    });
  return joiner === 'AND' ? clauses.every(test) : clauses.some(test);
}

export interface OneRosterServerOptions {
  data?: OneRosterData;
  /** Lifetime of issued tokens, seconds. */
  tokenLifetime?: number;
  /** Send Link rel="next" headers as well as X-Total-Count. */
  linkHeaders?: boolean;
  /** Largest page the server gives whatever limit is asked. */
  maxPageSize?: number;
  /** Faults to produce on API paths: an HTTP 500 or a connection reset. */
  fault?: (path: string) => '500' | 'reset' | undefined;
}

export interface OneRosterServer {
  baseUrl: string;
  tokenUrl: string;
  port: number;
  stats: { tokens: number; requests: number; unauthorized: number; paths: string[] };
  /** Forget every issued token (as a provider restart would). */
  revokeTokens(): void;
  close(): Promise<void>;
}

export async function startOneRosterServer(options: OneRosterServerOptions = {}): Promise<OneRosterServer> {
  const data = options.data ?? oneRosterData();
  const tokens = new Map<string, number>();
  const stats = { tokens: 0, requests: 0, unauthorized: 0, paths: [] as string[] };
  const collections: Record<string, { key: string; one: string; list: () => Json[] }> = {
    '/rostering/v1p2/students': {
      key: 'users',
      one: 'user',
      list: () => data.users.filter((u) => (u.roles as Json[]).some((r) => r.role === 'student')),
    },
    '/rostering/v1p2/users': { key: 'users', one: 'user', list: () => data.users },
    '/rostering/v1p2/demographics': {
      key: 'demographics',
      one: 'demographics',
      list: () => data.demographics,
    },
    '/rostering/v1p2/orgs': { key: 'orgs', one: 'org', list: () => data.orgs },
    '/rostering/v1p2/academicSessions': {
      key: 'academicSessions',
      one: 'academicSession',
      list: () => data.academicSessions ?? [],
    },
    '/rostering/v1p2/courses': { key: 'courses', one: 'course', list: () => data.courses },
    '/rostering/v1p2/classes': { key: 'classes', one: 'class', list: () => data.classes },
    '/rostering/v1p2/enrollments': { key: 'enrollments', one: 'enrollment', list: () => data.enrollments },
    '/gradebook/v1p2/results': { key: 'results', one: 'result', list: () => data.results },
  };
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse, port: number) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/oauth/token') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const auth = req.headers.authorization ?? '';
      const [id, secret] = Buffer.from(auth.replace(/^Basic /, ''), 'base64')
        .toString()
        .split(':')
        .map(decodeURIComponent);
      const form = new URLSearchParams(body);
      if (
        req.method !== 'POST' ||
        form.get('grant_type') !== 'client_credentials' ||
        id !== CLIENT_ID ||
        secret !== CLIENT_SECRET
      ) {
        return send(res, 401, { error: 'invalid_client' });
      }
      const token = randomBytes(16).toString('hex');
      const lifetime = options.tokenLifetime ?? 3600;
      tokens.set(token, Date.now() + lifetime * 1000);
      stats.tokens++;
      return send(res, 200, {
        access_token: token,
        token_type: 'bearer',
        expires_in: lifetime,
        scope: form.get('scope') ?? '',
      });
    }
    stats.requests++;
    stats.paths.push(`${url.pathname}${url.search}`);
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const expiry = tokens.get(token);
    if (!expiry || expiry < Date.now()) {
      stats.unauthorized++;
      return send(res, 401, { imsx_codeMajor: 'failure', imsx_description: 'invalid token' });
    }
    const path = url.pathname.replace(/^\/ims\/oneroster/, '');
    const fault = options.fault?.(path);
    if (fault === '500')
      return send(res, 500, { imsx_codeMajor: 'failure', imsx_description: 'internal error' });
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    for (const [prefix, c] of Object.entries(collections)) {
      if (path === prefix) {
        let list = c.list();
        const filter = url.searchParams.get('filter');
        if (filter) {
          try {
            list = list.filter((r) => matchesFilter(r, filter));
          } catch {
            return send(res, 400, { imsx_codeMajor: 'failure', imsx_description: 'invalid filter' });
          }
        }
        const limit = Math.min(Number(url.searchParams.get('limit') ?? 100), options.maxPageSize ?? 1000);
        const offset = Number(url.searchParams.get('offset') ?? 0);
        const page = list.slice(offset, offset + limit);
        const headers: Record<string, string> = { 'x-total-count': String(list.length) };
        if (options.linkHeaders && offset + page.length < list.length) {
          const next = new URL(url);
          next.searchParams.set('offset', String(offset + page.length));
          next.searchParams.set('limit', String(limit));
          headers.link = `<${next.toString()}>; rel="next"`;
        }
        return send(res, 200, { [c.key]: page }, headers);
      }
      if (path.startsWith(`${prefix}/`)) {
        const id = decodeURIComponent(path.slice(prefix.length + 1));
        const record = c.list().find((r) => r.sourcedId === id);
        return record
          ? send(res, 200, { [c.one]: record })
          : send(res, 404, { imsx_codeMajor: 'failure', imsx_description: 'not found' });
      }
    }
    return send(res, 404, { imsx_codeMajor: 'failure', imsx_description: 'unknown endpoint' });
  };
  const server: Server = createServer((req, res) => {
    handle(req, res, (server.address() as AddressInfo).port).catch(() => send(res, 500, { error: 'server' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/ims/oneroster`,
    tokenUrl: `http://127.0.0.1:${port}/oauth/token`,
    port,
    stats,
    revokeTokens: () => tokens.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
