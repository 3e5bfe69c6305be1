/**
 * The summary report's rows in the guide's order, their labels, and the outcome of a request
 * (the bucket a status and a completion method fall in). The guide's example labels are
 * machine-translated; these say the same thing in plain French and English.
 */
import { STATUS_CATALOGUE, TAB_LABELS, type Status, type Tab } from '../domain/status.js';
import type { CompletionMethod, Origin } from '../domain/request.js';
import type { Lang } from './format.js';

export interface RowDef {
  key: string;
  labelFr: string;
  labelEn: string;
  level: 0 | 1;
  /** Keys of the level-1 rows a level-0 row adds up; a level-1 row lists nothing. */
  children: string[];
}

const ORIGIN_ROWS = (key: string, fr: string, en: string): RowDef[] =>
  (['OCAS', 'OUAC'] as const).map((origin) => ({
    key: `${key}_${origin}`,
    labelFr: `${fr} – ${origin}`,
    labelEn: `${en} – ${origin}`,
    level: 1,
    children: [],
  }));

const COMPLETED_CHILDREN: RowDef[] = [
  ...ORIGIN_ROWS(
    'COMPLETED_AUTO',
    'Relevés électroniques XML envoyés par Auto-SGÉRN',
    'Electronic XML transcripts sent by Auto-eTMS',
  ),
  ...ORIGIN_ROWS(
    'COMPLETED_MANUAL',
    'Relevés électroniques envoyés manuellement (XML ou PDF)',
    'Electronic transcripts sent manually (XML or PDF)',
  ),
  ...ORIGIN_ROWS('COMPLETED_PAPER', 'Relevés de notes papier envoyés', 'Paper transcripts sent'),
  { key: 'CANCELLED', labelFr: 'Demandes annulées', labelEn: 'Cancelled requests', level: 1, children: [] },
  ...ORIGIN_ROWS('COMPLETED_UNKNOWN', 'Source inconnue', 'Unknown source'),
];

/**
 * The guide's « Reçu traité »: of the Terminé requests, those the destination has received — the
 * transcript, or the response telling of a paper transcript or a cancellation, delivered. A part of
 * the rows above it, so it is not added again into Terminé.
 */
export const RECEIVED_ROW: RowDef = {
  key: 'RECEIPT_PROCESSED',
  labelFr: 'Reçu traité (reçu par la destination)',
  labelEn: 'Receipt processed (received by the destination)',
  level: 1,
  children: [],
};

/** A status row, labelled as the status catalogue labels it everywhere else. */
const leaf = (key: Status): RowDef => ({
  key,
  labelFr: STATUS_CATALOGUE[key].fr,
  labelEn: STATUS_CATALOGUE[key].en,
  level: 1,
  children: [],
});

/** A tab's row, labelled as the tab, adding up the rows of its children. */
const tab = (key: Tab, children: string[]): RowDef => ({
  key,
  labelFr: TAB_LABELS[key].fr,
  labelEn: TAB_LABELS[key].en,
  level: 0,
  children,
});

export const SUMMARY_ROWS: RowDef[] = [
  tab('TO_PROCESS', ['ACTION_REQUIRED', 'AUTO_PROCESS_ERROR']),
  leaf('ACTION_REQUIRED'),
  leaf('AUTO_PROCESS_ERROR'),
  tab('INCOMPLETE', ['ON_HOLD_FINANCIAL', 'STUDENT_NOT_FOUND', 'NO_ACADEMIC_DATA', 'UPLOAD_ERROR']),
  leaf('ON_HOLD_FINANCIAL'),
  leaf('STUDENT_NOT_FOUND'),
  leaf('NO_ACADEMIC_DATA'),
  leaf('UPLOAD_ERROR'),
  // En cours has a single status: the row is its own total.
  tab('IN_PROGRESS', []),
  tab(
    'COMPLETED',
    COMPLETED_CHILDREN.map((r) => r.key),
  ),
  // In the guide's place: after the cancellations, before the unknown source.
  ...COMPLETED_CHILDREN.filter((r) => !r.key.startsWith('COMPLETED_UNKNOWN')),
  RECEIVED_ROW,
  ...COMPLETED_CHILDREN.filter((r) => r.key.startsWith('COMPLETED_UNKNOWN')),
];

