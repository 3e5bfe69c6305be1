/**
 * The validation screen: the request's details side by side with the uploaded file's, and which
 * rows differ once case, accents, surrounding spaces, leading zeros and date formats are set aside.
 */
import type { Lang } from '../domain/lang.js';
import type { Transcript } from './model.js';
import type { TranscriptRequest } from '../domain/request.js';

export type DiffField =
  | 'FIRST_NAME'
  | 'SURNAME'
  | 'DATE_OF_BIRTH'
  | 'GENDER'
  | 'HIGH_SCHOOL_NUMBER'
  | 'OEN'
  | 'HIGH_SCHOOL_BSID'
  | 'DATE_LAST_ATTENDED'
  | 'OSSD_ISSUE_DATE';

export interface TranscriptRequestDetails {
  firstName?: string;
  lastName?: string;
  birthDate?: string;
  gender?: string;
  studentNumber?: string;
  oen?: string;
  schoolBsid?: string;
  dateLastAttended?: string;
  ossdDate?: string;
}

export interface DiffRow {
  field: DiffField;
  /** As shown on the screen; "N/A" when empty. */
  request: string;
  file: string;
  differs: boolean;
  /** One side is empty: the value is missing in the request (or in the file), not different. */
  missing?: 'request' | 'file';
}

export const NOT_AVAILABLE = 'N/A';

export const DIFF_FIELDS: readonly DiffField[] = [
  'FIRST_NAME',
  'SURNAME',
  'DATE_OF_BIRTH',
  'GENDER',
  'HIGH_SCHOOL_NUMBER',
  'OEN',
  'HIGH_SCHOOL_BSID',
  'DATE_LAST_ATTENDED',
  'OSSD_ISSUE_DATE',
];

/** The fields whose difference opens the validation screen (first name, surname, birth date, gender). */
export const COMPARED_FIELDS: readonly DiffField[] = ['FIRST_NAME', 'SURNAME', 'DATE_OF_BIRTH', 'GENDER'];

export const DIFF_FIELD_LABELS: Record<Lang, Record<DiffField, string>> = {
  en: {
    FIRST_NAME: 'FIRST NAME',
    SURNAME: 'SURNAME',
    DATE_OF_BIRTH: 'DATE OF BIRTH',
    GENDER: 'GENDER',
    HIGH_SCHOOL_NUMBER: 'HIGH SCHOOL NUMBER',
    OEN: 'OEN',
    HIGH_SCHOOL_BSID: 'HIGH SCHOOL BSID',
    DATE_LAST_ATTENDED: 'DATE LAST ATTENDED',
    OSSD_ISSUE_DATE: 'OSSD ISSUE DATE',
  },
  fr: {
    FIRST_NAME: 'PRÉNOM',
    SURNAME: 'NOM DE FAMILLE',
    DATE_OF_BIRTH: 'DATE DE NAISSANCE',
    GENDER: 'GENRE',
    HIGH_SCHOOL_NUMBER: 'NUMÉRO D’ÉLÈVE',
    OEN: 'NISO',
    HIGH_SCHOOL_BSID: 'NIE DE L’ÉCOLE SECONDAIRE (BSID)',
    DATE_LAST_ATTENDED: 'DATE DE DERNIÈRE FRÉQUENTATION',
    OSSD_ISSUE_DATE: 'DATE DE DÉLIVRANCE DU DESO',
  },
};

/** Column headings of the screen: FIELD | TRANSCRIPT REQUEST | TRANSCRIPT SUBMITTED. */
export const DIFF_COLUMN_LABELS: Record<
  Lang,
  { title: string; field: string; request: string; file: string; cancel: string; save: string }
> = {
  en: {
    title: 'TRANSCRIPT REQUEST DETAILS',
    field: 'FIELD',
    request: 'TRANSCRIPT REQUEST',
    file: 'TRANSCRIPT SUBMITTED',
    cancel: 'No - Cancel and Return to Previous Screen',
    save: 'Yes - Save and Continue',
  },
  fr: {
    title: 'DÉTAILS DE LA DEMANDE DE RELEVÉ DE NOTES',
    field: 'CHAMP',
    request: 'DEMANDE DE RELEVÉ DE NOTES',
    file: 'RELEVÉ DE NOTES SOUMIS',
    cancel: 'Non – Annuler et Revenir à l’écran précédent',
    save: 'Oui – Enregistrer et continuer',
  },
};

type Kind = 'name' | 'date' | 'month' | 'gender' | 'number';

const LIGATURES: Record<string, string> = { Œ: 'OE', Æ: 'AE', ß: 'SS', Ø: 'O', Ł: 'L', Đ: 'D' };

