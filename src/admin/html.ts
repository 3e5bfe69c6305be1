/**
 * Server-side HTML: a tagged template that escapes every interpolated value unless it is already
 * markup built by this same template, so a name typed by an applicant can never become markup.
 */
import { escapeHtml } from '../text/escape.js';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export { escapeHtml };

type Part = SafeHtml | string | number | boolean | null | undefined | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Markup that is already safe (constant strings of this codebase only). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

export function join(parts: readonly Part[], separator: Part = ''): SafeHtml {
  return new SafeHtml(parts.map(render).join(render(separator)));
}
