/**
 * Error codes of the transcript area. Each code has a French and an English sentence that a
 * guidance office clerk can act on; the EtmsError carries the English one as its message and
 * keeps its parameters in `details`, so the admin pages can show either language. Every kind here
 * belongs to the `transcriptProblem` family: a problem of the file itself, to show the person who
 * sent it (the validator being unavailable is one too, but a passing one).
 */
import type { Lang } from '../domain/lang.js';
import { defineError, ErrorFamily, type ErrorKind, type EtmsError } from '../errors.js';
import type { XmlShapeLimit } from '../text/xml-shape.js';

/** What an XML document checked by the byte guards is: an uploaded transcript, or a transcript request. */
export type XmlDocumentKind = 'transcript' | 'request';

export const TRANSCRIPT_ERROR_CODES = [
  'ETMS_E_TRANSCRIPT_EMPTY',
  'ETMS_E_TRANSCRIPT_TOO_LARGE',
  'ETMS_E_TRANSCRIPT_TOO_DEEP',
  'ETMS_E_TRANSCRIPT_TOO_COMPLEX',
  'ETMS_E_TRANSCRIPT_DOCTYPE',
  'ETMS_E_TRANSCRIPT_ENCODING',
  'ETMS_E_TRANSCRIPT_NOT_XML',
  'ETMS_E_TRANSCRIPT_WRONG_ROOT',
  'ETMS_E_TRANSCRIPT_SCHEMA',
  'ETMS_E_TRANSCRIPT_VALIDATOR',
  'ETMS_E_TRANSCRIPT_RECORD_INVALID',
  'ETMS_E_TRANSCRIPT_NOT_PDF',
  'ETMS_E_TRANSCRIPT_PDF_UNREADABLE',
  'ETMS_E_TRANSCRIPT_PDF_NO_PAGES',
  'ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE',
  'ETMS_E_TRANSCRIPT_PDF_ACTIVE_CONTENT',
  'ETMS_E_TRANSCRIPT_PDF_TOO_COMPLEX',
  'ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE',
  'ETMS_E_TRANSCRIPT_CHECK_BUSY',
  'ETMS_E_TRANSCRIPT_FILE_UNREADABLE',
] as const;

export type TranscriptErrorCode = (typeof TRANSCRIPT_ERROR_CODES)[number];

/** One schema problem of an XML file: where it is and what is wrong, in both languages. */
export interface SchemaProblem {
  line: number | null;
  element: string | null;
  reason: string;
  reasonFr: string;
}

export interface TranscriptErrorParams {
  bytes?: number;
  maxBytes?: number;
  maxDepth?: number;
  line?: number | null;
  /** The kind of document refused by the byte guards: a transcript (the default) or a transcript request. */
  document?: XmlDocumentKind;
  /** For a document past a limit of its shape: which one, and the limit. */
  limit?: XmlShapeLimit;
  max?: number;
  /** DOCTYPE or ENTITY. */
  declaration?: string;
  /** Name of the encoding that was refused. */
  encoding?: string;
  /** Short technical reason (English), shown after the sentence. */
  reason?: string;
  reasonFr?: string;
  /** What the file looks like instead (e.g. "PDF"). */
  looksLike?: string;
  root?: string;
  namespace?: string;
  problems?: SchemaProblem[];
  file?: string;
  /** For a busy check: the person's own checks already running, at the most they may have. */
  ownChecks?: number;
  /** For a PDF that cannot be checked: a password is needed to open it. */
  password?: boolean;
}

type Sentence = (p: TranscriptErrorParams) => string;

const mb = (bytes: number | undefined) => `${((bytes ?? 0) / (1024 * 1024)).toFixed(1)}`;
/** Megabytes written the French way: « 5,0 ». */
const mo = (bytes: number | undefined) => mb(bytes).replace('.', ',');
const at = (line: number | null | undefined, word: string) => (line ? ` (${word} ${line})` : '');
/** The document kind, for "which no … does" and "… must not contain". */
const kindEn = (p: TranscriptErrorParams) => (p.document === 'request' ? 'transcript request' : 'transcript');
const kindFr = (p: TranscriptErrorParams) =>
  p.document === 'request' ? 'demande de relevé de notes' : 'relevé de notes';
