/**
 * The schools a student attended, from OneRoster enrollments: each of the student's enrollments
 * (role student, not `tobedeleted`) names a school (`school`, else its class's `school`) and, where the
 * provider keeps them, its first and last day (`beginDate`, `endDate`, else the start and end of the
 * class's terms, `academicSessions`). One entry per school: the earliest beginning and the latest end
 * over its enrollments; an enrollment whose end neither it nor its class's terms give leaves the school's
 * end open. Most recent first. The class and its terms are asked for only when the enrollment lacks a
 * date or a school.
 */
import type { SchoolEnrolment } from '../../src/sis/index.js';
import type { Json } from './client.js';

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const ref = (v: unknown) => str((v as { sourcedId?: unknown } | undefined)?.sourcedId);
const refs = (v: unknown): string[] =>
  (Array.isArray(v) ? v : []).map(ref).filter((x): x is string => x !== undefined);
/** A OneRoster date (YYYY-MM-DD, or a date-time of which the day is kept). */
const day = (v: unknown) => {
  const s = str(v);
  return s !== undefined && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : undefined;
};

export interface EnrolmentSources {
  /** The class of that sourcedId, if the provider has it (asked only for an enrollment without dates). */
  classOf(sourcedId: string): Promise<Json | undefined>;
  /** The academic session (term) of that sourcedId. */
  sessionOf(sourcedId: string): Promise<Json | undefined>;
  /** The BSID (org identifier) of the org of that sourcedId. */
  bsidOf(orgSourcedId: string): Promise<string | undefined>;
}

/** Whether an enrollment counts: a student's, not deleted. */
export function isStudentEnrollment(e: Json): boolean {
  return e.status !== 'tobedeleted' && (str(e.role) ?? 'student') === 'student';
}

export async function schoolHistory(
  enrollments: Json[],
  sources: EnrolmentSources,
): Promise<SchoolEnrolment[]> {
  const bySchool = new Map<string, { begin?: string; end?: string; open: boolean }>();
  for (const e of enrollments) {
    if (!isStudentEnrollment(e)) continue;
    const classId = ref(e.class);
    let begin = day(e.beginDate);
    let end = day(e.endDate);
    const needsClass = ref(e.school) === undefined || begin === undefined || end === undefined;
    const cls = classId && needsClass ? await sources.classOf(classId) : undefined;
    const orgId = ref(e.school) ?? ref(cls?.school);
    if (!orgId) continue;
    const bsid = await sources.bsidOf(orgId);
    if (!bsid) continue;
    if ((begin === undefined || end === undefined) && cls) {
      const termIds = [...refs(cls.terms), ...(ref(cls.term) ? [ref(cls.term)!] : [])];
      const terms = (await Promise.all(termIds.map((id) => sources.sessionOf(id)))).filter(
        (t): t is Json => t !== undefined,
      );
      const starts = terms.map((t) => day(t.startDate)).filter((d): d is string => d !== undefined);
      const ends = terms.map((t) => day(t.endDate)).filter((d): d is string => d !== undefined);
      if (begin === undefined && starts.length > 0) begin = starts.sort()[0];
      if (end === undefined && ends.length > 0) end = ends.sort().at(-1);
    }
    const entry = bySchool.get(bsid) ?? { open: false };
    if (begin !== undefined && (entry.begin === undefined || begin < entry.begin)) entry.begin = begin;
    if (end === undefined) entry.open = true;
    else if (entry.end === undefined || end > entry.end) entry.end = end;
    bySchool.set(bsid, entry);
  }
  const out: SchoolEnrolment[] = [...bySchool.entries()].map(([schoolBsid, e]) => ({
    schoolBsid,
    ...(e.begin !== undefined ? { beginDate: e.begin } : {}),
    ...(e.end !== undefined && !e.open ? { endDate: e.end } : {}),
  }));
  // Most recent first: an open enrolment, then by the latest end, then by the latest beginning.
  const key = (s: SchoolEnrolment) => `${s.endDate ?? '9999-99-99'}|${s.beginDate ?? ''}`;
  return out.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
}
