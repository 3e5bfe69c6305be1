/**
 * The status catalogue: every status a transcript request can have, its French and English labels,
 * the tab it shows in, where it may go next, and whether reaching it e-mails the applicant.
 * Labels follow the guide of the system staff already know.
 */
import type { Lang } from './lang.js';

export const TABS = ['TO_PROCESS', 'INCOMPLETE', 'IN_PROGRESS', 'COMPLETED'] as const;
export type Tab = (typeof TABS)[number];

export const TAB_LABELS: Record<Tab, { fr: string; en: string }> = {
  TO_PROCESS: { fr: 'À traiter', en: 'To process' },
  INCOMPLETE: { fr: 'Incomplet', en: 'Incomplete' },
  IN_PROGRESS: { fr: 'En cours', en: 'In progress' },
  COMPLETED: { fr: 'Terminé', en: 'Completed' },
};

export const STATUSES = [
  'ACTION_REQUIRED',
  'AUTO_PROCESS_ERROR',
  'UPLOAD_ERROR',
  'ON_HOLD_FINANCIAL',
  'NO_ACADEMIC_DATA',
  'STUDENT_NOT_FOUND',
  'TRANSCRIPT_UPLOADED',
  'E_TRANSCRIPT_SENT',
  'PAPER_SENT',
  'CANCELLED',
] as const;
export type Status = (typeof STATUSES)[number];

export interface StatusInfo {
  code: Status;
  fr: string;
  en: string;
  tab: Tab;
  /** Statuses this one may move to. */
  next: readonly Status[];
  /** Reaching this status sends the applicant an e-mail that cannot be turned off. */
  emailsApplicant: boolean;
}

const INCOMPLETE_STATUSES = [
  'UPLOAD_ERROR',
  'ON_HOLD_FINANCIAL',
  'NO_ACADEMIC_DATA',
  'STUDENT_NOT_FOUND',
] as const;
/** The no-upload actions staff can take on an open request. */
const STAFF_ACTIONS = ['PAPER_SENT', 'STUDENT_NOT_FOUND', 'NO_ACADEMIC_DATA', 'ON_HOLD_FINANCIAL'] as const;

const others = (self: Status, list: readonly Status[]) => list.filter((s) => s !== self);

export const STATUS_CATALOGUE: Record<Status, StatusInfo> = {
  ACTION_REQUIRED: {
    code: 'ACTION_REQUIRED',
    fr: 'Action requise',
    en: 'Action required',
    tab: 'TO_PROCESS',
    next: [
      'AUTO_PROCESS_ERROR',
      'E_TRANSCRIPT_SENT',
      'TRANSCRIPT_UPLOADED',
      ...STAFF_ACTIONS,
      'UPLOAD_ERROR',
      'CANCELLED',
    ],
    emailsApplicant: false,
  },
  AUTO_PROCESS_ERROR: {
    code: 'AUTO_PROCESS_ERROR',
    fr: 'Erreur d’autotraitement',
    en: 'Auto-process error',
    tab: 'TO_PROCESS',
    next: ['ACTION_REQUIRED', 'TRANSCRIPT_UPLOADED', ...STAFF_ACTIONS, 'UPLOAD_ERROR', 'CANCELLED'],
    emailsApplicant: false,
  },
  UPLOAD_ERROR: {
    code: 'UPLOAD_ERROR',
    fr: 'Erreur de téléversement du fichier',
    en: 'File upload error',
    tab: 'INCOMPLETE',
    next: ['ACTION_REQUIRED', 'TRANSCRIPT_UPLOADED', ...STAFF_ACTIONS, 'CANCELLED'],
    emailsApplicant: false,
  },
  ON_HOLD_FINANCIAL: {
    code: 'ON_HOLD_FINANCIAL',
    fr: 'En attente (raison financière)',
    en: 'On hold (financial)',
    tab: 'INCOMPLETE',
    next: [
      'ACTION_REQUIRED',
      'TRANSCRIPT_UPLOADED',
      ...others('ON_HOLD_FINANCIAL', STAFF_ACTIONS),
      'CANCELLED',
    ],
    emailsApplicant: true,
  },
  NO_ACADEMIC_DATA: {
    code: 'NO_ACADEMIC_DATA',
    fr: 'Aucune donnée scolaire',
    en: 'No academic data',
    tab: 'INCOMPLETE',
    next: [
      'ACTION_REQUIRED',
      'TRANSCRIPT_UPLOADED',
      ...others('NO_ACADEMIC_DATA', STAFF_ACTIONS),
      'CANCELLED',
    ],
    emailsApplicant: true,
  },
  STUDENT_NOT_FOUND: {
    code: 'STUDENT_NOT_FOUND',
    fr: 'Élève non trouvé',
    en: 'Student not found',
    tab: 'INCOMPLETE',
    next: [
      'ACTION_REQUIRED',
      'TRANSCRIPT_UPLOADED',
      ...others('STUDENT_NOT_FOUND', STAFF_ACTIONS),
      'CANCELLED',
    ],
    emailsApplicant: true,
  },
  TRANSCRIPT_UPLOADED: {
    code: 'TRANSCRIPT_UPLOADED',
    fr: 'Fichier de relevé de notes téléversé',
    en: 'Transcript file uploaded',
    tab: 'IN_PROGRESS',
    next: ['E_TRANSCRIPT_SENT', 'UPLOAD_ERROR', 'TRANSCRIPT_UPLOADED', 'CANCELLED'],
    emailsApplicant: false,
  },
  E_TRANSCRIPT_SENT: {
    code: 'E_TRANSCRIPT_SENT',
    fr: 'Relevé électronique envoyé',
    en: 'Electronic transcript sent',
    tab: 'COMPLETED',
    // « Téléverser relevé de notes de nouveau »: a completed request takes a replacement file.
    next: ['TRANSCRIPT_UPLOADED'],
    emailsApplicant: false,
  },
  PAPER_SENT: {
    code: 'PAPER_SENT',
    fr: 'Relevé de notes papier envoyé',
    en: 'Paper transcript sent',
    tab: 'COMPLETED',
    next: ['TRANSCRIPT_UPLOADED'],
    emailsApplicant: true,
  },
  CANCELLED: {
    code: 'CANCELLED',
    fr: 'Demande annulée',
    en: 'Request cancelled',
    tab: 'COMPLETED',
    next: [],
    emailsApplicant: false,
  },
};

export const INCOMPLETE = INCOMPLETE_STATUSES;
export const NO_UPLOAD_ACTIONS = STAFF_ACTIONS;
export type NoUploadAction = (typeof STAFF_ACTIONS)[number];

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: Status, to: Status): boolean {
  return STATUS_CATALOGUE[from].next.includes(to);
}

export function tabOf(status: Status): Tab {
  return STATUS_CATALOGUE[status].tab;
}

export function statusesInTab(tab: Tab): Status[] {
  return STATUSES.filter((s) => STATUS_CATALOGUE[s].tab === tab);
}

export function statusLabel(status: Status, lang: Lang): string {
  return STATUS_CATALOGUE[status][lang];
}
