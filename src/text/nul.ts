/**
 * NUL characters (U+0000): JSON, a query string or a form may carry one, XML cannot, and no
 * PostgreSQL text column can store one. Input holding one is refused where it arrives, as a bad
 * request, rather than failing in the database as a server error.
 */

/** Levels looked into: deeper than any form or exchange schema goes (the schema refuses the rest). */
const MAX_DEPTH = 32;

/** The paths of the strings holding a NUL character, at most `max`. */
export function nulPaths(value: unknown, max = 10): string[] {
  return stringPaths(value, (s) => s.includes('\u0000'), max);
}

/** The paths (`/field/0/name`) of the strings of `value` that `test` picks, at most `max`. */
export function stringPaths(value: unknown, test: (s: string) => boolean, max = 10): string[] {
  const found: string[] = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    if (found.length >= max || depth > MAX_DEPTH) return;
    if (typeof v === 'string') {
      if (test(v)) found.push(path || '(body)');
    } else if (Array.isArray(v)) v.forEach((item, i) => walk(item, `${path}/${i}`, depth + 1));
    else if (typeof v === 'object' && v !== null)
      for (const [key, item] of Object.entries(v)) walk(item, `${path}/${key}`, depth + 1);
  };
  walk(value, '', 0);
  return found;
}
