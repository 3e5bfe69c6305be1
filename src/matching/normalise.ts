/**
 * Name normalisation: what two spellings of one name have in common once case, accents,
 * apostrophes, hyphens, spacing and Saint/St are set aside. Every key the matcher compares or
 * blocks on goes through here, on both sides, so the request and the SIS agree on one alphabet:
 * upper-case ASCII letters and single spaces.
 */

/** Letters NFD does not decompose into a base letter plus a mark. */
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'SS',
  æ: 'AE',
  Æ: 'AE',
  œ: 'OE',
  Œ: 'OE',
  ø: 'O',
  Ø: 'O',
  đ: 'D',
  Đ: 'D',
  ð: 'D',
  Ð: 'D',
  ł: 'L',
  Ł: 'L',
  þ: 'TH',
  Þ: 'TH',
  ı: 'I',
  ŀ: 'L',
  Ŀ: 'L',
  ħ: 'H',
  Ħ: 'H',
};
const SPECIAL_RE = /[ßæÆœŒøØđĐðÐłŁþÞıŀĿħĦ]/g;
/** Apostrophes of every shape: they join (O'Brien → OBRIEN, D'Amour → DAMOUR). */
const APOSTROPHES_RE = /['’‘`´ʼʻ]/g;
const COMBINING_RE = /[\u0300-\u036f]/g;
const NON_LETTER_RE = /[^A-Z ]+/g;
const SPACES_RE = / +/g;
const PLAIN_WORD_RE = /^[A-Za-z]+$/;

/** Saint written short: St, Ste, St., Ste. are the same word as Saint, Sainte. */
const SAINT_WORDS: Record<string, string> = { ST: 'SAINT', STE: 'SAINTE' };

/** Upper-case ASCII, accents and apostrophes removed, hyphens and punctuation as spaces, St → SAINT. */
export function normaliseName(value: string | undefined | null): string {
  if (!value) return '';
  // Most names are one plain ASCII word: skip the Unicode work for them.
  if (PLAIN_WORD_RE.test(value)) return value.toUpperCase();
  let text = value
    .normalize('NFD')
    .replace(COMBINING_RE, '')
    .replace(SPECIAL_RE, (c) => SPECIAL_LETTERS[c] ?? c);
  text = text
    .replace(APOSTROPHES_RE, '')
    .toUpperCase()
    .replace(NON_LETTER_RE, ' ')
    .replace(SPACES_RE, ' ')
    .trim();
  if (text === '') return '';
  const words = text.split(' ');
  for (let i = 0; i < words.length; i++) {
    const saint = SAINT_WORDS[words[i]];
    // "St" alone is a name only when followed by another word (St Pierre); a bare "ST" stays.
    if (saint !== undefined && i < words.length - 1) words[i] = saint;
  }
  return words.join(' ');
}

/** The name with its spaces removed: "VAN DER BERG" and "VANDERBERG" share it. */
export function compact(normalised: string): string {
  return normalised.replace(SPACES_RE, '');
}

/** Particles that may be dropped, glued or kept in a surname: De Souza, Da Silva, Van Dyk, Le Blanc. */
export const SURNAME_PARTICLES = new Set([
  'DE',
  'DA',
  'DAS',
  'DO',
  'DOS',
  'DU',
  'DES',
  'DELA',
  'DEL',
  'DELLA',
  'DI',
  'D',
  'LA',
  'LE',
  'LES',
  'VAN',
  'VON',
  'DER',
  'DEN',
  'TER',
  'TEN',
  'Y',
  'E',
  'AL',
  'EL',
  'BIN',
  'BEN',
  'IBN',
  'MAC',
  'MC',
  'O',
  'ST',
  'SAINT',
  'SAINTE',
]);

/**
 * The significant parts of a multi-part surname: each word except particles, plus the whole.
 * "GARCIA LOPEZ" → GARCIA, LOPEZ; "DE LA FUENTE" → FUENTE; "TREMBLAY GAGNON" → TREMBLAY, GAGNON.
 */
export function surnameParts(normalised: string): string[] {
  if (normalised === '') return [];
  const words = normalised.split(' ');
  if (words.length === 1) return words;
  const parts = words.filter((w) => !SURNAME_PARTICLES.has(w) && w.length > 1);
  return parts.length > 0 ? parts : [compact(normalised)];
}

/** The surname without leading particles, glued: "DE SOUZA" → SOUZA, "VAN DER BERG" → BERG. */
export function surnameCore(normalised: string): string {
  const words = normalised.split(' ');
  let i = 0;
  while (i < words.length - 1 && SURNAME_PARTICLES.has(words[i])) i++;
  return words.slice(i).join('');
}

/** Words of a given name: "JEAN PHILIPPE" → JEAN, PHILIPPE. */
export function nameWords(normalised: string): string[] {
  return normalised === '' ? [] : normalised.split(' ');
}

/** Digits only, as an identifier is compared: spaces and dashes typed inside it are not part of it. */
export function normaliseIdentifier(value: string | undefined | null): string {
  if (!value) return '';
  return value.replace(/[\s\-_.]/g, '').toUpperCase();
}

/**
 * True when the ninth digit is the mod-10 check digit of the first eight: from the right, every second
 * digit of the eight is doubled (9 taken off a doubled digit above 9) and the nine digits then add up to
 * a multiple of 10. It catches any one-digit slip and any swap of neighbours but 0 and 9.
 */
export function hasOenCheckDigit(oen: string): boolean {
  if (!/^\d{9}$/.test(oen)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = oen.charCodeAt(i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** An OEN is 9 digits; anything else typed in the field is not an OEN. */
export function isWellFormedOen(value: string): boolean {
  return /^\d{9}$/.test(value) && !/^(\d)\1{8}$/.test(value);
}
