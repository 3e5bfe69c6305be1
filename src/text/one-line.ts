/**
 * One line of text that XML can carry: lone surrogates and U+FFFE/U+FFFF removed, control
 * characters and runs of whitespace made one space, ends trimmed, cut to `max` characters (code
 * points). Undefined when nothing is left.
 */
export function oneLineText(value: string | undefined | null, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  const clean = String(value)
    // Lone surrogates and U+FFFE/U+FFFF cannot be written in XML.
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g, '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ')
    .trim();
  if (clean === '') return undefined;
  return [...clean].slice(0, max).join('').trim();
}