const kindsFr = (p: TranscriptErrorParams) =>
  p.document === 'request' ? 'demandes de relevé de notes' : 'relevés de notes';

/** What passed a limit of the document's shape, in both languages. */
function shapeLimit(p: TranscriptErrorParams, lang: Lang): string {
  const max = p.max ?? 0;
  const fr = lang === 'fr';
  switch (p.limit) {
    case 'attributesPerElement':
      return fr
        ? `plus de ${max} attributs sur un même élément`
        : `more than ${max} attributes on one element`;
    case 'attributes':
      return fr ? `plus de ${max} attributs` : `more than ${max} attributes`;
    case 'elements':
      return fr ? `plus de ${max} éléments` : `more than ${max} elements`;
    case 'nameLength':
      return fr ? `un nom de plus de ${max} caractères` : `a name longer than ${max} characters`;
    case 'attributeValueLength':
      return fr
        ? `une valeur d’attribut de plus de ${max} caractères`
        : `an attribute value longer than ${max} characters`;
    default:
      return fr ? 'une structure hors des limites' : 'a structure beyond the limits';
  }
}

function problemLine(p: SchemaProblem, lang: Lang): string {
  const where = [
    p.line ? (lang === 'fr' ? `ligne ${p.line}` : `line ${p.line}`) : '',
    p.element ? (lang === 'fr' ? `élément ${p.element}` : `element ${p.element}`) : '',
  ]
    .filter(Boolean)
    .join(', ');
  const reason = lang === 'fr' ? p.reasonFr : p.reason;
  return where ? `${where}${lang === 'fr' ? ' : ' : ': '}${reason}` : reason;
}

function problemsSummary(p: TranscriptErrorParams, lang: Lang): string {
  const problems = p.problems ?? [];
  if (problems.length === 0) return '';
  const first = problemLine(problems[0], lang);
  const more = problems.length - 1;
  if (more === 0) return ` ${first}.`;
  return lang === 'fr'
    ? ` ${first} (et ${more} autre${more > 1 ? 's' : ''} problème${more > 1 ? 's' : ''}).`
    : ` ${first} (and ${more} more problem${more > 1 ? 's' : ''}).`;
}

export const TRANSCRIPT_MESSAGES: Record<
  TranscriptErrorCode,
  { status: number; fr: Sentence; en: Sentence }
