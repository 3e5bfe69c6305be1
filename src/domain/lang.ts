/** The languages of eTMS: French (the default, as in the guide staff know) and English. */
export type Lang = 'fr' | 'en';

export function isLang(value: unknown): value is Lang {
  return value === 'fr' || value === 'en';
}
