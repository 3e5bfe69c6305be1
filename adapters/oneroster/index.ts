/**
 * The oneroster SIS adapter (OneRoster 1.2 REST). Candidates come one of two ways:
 * - "roster" (default): the student roster and demographics are mirrored in memory, refreshed
 *   after `rosterRefreshMinutes`, and looked up with the same index as the csv adapter;
 * - "filter": server-side filters narrow what is fetched per request (identifier, familyName and
 *   previous surnames with the `~` contains operator, the OEN metadata field, demographics by
 *   birthDate), then the answer is narrowed locally with the same rules as every other adapter.
 * Transcripts always ask the provider: enrollments → classes → courses, and gradebook results.
 */
import PQueue from 'p-queue';
import { z } from 'zod';
import type {
  BlockingKeys,
  SisAdapter,
  SisHealth,
  SisStudent,
  CourseAttempt,
  SchoolInfo,
  StudentRecord,
} from '../../src/sis/index.js';
import { dataInvalid, describeDriverError } from '../errors.js';
import { DEFAULT_MAX_CANDIDATES, planLookups } from '../shared/candidates.js';
import { KeyIndex } from '../shared/key-index.js';
import {
  assembleRecord,
  courseFromRow,
  gradeFromCode,
  requirementsFromRow,
  schoolFromRow,
  studentFromRow,
  type Row,
} from '../shared/rows.js';
import { filterValue, OneRosterClient, type Json } from './client.js';
import { schoolHistory, type EnrolmentSources } from './school-history.js';

const DEFAULT_SCOPE = [
  'https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly',
  'https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly',
  'https://purl.imsglobal.org/spec/or/v1p2/scope/gradebook.readonly',
].join(' ');

export const metadataKeysSchema = z
  .object({
    /** On users. */
    oen: z.string().default('oen'),
    previousLastNames: z.string().default('previousFamilyNames'),
    dateLastAttended: z.string().default('dateLastAttended'),
    ossdDate: z.string().default('ossdDate'),
    communityInvolvementHours: z.string().default('communityInvolvementHours'),
    literacyRequirement: z.string().default('literacyRequirement'),
    onlineLearning: z.string().default('onlineLearning'),
    shsmSector: z.string().default('shsmSector'),
    award: z.string().default('award'),
    awardDate: z.string().default('awardDate'),
    /** On courses. */
    credits: z.string().default('credits'),
    compulsory: z.string().default('compulsory'),
    /** On results. */
    finalMark: z.string().default('finalMark'),
    creditEarned: z.string().default('creditEarned'),
    courseStatus: z.string().default('courseStatus'),
    courseNotes: z.string().default('courseNotes'),
    /** On orgs. */
    city: z.string().default('city'),
  })
  .strict();

export const oneRosterConfigSchema = z
  .object({
    kind: z.literal('oneroster'),
    /** Where /rostering/v1p2 and /gradebook/v1p2 live, e.g. https://sis.example.org/ims/oneroster */
    baseUrl: z.string().url(),
    rosteringPath: z.string().default('/rostering/v1p2'),
    gradebookPath: z.string().default('/gradebook/v1p2'),
    tokenUrl: z.string().url(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    scope: z.string().default(DEFAULT_SCOPE),
    /** Where the student number is: the user's `identifier` (default) or a `userIds` entry of this type. */
    studentNumberUserIdType: z.string().optional(),
    /** How candidates are found: a mirrored roster (exact, same rules as csv) or per-request filters (no mirror). */
    candidateLookup: z.enum(['roster', 'filter']).default('roster'),
    /** Age after which the mirrored roster is read again. */
    rosterRefreshMinutes: z.number().min(0).default(15),
    /** Whether the provider can filter on metadata fields (metadata.oen='…'); without it OEN-only lookups are not sent. */
    metadataFilters: z.boolean().default(true),
    metadataKeys: metadataKeysSchema.default(metadataKeysSchema.parse({})),
    pageSize: z.number().int().min(1).max(1000).default(100),
    concurrency: z.number().int().min(1).max(32).default(4),
    timeoutMs: z.number().int().min(100).default(10_000),
    maxRecordsPerLookup: z.number().int().min(1).default(5_000),
    maxCandidates: z.number().int().min(1).max(100_000).default(DEFAULT_MAX_CANDIDATES),
  })
  .strict();
export type OneRosterSisConfig = z.input<typeof oneRosterConfigSchema>;
type Config = z.output<typeof oneRosterConfigSchema>;

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const ref = (v: unknown) => str((v as { sourcedId?: unknown } | undefined)?.sourcedId);

/** A metadata value by key, or by dotted path for nested metadata. */
function meta(record: Json | undefined, key: string): unknown {
  const m = record?.metadata as Json | undefined;
  if (!m || typeof m !== 'object') return undefined;
  if (key in m) return m[key];
  return key
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Json)[k] : undefined), m);
}

