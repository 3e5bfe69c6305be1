/**
 * Notification settings (« Avis sommaires – Configuration »): one configuration per school or per
 * board. The form is parsed and checked here; nothing is stored until saveNotificationSettings is
 * called (the guide's « Soumettre »). « Effacer » only empties the form: the page shows
 * emptyNotificationSettings() and the stored configuration stays as it was until submitted.
 */
import { EventEmitter } from 'node:events';
import { IANAZone } from 'luxon';
import type { Store } from '../store/index.js';
import type { NotificationValues, StoredNotificationSettings } from '../store/notification-settings.js';
import { isEmailAddress } from './address.js';
import { fr } from '../text/typography.js';
import { NotificationScopeInvalid } from './errors.js';

export type NotificationScope = { schoolId: number } | { boardId: number };

/** What a person sets in the form (« Avis sommaires – Configuration »). */
export type NotificationSettingsInput = NotificationValues;

export interface NotificationSettings extends StoredNotificationSettings {
  /** False when nothing was ever saved for this scope (the values are the defaults). */
  saved: boolean;
}

export interface FieldError {
  field: string;
  fr: string;
  en: string;
}

export type FormValue = string | string[] | undefined;
export type ParsedForm = { ok: true; value: NotificationSettingsInput } | { ok: false; errors: FieldError[] };

export const DEFAULT_TIME_ZONE = 'America/Toronto';
export const MAX_EMAILS = 50;
/** A year of business days: a larger threshold would never fire. */
export const MAX_THRESHOLD_HOURS = 8 * 260;

/** Time zones offered in the form (Canada); any valid IANA name is accepted. */
export const TIME_ZONES: Array<{ id: string; fr: string; en: string }> = [
  { id: 'America/Toronto', fr: 'Heure de l’Est (Toronto)', en: 'Eastern Time (Toronto)' },
  { id: 'America/Winnipeg', fr: 'Heure du Centre (Winnipeg)', en: 'Central Time (Winnipeg)' },
  {
    id: 'America/Regina',
    fr: 'Heure du Centre, sans heure avancée (Regina)',
    en: 'Central Standard Time (Regina)',
  },
  { id: 'America/Edmonton', fr: 'Heure des Rocheuses (Edmonton)', en: 'Mountain Time (Edmonton)' },
  { id: 'America/Vancouver', fr: 'Heure du Pacifique (Vancouver)', en: 'Pacific Time (Vancouver)' },
  { id: 'America/Halifax', fr: 'Heure de l’Atlantique (Halifax)', en: 'Atlantic Time (Halifax)' },
  { id: 'America/St_Johns', fr: 'Heure de Terre-Neuve (St. John’s)', en: 'Newfoundland Time (St. John’s)' },
  { id: 'UTC', fr: 'Temps universel coordonné (UTC)', en: 'Coordinated Universal Time (UTC)' },
];

/** Saved settings announce themselves so a running scheduler reloads that scope at once. */
export const settingsEvents = new EventEmitter();

export function scopeKeyOf(scope: NotificationScope): string {
  if (scope && 'schoolId' in scope && Number.isInteger(scope.schoolId)) return `school:${scope.schoolId}`;
  if (scope && 'boardId' in scope && Number.isInteger(scope.boardId)) return `board:${scope.boardId}`;
  throw NotificationScopeInvalid(JSON.stringify(scope));
}

/** What « Effacer » shows: every field empty and notifications off (saved only on « Soumettre »). */
export function emptyNotificationSettings(): NotificationSettingsInput {
  return {
    enabled: false,
    includeAutoCompleted: false,
    days: [],
    hour: 8,
    timeZone: DEFAULT_TIME_ZONE,
    emails: [],
    pendingThresholdHours: null,
    notifyEachPending: false,
  };
}

const one = (v: FormValue): string => (Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? '')).trim();
const many = (v: FormValue): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
const checked = (v: FormValue): boolean => ['on', 'true', '1', 'yes', 'oui'].includes(one(v).toLowerCase());

/** « 8 », « 08:00 », « 8:00 a.m. », « 2 pm », « 14:00 » → 0–23; null when not an hour on the hour. */
export function parseHour(text: string): number | null {
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(?:([ap])\.?\s*m\.?)?$/i.exec(text.trim());
  if (!m) return null;
  let hour = Number(m[1]);
  if (m[2] !== undefined && m[2] !== '00') return null;
  const half = m[3]?.toLowerCase();
  if (half) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half === 'p' ? 12 : 0);
  }
  return hour >= 0 && hour <= 23 ? hour : null;
}

export function isTimeZone(name: string): boolean {
  return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name) && IANAZone.isValidZone(name);
}

