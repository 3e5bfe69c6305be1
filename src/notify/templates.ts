/**
 * E-mail texts. Applicant e-mails go out in the applicant's language and carry no personal data
 * beyond the first name and the reference number. Staff notices are bilingual (French first), as
 * the settings have no language of their own, and name requests only by reference number.
 */
import type { AppContext } from '../context.js';
import type { Lang } from '../domain/lang.js';
import { escapeHtml } from '../text/escape.js';
import { fr, frenchTypography } from '../text/typography.js';
import type { Origin } from '../domain/request.js';
import { STATUS_CATALOGUE, TAB_LABELS, type Status, type Tab } from '../domain/status.js';

export type { Lang } from '../domain/lang.js';
export type ApplicantEmailKind =
  'STUDENT_NOT_FOUND' | 'NO_ACADEMIC_DATA' | 'ON_HOLD_FINANCIAL' | 'PAPER_SENT';
export const APPLICANT_EMAIL_KINDS: readonly ApplicantEmailKind[] = [
  'STUDENT_NOT_FOUND',
  'NO_ACADEMIC_DATA',
  'ON_HOLD_FINANCIAL',
  'PAPER_SENT',
];

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** Paragraphs to text and to a simple HTML page; links are written out in full in both. */
function render(subject: string, paragraphs: string[], lang: Lang): EmailContent {
  const text = paragraphs.join('\n\n') + '\n';
  const body = paragraphs
    .map(
      (p) =>
        `<p>${escapeHtml(p)
          .replace(/(https?:\/\/[^\s<]+)/g, (url) => `<a href="${url}">${url}</a>`)
          .replace(/\n/g, '<br>')}</p>`,
    )
    .join('\n');
  const html = `<!DOCTYPE html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>\n<body style="font-family: Arial, sans-serif; font-size: 14px; line-height: 1.4">\n${body}\n</body></html>\n`;
  return { subject, text, html };
}

/**
 * A first name fit for a greeting: one line, short, no markup characters, and never a link: a
 * zero-width space after each ':' and before each '.' and '@' keeps this renderer and mail clients'
 * own autolinking from turning a "name" such as http://evil.example into something to click.
 */
function greetingName(firstName: string | null): string {
  const clean = (firstName ?? '')
    .replace(/[\r\n<>]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60);
  return clean.replace(/:/g, ':\u200B').replace(/([.@])/g, '\u200B$1');
}

const APPLICANT_TEXT: Record<
  ApplicantEmailKind,
  Record<Lang, { subject: string; body: (origin: Origin) => string[] }>
> = {
  STUDENT_NOT_FOUND: {
    fr: {
      subject: 'Dossier introuvable',
      body: () => [
        "Votre conseil scolaire ou votre école secondaire n'a pas pu trouver votre dossier dans son système d'information sur les élèves. Votre relevé de notes n'a donc pas pu être envoyé.",
        'Veuillez communiquer avec votre conseil scolaire ou votre école secondaire pour qu’on retrouve votre dossier et que votre demande puisse être traitée.',
      ],
    },
    en: {
      subject: 'Record not found',
      body: () => [
        'Your school board or secondary school could not find your record in its student information system, so your transcript could not be sent.',
        'Please contact your school board or secondary school so that your record can be found and your request processed.',
      ],
    },
  },
  NO_ACADEMIC_DATA: {
    fr: {
      subject: 'Aucune donnée scolaire',
      body: () => [
        "Votre conseil scolaire ou votre école secondaire a trouvé votre dossier, mais aucune donnée scolaire n'est disponible pour l'envoi (par exemple si vous étiez seulement préinscrit(e), si vous avez changé d'école ou si votre dossier a été transféré).",
        'Veuillez communiquer avec la dernière école secondaire que vous avez fréquentée, ou mettre à jour votre demande.',
      ],
    },
    en: {
      subject: 'No academic data',
      body: () => [
        'Your school board or secondary school found your record, but no academic data is available to send (for example if you were only pre-registered, changed schools or your record was transferred).',
        'Please contact the secondary school you last attended, or update your application.',
      ],
    },
  },
  ON_HOLD_FINANCIAL: {
    fr: {
      subject: 'Demande en attente : droits impayés',
      body: () => [
        'Votre demande de relevé de notes est en attente : des droits sont impayés auprès de votre conseil scolaire ou de votre école secondaire. Elle ne sera pas traitée tant que ce paiement restera en suspens.',
        'Veuillez communiquer avec votre conseil scolaire ou votre école secondaire pour régler les droits impayés ; votre demande pourra ensuite être traitée.',
      ],
    },
    en: {
      subject: 'Request on hold: outstanding fees',
      body: () => [
        'Your transcript request is on hold because fees are owed to your school board or secondary school. It will not be processed while this payment is outstanding.',
        'Please contact your school board or secondary school to pay the outstanding fees; your request can then be processed.',
      ],
    },
  },
  PAPER_SENT: {
    fr: {
      subject: 'Relevé de notes papier envoyé',
      body: (origin) => [
        `Votre relevé de notes n'existe qu'en format papier. Votre conseil scolaire ou votre école secondaire en a envoyé une copie papier à ${origin}, qui la transmettra aux établissements que vous avez choisis.`,
        "Vous n'avez rien d'autre à faire pour cette demande.",
      ],
    },
    en: {
      subject: 'Paper transcript sent',
      body: (origin) => [
        `Your transcript is only available on paper. Your school board or secondary school has sent a paper copy to ${origin}, which will forward it to the institutions you chose.`,
        'There is nothing more you need to do for this request.',
      ],
    },
  },
};