const SEX: Record<string, string> = { male: 'M', female: 'F', other: 'X' };

export class OneRosterSisAdapter implements SisAdapter {
  readonly kind = 'oneroster';
  private readonly queue: PQueue;
  private readonly orgs = new Map<string, Promise<Json | undefined>>();
  private readonly classes = new Map<string, Promise<Json | undefined>>();
  private readonly sessions = new Map<string, Promise<Json | undefined>>();
  private roster?: { index: KeyIndex; loadedAt: number };
  private rosterLoad?: Promise<KeyIndex>;

  constructor(
    private readonly client: OneRosterClient,
    private readonly config: Config,
  ) {
    this.queue = new PQueue({ concurrency: config.concurrency });
  }

  private rosterPath(path: string) {
    return `${this.config.rosteringPath}${path}`;
  }

  private limited<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.add(task) as Promise<T>;
  }

  private students(filter: string): Promise<Json[]> {
    return this.limited(() => this.client.all(this.rosterPath('/students'), 'users', { filter }));
  }

  private studentNumberOf(user: Json): string | undefined {
    const type = this.config.studentNumberUserIdType;
    if (!type) return str(user.identifier);
    const ids = Array.isArray(user.userIds) ? (user.userIds as Json[]) : [];
    return str(ids.find((i) => str(i.type) === type)?.identifier);
  }

  private studentNumberFilter(studentNumber: string): string {
    return this.config.studentNumberUserIdType
      ? `userIds.identifier=${filterValue(studentNumber)}`
      : `identifier=${filterValue(studentNumber)}`;
  }

  private org(sourcedId: string | undefined): Promise<Json | undefined> {
    if (!sourcedId) return Promise.resolve(undefined);
    let org = this.orgs.get(sourcedId);
    if (!org) {
      org = this.limited(() =>
        this.client.one(this.rosterPath(`/orgs/${encodeURIComponent(sourcedId)}`), 'org'),
      );
      org.catch(() => this.orgs.delete(sourcedId));
      this.orgs.set(sourcedId, org);
    }
    return org;
  }

  /** One record by id, fetched once and kept (a failed fetch is forgotten, to be asked again). */
  private cached(cache: Map<string, Promise<Json | undefined>>, path: string, key: string, id: string) {
    let found = cache.get(id);
    if (!found) {
      found = this.limited(() => this.client.one(this.rosterPath(`${path}/${encodeURIComponent(id)}`), key));
      found.catch(() => cache.delete(id));
      cache.set(id, found);
    }
    return found;
  }

  private readonly enrolmentSources: EnrolmentSources = {
    classOf: (id) => this.cached(this.classes, '/classes', 'class', id),
    sessionOf: (id) => this.cached(this.sessions, '/academicSessions', 'academicSession', id),
    bsidOf: async (orgId) => str((await this.org(orgId))?.identifier),
  };

  /** The user's enrollments (asked of the provider when the caller has not read them already). */
  private enrollmentsOf(userId: string): Promise<Json[]> {
    return this.limited(() =>
      this.client.all(this.rosterPath('/enrollments'), 'enrollments', {
        filter: `user.sourcedId=${filterValue(userId)}`,
      }),
    );
  }

  private homeOrgId(user: Json): string | undefined {
    const roles = Array.isArray(user.roles) ? (user.roles as Json[]) : [];
    const primary = roles.find((r) => r.roleType === 'primary') ?? roles[0];
    return (
      ref(user.primaryOrg) ??
      ref(primary?.org) ??
      (Array.isArray(user.orgs) ? ref((user.orgs as unknown[])[0]) : undefined)
    );
  }

  private async toStudent(user: Json, demographics?: Json, enrollments?: Json[]): Promise<SisStudent> {
    const id = str(user.sourcedId) ?? '';
    const history = await schoolHistory(enrollments ?? (await this.enrollmentsOf(id)), this.enrolmentSources);
    const demo =
      demographics ??
      (await this.limited(() =>
        this.client.one(this.rosterPath(`/demographics/${encodeURIComponent(id)}`), 'demographics'),
      ));
    const keys = this.config.metadataKeys;
    const school = await this.org(this.homeOrgId(user));
    const row: Row = {
      student_number: this.studentNumberOf(user),
      oen: meta(user, keys.oen),
      first_name: user.givenName,
      middle_names: user.middleName,
      last_name: user.familyName,
      preferred_first_name: user.preferredFirstName,
      previous_last_names: meta(user, keys.previousLastNames),
      birth_date: demo?.birthDate,
      gender: SEX[str(demo?.sex) ?? ''],
      school_bsid: school?.identifier,
      schools_attended: history.map((h) => h.schoolBsid),
      date_last_attended: meta(user, keys.dateLastAttended),
      ossd_date: meta(user, keys.ossdDate),
    };
    const student = studentFromRow(row, `oneroster user ${id}`);
    if (history.length > 0) student.enrolments = history;
    return student;
  }

  private active(users: Json[]): Json[] {
    return users.filter((u) => u.status !== 'tobedeleted');
  }

  /** The mirrored roster, read again when older than the refresh period; a failed read is an outage. */
  private async mirrored(): Promise<KeyIndex> {
    const ageLimit = this.config.rosterRefreshMinutes * 60_000;
    if (this.roster && Date.now() - this.roster.loadedAt < ageLimit) return this.roster.index;
    this.rosterLoad ??= (async () => {
      const startedAt = Date.now();
      const [users, demographics, enrollments] = await Promise.all([
        this.limited(() =>
          this.client.all(this.rosterPath('/students'), 'users', {}, Number.POSITIVE_INFINITY),
        ),
        this.limited(() =>
          this.client.all(this.rosterPath('/demographics'), 'demographics', {}, Number.POSITIVE_INFINITY),
        ),
        // Students' enrollments only: the schools each attended (school-history.ts).
        this.limited(() =>
          this.client.all(
            this.rosterPath('/enrollments'),
            'enrollments',
            { filter: "role='student'" },
            Number.POSITIVE_INFINITY,
          ),
        ),
      ]);
      const byId = new Map(demographics.map((d) => [str(d.sourcedId) ?? '', d]));
      const enrolled = new Map<string, Json[]>();
      for (const e of enrollments) {
        const userId = ref(e.user) ?? '';
        const list = enrolled.get(userId);
        if (list) list.push(e);
        else enrolled.set(userId, [e]);
      }
      const students = await Promise.all(
        this.active(users).map((u) => {
          const userId = str(u.sourcedId) ?? '';
          return this.toStudent(u, byId.get(userId) ?? {}, enrolled.get(userId) ?? []);
        }),
      );
      const index = new KeyIndex(students, this.config.maxCandidates);
      this.roster = { index, loadedAt: startedAt };
      return index;
    })().finally(() => {
      this.rosterLoad = undefined;
    });
    return this.rosterLoad;
  }

  async candidates(keys: BlockingKeys): Promise<SisStudent[]> {
    if (this.config.candidateLookup === 'roster') return (await this.mirrored()).candidates(keys);
    return this.filteredCandidates(keys);
  }

  private async filteredCandidates(keys: BlockingKeys): Promise<SisStudent[]> {
    const k = this.config.metadataKeys;
    const users = new Map<string, Json>();
    const demographics = new Map<string, Json>();
    const fetches: Promise<void>[] = [];
    const addUsers = (filter: string) =>
      fetches.push(
        this.students(filter).then((list) => {
          for (const u of this.active(list)) users.set(str(u.sourcedId) ?? '', u);
        }),
      );
    const surnames = new Set<string>();
    const dates = new Set<string>();
    for (const lookup of planLookups(keys)) {
      if (lookup.by === 'oen' && this.config.metadataFilters)
        addUsers(`metadata.${k.oen}=${filterValue(lookup.oen)}`);
      if (lookup.by === 'studentNumber') addUsers(this.studentNumberFilter(lookup.studentNumber));
      if (lookup.by === 'surname') surnames.add(lookup.surname);
      // Given name on a birth date is a subset of the birth-date block: the local narrowing finds it.
      if (lookup.by === 'birthDate') dates.add(lookup.birthDate);
    }
    for (const surname of surnames) {
      // Contains, not equals: "SMITH" must reach "Smith-Jones"; the exact part rule is applied locally.
      addUsers(`familyName~${filterValue(surname)}`);
      if (this.config.metadataFilters) addUsers(`metadata.${k.previousLastNames}~${filterValue(surname)}`);
    }
    for (const date of dates) {
      fetches.push(
        this.limited(() =>
          this.client.all(this.rosterPath('/demographics'), 'demographics', {
            filter: `birthDate=${filterValue(date)}`,
          }),
        ).then(async (list) => {
          await Promise.all(
            list.map(async (demo) => {
              const id = str(demo.sourcedId);
              if (!id) return;
              demographics.set(id, demo);
              if (users.has(id)) return;
              const user = await this.limited(() =>
                this.client.one(this.rosterPath(`/students/${encodeURIComponent(id)}`), 'user'),
              );
              if (user && user.status !== 'tobedeleted') users.set(id, user);
            }),
          );
        }),
      );
    }
    await Promise.all(fetches);
    const students = await Promise.all(
      [...users.entries()].map(([id, user]) => this.toStudent(user, demographics.get(id))),
    );
    return new KeyIndex(students, this.config.maxCandidates).candidates(keys);
  }

  async transcript(studentNumber: string): Promise<StudentRecord | undefined> {
    const found = this.active(await this.students(this.studentNumberFilter(studentNumber))).filter(
      (u) => this.studentNumberOf(u) === studentNumber,
    );
    if (found.length === 0) return undefined;
    if (found.length > 1) throw dataInvalid('oneroster /students', 'several users share this student number');
    const user = found[0];
    const id = str(user.sourcedId) ?? '';
    const [enrollments, results] = await Promise.all([
      this.limited(() =>
        this.client.all(this.rosterPath('/enrollments'), 'enrollments', {
          filter: `user.sourcedId=${filterValue(id)}`,
        }),
      ),
      this.limited(() =>
        this.client.all(`${this.config.gradebookPath}/results`, 'results', {
          filter: `student.sourcedId=${filterValue(id)}`,
        }),
      ),
    ]);
    const student = await this.toStudent(user, undefined, enrollments);
    const keys = this.config.metadataKeys;

    const homeOrg = await this.org(this.homeOrgId(user));
    if (!homeOrg)
      throw dataInvalid(`oneroster user ${id}`, 'the student has no school (primaryOrg or role org)');
    const school = await this.school(homeOrg);

    const finals = this.finalResults(results.filter((r) => r.status !== 'tobedeleted'));
    const classIds = [
      ...new Set(
        enrollments
          .filter((e) => e.status !== 'tobedeleted' && (e.role ?? 'student') === 'student')
          .map((e) => ref(e.class)),
      ),
    ].filter((c): c is string => c !== undefined);
    const courses: CourseAttempt[] = [];
    await Promise.all(
      classIds.map(async (classId) => {
        const result = finals.get(classId);
        if (!result) return; // in progress or exempt: no mark to report
        const cls = await this.limited(() =>
          this.client.one(this.rosterPath(`/classes/${encodeURIComponent(classId)}`), 'class'),
        );
        if (!cls)
          throw dataInvalid(
            `oneroster class ${classId}`,
            'an enrollment names a class the provider does not have',
          );
        const courseId = ref(cls.course);
        const course = courseId
          ? await this.limited(() =>
              this.client.one(this.rosterPath(`/courses/${encodeURIComponent(courseId)}`), 'course'),
            )
          : undefined;
        if (!course) throw dataInvalid(`oneroster class ${classId}`, 'the class has no course');
        const code = str(course.courseCode) ?? str(cls.classCode) ?? '';
        const grades = Array.isArray(course.grades)
          ? course.grades.map(Number).filter((g) => g >= 9 && g <= 12)
          : [];
        const creditValue = Number(meta(course, keys.credits) ?? 1);
        const score = typeof result.score === 'number' ? Math.round(result.score) : str(result.textScore);
        const earned =
          meta(result, keys.creditEarned) ??
          (typeof score === 'number' ? (score >= 50 ? creditValue : 0) : 0);
        const deliveryOrg = ref(cls.school);
        const delivery =
          deliveryOrg && deliveryOrg !== ref(homeOrg) ? await this.org(deliveryOrg) : undefined;
        const row: Row = {
          course_code: code,
          title: course.title ?? cls.title,
          grade: grades[0] ?? gradeFromCode(code),
          completion_date: str(result.scoreDate),
          mark: score,
          credit_value: creditValue,
          credit_earned: earned,
          compulsory: meta(course, keys.compulsory),
          status: meta(result, keys.courseStatus),
          notes: meta(result, keys.courseNotes),
          delivery_school_bsid: delivery?.identifier,
        };
        courses.push(courseFromRow(row, `oneroster result ${str(result.sourcedId) ?? ''}`));
      }),
    );
    courses.sort((a, b) => a.completionDate.localeCompare(b.completionDate) || a.code.localeCompare(b.code));
    const requirements = requirementsFromRow(
      {
        community_involvement_hours: meta(user, keys.communityInvolvementHours),
        literacy_requirement: meta(user, keys.literacyRequirement),
        online_learning: meta(user, keys.onlineLearning),
        shsm_sector: meta(user, keys.shsmSector),
        award: meta(user, keys.award),
        award_date: meta(user, keys.awardDate),
      },
      `oneroster user ${id} metadata`,
    );
    return assembleRecord(student, school, courses, requirements);
  }

  /**
   * One final result per class: a result flagged final in its metadata wins; otherwise the latest
   * fully graded one. Results without a class reference cannot be placed and are left out.
   */
  private finalResults(results: Json[]): Map<string, Json> {
    const finalKey = this.config.metadataKeys.finalMark;
    const byClass = new Map<string, Json>();
    const flagged = (r: Json) => {
      const v = meta(r, finalKey);
      return v === true || v === 'true';
    };
    for (const r of results) {
      const classId = ref(r.class);
      if (!classId || r.scoreStatus !== 'fully graded') continue;
      const current = byClass.get(classId);
      if (
        !current ||
        (flagged(r) && !flagged(current)) ||
        (flagged(r) === flagged(current) && (str(r.scoreDate) ?? '') > (str(current.scoreDate) ?? ''))
      ) {
        byClass.set(classId, r);
      }
    }
    return byClass;
  }

  private async school(org: Json): Promise<SchoolInfo> {
    const board = await this.org(ref(org.parent));
    return schoolFromRow(
      {
        bsid: org.identifier,
        name: org.name,
        city: meta(org, this.config.metadataKeys.city),
        board_number: board?.identifier,
        board_name: board?.name,
      },
      `oneroster org ${str(org.sourcedId) ?? ''}`,
    );
  }

  async health(): Promise<SisHealth> {
    try {
      const students = await this.client.count(this.rosterPath('/students'));
      return {
        ok: true,
        detail: `the OneRoster provider answers at ${this.client.target}`,
        ...(students === undefined ? {} : { students }),
      };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : describeDriverError(error) };
    }
  }

  async close(): Promise<void> {
    this.queue.clear();
  }
}

export async function createOneRosterAdapter(
  input: OneRosterSisConfig,
  deps: { fetch?: typeof fetch } = {},
): Promise<OneRosterSisAdapter> {
  const config = oneRosterConfigSchema.parse(input);
  const client = new OneRosterClient({
    baseUrl: config.baseUrl,
    tokenUrl: config.tokenUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    scope: config.scope,
    pageSize: config.pageSize,
    timeoutMs: config.timeoutMs,
    maxRecords: config.maxRecordsPerLookup,
    fetch: deps.fetch,
  });
  return new OneRosterSisAdapter(client, config);
}
