/**
 * Why a request was decided the way it was, in the words the admin pages and the applicant e-mails use.
 */
import type { Lang } from '../domain/lang.js';

export const REASONS = {
  AUTO_MATCH: {
    fr: 'Élève identifié avec certitude dans le SIÉ',
    en: 'Student identified with certainty in the SIS',
  },
  AUTO_MATCH_MARRIED_NAME: {
    fr: 'Élève identifiée avec certitude sous un nouveau nom de famille : même prénom (peu courant), même date de naissance et même école, femme de 25 ans ou plus, aucun autre élève possible',
    en: 'Student identified with certainty under a new surname: the same uncommon first name, birth date and school, a woman aged 25 or more, and no other possible student',
  },
  NOT_FOUND: {
    fr: 'Élève non trouvé dans le SIÉ',
    en: 'Student not found in the SIS',
  },
  AMBIGUOUS: {
    fr: 'Plusieurs élèves possibles',
    en: 'Several possible students',
  },
  LOW_CONFIDENCE: {
    fr: 'Élève possible, mais la concordance est insuffisante pour un traitement automatique',
    en: 'Possible student, but the agreement is too weak for automatic processing',
  },
  UNCONFIRMED: {
    fr: 'Date de naissance ou nom approchant sans identifiant (NISO ou numéro d’élève) qui le confirme',
    en: 'Birth date or name only close, with no identifier (OEN or student number) to confirm it',
  },
  VETO_OEN_CONFLICT: {
    fr: 'Le NISO de la demande est celui d’un autre élève',
    en: 'The OEN in the request belongs to another student',
  },
  VETO_BIRTH_DATE_CONFLICT: {
    fr: 'La date de naissance ne concorde pas',
    en: 'The birth date does not agree',
  },
  VETO_GENDER_CONFLICT: {
    fr: 'Le sexe ne concorde pas',
    en: 'The gender does not agree',
  },
  VETO_SIBLING: {
    fr: 'Frère, sœur ou jumeau possible : même nom de famille, date de naissance identique ou proche, prénom qui n’est pas le même, sans NISO ni numéro d’élève pour le confirmer',
    en: 'Possible sibling or twin: same surname, same or close birth date, a first name that is not the same, and no OEN or student number to confirm',
  },
  INCOMPLETE_REQUEST: {
    fr: 'Demande incomplète : ni nom ni identifiant utilisable',
    en: 'Incomplete request: no usable name or identifier',
  },
} as const satisfies Record<string, { fr: string; en: string }>;

export type ReasonCode = keyof typeof REASONS;

export function reasonText(code: ReasonCode, language: Lang): string {
  return REASONS[code][language];
}
