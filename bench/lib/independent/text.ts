/** Small text transformations shared by the record keeper and the applicant model. */

/** Letters that Unicode decomposition does not reduce to a base letter plus an accent. */
const SPECIAL: Readonly<Record<string, string>> = {
  ł: 'l',
  Ł: 'L',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
};

/** The text without accents: "Bélanger" → "Belanger", "Łukasz" → "Lukasz". */
export function stripAccents(s: string): string {
  // Plain ASCII has nothing to strip (most names): skip the Unicode work.
  if (/^[\p{ASCII}]*$/u.test(s)) return s;
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[łŁøØđĐßæÆœŒ]/g, (c) => SPECIAL[c]);
}

export function hasAccents(s: string): boolean {
  return stripAccents(s) !== s;
}

/** "jean-françois o'brien" → "Jean-François O'Brien". */
export function titleCase(s: string): string {
  return s
    .toLowerCase()
    .replace(/(^|[\s\-'’])(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase());
}
