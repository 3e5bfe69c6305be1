/**
 * The error model's rates: how often applicants do each thing when they type a request. Every rate
 * is a probability per request (or per name field where it says so) and can be overridden.
 * The figures are our own estimates of how adults fill in an application form years after leaving
 * school; README.md lists them with what each one means.
 */
export interface Rates {
  /** Share of requests from applicants absent from the SIS. */
  absentShare: number;
  /** How absent applicants split (relative weights). */
  absentKinds: {
    /** Anyone from elsewhere who named a school of this board. */
    stranger: number;
    /** Shares first name, surname and birth date with a student in the SIS. */
    doppelganger_exact: number;
    /** Shares the full name with a birth date a few days or a year off, or a variant of the first name with the same birth date. */
    doppelganger_near: number;
    /** A twin (same surname and birth date, other first name) of a student, who went to school elsewhere. */
    twin: number;
    /** A brother or sister of a student, born a few years apart, who went to school elsewhere. */
    sibling: number;
  };
  /** Share of the present applicants' requests that repeat an earlier applicant (a reissue or a new application). */
  repeatShare: number;

  /** First name: the record's preferred first name, when it has one. */
  usePreferred: number;
  /** First name: an everyday (English) name the SIS never recorded, when the person has one. */
  useOtherName: number;
  /** First name: a nickname, when the name has common ones. */
  nickname: number;
  /** First name: the middle name, when there is one (people who go by their middle name). */
  goesByMiddle: number;
  /** First name: first and middle names together. */
  firstWithMiddle: number;
  /** A compound or two-syllable given name typed joined, with another separator, or in part. */
  compoundVariant: number;
  firstMissing: number;

  /** Women whose surname changed by marriage, by age at the request (men: `marriedNameMen`). */
  marriedNameByAge: readonly { fromAge: number; share: number }[];
  marriedNameMen: number;
  /** Of married-name changes, the share that also give the former surname. */
  marriagePreviousGiven: number;
  /** Of married-name changes, the share that join both surnames with a hyphen. */
  marriageHyphenated: number;
  /** Applicants whose surname changed during school who type the old one. */
  schoolChangeOldSurname: number;
  /** Multi-part surnames (particles, hyphens, two surnames, Mc/Mac, St-) typed in another form or in part. */
  surnameForm: number;
  /** Sikh applicants with Singh / Kaur as middle name who give it as surname, alone or with the family name. */
  singhKaurAsSurname: number;
  lastMissing: number;

  /** Per name field: one keyboard slip. */
  typo: number;
  /** Per name field: a spelling of the same sound (a known variant, or a sound-alike rewrite). */
  soundAlike: number;
  /** Per name field: a scanner-like misreading. */
  ocr: number;
  /** First and last names typed in each other's field (times the origin's confusion factor). */
  swapNames: number;

  /** Names with accents typed without them. */
  accentsDropped: number;
  lowercase: number;
  uppercase: number;
  extraWhitespace: number;

  dobDayMonthSwap: number;
  dobYear: number;
  dobDay: number;
  dobMonth: number;
  dobMissing: number;

  /** Applicants who give their OEN, by age at the request. */
  oenGivenByAge: readonly { fromAge: number; share: number }[];
  /** Of given OENs: one wrong digit. */
  oenDigit: number;
  /** Of given OENs: two neighbouring digits swapped. */
  oenSwap: number;
  /** Of given OENs: a brother's or sister's OEN (when there is one). */
  oenSibling: number;
  /** Of given OENs: another valid-looking number (a SIN, an old card). */
  oenWrong: number;
  /** Applicants with no OEN on record who type a number anyway. */
  oenWithoutRecord: number;

  studentNumberGiven: number;
  /** Of given student numbers: one digit slip. */
  studentNumberSlip: number;
  /** Of given student numbers: another number of the same format. */
  studentNumberWrong: number;

  genderGiven: number;
  /** Of given genders: another one than the record's. */
  genderDifferent: number;

  /** Students who attended several schools of the board and name an earlier one. */
  schoolEarlier: number;
  /** Applicants who name a school of the board they never attended. */
  schoolWrong: number;
  schoolMissing: number;

  dateLastAttendedGiven: number;
  /** Of given dates last attended: off by months or years. */
  dateLastAttendedWrong: number;
}

export const DEFAULT_RATES: Rates = {
  absentShare: 0.15,
  absentKinds: {
    stranger: 0.55,
    doppelganger_exact: 0.15,
    doppelganger_near: 0.15,
    twin: 0.05,
    sibling: 0.1,
  },
  repeatShare: 0.04,

  usePreferred: 0.5,
  useOtherName: 0.35,
  nickname: 0.05,
  goesByMiddle: 0.015,
  firstWithMiddle: 0.015,
  compoundVariant: 0.3,
  firstMissing: 0.004,

  marriedNameByAge: [
    { fromAge: 0, share: 0.005 },
    { fromAge: 22, share: 0.05 },
    { fromAge: 25, share: 0.15 },
    { fromAge: 30, share: 0.28 },
    { fromAge: 35, share: 0.35 },
    { fromAge: 45, share: 0.38 },
  ],
  marriedNameMen: 0.004,
  marriagePreviousGiven: 0.6,
  marriageHyphenated: 0.12,
  schoolChangeOldSurname: 0.15,
  surnameForm: 0.25,
  singhKaurAsSurname: 0.25,
  lastMissing: 0.002,

  typo: 0.025,
  soundAlike: 0.015,
  ocr: 0.004,
  swapNames: 0.012,

  accentsDropped: 0.6,
  lowercase: 0.12,
  uppercase: 0.07,
  extraWhitespace: 0.03,

  dobDayMonthSwap: 0.02,
  dobYear: 0.008,
  dobDay: 0.012,
  dobMonth: 0.005,
  dobMissing: 0.003,

  oenGivenByAge: [
    { fromAge: 0, share: 0.7 },
    { fromAge: 21, share: 0.5 },
    { fromAge: 26, share: 0.3 },
    { fromAge: 36, share: 0.15 },
  ],
  oenDigit: 0.04,
  oenSwap: 0.03,
  oenSibling: 0.003,
  oenWrong: 0.007,
  oenWithoutRecord: 0.03,

  studentNumberGiven: 0.08,
  studentNumberSlip: 0.12,
  studentNumberWrong: 0.05,

  genderGiven: 0.92,
  genderDifferent: 0.01,

  schoolEarlier: 0.42,
  schoolWrong: 0.05,
  schoolMissing: 0.02,

  dateLastAttendedGiven: 0.3,
  dateLastAttendedWrong: 0.35,
};

/** The share for `age` in a table of `{ fromAge, share }` rows sorted by age. */
export function byAge(table: readonly { fromAge: number; share: number }[], age: number): number {
  let share = 0;
  for (const row of table) if (age >= row.fromAge) share = row.share;
  return share;
}

/** The default rates with `overrides` applied; rejects shares outside [0, 1]. */
export function ratesWith(overrides: Partial<Rates> = {}): Rates {
  const rates: Rates = {
    ...DEFAULT_RATES,
    ...overrides,
    absentKinds: { ...DEFAULT_RATES.absentKinds, ...(overrides.absentKinds ?? {}) },
  };
  for (const [key, value] of Object.entries(rates)) {
    if (typeof value === 'number' && !(value >= 0 && value <= 1)) {
      throw new RangeError(`rate ${key} must be a share between 0 and 1, not ${value}`);
    }
  }
  return rates;
}
