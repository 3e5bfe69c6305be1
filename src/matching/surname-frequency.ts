/**
 * How common a surname is. A surname agreement between two records means much less for Singh or
 * Nguyen than for Wojciechowski: the Fellegi-Sunter agreement weight is log2(m / u) with u the chance
 * that two different people share the name, which is the name's frequency.
 *
 * The built-in shares are rounded estimates for Ontario's school population (census surname counts and
 * school-board lists in the public domain); the SIS's own counts are used alongside them (see weights.ts).
 */
const COMMON_SURNAMES: Record<string, number> = {
  SINGH: 0.011,
  KAUR: 0.007,
  PATEL: 0.006,
  SMITH: 0.006,
  LI: 0.005,
  WANG: 0.005,
  CHEN: 0.005,
  NGUYEN: 0.004,
  ZHANG: 0.004,
  LEE: 0.004,
  BROWN: 0.004,
  LIU: 0.003,
  TREMBLAY: 0.003,
  KIM: 0.003,
  WILSON: 0.003,
  MARTIN: 0.003,
  TAYLOR: 0.003,
  KHAN: 0.003,
  GAGNON: 0.002,
  JOHNSON: 0.002,
  WILLIAMS: 0.002,
  JONES: 0.002,
  CAMPBELL: 0.002,
  ANDERSON: 0.002,
  THOMPSON: 0.002,
  MACDONALD: 0.002,
  SHAH: 0.002,
  ALI: 0.002,
  AHMED: 0.002,
  MOHAMMED: 0.002,
  GILL: 0.002,
  SHARMA: 0.002,
  KUMAR: 0.002,
  TRAN: 0.002,
  HUANG: 0.002,
  WONG: 0.002,
  CHAN: 0.002,
  WHITE: 0.002,
  ROY: 0.0015,
  HUSSAIN: 0.0015,
  SIDHU: 0.0015,
  SANDHU: 0.0015,
  DHILLON: 0.0015,
  LE: 0.0015,
  ZHOU: 0.0015,
  YANG: 0.0015,
  SILVA: 0.0015,
  GREWAL: 0.001,
  BRAR: 0.001,
  PHAM: 0.001,
  LEBLANC: 0.001,
  COTE: 0.001,
  BOUCHARD: 0.001,
  GAUTHIER: 0.001,
  MORIN: 0.001,
  SANTOS: 0.001,
  RODRIGUES: 0.001,
  PEREIRA: 0.001,
  FERREIRA: 0.001,
  GARCIA: 0.001,
  RODRIGUEZ: 0.001,
  XU: 0.0012,
  WU: 0.0012,
  ZHAO: 0.001,
  SUN: 0.0008,
  LAVOIE: 0.0008,
  FORTIN: 0.0008,
  COSTA: 0.0008,
  ROSSI: 0.0008,
  REYES: 0.0008,
  CRUZ: 0.0008,
  DELACRUZ: 0.0008,
  MENDOZA: 0.0005,
  BAUTISTA: 0.0005,
  GONZALES: 0.0006,
  PARK: 0.0012,
  CHOI: 0.0008,
  JUNG: 0.0006,
  MILLER: 0.002,
  DAVIS: 0.0015,
  CLARK: 0.0012,
  MACLEOD: 0.001,
  STEWART: 0.0015,
  ROBINSON: 0.0012,
  YOUNG: 0.0015,
  KING: 0.0012,
  SCOTT: 0.0015,
  MOORE: 0.0012,
  WALKER: 0.0012,
  HALL: 0.0012,
  WRIGHT: 0.0012,
  GREEN: 0.0012,
  MITCHELL: 0.0012,
  ROSS: 0.001,
  MURPHY: 0.0012,
  KELLY: 0.001,
  RYAN: 0.001,
  REID: 0.001,
  GAGNE: 0.0008,
  BELANGER: 0.0008,
  PELLETIER: 0.0008,
  LEVESQUE: 0.0008,
  BERGERON: 0.0008,
  LAPOINTE: 0.0006,
  HOANG: 0.0008,
  VO: 0.0008,
  HUYNH: 0.0008,
  PHAN: 0.0006,
  VU: 0.0006,
  DANG: 0.0006,
  BUI: 0.0006,
  DO: 0.0006,
  HASSAN: 0.001,
  IBRAHIM: 0.0008,
  ABDI: 0.0008,
  MOHAMED: 0.001,
  MUHAMMAD: 0.0008,
  SAYED: 0.0006,
};

/** The same table as a Map: a lookup by a computed string is cheaper there than on an object. */
const COMMON_SURNAME_MAP = new Map<string, number>(Object.entries(COMMON_SURNAMES));

/** The built-in share of a compact normalised surname, or undefined when it is not listed. */
export function builtInSurnameShare(compactSurname: string): number | undefined {
  return COMMON_SURNAME_MAP.get(compactSurname);
}

/** Share of the population below which a surname is treated as rare (the floor of u). */
export const RARE_SURNAME_SHARE = 5e-5;
/** Share below which a given name is treated as rare. */
export const RARE_GIVEN_NAME_SHARE = 2e-4;

/** Frequencies a matcher context may know from the SIS itself (StudentIndex provides them). */
export interface NameFrequencies {
  /** Number of students the counts come from. */
  readonly population: number;
  /** Students whose current surname (compact, normalised) is this one. */
  surnameCount(compactSurname: string): number;
  /** Students whose first given name (compact, normalised) is this one. */
  givenNameCount(compactGiven: string): number;
  /** Students with exactly this first given name and surname. */
  fullNameCount(compactGiven: string, compactSurname: string): number;
  /**
   * Students carrying this name anywhere in their surnames: as the whole surname, as one part of a
   * compound one (Abu in Abu Hakim, Garcia in Garcia Lopez) or as a former surname. Optional: without
   * it, a part is as common as the same whole surname.
   */
  surnameKeyCount?(compactName: string): number;
  /**
   * True when the SIS's OENs carry the check digit (hasOenCheckDigit): a typed OEN that fails it is then a
   * slip, never another student's number. Unknown (undefined) for an SIS that cannot tell.
   */
  readonly oenCheckDigits?: boolean;
}
