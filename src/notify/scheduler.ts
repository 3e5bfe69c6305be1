/**
 * The notification scheduler.
 * - Summary notices: one node-schedule job per enabled configuration, at its local hour on its days
 *   in its own time zone (RecurrenceRule with tz, so 08:00 stays 08:00 across daylight-saving
 *   changes). A fire queues one e-mail to the configured addresses with the dedupe key
 *   summary:<scope>:<local date>:<hour>, so two replicas or a restart never send it twice.
 * - Per-request notices: every few minutes, requests waiting on the school (action required, auto
 *   processing or upload error) that have waited the configured number of business hours (weekends,
 *   Ontario holidays and the board's closure days excluded) are named in one message per
 *   configuration and run; each request is named once per configuration (pending_notice_marks).
 * - Schedules reload when settings are saved in this process, and periodically for other replicas.
 * The outbox worker (mailer.ts) sends what is queued.
 */
import schedule from 'node-schedule';
import { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import type { NoticeScope } from '../store/notices.js';
import {
  allNotificationSettings,
  getNotificationSettings,
  settingsEvents,
  type NotificationSettings,
} from './settings.js';
import { queueEmail } from './outbox.js';
import { pendingNotice, publicBaseUrl, summaryNotice } from './templates.js';
import { waitedCutoff } from './pending.js';
import { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from './mailer.js';
import { registerApplicantEmails } from './applicant-emails.js';

type Timing = Pick<NotificationSettings, 'days' | 'hour' | 'minute' | 'timeZone'>;

export function summaryRule(settings: Timing): schedule.RecurrenceRule {
  const rule = new schedule.RecurrenceRule();
  rule.dayOfWeek = [...settings.days];
  rule.hour = settings.hour;
  rule.minute = settings.minute ?? 0;
  rule.second = 0;
  rule.tz = settings.timeZone;
  return rule;
}

/** The next `count` instants a configuration's summary fires after `after`. */
export function nextSummaryTimes(settings: Timing, after: Date, count: number): Date[] {
  const rule = summaryRule(settings);
  const out: Date[] = [];
  let cursor: Date = after;
  for (let i = 0; i < count; i++) {
    const next = rule.nextInvocationDate(cursor) as unknown as Date | null;
    if (!next) break;
    const at = new Date(next.getTime());
    out.push(at);
    cursor = at;
  }
  return out;
}

interface ScopeInfo {
  scope: NoticeScope;
  name: string;
  boardCode: string;
}

async function scopeInfo(ctx: AppContext, settings: NotificationSettings): Promise<ScopeInfo | undefined> {
  const scope: NoticeScope =
    settings.schoolId !== null ? { schoolId: settings.schoolId } : { boardId: settings.boardId ?? -1 };
  const names = await ctx.store.notices.scopeOf(scope);
  return names && { scope, ...names };
}

const recipientsOf = (settings: NotificationSettings) => settings.emails.join(', ');

/**
 * Queues the summary notice of one configuration for the fire time `at`. Returns false when it
 * was already queued for that local date and hour (another replica, a restart) or has no address.
 */
export async function queueSummaryNotice(
  ctx: AppContext,
  settings: NotificationSettings,
  at: Date,
): Promise<boolean> {
  if (!settings.enabled || settings.emails.length === 0) return false;
  const scope = await scopeInfo(ctx, settings);
  if (!scope) return false;
  const { notices } = ctx.store;
  const counts = await notices.countsByStatus(scope.scope);

  let waiting: { thresholdHours: number; count: number } | undefined;
  if (settings.pendingThresholdHours !== null) {
    const cutoff = waitedCutoff(ctx.calendar(scope.boardCode), at, settings.pendingThresholdHours);
    waiting = {
      thresholdHours: settings.pendingThresholdHours,
      count: await notices.waitingCount(scope.scope, cutoff),
    };
  }

  let autoCompleted: { count: number; since: Date; first: boolean } | undefined;
  if (settings.includeAutoCompleted) {
    // Since the last summary; the first summary looks back one day.
    const since = settings.lastSummaryAt ?? new Date(at.getTime() - 86_400_000);
    autoCompleted = {
      count: await notices.autoCompletedCount(scope.scope, since, at),
      since,
      first: settings.lastSummaryAt === null,
    };
  }

  const local = DateTime.fromJSDate(at, { zone: settings.timeZone });
  const dedupeKey = `summary:${settings.scopeKey}:${local.toISODate()}:${local.toFormat('HH')}`;
  const content = summaryNotice({
    scopeName: scope.name,
    counts,
    waiting,
    autoCompleted,
    baseUrl: publicBaseUrl(ctx),
    timeZone: settings.timeZone,
  });
  return ctx.store.db.transaction(async (tx) => {
    const queued = await queueEmail(
      ctx.store,
      {
        kind: 'SUMMARY',
        recipient: recipientsOf(settings),
        language: 'fr',
        content,
        dedupeKey,
        scopeKey: settings.scopeKey,
        notBefore: at,
      },
      tx,
    );
    if (queued) await ctx.store.notificationSettings.markSummaryQueued(settings.scopeKey, at, tx);
    return queued;
  });
}

/** Per-request notices of one configuration; returns how many were queued. */
export async function queuePendingNotices(
  ctx: AppContext,
  settings: NotificationSettings,
  now: Date,
  limit = 200,
): Promise<number> {
  if (
    !settings.enabled ||
    !settings.notifyEachPending ||
    settings.pendingThresholdHours === null ||
    settings.emails.length === 0
  )
    return 0;
  const scope = await scopeInfo(ctx, settings);
  if (!scope) return 0;
  const calendar = ctx.calendar(scope.boardCode);
  const cutoff = waitedCutoff(calendar, now, settings.pendingThresholdHours);
  const rows = await ctx.store.notices.waitingWithoutNotice(scope.scope, cutoff, settings.scopeKey, limit);
  if (rows.length === 0) return 0;
  // One message per configuration (its recipients) and run, naming every request that reached the
  // threshold since the last run; the marks keep each request from being named twice.
  const content = pendingNotice({
    items: rows.map((row) => ({
      referenceNumber: row.referenceNumber,
      status: row.status,
      waitedHours: calendar.businessHoursBetween(row.receivedAt, now),
    })),
    thresholdHours: settings.pendingThresholdHours,
    baseUrl: publicBaseUrl(ctx),
  });
  const dedupeKey = `pending:${settings.scopeKey}:${now.toISOString()}`;
  try {
    return await ctx.store.db.transaction(async (tx) => {
      const ok = await queueEmail(
        ctx.store,
        {
          kind: 'PENDING',
          recipient: recipientsOf(settings),
          language: 'fr',
          content,
          dedupeKey,
          requestId: rows.length === 1 ? rows[0].id : null,
          scopeKey: settings.scopeKey,
          notBefore: now,
        },
        tx,
      );
      if (!ok) return 0;
      await ctx.store.notices.markNoticed(
        rows.map((r) => r.id),
        settings.scopeKey,
        dedupeKey,
        tx,
      );
      return rows.length;
    });
  } catch (error) {
    // Another replica named these requests first (same marks): nothing more to send.
    if ((error as { code?: string }).code === '23505') return 0;
    throw error;
  }
}

export interface NotificationsOptions {
  /** Minutes between two checks for requests waiting past their threshold (default 15). */
  pendingCheckMinutes?: number;
  /** Minutes between two reloads of every configuration (other replicas' changes; default 5). */
  reloadMinutes?: number;
  /** Start the outbox worker (default true). */
  outbox?: boolean;
  outboxOptions?: OutboxWorkerOptions;
}

export interface Notifications {
  stop(): Promise<void>;
  /** Reloads one configuration's schedule (after it was saved). */
  reschedule(scopeKey: string): Promise<void>;
  /** Reloads every configuration. */
  reload(): Promise<void>;
  /** Runs the per-request check now; returns the notices queued. */
  checkPending(now?: Date): Promise<number>;
  /** The instants each configured summary fires next. */
  nextFires(): Map<string, Date | null>;
  readonly outbox?: OutboxWorker;
}

export async function startNotifications(
  ctx: AppContext,
  options: NotificationsOptions = {},
): Promise<Notifications> {
  registerApplicantEmails(ctx);
  const jobs = new Map<string, { job: schedule.Job; signature: string }>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;

  const signatureOf = (s: NotificationSettings) =>
    JSON.stringify([s.enabled, s.days, s.hour, s.minute, s.timeZone, s.emails.length > 0]);

  function apply(settings: NotificationSettings): void {
    const current = jobs.get(settings.scopeKey);
    const wanted = settings.enabled && settings.days.length > 0 && settings.emails.length > 0;
    const signature = signatureOf(settings);
    if (current && (!wanted || current.signature !== signature)) {
      current.job.cancel();
      jobs.delete(settings.scopeKey);
    }
    if (!wanted || jobs.has(settings.scopeKey) || stopped) return;
    const scopeKey = settings.scopeKey;
    const job = schedule.scheduleJob(`summary ${scopeKey}`, summaryRule(settings), (fireDate: Date) => {
      void fire(scopeKey, fireDate ?? new Date());
    });
    if (job) jobs.set(scopeKey, { job, signature });
  }

  async function fire(scopeKey: string, at: Date): Promise<void> {
    try {
      const [scopeType, id] = scopeKey.split(':');
      const settings = await getNotificationSettings(
        ctx.store,
        scopeType === 'school' ? { schoolId: Number(id) } : { boardId: Number(id) },
      );
      const queued = await queueSummaryNotice(ctx, settings, at);
      ctx.log.info({ scopeKey, queued }, 'Summary notice fired.');
    } catch (error) {
      ctx.log.error(
        { scopeKey, err: { message: (error as Error).message } },
        'The summary notice could not be queued.',
      );
    }
  }

  async function reload(): Promise<void> {
    const all = await allNotificationSettings(ctx.store);
    const keys = new Set(all.map((s) => s.scopeKey));
    for (const [key, entry] of jobs) {
      if (!keys.has(key)) {
        entry.job.cancel();
        jobs.delete(key);
      }
    }
    for (const settings of all) apply(settings);
  }

  async function reschedule(scopeKey: string): Promise<void> {
    const [scopeType, id] = scopeKey.split(':');
    if ((scopeType !== 'school' && scopeType !== 'board') || !/^\d+$/.test(id ?? '')) return;
    apply(
      await getNotificationSettings(
        ctx.store,
        scopeType === 'school' ? { schoolId: Number(id) } : { boardId: Number(id) },
      ),
    );
  }

  async function checkPending(now: Date = ctx.clock()): Promise<number> {
    let queued = 0;
    for (const settings of await allNotificationSettings(ctx.store)) {
      try {
        queued += await queuePendingNotices(ctx, settings, now);
      } catch (error) {
        ctx.log.error(
          { scopeKey: settings.scopeKey, err: { message: (error as Error).message } },
          'Checking waiting requests failed for one configuration.',
        );
      }
    }
    return queued;
  }

  const onSaved = (scopeKey: string) => {
    reschedule(scopeKey).catch((error) =>
      ctx.log.error({ scopeKey, err: { message: (error as Error).message } }, 'Rescheduling notices failed.'),
    );
  };
  settingsEvents.on('saved', onSaved);

  await reload();
  const every = (minutes: number, fn: () => Promise<unknown>) => {
    const timer = setInterval(() => {
      fn().catch((error) =>
        ctx.log.error(
          { err: { message: (error as Error).message } },
          'A notification task failed; it runs again later.',
        ),
      );
    }, minutes * 60_000);
    timer.unref?.();
    timers.push(timer);
  };
  every(options.reloadMinutes ?? 5, reload);
  every(options.pendingCheckMinutes ?? 15, () => checkPending());
  void checkPending().catch(() => undefined);

  const outbox = options.outbox === false ? undefined : createOutboxWorker(ctx, options.outboxOptions);
  outbox?.start();

  return {
    outbox,
    reschedule,
    reload,
    checkPending,
    nextFires() {
      return new Map(
        [...jobs].map(([key, { job }]) => {
          const next = job.nextInvocation() as Date | null;
          return [key, next ? new Date(next.getTime()) : null];
        }),
      );
    },
    async stop() {
      stopped = true;
      settingsEvents.off('saved', onSaved);
      for (const timer of timers) clearInterval(timer);
      for (const { job } of jobs.values()) job.cancel();
      jobs.clear();
      await outbox?.stop();
    },
  };
}
