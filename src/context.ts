/**
 * What every part of a running eTMS shares: the configuration, the store, business time, the
 * logger and the clock. Built once at start (or once per test) and passed down explicitly.
 */
import type { Config } from './config.js';
import type { Store } from './store/index.js';
import type { Logger } from './log.js';
import { BusinessCalendar } from './domain/business-time.js';

export interface AppContext {
  config: Config;
  store: Store;
  log: Logger;
  /** Now, replaceable in tests. */
  clock: () => Date;
  /** Business calendar of a board (its closure days on top of Ontario's holidays). */
  calendar(boardCode?: string): BusinessCalendar;
}

export function createContext(parts: {
  config: Config;
  store: Store;
  log: Logger;
  clock?: () => Date;
}): AppContext {
  const calendars = new Map<string, BusinessCalendar>();
  const { businessTime } = parts.config;
  return {
    ...parts,
    clock: parts.clock ?? (() => new Date()),
    calendar(boardCode = '') {
      let calendar = calendars.get(boardCode);
      if (!calendar) {
        calendar = new BusinessCalendar({
          timeZone: businessTime.timeZone,
          closureDays: businessTime.closureDays[boardCode] ?? [],
        });
        calendars.set(boardCode, calendar);
      }
      return calendar;
    },
  };
}