/** What happened to a request, as the weekly chart stacks it. */
export const OUTCOMES = [
  'TO_PROCESS',
  'INCOMPLETE',
  'IN_PROGRESS',
  'AUTO',
  'MANUAL',
  'PAPER',
  'CANCELLED',
  'UNKNOWN',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_LABELS: Record<Outcome, { fr: string; en: string }> = {
  TO_PROCESS: TAB_LABELS.TO_PROCESS,
  INCOMPLETE: TAB_LABELS.INCOMPLETE,
  IN_PROGRESS: TAB_LABELS.IN_PROGRESS,
  AUTO: { fr: 'Envoyé par Auto-SGÉRN', en: 'Sent by Auto-eTMS' },
  MANUAL: { fr: 'Envoyé manuellement', en: 'Sent manually' },
  PAPER: { fr: 'Copie papier', en: 'Paper copy' },
  CANCELLED: { fr: 'Annulé', en: 'Cancelled' },
  UNKNOWN: { fr: 'Source inconnue', en: 'Unknown source' },
};

const OPEN_OUTCOME: Partial<Record<Status, Outcome>> = {
  ACTION_REQUIRED: 'TO_PROCESS',
  AUTO_PROCESS_ERROR: 'TO_PROCESS',
  UPLOAD_ERROR: 'INCOMPLETE',
  ON_HOLD_FINANCIAL: 'INCOMPLETE',
  NO_ACADEMIC_DATA: 'INCOMPLETE',
  STUDENT_NOT_FOUND: 'INCOMPLETE',
  TRANSCRIPT_UPLOADED: 'IN_PROGRESS',
};

/**
 * A cancelled request is cancelled whatever its method; any other Terminé request is classed by how
 * it was completed: AUTO by Auto-eTMS, MANUAL_XML and PDF as manual electronic, PAPER as paper, and
 * no recorded method as « source inconnue ».
 */
export function outcomeOf(status: Status, method: CompletionMethod | null): Outcome {
  const open = OPEN_OUTCOME[status];
  if (open) return open;
  if (status === 'CANCELLED') return 'CANCELLED';
  switch (method) {
    case 'AUTO':
      return 'AUTO';
    case 'MANUAL_XML':
    case 'PDF':
      return 'MANUAL';
    case 'PAPER':
      return 'PAPER';
    default:
      return 'UNKNOWN';
  }
}

/** The level-1 row a request counts in. */
export function rowKeyOf(status: Status, method: CompletionMethod | null, origin: Origin): string {
  const outcome = outcomeOf(status, method);
  switch (outcome) {
    case 'TO_PROCESS':
    case 'INCOMPLETE':
      return status;
    case 'IN_PROGRESS':
      return 'IN_PROGRESS';
    case 'CANCELLED':
      return 'CANCELLED';
    default:
      return `COMPLETED_${outcome}_${origin}`;
  }
}

/** Words around the figures, the same on the page and in every download. */
export const REPORT_TEXT = {
  summaryTitle: { fr: 'Rapport sommaire', en: 'Summary report' },
  detailedTitle: { fr: 'Rapport détaillé', en: 'Detailed report' },
  range: { fr: 'Période', en: 'Date range' },
  rangeNote: {
    fr: 'Les dates sont les dates de paiement des demandes de relevés de notes.',
    en: 'Dates are the dates applicants paid for their transcript requests.',
  },
  to: { fr: 'au', en: 'to' },
  heading: { fr: 'Nombre total de relevés de notes', en: 'Total transcript requests' },
  original: { fr: 'Demandes originales', en: 'Original requests' },
  reissue: { fr: 'Demandes émises de nouveau', en: 'Reissued requests' },
  total: { fr: 'NOMBRE TOTAL DE RELEVÉS DE NOTES', en: 'TOTAL TRANSCRIPT REQUESTS' },
  averageDays: {
    fr: 'Temps de traitement moyen des demandes (jours ouvrables)',
    en: 'Average processing time (business days)',
  },
  autoShare: { fr: 'Demandes traitées par Auto-SGÉRN', en: 'Requests processed by Auto-eTMS' },
  perSchool: { fr: 'Total des demandes par école secondaire', en: 'Total requests per secondary school' },
  weekly: { fr: 'Volume hebdomadaire par résultat', en: 'Weekly volume by outcome' },
  weekOf: { fr: 'Semaine du', en: 'Week of' },
  requests: { fr: 'Demandes', en: 'Requests' },
  truncated: {
    fr: 'Téléchargement arrêté à {n} lignes : choisissez une période plus courte pour obtenir les autres.',
    en: 'Download stopped at {n} rows: choose a shorter date range to get the others.',
  },
} satisfies Record<string, Record<Lang, string>>;

export const DETAILED_COLUMNS = [
  { key: 'applicationNumber', fr: 'Numéro de demande', en: 'Application number' },
  { key: 'referenceNumber', fr: 'Numéro de référence', en: 'Reference number' },
  { key: 'paymentDate', fr: 'Date du paiement', en: 'Payment date' },
  { key: 'firstName', fr: 'Prénom', en: 'First name' },
  { key: 'lastName', fr: 'Nom de famille', en: 'Last name' },
  { key: 'birthDate', fr: 'Date de naissance', en: 'Birth date' },
  { key: 'studentNumber', fr: 'Numéro d’élève', en: 'Student number' },
  { key: 'source', fr: 'Source', en: 'Source' },
  { key: 'dateLastAttended', fr: 'Dernière année d’études', en: 'Date last attended' },
  { key: 'transcriptCount', fr: 'Nombre de relevés de notes', en: 'Number of transcripts' },
  { key: 'amountCollected', fr: 'Montant recueilli', en: 'Amount collected' },
] as const;