> = {
  ETMS_E_TRANSCRIPT_EMPTY: {
    status: 400,
    fr: () =>
      'Le fichier est vide. Exportez de nouveau le relevé de notes depuis votre système d’information sur les élèves et téléversez-le.',
    en: () =>
      'The file is empty. Export the transcript again from your student information system and upload it.',
  },
  ETMS_E_TRANSCRIPT_TOO_LARGE: {
    status: 413,
    fr: (p) =>
      `Le fichier est trop volumineux (${mo(p.bytes)}\u00a0Mo\u202f; maximum ${mo(p.maxBytes)}\u00a0Mo). Un relevé de notes fait normalement moins de 1\u00a0Mo\u00a0: vérifiez que c’est le bon fichier.`,
    en: (p) =>
      `The file is too large (${mb(p.bytes)} MB; the limit is ${mb(p.maxBytes)} MB). A transcript is normally under 1 MB: check that this is the right file.`,
  },
  ETMS_E_TRANSCRIPT_TOO_DEEP: {
    status: 400,
    fr: (p) =>
      `Le fichier XML contient des éléments imbriqués sur plus de ${p.maxDepth} niveaux${at(p.line, 'ligne')}, ce qu’aucun${p.document === 'request' ? 'e' : ''} ${kindFr(p)} ne contient. Le fichier a été refusé.`,
    en: (p) =>
      `The XML file nests elements more than ${p.maxDepth} levels deep${at(p.line, 'line')}, which no ${kindEn(p)} does. The file was refused.`,
  },
  ETMS_E_TRANSCRIPT_TOO_COMPLEX: {
    status: 400,
    fr: (p) =>
      `Le fichier XML contient ${shapeLimit(p, 'fr')}${at(p.line, 'ligne')}, ce qu’aucun${p.document === 'request' ? 'e' : ''} ${kindFr(p)} ne contient. Le fichier a été refusé sans être lu.`,
    en: (p) =>
      `The XML file has ${shapeLimit(p, 'en')}${at(p.line, 'line')}, which no ${kindEn(p)} has. The file was refused without being read.`,
  },
  ETMS_E_TRANSCRIPT_DOCTYPE: {
    status: 400,
    fr: (p) =>
      `Le fichier XML contient une déclaration ${p.declaration ?? 'DOCTYPE'}${at(p.line, 'ligne')}. Pour des raisons de sécurité, les ${kindsFr(p)} ne doivent contenir ni DOCTYPE ni entités. ${p.document === 'request' ? 'Envoyez la demande' : 'Exportez le relevé'} sans DOCTYPE.`,
    en: (p) =>
      `The XML file contains a ${p.declaration ?? 'DOCTYPE'} declaration${at(p.line, 'line')}. For security reasons ${kindEn(p)}s must not contain a DOCTYPE or entities. ${p.document === 'request' ? 'Send the transcript request' : 'Export the transcript'} without a DOCTYPE.`,
  },
  ETMS_E_TRANSCRIPT_ENCODING: {
    status: 400,
    fr: (p) =>
      p.document === 'request'
        ? `La demande de relevé de notes est encodée en ${p.encoding ?? 'un encodage inconnu'}${at(p.line, 'ligne')}; seuls l’UTF-8 et l’UTF-16 (avec sa marque d’ordre des octets) sont acceptés. Envoyez-la de nouveau en UTF-8.`
        : `Le fichier est encodé en ${p.encoding ?? 'un encodage inconnu'}${at(p.line, 'ligne')}; seul l’UTF-8 est accepté. Enregistrez ou exportez le relevé en UTF-8, puis téléversez-le de nouveau.`,
    en: (p) =>
      p.document === 'request'
        ? `The transcript request is encoded as ${p.encoding ?? 'an unknown encoding'}${at(p.line, 'line')}; only UTF-8 and UTF-16 (with its byte order mark) are accepted. Send it again in UTF-8.`
        : `The file is encoded as ${p.encoding ?? 'an unknown encoding'}${at(p.line, 'line')}; only UTF-8 is accepted. Save or export the transcript as UTF-8 and upload it again.`,
  },
  ETMS_E_TRANSCRIPT_NOT_XML: {
    status: 400,
    fr: (p) =>
      p.looksLike
        ? `Ce fichier n’est pas un fichier XML : c’est un fichier ${p.looksLike}. Téléversez-le comme ${p.looksLike}, ou choisissez le fichier XML du relevé.`
        : p.document === 'request'
          ? `La demande de relevé de notes n’est pas un XML lisible${at(p.line, 'ligne')}${p.reasonFr ? ` : ${p.reasonFr}` : ''}. Vérifiez qu’elle est complète et bien formée, puis envoyez-la de nouveau.`
          : `Le fichier n’est pas un XML lisible${at(p.line, 'ligne')}${p.reasonFr ? ` : ${p.reasonFr}` : ''}. Il est peut-être incomplet ou endommagé; exportez-le de nouveau.`,
    en: (p) =>
      p.looksLike
        ? `This file is not an XML file: it is a ${p.looksLike} file. Upload it as a ${p.looksLike}, or choose the transcript's XML file.`
        : p.document === 'request'
          ? `The transcript request is not readable XML${at(p.line, 'line')}${p.reason ? `: ${p.reason}` : ''}. Check that it is complete and well-formed, then send it again.`
          : `The file is not readable XML${at(p.line, 'line')}${p.reason ? `: ${p.reason}` : ''}. It may be incomplete or damaged; export it again.`,
  },
  ETMS_E_TRANSCRIPT_WRONG_ROOT: {
    status: 400,
    fr: (p) =>
      `Ce fichier XML n’est pas un relevé de notes d’école secondaire : il commence par l’élément « ${p.root ?? '?'} »${p.namespace ? ` (espace de noms ${p.namespace})` : ' sans espace de noms'} au lieu de HighSchoolTranscript (urn:org:pesc:message:HighSchoolTranscript:v1.5.0).`,
    en: (p) =>
      `This XML file is not a high school transcript: it starts with the element "${p.root ?? '?'}"${p.namespace ? ` (namespace ${p.namespace})` : ' with no namespace'} instead of HighSchoolTranscript (urn:org:pesc:message:HighSchoolTranscript:v1.5.0).`,
  },
  ETMS_E_TRANSCRIPT_SCHEMA: {
    status: 422,
    fr: (p) =>
      `Le relevé de notes ne respecte pas le format attendu.${problemsSummary(p, 'fr')} Corrigez le relevé dans votre système d’information sur les élèves et exportez-le de nouveau.`,
    en: (p) =>
      `The transcript does not follow the expected format.${problemsSummary(p, 'en')} Correct the transcript in your student information system and export it again.`,
  },
  ETMS_E_TRANSCRIPT_VALIDATOR: {
    status: 500,
    fr: (p) =>
      `Le relevé n’a pas pu être vérifié pour le moment${p.reasonFr ? ` (${p.reasonFr})` : ''}. Réessayez; si le problème persiste, communiquez avec le soutien technique.`,
    en: (p) =>
      `The transcript could not be checked right now${p.reason ? ` (${p.reason})` : ''}. Try again; if the problem persists, contact technical support.`,
  },
  ETMS_E_TRANSCRIPT_RECORD_INVALID: {
    status: 422,
    fr: (p) =>
      `Le dossier scolaire ne permet pas de produire un relevé de notes valide : ${p.reasonFr ?? p.reason ?? ''}. Corrigez le dossier dans le système d’information sur les élèves.`,
    en: (p) =>
      `The student record cannot produce a valid transcript: ${p.reason ?? ''}. Correct the record in the student information system.`,
  },
  ETMS_E_TRANSCRIPT_NOT_PDF: {
    status: 400,
    fr: (p) =>
      `Ce fichier n’est pas un PDF${p.looksLike ? ` : c’est un fichier ${p.looksLike}` : ''}. Choisissez le fichier PDF du relevé de notes${p.looksLike === 'XML' ? ', ou téléversez ce fichier comme relevé XML' : ''}.`,
    en: (p) =>
      `This file is not a PDF${p.looksLike ? `: it is an ${p.looksLike} file` : ''}. Choose the transcript's PDF file${p.looksLike === 'XML' ? ', or upload this file as an XML transcript' : ''}.`,
  },
  ETMS_E_TRANSCRIPT_PDF_UNREADABLE: {
    status: 400,
    fr: () =>
      'Le fichier PDF est endommagé ou incomplet et ne peut pas être ouvert. Enregistrez de nouveau le relevé en PDF et téléversez-le.',
    en: () =>
      'The PDF file is damaged or incomplete and cannot be opened. Save the transcript as a PDF again and upload it.',
  },
  ETMS_E_TRANSCRIPT_PDF_NO_PAGES: {
    status: 400,
    fr: () =>
      'Le fichier PDF ne contient aucune page. Enregistrez de nouveau le relevé en PDF et téléversez-le.',
    en: () => 'The PDF file has no pages. Save the transcript as a PDF again and upload it.',
  },
  ETMS_E_TRANSCRIPT_PDF_DECODED_TOO_LARGE: {
    status: 413,
    fr: (p) =>
      `Une fois décompressé, le contenu du PDF dépasse ${mo(p.maxBytes)}\u00a0Mo\u00a0: ce n’est pas un relevé de notes ordinaire. Enregistrez de nouveau le relevé en PDF (sans images en haute résolution) et téléversez-le.`,
    en: (p) =>
      `Once decompressed, the PDF's content exceeds ${mb(p.maxBytes)} MB: this is not an ordinary transcript. Save the transcript as a PDF again (without high-resolution images) and upload it.`,
  },
  ETMS_E_TRANSCRIPT_PDF_ACTIVE_CONTENT: {
    status: 400,
    fr: (p) =>
      `Le PDF contient du contenu actif (JavaScript, action automatique ou pièce jointe${p.reason ? ` : ${p.reason}` : ''}), qui ne peut pas être transmis aux établissements. Imprimez le relevé en PDF (« Microsoft Print to PDF » ou équivalent) et téléversez ce nouveau fichier.`,
    en: (p) =>
      `The PDF contains active content (JavaScript, an automatic action or an attachment${p.reason ? `: ${p.reason}` : ''}), which cannot be sent to institutions. Print the transcript to PDF ("Microsoft Print to PDF" or similar) and upload that new file.`,
  },
  ETMS_E_TRANSCRIPT_PDF_TOO_COMPLEX: {
    status: 422,
    fr: () =>
      'Le PDF est trop complexe pour être vérifié dans les limites de temps et de mémoire. Imprimez le relevé en PDF (« Microsoft Print to PDF » ou équivalent) et téléversez ce nouveau fichier.',
    en: () =>
      'The PDF is too complex to check within the time and memory limits. Print the transcript to PDF ("Microsoft Print to PDF" or similar) and upload that new file.',
  },
  ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE: {
    status: 422,
    fr: (p) =>
      p.password
        ? 'Le PDF est protégé par un mot de passe à l’ouverture\u00a0: la vérification ne peut pas le lire, et les établissements ne pourraient pas l’ouvrir. Ouvrez-le avec son mot de passe, enregistrez-le de nouveau sans mot de passe d’ouverture (ou imprimez-le en PDF) et téléversez ce nouveau fichier.'
        : `Le PDF est encodé d’une façon que la vérification ne sait pas lire${p.reasonFr ? ` (${p.reasonFr})` : ''} : il ne peut pas être transmis sans avoir été vérifié. Imprimez le relevé en PDF (« Microsoft Print to PDF » ou équivalent) et téléversez ce nouveau fichier.`,
    en: (p) =>
      p.password
        ? 'The PDF is protected by a password needed to open it: the check cannot read it, and institutions could not open it either. Open it with its password, save it again without an open password (or print it to PDF) and upload that new file.'
        : `The PDF is encoded in a way the check cannot read${p.reason ? ` (${p.reason})` : ''}: it cannot be sent without being checked. Print the transcript to PDF ("Microsoft Print to PDF" or similar) and upload that new file.`,
  },
  ETMS_E_TRANSCRIPT_CHECK_BUSY: {
    status: 503,
    fr: (p) =>
      p.ownChecks
        ? `Vous avez déjà ${p.ownChecks} fichiers en cours de vérification. Attendez qu’ils soient vérifiés, puis téléversez celui-ci.`
        : 'Trop de fichiers sont en cours de vérification en ce moment. Réessayez dans une minute.',
    en: (p) =>
      p.ownChecks
        ? `You already have ${p.ownChecks} files being checked. Wait until they are checked, then upload this one.`
        : 'Too many files are being checked right now. Try again in a minute.',
  },
  ETMS_E_TRANSCRIPT_FILE_UNREADABLE: {
    status: 400,
    fr: (p) => `Le fichier ${p.file ?? ''} ne peut pas être lu${p.reason ? ` (${p.reason})` : ''}.`,
    en: (p) => `The file ${p.file ?? ''} cannot be read${p.reason ? ` (${p.reason})` : ''}.`,
  },
};