function normaliseName(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[ŒÆßØŁĐ]/g, (c) => LIGATURES[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}

const MONTHS: Record<string, number> = {
  jan: 1,
  janv: 1,
  janvier: 1,
  january: 1,
  feb: 2,
  fev: 2,
  fevr: 2,
  fevrier: 2,
  february: 2,
  mar: 3,
  mars: 3,
  march: 3,
  apr: 4,
  avr: 4,
  avril: 4,
  april: 4,
  may: 5,
  mai: 5,
  jun: 6,
  juin: 6,
  june: 6,
  jul: 7,
  juil: 7,
  juillet: 7,
  july: 7,
  aug: 8,
  aou: 8,
  aout: 8,
  august: 8,
  sep: 9,
  sept: 9,
  septembre: 9,
  september: 9,
  oct: 10,
  octobre: 10,
  october: 10,
  nov: 11,
  novembre: 11,
  november: 11,
  dec: 12,
  decembre: 12,
  december: 12,
};

const pad = (n: number | string) => String(n).padStart(2, '0');

/** YYYY/MM/DD or YYYY/MM from the usual ways of writing a date; undefined when it is not one. */
function normaliseDate(value: string, kind: 'date' | 'month'): string | undefined {
  const v = value.trim();
  let m = /^(\d{4})[-/.]?(\d{1,2})(?:[-/.]?(\d{1,2}))?(?:[T ].*)?$/.exec(v);
  if (m && (m[3] !== undefined || kind === 'month' || /[-/.]/.test(v))) {
    if (kind === 'month' || m[3] === undefined)
      return `${m[1]}/${pad(m[2])}${kind === 'date' && m[3] !== undefined ? `/${pad(m[3])}` : ''}`;
    return `${m[1]}/${pad(m[2])}/${pad(m[3])}`;
  }
  m = /^([A-Za-zÀ-ÿ]+)\.?\s+(\d{4})$/.exec(v);
  if (m) {
    const month = MONTHS[normaliseName(m[1]).toLowerCase()];
    if (month) return `${m[2]}/${pad(month)}`;
  }
  return undefined;
}

function normaliseGender(value: string): string {
  const v = normaliseName(value);
  if (['M', 'MALE', 'MAN', 'H', 'HOMME', 'MASCULIN'].includes(v)) return 'M';
  if (['F', 'FEMALE', 'WOMAN', 'FEMME', 'FEMININ'].includes(v)) return 'F';
  if (['X', 'U', 'UNREPORTED', 'OTHER', 'NON-BINARY', 'NONBINARY', 'AUTRE', 'NON BINAIRE'].includes(v))
    return 'X';
  return v;
}

function normaliseNumber(value: string): string {
  const v = value.replace(/[\s-]/g, '').toUpperCase();
  if (/^\d+$/.test(v)) return v.replace(/^0+(?=\d)/, '');
  return v;
}

function comparable(value: string, kind: Kind): string {
  switch (kind) {
    case 'name':
      return normaliseName(value);
    case 'date':
    case 'month':
      return normaliseDate(value, kind) ?? normaliseName(value);
    case 'gender':
      return normaliseGender(value);
    case 'number':
      return normaliseNumber(value);
  }
}

/** What the screen shows: dates in the guide's YYYY/MM/DD form, other values as given. */
function shown(value: string, kind: Kind): string {
  if (value === '') return NOT_AVAILABLE;
  if (kind === 'date' || kind === 'month') return normaliseDate(value, kind) ?? value;
  return value;
}

function row(
  field: DiffField,
  kind: Kind,
  requestValue: string | undefined,
  fileValue: string | undefined,
): DiffRow {
  const request = (requestValue ?? '').trim();
  const file = (fileValue ?? '').trim();
  const differs =
    request === '' && file === ''
      ? false
      : request === '' || file === ''
        ? true
        : comparable(request, kind) !== comparable(file, kind);
  const missing =
    request === '' && file !== '' ? 'request' : file === '' && request !== '' ? 'file' : undefined;
  return {
    field,
    request: shown(request, kind),
    file: shown(file, kind),
    differs,
    ...(missing ? { missing } : {}),
  };
}

/** The nine rows of the validation screen, in the guide's order. */
export function diffTranscriptWithRequest(request: TranscriptRequestDetails, t: Transcript): DiffRow[] {
  const ossd = t.award?.kind === 'OSSD' ? t.award.date : undefined;
  return [
    row('FIRST_NAME', 'name', request.firstName, t.student.firstName),
    row('SURNAME', 'name', request.lastName, t.student.lastName),
    row('DATE_OF_BIRTH', 'date', request.birthDate, t.student.birthDate),
    row('GENDER', 'gender', request.gender, t.student.gender),
    row('HIGH_SCHOOL_NUMBER', 'number', request.studentNumber, t.student.studentNumber),
    row('OEN', 'number', request.oen, t.student.oen),
    row('HIGH_SCHOOL_BSID', 'number', request.schoolBsid, t.school.bsid),
    row('DATE_LAST_ATTENDED', 'month', request.dateLastAttended, t.ontario.dateLastAttended),
    row('OSSD_ISSUE_DATE', 'date', request.ossdDate, ossd),
  ];
}

/** True when the validation screen must open: a compared field (name, birth date, gender) differs. */
export function needsConfirmation(rows: readonly DiffRow[]): boolean {
  return rows.some((r) => r.differs && COMPARED_FIELDS.includes(r.field));
}

const disagrees = (rows: readonly DiffRow[], field: DiffField) =>
  rows.some((r) => r.field === field && r.differs && !r.missing);

/**
 * True when the file seems to be another student's, not a typo: the OEN disagrees, or a name and the
 * birth date both disagree (values present on both sides). Saving it then needs its own confirmation.
 */
export function seemsAnotherStudent(rows: readonly DiffRow[]): boolean {
  if (disagrees(rows, 'OEN')) return true;
  const name = disagrees(rows, 'FIRST_NAME') || disagrees(rows, 'SURNAME');
  return name && disagrees(rows, 'DATE_OF_BIRTH');
}

/** A stored request as the validation screen's left column (the applicant's typing, nulls dropped). */
export function requestDetails(r: TranscriptRequest): TranscriptRequestDetails {
  return {
    firstName: r.firstName ?? undefined,
    lastName: r.lastName ?? undefined,
    birthDate: r.birthDate ?? undefined,
    gender: r.gender ?? undefined,
    studentNumber: r.studentNumber ?? undefined,
    oen: r.oen ?? undefined,
    schoolBsid: r.schoolBsid,
    dateLastAttended: r.dateLastAttended ?? undefined,
  };
}
