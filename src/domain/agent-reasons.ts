/**
 * Why the agent hands a request to staff when the matcher is not the reason: the sentences staff
 * read in « Erreur d'autotraitement » (French first, as in the admin pages).
 */
export const AGENT_REASONS = {
  NO_ACADEMIC_DATA: {
    fr: 'Aucune donnée scolaire dans le SIÉ',
    en: 'No academic data in the SIS',
  },
  PINNED_STUDENT_MISSING: {
    fr: 'L’élève choisi n’existe plus dans le SIÉ',
    en: 'The chosen student is no longer in the SIS',
  },
  TRANSCRIPT_NOT_BUILT: {
    fr: 'Le relevé n’a pas pu être produit à partir des données du SIÉ',
    en: 'The transcript could not be produced from the SIS data',
  },
  TRANSCRIPT_REFUSED: {
    fr: 'Le relevé produit à partir du SIÉ a été refusé',
    en: 'The transcript produced from the SIS was refused',
  },
} as const satisfies Record<string, { fr: string; en: string }>;

export type AgentReasonCode = keyof typeof AGENT_REASONS;