/** Every problem of a transcript file, and of a transcript that names the wrong request. */
export const transcriptProblem = new ErrorFamily('transcript');

type TranscriptKind = ErrorKind<[params?: TranscriptErrorParams, cause?: unknown]>;
const SENTENCES = new Map<ErrorKind<never[]>, { fr: Sentence; en: Sentence }>();

function transcriptKind(code: TranscriptErrorCode): TranscriptKind {
  const entry = TRANSCRIPT_MESSAGES[code];
  const kind = defineError(
    code,
    entry.status,
    (params: TranscriptErrorParams = {}, cause?: unknown) => ({
      message: entry.en(params),
      details: { ...params, messageFr: entry.fr(params) },
      cause,
    }),
    { family: transcriptProblem },
  );
  SENTENCES.set(kind as unknown as ErrorKind<never[]>, entry);
  return kind;
}

/** The kinds of the catalogue above, by code. */
export const TRANSCRIPT_KINDS = Object.fromEntries(
  TRANSCRIPT_ERROR_CODES.map((code) => [code, transcriptKind(code)]),
) as Record<TranscriptErrorCode, TranscriptKind>;

export const SchemaInvalid = TRANSCRIPT_KINDS.ETMS_E_TRANSCRIPT_SCHEMA;
/** The schema checker could not run: a passing failure, not a problem of the file. */
export const ValidatorUnavailable = TRANSCRIPT_KINDS.ETMS_E_TRANSCRIPT_VALIDATOR;
export const RecordInvalid = TRANSCRIPT_KINDS.ETMS_E_TRANSCRIPT_RECORD_INVALID;
/** Too many files waiting for the PDF checks: a passing failure, not a problem of the file. */
export const CheckBusy = TRANSCRIPT_KINDS.ETMS_E_TRANSCRIPT_CHECK_BUSY;