export function parseNotificationForm(form: Record<string, FormValue>): ParsedForm {
  const errors: FieldError[] = [];
  const value = emptyNotificationSettings();
  value.enabled = checked(form.enabled);
  value.includeAutoCompleted = checked(form.includeAutoCompleted);
  value.notifyEachPending = checked(form.notifyEachPending);

  const days = new Set<number>();
  for (const raw of many(form.days)) {
    if (/^[0-6]$/.test(raw)) days.add(Number(raw));
    else
      errors.push({
        field: 'days',
        fr: fr`« ${raw} » n'est pas un jour de la semaine (0 = dimanche … 6 = samedi).`,
        en: `"${raw}" is not a day of the week (0 = Sunday … 6 = Saturday).`,
      });
  }
  value.days = [...days].sort((a, b) => a - b);

  const hourText = one(form.hour);
  if (hourText) {
    const hour = parseHour(hourText);
    if (hour === null)
      errors.push({
        field: 'hour',
        fr: fr`« ${hourText} » n'est pas une heure de 0 à 23 (à l'heure juste).`,
        en: `"${hourText}" is not an hour from 0 to 23 (on the hour).`,
      });
    else value.hour = hour;
  }

  const zone = one(form.timeZone);
  if (zone) {
    if (isTimeZone(zone)) value.timeZone = zone;
    else
      errors.push({
        field: 'timeZone',
        fr: fr`« ${zone} » n'est pas un fuseau horaire connu (par exemple America/Toronto).`,
        en: `"${zone}" is not a known time zone (for example America/Toronto).`,
      });
  }

  // The guide separates addresses with « ; »; a comma or a line break is taken the same way.
  const emails: string[] = [];
  const seen = new Set<string>();
  const rawEmails = (Array.isArray(form.emails) ? form.emails.join(';') : (form.emails ?? ''))
    .split(/[;,\n\r]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const address of rawEmails) {
    if (!isEmailAddress(address)) {
      errors.push({
        field: 'emails',
        fr: fr`L'adresse « ${address} » n'est pas une adresse électronique valide.`,
        en: `"${address}" is not a valid e-mail address.`,
      });
      continue;
    }
    if (seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    emails.push(address);
  }
  if (emails.length > MAX_EMAILS)
    errors.push({
      field: 'emails',
      fr: `Au plus ${MAX_EMAILS} adresses.`,
      en: `At most ${MAX_EMAILS} addresses.`,
    });
  value.emails = emails;

  const thresholdText = one(form.pendingThresholdHours);
  if (thresholdText) {
    const n = Number(thresholdText);
    if (!/^\d+$/.test(thresholdText) || n < 1 || n > MAX_THRESHOLD_HOURS) {
      errors.push({
        field: 'pendingThresholdHours',
        fr: fr`Le nombre d'heures ouvrables doit être un nombre entier de 1 à ${MAX_THRESHOLD_HOURS} (8 heures = 1 jour ouvrable), et non « ${thresholdText} ».`,
        en: `The number of business hours must be a whole number from 1 to ${MAX_THRESHOLD_HOURS} (8 hours = 1 business day), not "${thresholdText}".`,
      });
    } else value.pendingThresholdHours = n;
  }

  if (
    value.notifyEachPending &&
    value.pendingThresholdHours === null &&
    !errors.some((e) => e.field === 'pendingThresholdHours')
  ) {
    errors.push({
      field: 'pendingThresholdHours',
      fr: 'Indiquez après combien d’heures ouvrables une demande en attente doit être signalée.',
      en: 'Enter after how many business hours a waiting request should be reported.',
    });
  }
  if (value.enabled) {
    if (value.emails.length === 0 && !errors.some((e) => e.field === 'emails')) {
      errors.push({
        field: 'emails',
        fr: 'Saisissez au moins une adresse électronique pour recevoir les avis.',
        en: 'Enter at least one e-mail address to receive the notices.',
      });
    }
    if (value.days.length === 0 && !value.notifyEachPending && !errors.some((e) => e.field === 'days')) {
      errors.push({
        field: 'days',
        fr: 'Sélectionnez au moins un jour d’envoi.',
        en: 'Select at least one day to send on.',
      });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, value };
}

/** The stored settings of a scope, or the defaults (saved: false) when none were ever submitted. */
export async function getNotificationSettings(
  store: Store,
  scope: NotificationScope,
): Promise<NotificationSettings> {
  const scopeKey = scopeKeyOf(scope);
  const stored = await store.notificationSettings.get(scopeKey);
  if (stored) return { ...stored, saved: true };
  return {
    ...emptyNotificationSettings(),
    scopeKey,
    schoolId: 'schoolId' in scope ? scope.schoolId : null,
    boardId: 'boardId' in scope ? scope.boardId : null,
    minute: 0,
    saved: false,
    lastSummaryAt: null,
    updatedAt: null,
    updatedBy: null,
  };
}

export async function allNotificationSettings(store: Store): Promise<NotificationSettings[]> {
  return (await store.notificationSettings.all()).map((stored) => ({ ...stored, saved: true }));
}

/** « Soumettre »: stores the configuration of the scope (one row per scope, replaced). */
export async function saveNotificationSettings(
  store: Store,
  scope: NotificationScope,
  value: NotificationSettingsInput,
  actor: string,
): Promise<NotificationSettings> {
  const scopeKey = scopeKeyOf(scope);
  const stored = await store.notificationSettings.save(
    {
      scopeKey,
      boardId: 'boardId' in scope ? scope.boardId : null,
      schoolId: 'schoolId' in scope ? scope.schoolId : null,
    },
    value,
    actor,
  );
  const saved: NotificationSettings = { ...stored, saved: true };
  settingsEvents.emit('saved', scopeKey);
  return saved;
}