/** Who the applicant deals with: the school and board by name, and the board's contact. */
export interface ApplicantSender {
  schoolName: string;
  boardName: string;
  /** Telephone, e-mail or web page the board set; absent: the e-mail says to contact the school. */
  contact?: string | null;
}

function senderParagraph(sender: ApplicantSender | undefined, lang: Lang): string[] {
  if (!sender) return [];
  const contact = sender.contact?.replace(/\s+/g, ' ').trim().slice(0, 300);
  if (lang === 'fr')
    return [
      fr`École secondaire : ${sender.schoolName}\nConseil scolaire : ${sender.boardName}` +
        (contact ? fr`\nPour joindre le conseil : ${contact}` : ''),
    ];
  return [
    `Secondary school: ${sender.schoolName}\nSchool board: ${sender.boardName}` +
      (contact ? `\nTo reach the board: ${contact}` : ''),
  ];
}

export function applicantEmail(
  kind: ApplicantEmailKind,
  data: { firstName: string | null; referenceNumber: string; origin: Origin },
  lang: Lang,
  sender?: ApplicantSender,
): EmailContent {
  const text = APPLICANT_TEXT[kind][lang];
  // The French sentences follow French typography; the origin put in is a code (OCAS, OUAC).
  const t =
    lang === 'fr'
      ? {
          subject: frenchTypography(text.subject),
          body: (origin: Origin) => text.body(origin).map(frenchTypography),
        }
      : text;
  const name = greetingName(data.firstName);
  const greeting =
    lang === 'fr' ? (name ? `Bonjour ${name},` : 'Bonjour,') : name ? `Hello ${name},` : 'Hello,';
  const about =
    lang === 'fr'
      ? `Ce message concerne votre demande de relevé de notes numéro ${data.referenceNumber}.`
      : `This message is about your transcript request number ${data.referenceNumber}.`;
  const footer =
    lang === 'fr'
      ? frenchTypography('Ce message est envoyé automatiquement ; veuillez ne pas y répondre.')
      : 'This message was sent automatically; please do not reply.';
  return render(
    `${t.subject} – ${data.referenceNumber}`,
    [greeting, about, ...t.body(data.origin), ...senderParagraph(sender, lang), footer],
    lang,
  );
}

/** Where e-mails point people: the configured public address, else this host's port. */
export function publicBaseUrl(ctx: Pick<AppContext, 'config'>): string {
  const base = ctx.config.http.publicUrl ?? `http://localhost:${ctx.config.http.port}`;
  return base.replace(/\/+$/, '');
}

/** Paths of the admin pages the notices link to. */
export const ADMIN_PATHS = {
  tab: (tab: Tab) => `/demandes?tab=${tab}`,
  request: (reference: string) => `/demandes/${encodeURIComponent(reference)}`,
};

export interface SummaryNoticeData {
  scopeName: string;
  /** Pending requests per status, for the tabs À traiter, Incomplet and En cours. */
  counts: Partial<Record<Status, number>>;
  /** When a threshold is set: how many wait in À traiter / Incomplet for at least that many business hours. */
  waiting?: { thresholdHours: number; count: number };
  /** When includeAutoCompleted: requests completed by Auto-eTMS since the last summary. */
  /** `first`: no summary was sent before, so « since the last notice » would not be true. */
  autoCompleted?: { count: number; since: Date; first?: boolean };
  baseUrl: string;
  timeZone: string;
}

/** French puts a non-breaking space before the colon. */
const colon = (lang: Lang) => (lang === 'fr' ? '\u00a0: ' : ': ');

const PENDING_TABS: Tab[] = ['TO_PROCESS', 'INCOMPLETE', 'IN_PROGRESS'];

function dateTime(at: Date, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(at);
}