/** A transcript submitted for one request that names another in RequestTrackingID. */
export const TrackingMismatch = defineError(
  'ETMS_E_TRANSCRIPT_TRACKING_MISMATCH',
  422,
  (ref: string, found: string) =>
    `The transcript names request ${found || '(none)'} in RequestTrackingID, not ${ref}; build it for this request and submit again.`,
  { family: transcriptProblem },
);

/** A transcript from a school that is not one of the request's board's. */
export const TranscriptOtherBoard = defineError(
  'ETMS_E_TRANSCRIPT_OTHER_BOARD',
  422,
  (ref: string, bsid: string) =>
    `The transcript names school ${bsid || '(none)'}, which is not a school of the board of request ${ref}; send a transcript from this board's own SIS.`,
  { family: transcriptProblem },
);

/** A transcript about another student than the request describes (or the agent named). */
export const TranscriptRequestMismatch = defineError(
  'ETMS_E_TRANSCRIPT_REQUEST_MISMATCH',
  422,
  (ref: string, fields: string[]) =>
    `The transcript does not agree with request ${ref} on ${fields.join(', ')}; it was not sent. Staff can review the request and choose the student (a pin).`,
  { family: transcriptProblem },
);

/** A transcript marked as for the student staff chose, on a request not pinned to that student. */
export const TranscriptPinMismatch = defineError(
  'ETMS_E_TRANSCRIPT_PIN_MISMATCH',
  422,
  (ref: string, student: string) =>
    `The transcript is marked as for the student staff chose, but request ${ref} is not pinned to student ${student.slice(0, 30) || '(none)'}; match the request again.`,
  { family: transcriptProblem },
);

