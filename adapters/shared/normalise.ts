/**
 * Name normalisation on the SIS side, the same rules the matcher applies to request keys:
 * NFD, accents stripped, upper case, apostrophes removed, hyphens and other punctuation to spaces,
 * whitespace collapsed. Kept here so the adapters do not depend on the matcher's internals.
 */
export function normaliseName(value: string | undefined | null): string {
  if (!value) return '';
  return value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßẞ]/g, 'SS')
    .replace(/[Ææ]/g, 'AE')
    .replace(/[Œœ]/g, 'OE')
    .replace(/[Øø]/g, 'O')
    .replace(/[Łł]/g, 'L')
    .toUpperCase()
    .replace(/['’‘`´ʼ]/g, '')
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

const PLAIN_WORD = /^[A-Za-z]+$/;

/**
 * The keys a name is found by: the whole normalised name and, for a multi-part or hyphenated
 * name, each part and the parts run together ("VAN DER BERG" → VAN DER BERG, VAN, DER, BERG, VANDERBERG;
 * "SMITH-JONES" → SMITH JONES, SMITH, JONES, SMITHJONES), since applicants type such names every way.
 */
export function nameKeys(value: string | undefined | null): string[] {
  // Most names are one plain ASCII word, which normalises to itself in upper case.
  if (value && PLAIN_WORD.test(value)) return [value.toUpperCase()];
  const whole = normaliseName(value);
  if (whole === '') return [];
  const parts = whole.split(' ');
  return parts.length === 1 ? [whole] : [...new Set([whole, ...parts, parts.join('')])];
}
