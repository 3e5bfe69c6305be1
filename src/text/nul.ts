/**
 * NUL characters (U+0000): JSON, a query string or a form may carry one, XML cannot, and no
 * PostgreSQL text column can store one. Input holding one is refused where it arrives, as a bad
 * request, rather than failing in the database as a server error.
 */

/** Levels looked into: deeper than any form or exchange schema goes (the schema refuses the rest). */
const MAX_DEPTH = 32;

/** The paths of the strings holding a NUL character, at most `max`. */
export function nulPaths(value: unknown, path = '', found: string[] = [], max = 10, depth = 0): string[] {
  if (found.length >= max || depth > MAX_DEPTH) return found;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path || '(body)');
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => nulPaths(item, `${path}/${i}`, found, max, depth + 1));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) nulPaths(item, `${path}/${key}`, found, max, depth + 1);
  }
  return found;
}