/** Builds the EtmsError for a transcript code; its message is English, details keep the parameters. */
export function transcriptError(
  code: TranscriptErrorCode,
  params: TranscriptErrorParams = {},
  cause?: unknown,
): EtmsError {
  return TRANSCRIPT_KINDS[code](params, cause);
}

/** The French sentence of a transcript error (falls back to the error's own message). */
export function messageFr(error: EtmsError): string {
  const sentences = SENTENCES.get(error.kind);
  return sentences ? sentences.fr((error.details ?? {}) as TranscriptErrorParams) : error.message;
}

/** The English sentence of a transcript error. */
export function messageEn(error: EtmsError): string {
  const sentences = SENTENCES.get(error.kind);
  return sentences ? sentences.en((error.details ?? {}) as TranscriptErrorParams) : error.message;
}

/** Every problem of an error, one line each, in the language asked (schema errors list all of them). */
export function problemLines(error: EtmsError, lang: Lang = 'en'): string[] {
  const problems = (error.details?.problems ?? []) as SchemaProblem[];
  if (SchemaInvalid.is(error) && problems.length > 0) return problems.map((p) => problemLine(p, lang));
  return [lang === 'fr' ? messageFr(error) : messageEn(error)];
}

/** A PDF the upload check cannot measure: refused, since what is not measured is not sent. */
export function pdfUncheckable(reason: string, reasonFr: string): Error {
  return transcriptError('ETMS_E_TRANSCRIPT_PDF_UNCHECKABLE', { reason, reasonFr });
}
