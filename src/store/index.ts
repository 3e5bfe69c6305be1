/** The central store: one Db and the repositories over it. */
import { openDb, type Db, type OpenDbOptions } from './db.js';
import { migrate } from './migrate.js';
import { RequestRepository } from './requests.js';
import { OrganisationRepository } from './organisations.js';
import { UserRepository } from './users.js';
import { TranscriptRepository } from './transcripts.js';
import { LeaseRepository } from './leases.js';
import { DeliveryRepository } from './deliveries.js';
import { PendingUploadRepository } from './pending-uploads.js';
import { SessionRepository } from './sessions.js';
import { CredentialRepository } from './credentials.js';
import { EmailRepository } from './emails.js';
import { NotificationSettingsRepository } from './notification-settings.js';
import { NoticeRepository } from './notices.js';
import { ReportRepository } from './reports.js';
import { AccountEventRepository } from './account-events.js';
import { AttemptWindowRepository } from './attempt-windows.js';
import { destinationOutcome } from '../domain/destination-outcome.js';

export interface Store {
  db: Db;
  requests: RequestRepository;
  organisations: OrganisationRepository;
  users: UserRepository;
  transcripts: TranscriptRepository;
  leases: LeaseRepository;
  deliveries: DeliveryRepository;
  pendingUploads: PendingUploadRepository;
  sessions: SessionRepository;
  credentials: CredentialRepository;
  emails: EmailRepository;
  notificationSettings: NotificationSettingsRepository;
  notices: NoticeRepository;
  reports: ReportRepository;
  accountEvents: AccountEventRepository;
  attempts: AttemptWindowRepository;
  /** Resolves when the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function storeOver(db: Db): Store {
  const requests = new RequestRepository(db);
  const deliveries = new DeliveryRepository(db);
  // A request that ends without a transcript tells its destination: the response is queued in the
  // transaction of the status change, so the two commit together or not at all.
  requests.onTransition(async ({ tx, before, after }) => {
    const outcome = destinationOutcome(before, after.status);
    if (outcome) await deliveries.createResponse(after, outcome, tx);
  });
  return {
    db,
    requests,
    organisations: new OrganisationRepository(db),
    users: new UserRepository(db),
    transcripts: new TranscriptRepository(db),
    leases: new LeaseRepository(db),
    deliveries,
    pendingUploads: new PendingUploadRepository(db),
    sessions: new SessionRepository(db),
    credentials: new CredentialRepository(db),
    emails: new EmailRepository(db),
    notificationSettings: new NotificationSettingsRepository(db),
    notices: new NoticeRepository(db),
    reports: new ReportRepository(db),
    accountEvents: new AccountEventRepository(db),
    attempts: new AttemptWindowRepository(db),
    async ping() {
      await db.query('SELECT 1');
    },
    close: () => db.close(),
  };
}

/** Opens the database, applies pending migrations and returns the repositories. */
export async function openStore(options: OpenDbOptions & { migrate?: boolean } = {}): Promise<Store> {
  const db = await openDb(options);
  if (options.migrate !== false) await migrate(db);
  return storeOver(db);
}

export type { Db } from './db.js';
export type { Scope, SortKey, SortDir, SearchCriteria, Page } from './requests.js';
