/** Reading the objects fast-xml-parser returns: a missing element reads as empty, text as a string. */
export type Node = Record<string, unknown>;

export const node = (value: unknown): Node => (value && typeof value === 'object' ? (value as Node) : {});

export const str = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : String(value);
