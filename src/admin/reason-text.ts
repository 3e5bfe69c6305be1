/**
 * A recorded reason in the language of the page. Reasons are kept as they were written: a matcher
 * code, a bilingual « français / English » sentence, or French text with its English in the event's
 * details (`en`, `reasonEn`, `reasonCode`). An English page never shows the French half.
 */
import { REASONS, type ReasonCode } from '../matching/reasons.js';
import { AGENT_REASONS } from '../domain/agent-reasons.js';
import type { Lang } from './i18n.js';
import { AUTO_ETMS_ACTOR, SYSTEM_ACTOR, type TranscriptRequest } from '../domain/request.js';

/**
 * Who made a change, in the page's language: the system's own name is bilingual when stored, and
 * the matching service is Auto-SGÉRN in French, Auto-eTMS in English.
 */
export function actorIn(actor: string, lang: Lang): string {
  if (actor === AUTO_ETMS_ACTOR) return lang === 'fr' ? 'Auto-SGÉRN' : 'Auto-eTMS';
  if (actor !== SYSTEM_ACTOR) return actor;
  const [en, fr] = SYSTEM_ACTOR.split('/');
  return lang === 'fr' ? fr : en;
}

const BY_FRENCH = new Map<string, ReasonCode>(
  (Object.keys(REASONS) as ReasonCode[]).map((code) => [REASONS[code].fr, code]),
);

function detail(details: unknown, key: string): string | undefined {
  if (!details || typeof details !== 'object') return undefined;
  const value = (details as Record<string, unknown>)[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** « fr / en » → the half of the language asked (only when the sentence really has two halves). */
function half(text: string, lang: Lang): string | undefined {
  const parts = text.split(' / ');
  if (parts.length !== 2 || !parts[0].trim() || !parts[1].trim()) return undefined;
  return (lang === 'fr' ? parts[0] : parts[1]).trim();
}

/**
 * The reason in `lang`; undefined when only another language's text was recorded (the page then
 * says so in its own words rather than showing the other language).
 */
export function reasonIn(
  reason: string | null | undefined,
  details: unknown,
  lang: Lang,
): string | undefined {
  const code = detail(details, 'reasonCode');
  if (code && code in REASONS) return REASONS[code as ReasonCode][lang];
  if (!reason) return lang === 'en' ? (detail(details, 'reasonEn') ?? detail(details, 'en')) : undefined;
  if (reason in REASONS) return REASONS[reason as ReasonCode][lang];
  const known = BY_FRENCH.get(reason.trim());
  if (known) return REASONS[known][lang];
  if (lang === 'fr') return half(reason, 'fr') ?? reason;
  return detail(details, 'reasonEn') ?? detail(details, 'en') ?? half(reason, 'en');
}

/** Every reason code Auto-eTMS may give, the matcher's and the agent's, with its two sentences. */
const REASON_CODES = new Map<string, { fr: string; en: string }>([
  ...Object.entries(REASONS),
  ...Object.entries(AGENT_REASONS),
]);

/**
 * Why a request is in « Erreur d'autotraitement », in the page's language: the agent's own sentence
 * of that language when it sent one (it may name a detail, such as why a transcript could not be
 * built), else the sentence of the stored code, else what older records hold (a French sentence
 * with its English in the event's details); undefined when only another language's text exists.
 */
export function autoErrorReasonIn(
  r: Pick<TranscriptRequest, 'autoErrorReason' | 'autoErrorCode' | 'autoErrorReasonEn'>,
  fallbackReason: string | null | undefined,
  details: unknown,
  lang: Lang,
): string | undefined {
  const sentence = lang === 'fr' ? r.autoErrorReason : r.autoErrorReasonEn;
  if (r.autoErrorCode && sentence && sentence.trim() !== '') return sentence;
  const known = r.autoErrorCode ? REASON_CODES.get(r.autoErrorCode) : undefined;
  if (known) return known[lang];
  return reasonIn(r.autoErrorReason ?? fallbackReason, details, lang);
}
