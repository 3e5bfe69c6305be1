/** Scope and date-range filters shared by the report queries; values always go in as parameters. */
import { DateTime } from 'luxon';
import type { Scope } from '../store/index.js';
import { InvalidReportRange } from './errors.js';

export class Filter {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];
  add(sql: (p: string) => string, value: unknown): void {
    this.params.push(value);
    this.clauses.push(sql(`$${this.params.length}`));
  }
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
  get where(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

export function checkRange(from: string, to: string): { from: string; to: string } {
  const a = DateTime.fromISO(from ?? '', { zone: 'utc' });
  const b = DateTime.fromISO(to ?? '', { zone: 'utc' });
  const shape = /^\d{4}-\d{2}-\d{2}$/;
  if (!shape.test(from ?? '') || !shape.test(to ?? '') || !a.isValid || !b.isValid || a > b)
    throw InvalidReportRange(String(from), String(to));
  return { from, to };
}

/** Requests of the scope whose payment date (requested_at) falls in the inclusive range. */
export function reportFilter(scope: Scope, from: string, to: string): Filter {
  const range = checkRange(from, to);
  const filter = new Filter();
  if ('schoolId' in scope) filter.add((p) => `r.school_id = ${p}`, scope.schoolId);
  else if ('boardId' in scope) filter.add((p) => `r.board_id = ${p}`, scope.boardId);
  filter.add((p) => `r.requested_at >= ${p}::date`, range.from);
  filter.add((p) => `r.requested_at <= ${p}::date`, range.to);
  return filter;
}
