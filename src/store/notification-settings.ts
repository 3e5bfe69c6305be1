/** Notification settings as stored: one row per school or board (its scope key), replaced on save. */
import type { Db, Queryable, Row } from './db.js';
import { read } from './row.js';

/** What a person sets in the notification form (see src/notify/settings.ts). */
export interface NotificationValues {
  /** « Activer l'envoi d'avis sommaires ». */
  enabled: boolean;
  /** « Aviser des demandes de relevés de notes remplies par Auto-SGÉRN » (the guide’s « Avertissez demandes de transcription remplies »): the summary counts Auto-eTMS completions. */
  includeAutoCompleted: boolean;
  /** Days the summary is sent, 0 = Sunday … 6 = Saturday. */
  days: number[];
  /** Local hour (0–23) the summary is sent at, on the hour. */
  hour: number;
  /** IANA time zone of that hour. */
  timeZone: string;
  emails: string[];
  /** Business hours a request may wait in À traiter / Incomplet before a notice (8 = one business day); null: none. */
  pendingThresholdHours: number | null;
  /** One notice per request that has waited that long. */
  notifyEachPending: boolean;
}

export interface StoredNotificationSettings extends NotificationValues {
  scopeKey: string;
  schoolId: number | null;
  boardId: number | null;
  minute: number;
  lastSummaryAt: Date | null;
  updatedAt: Date | null;
  updatedBy: string | null;
}

const numbers = (value: unknown): number[] => (Array.isArray(value) ? value.map(Number) : []);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

function toSettings(row: Row): StoredNotificationSettings {
  const r = read(row);
  return {
    scopeKey: r.text('scope_key'),
    schoolId: r.intOrNull('school_id'),
    boardId: r.intOrNull('board_id'),
    enabled: r.bool('enabled'),
    includeAutoCompleted: r.bool('include_auto_completed'),
    days: numbers(row.days),
    hour: r.int('hour'),
    minute: r.int('minute'),
    timeZone: r.text('time_zone'),
    emails: texts(row.emails),
    pendingThresholdHours: r.intOrNull('pending_threshold_hours'),
    notifyEachPending: r.bool('notify_each_pending'),
    lastSummaryAt: r.timeOrNull('last_summary_at'),
    updatedAt: r.timeOrNull('updated_at'),
    updatedBy: r.textOrNull('updated_by'),
  };
}

export class NotificationSettingsRepository {
  constructor(private readonly db: Db) {}

  async get(scopeKey: string): Promise<StoredNotificationSettings | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM notification_settings WHERE scope_key = $1', [
      scopeKey,
    ]);
    return rows[0] ? toSettings(rows[0]) : undefined;
  }

  async all(): Promise<StoredNotificationSettings[]> {
    const { rows } = await this.db.query<Row>('SELECT * FROM notification_settings ORDER BY scope_key');
    return rows.map(toSettings);
  }

  async save(
    scope: { scopeKey: string; schoolId: number | null; boardId: number | null },
    value: NotificationValues,
    actor: string,
  ): Promise<StoredNotificationSettings> {
    const { rows } = await this.db.query<Row>(
      `INSERT INTO notification_settings (board_id, school_id, scope_key, enabled, include_auto_completed, days, hour, minute,
         time_zone, emails, pending_threshold_hours, notify_each_pending, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6::smallint[], $7, 0, $8, $9::text[], $10, $11, now(), $12)
       ON CONFLICT (scope_key) DO UPDATE SET enabled = EXCLUDED.enabled, include_auto_completed = EXCLUDED.include_auto_completed,
         days = EXCLUDED.days, hour = EXCLUDED.hour, minute = EXCLUDED.minute, time_zone = EXCLUDED.time_zone,
         emails = EXCLUDED.emails, pending_threshold_hours = EXCLUDED.pending_threshold_hours,
         notify_each_pending = EXCLUDED.notify_each_pending, updated_at = now(), updated_by = EXCLUDED.updated_by
       RETURNING *`,
      [
        scope.boardId,
        scope.schoolId,
        scope.scopeKey,
        value.enabled,
        value.includeAutoCompleted,
        value.days,
        value.hour,
        value.timeZone,
        value.emails,
        value.pendingThresholdHours,
        value.notifyEachPending,
        actor,
      ],
    );
    return toSettings(rows[0]);
  }

  /** Records when the scope's summary was last queued (in the caller's transaction). */
  async markSummaryQueued(scopeKey: string, at: Date, q: Queryable = this.db): Promise<void> {
    await q.query('UPDATE notification_settings SET last_summary_at = $2 WHERE scope_key = $1', [
      scopeKey,
      at,
    ]);
  }
}
