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

export interface Store {
  db: Db;
  requests: RequestRepository;
  organisations: OrganisationRepository;
  users: UserRepository;
  transcripts: TranscriptRepository;
  leases: LeaseRepository;
  deliveries: DeliveryRepository;
  pendingUploads: PendingUploadRepository;
  close(): Promise<void>;
}

export function storeOver(db: Db): Store {
  return {
    db,
    requests: new RequestRepository(db),
    organisations: new OrganisationRepository(db),
    users: new UserRepository(db),
    transcripts: new TranscriptRepository(db),
    leases: new LeaseRepository(db),
    deliveries: new DeliveryRepository(db),
    pendingUploads: new PendingUploadRepository(db),
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
