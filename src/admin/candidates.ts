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
import { REASONS } from '../matching/reasons.js';
import { html, raw, type SafeHtml } from './html.js';
import { t, type Lang } from './i18n.js';

export {
  readMatchResult,
  type Candidate,
  type CandidateField,
  type CandidateStudent,
  type MatchSummary,
} from '../domain/match-result.js';
import type { CandidateStudent } from '../domain/match-result.js';

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
    <tbody>${rows.map((row) => {
      // « Missing in the request » is not a difference: the applicant left it empty.
      const state = row.missing === 'request' ? 'missing' : row.differs ? 'differs' : '';
      const note =
        row.missing === 'request'
          ? t(lang, 'missingInRequest')
          : row.missing === 'file'
            ? t(lang, 'missingInFile')
            : row.differs
              ? t(lang, 'differs')
              : '';
      return html`<tr${raw(state ? ` class="${state}"` : '')}><th scope="row">${DIFF_FIELD_LABELS[lang][row.field]}${note ? html`<span class="${state === 'missing' ? 'tag' : 'visually-hidden'}"> (${note})</span>` : ''}</th><td>${row.request}</td><td>${row.file}</td></tr>`;
    })}</tbody>
  </table>`;
}