export function summaryNotice(data: SummaryNoticeData): EmailContent {
  const part = (lang: Lang): string[] => {
    const lines: string[] = [];
    lines.push(
      lang === 'fr' ? `Avis sommaire SGÉRN – ${data.scopeName}` : `eTMS summary notice – ${data.scopeName}`,
    );
    const tabLines: string[] = [];
    for (const tab of PENDING_TABS) {
      const statuses = (Object.keys(STATUS_CATALOGUE) as Status[]).filter(
        (s) => STATUS_CATALOGUE[s].tab === tab,
      );
      const total = statuses.reduce((sum, s) => sum + (data.counts[s] ?? 0), 0);
      tabLines.push(`${TAB_LABELS[tab][lang]}${colon(lang)}${total}  ${data.baseUrl}${ADMIN_PATHS.tab(tab)}`);
      if (statuses.length > 1)
        for (const s of statuses)
          tabLines.push(`  – ${STATUS_CATALOGUE[s][lang]}${colon(lang)}${data.counts[s] ?? 0}`);
    }
    lines.push(
      (lang === 'fr' ? fr`Demandes en attente de traitement :\n` : 'Requests waiting to be processed:\n') +
        tabLines.join('\n'),
    );
    if (data.waiting) {
      lines.push(
        lang === 'fr'
          ? fr`Demandes à traiter ou incomplètes en attente depuis ${data.waiting.thresholdHours} heures ouvrables ou plus : ${data.waiting.count}`
          : `Requests to process or incomplete waiting ${data.waiting.thresholdHours} business hours or more: ${data.waiting.count}`,
      );
    }
    if (data.autoCompleted) {
      const since = dateTime(data.autoCompleted.since, data.timeZone, lang);
      lines.push(
        lang === 'fr'
          ? `Demandes remplies par Auto-SGÉRN ${data.autoCompleted.first ? 'au cours des dernières 24 heures, depuis le' : 'depuis le dernier avis, du'} ${since}\u00a0: ${data.autoCompleted.count}  ${data.baseUrl}${ADMIN_PATHS.tab('COMPLETED')}`
          : `Requests completed by Auto-eTMS ${data.autoCompleted.first ? 'in the last 24 hours, since' : 'since the last notice, of'} ${since}: ${data.autoCompleted.count}  ${data.baseUrl}${ADMIN_PATHS.tab('COMPLETED')}`,
      );
    }
    return lines;
  };
  const note =
    'Ce message est envoyé automatiquement selon les réglages de la page Avis. / This message is sent automatically according to the settings of the Notifications page.';
  return render(
    `SGÉRN – Avis sommaire / eTMS – Summary notice – ${data.scopeName}`,
    [...part('fr'), '—', ...part('en'), note],
    'fr',
  );
}

export interface PendingNoticeData {
  items: Array<{ referenceNumber: string; status: Status; waitedHours: number }>;
  thresholdHours: number;
  baseUrl: string;
}

export function pendingNotice(data: PendingNoticeData): EmailContent {
  const n = data.items.length;
  const line = (lang: Lang) =>
    data.items
      .map((item) => {
        const hours = Math.floor(item.waitedHours);
        const link = `${data.baseUrl}${ADMIN_PATHS.request(item.referenceNumber)}`;
        return lang === 'fr'
          ? `– ${item.referenceNumber} (${STATUS_CATALOGUE[item.status].fr}), ${hours} heures ouvrables\n  ${link}`
          : `– ${item.referenceNumber} (${STATUS_CATALOGUE[item.status].en}), ${hours} business hours\n  ${link}`;
      })
      .join('\n');
  const subject =
    n === 1
      ? `SGÉRN – Demande en attente / eTMS – Request waiting – ${data.items[0].referenceNumber}`
      : `SGÉRN – ${n} demandes en attente / eTMS – ${n} requests waiting`;
  return render(
    subject,
    [
      (n === 1
        ? `Cette demande attend d’être traitée par l’école depuis ${data.thresholdHours} heures ouvrables ou plus (seuil\u00a0: ${data.thresholdHours})\u00a0:\n`
        : `Ces ${n} demandes attendent d’être traitées par l’école depuis ${data.thresholdHours} heures ouvrables ou plus (seuil\u00a0: ${data.thresholdHours})\u00a0:\n`) +
        line('fr'),
      (n === 1
        ? `This request has been waiting on the school ${data.thresholdHours} business hours or more (threshold: ${data.thresholdHours}):\n`
        : `These ${n} requests have been waiting on the school ${data.thresholdHours} business hours or more (threshold: ${data.thresholdHours}):\n`) +
        line('en'),
      'Ce message est envoyé automatiquement selon les réglages de la page Avis. / This message is sent automatically according to the settings of the Notifications page.',
    ],
    'fr',
  );
}
