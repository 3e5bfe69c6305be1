/**
 * The matcher's ranked candidates of an « Erreur d'autotraitement », read defensively from the
 * request's match_result (written by the agent; any part may be missing), and the validation table
 * comparing the request with a candidate or an uploaded file.
 */
import type { TranscriptRequest } from '../domain/request.js';
import {
  DIFF_COLUMN_LABELS,
  DIFF_FIELD_LABELS,
  diffTranscriptWithRequest,
  requestDetails,
  type DiffRow,
} from '../transcript/diff.js';
import type { Transcript } from '../transcript/model.js';
import { REASONS, reasonText, type ReasonCode } from '../matching/reasons.js';
import { html, raw, type SafeHtml } from './html.js';
import { t, type Lang } from './i18n.js';

export interface CandidateStudent {
  studentNumber: string;
  oen?: string;
  firstName?: string;
  middleNames?: string;
  lastName?: string;
  previousLastNames: string[];
  birthDate?: string;
  gender?: string;
  schoolBsid?: string;
  dateLastAttended?: string;
  ossdDate?: string;
}

export interface CandidateField {
  field: string;
  level: string;
  weight?: number;
  requestValue?: string;
  candidateValue?: string;
}

export interface Candidate {
  student: CandidateStudent;
  score?: number;
  fields: CandidateField[];
  vetoes: string[];
}

export interface MatchSummary {
  outcome?: string;
  score?: number;
  reason?: string;
  candidates: Candidate[];
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : undefined;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function readMatchResult(value: unknown): MatchSummary {
  let source = value;
  if (typeof source === 'string') {
    try {
      source = JSON.parse(source);
    } catch {
      source = undefined;
    }
  }
  const m = obj(source);
  if (!m) return { candidates: [] };
  const candidates: Candidate[] = [];
  for (const c of arr(m.candidates).slice(0, 20)) {
    const co = obj(c);
    const s = obj(co?.student);
    const studentNumber = str(s?.studentNumber);
    if (!co || !s || !studentNumber) continue;
    candidates.push({
      student: {
        studentNumber,
        oen: str(s.oen),
        firstName: str(s.firstName),
        middleNames: str(s.middleNames),
        lastName: str(s.lastName),
        previousLastNames: arr(s.previousLastNames)
          .map(str)
          .filter((x): x is string => Boolean(x)),
        birthDate: str(s.birthDate),
        gender: str(s.gender),
        schoolBsid: str(s.schoolBsid),
        dateLastAttended: str(s.dateLastAttended),
        ossdDate: str(s.ossdDate),
      },
      score: num(co.score),
      fields: arr(co.fields)
        .map(obj)
        .filter((f): f is Record<string, unknown> => Boolean(f && str(f.field)))
        .map((f) => ({
          field: str(f.field)!,
          level: str(f.level) ?? '',
          weight: num(f.weight),
          requestValue: str(f.requestValue),
          candidateValue: str(f.candidateValue),
        })),
      vetoes: arr(co.vetoes)
        .map(str)
        .filter((x): x is string => Boolean(x)),
    });
  }
  return { outcome: str(m.outcome), score: num(m.score), reason: str(m.reason), candidates };
}

/** A reason code of the matcher in words; free text (an older agent) as it is. */
export function reasonWords(reason: string | null | undefined, lang: Lang): string {
  if (!reason) return '';
  return reason in REASONS ? reasonText(reason as ReasonCode, lang) : reason;
}

const VETO_LABELS: Record<string, { fr: string; en: string }> = {
  oen_conflict: REASONS.VETO_OEN_CONFLICT,
  birth_date_conflict: REASONS.VETO_BIRTH_DATE_CONFLICT,
  gender_conflict: REASONS.VETO_GENDER_CONFLICT,
  sibling: REASONS.VETO_SIBLING,
};

const label = (table: Record<string, { fr: string; en: string }>, key: string, lang: Lang) =>
  table[key]?.[lang] ?? key.replace(/_/g, ' ');

export { fieldLabel, levelLabel } from '../matching/explanation.js';
export const vetoLabel = (veto: string, lang: Lang) => label(VETO_LABELS, veto, lang);

export function candidateName(s: CandidateStudent): string {
  const first = [s.firstName, s.middleNames].filter(Boolean).join(' ');
  return [s.lastName, first].filter(Boolean).join(', ') || s.studentNumber;
}

/** Compares the request with a candidate exactly as with an uploaded file (same fields, same rules). */
export function diffWithCandidate(r: TranscriptRequest, s: CandidateStudent): DiffRow[] {
  const asTranscript = {
    student: {
      firstName: s.firstName ?? '',
      lastName: s.lastName ?? '',
      birthDate: s.birthDate ?? '',
      gender: s.gender,
      studentNumber: s.studentNumber,
      oen: s.oen,
    },
    school: { bsid: s.schoolBsid ?? '' },
    ontario: { dateLastAttended: s.dateLastAttended },
    award: s.ossdDate ? { kind: 'OSSD', date: s.ossdDate } : undefined,
  } as unknown as Transcript;
  return diffTranscriptWithRequest(requestDetails(r), asTranscript);
}

/** « FIELD | TRANSCRIPT REQUEST | TRANSCRIPT SUBMITTED », differing rows highlighted. */
export function diffTable(rows: readonly DiffRow[], lang: Lang, secondColumn?: string): SafeHtml {
  const labels = DIFF_COLUMN_LABELS[lang];
  return html`<table class="diff">
    <caption>${labels.title}</caption>
    <thead><tr><th scope="col">${labels.field}</th><th scope="col">${labels.request}</th><th scope="col">${secondColumn ?? labels.file}</th></tr></thead>
    <tbody>${rows.map(
      (row) =>
        html`<tr${raw(row.differs ? ' class="differs"' : '')}><th scope="row">${DIFF_FIELD_LABELS[lang][row.field]}${row.differs ? html`<span class="visually-hidden"> (${t(lang, 'differs')})</span>` : ''}</th><td>${row.request}</td><td>${row.file}</td></tr>`,
    )}</tbody>
  </table>`;
}
