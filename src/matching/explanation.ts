/**
 * How a decision is written out: the compact forms of decisions.csv and sentences for the admin pages.
 */
import type { Lang } from '../domain/lang.js';
import type { FieldComparison, FieldName, MatchDecision, ScoredCandidate } from './types.js';
import { reasonText } from './reasons.js';

/** A score as written in decisions.csv: one decimal, dot separator ("34.5", "-2.0"). */
export function formatScore(score: number): string {
  const text = (Math.round(score * 10) / 10).toFixed(1);
  return text === '-0.0' ? '0.0' : text;
}

/** `student_number:score` pairs, best first, `;`-separated. */
export function formatCandidates(candidates: ScoredCandidate[]): string {
  return candidates.map((c) => `${c.student.studentNumber}:${formatScore(c.score)}`).join(';');
}

/** Automatic matches made by a rule of their own rather than the posterior, as --explain names them. */
const RULE_OF_REASON: Partial<Record<MatchDecision['reason'], string>> = {
  AUTO_MATCH_MARRIED_NAME: 'married_surname',
};

/**
 * The best candidate's agreement per field, e.g. `last=exact;first=nickname;dob=day_month_swap;oen=missing`,
 * followed by its vetoes (`veto=sibling`) and the rule that made an automatic match, when one did
 * (`rule=married_surname`). Empty when there is no candidate.
 */
export function formatReasons(decision: MatchDecision): string {
  const parts = decision.explanation.map((f) => `${f.field}=${f.level}`);
  const best = decision.candidates[0];
  if (best !== undefined && decision.explanation.length > 0)
    for (const v of best.vetoes) parts.push(`veto=${v}`);
  const rule = RULE_OF_REASON[decision.reason];
  if (rule !== undefined && parts.length > 0) parts.push(`rule=${rule}`);
  return parts.join(';');
}

const FIELD_LABELS: Record<FieldName, { fr: string; en: string }> = {
  last: { fr: 'Nom de famille', en: 'Last name' },
  first: { fr: 'Prénom', en: 'First name' },
  dob: { fr: 'Date de naissance', en: 'Date of birth' },
  oen: { fr: 'NISO', en: 'OEN' },
  student_number: { fr: 'Numéro d’élève', en: 'Student number' },
  gender: { fr: 'Genre', en: 'Gender' },
  school: { fr: 'École (BSID)', en: 'School (BSID)' },
  last_attended: { fr: 'Dernière fréquentation', en: 'Last attended' },
};

const LEVEL_LABELS: Record<string, { fr: string; en: string }> = {
  exact: { fr: 'identique', en: 'exact' },
  same: { fr: 'identique', en: 'same' },
  previous: { fr: 'ancien nom de famille', en: 'previous surname' },
  part: { fr: 'partie du nom', en: 'part of the name' },
  swapped: { fr: 'inscrit dans l’autre champ de nom', en: 'typed in the other name field' },
  variant: { fr: 'variante d’orthographe', en: 'spelling variant' },
  nickname: { fr: 'diminutif', en: 'nickname' },
  preferred: { fr: 'prénom usuel', en: 'preferred first name' },
  middle: { fr: 'second prénom', en: 'middle name' },
  typo: { fr: 'faute de frappe', en: 'typing error' },
  phonetic: { fr: 'se prononce pareil', en: 'sounds alike' },
  similar: { fr: 'ressemblant', en: 'similar' },
  different: { fr: 'différent', en: 'different' },
  missing: { fr: 'absent', en: 'missing' },
  day_month_swap: { fr: 'jour et mois inversés', en: 'day and month swapped' },
  one_digit: { fr: 'un chiffre diffère', en: 'one digit differs' },
  one_year: { fr: 'un an d’écart', en: 'one year apart' },
  close: { fr: 'à moins d’un an', en: 'within a year' },
};

export function levelLabel(level: string, language: Lang): string {
  return LEVEL_LABELS[level]?.[language] ?? level.replace(/_/g, ' ');
}

/** A compared field's name for people (the admin pages' candidate table). */
export function fieldLabel(field: string, language: Lang): string {
  return FIELD_LABELS[field as FieldName]?.[language] ?? field.replace(/_/g, ' ');
}

/** One line per field: "Prénom : diminutif (+4.1) — demande « Bill », SIÉ « William »". */
export function describeField(field: FieldComparison, language: Lang): string {
  const sign = field.weight > 0 ? '+' : '';
  const label = FIELD_LABELS[field.field][language];
  const colon = language === 'fr' ? ' : ' : ': ';
  const request = language === 'fr' ? 'demande' : 'request';
  const sis = language === 'fr' ? 'SIÉ' : 'SIS';
  const q = (v: string) => (language === 'fr' ? `« ${v} »` : `"${v}"`);
  return `${label}${colon}${levelLabel(field.level, language)} (${sign}${formatScore(field.weight)}) — ${request} ${q(field.requestValue)}, ${sis} ${q(field.candidateValue)}`;
}

/** The decision's reason followed by the best candidate's fields, for the request detail page. */
export function describeDecision(decision: MatchDecision, language: Lang): string[] {
  return [
    reasonText(decision.reason, language),
    ...decision.explanation.map((f) => describeField(f, language)),
  ];
}
