/**
 * The names a configuration may hold, read from its zod schema: the keys known at a path, every
 * setting's path, and the nearest known setting to a mistyped one.
 */
import type { z } from 'zod';
import { nearest } from './nearest.js';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  valueType?: z.ZodType;
}

const def = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

/** Looks through optional, default, prefault, nullable and pipes to the schema of the value itself. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const d = def(current);
    if (d.innerType) current = d.innerType;
    else if (d.type === 'pipe' && d.in) current = d.in;
    else return current;
  }
}

/** The keys an object accepts at `path` (record keys in the path are free), when it refuses others. */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let current = unwrap(schema);
  for (const segment of path) {
    const d = def(current);
    if (d.type === 'object' && d.shape && typeof segment === 'string' && segment in d.shape)
      current = unwrap(d.shape[segment]);
    else if (d.type === 'record' && d.valueType) current = unwrap(d.valueType);
    else return undefined;
  }
  const d = def(current);
  if (d.type !== 'object' || !d.shape || def(d.catchall ?? current).type !== 'never') return undefined;
  return Object.keys(d.shape);
}

/** Every path to a key of a strict object in the schema (records' free keys are not followed). */
export function settingPaths(schema: z.ZodType, prefix: string[] = []): string[][] {
  const d = def(unwrap(schema));
  if (d.type !== 'object' || !d.shape) return [];
  return Object.entries(d.shape).flatMap(([key, child]) => [
    [...prefix, key],
    ...settingPaths(child, [...prefix, key]),
  ]);
}

/**
 * The setting someone most likely meant by `key` at `path`: a sibling with a close name, else a
 * setting of the same close name elsewhere (a key put in the wrong section).
 */
export function suggestSetting(
  schema: z.ZodType,
  path: readonly string[],
  key: string,
): string[] | undefined {
  const siblings = knownKeysAt(schema, path) ?? [];
  const sibling = nearest(key, siblings);
  if (sibling) return [...path, sibling];
  const all = settingPaths(schema);
  const name = nearest(
    key,
    all.map((p) => p[p.length - 1]),
  );
  return name === undefined ? undefined : all.find((p) => p[p.length - 1] === name);
}
