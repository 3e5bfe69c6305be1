/**
 * The origins of Ontario families and how each one names its children: surname (with a long tail of
 * rare surnames), given names (the family's own tradition or the mainstream names of the child's
 * birth years), middle names, and how the shares of origins shift between the 1960s and the 2010s
 * for three kinds of board.
 */
import { type Rng, Weighted } from '../random.js';
import {
  englishGivenEarly,
  englishGivenLate,
  englishGivenMiddle,
  englishSurnames,
  englishSurnameTail,
} from './english.js';
import { frenchGivenEarly, frenchGivenLate, frenchSurnameTail, frenchSurnames } from './french.js';
import { germanDutch, greek, hispanic, italian, polish, portuguese, ukrainian } from './european.js';
import { cantonese, filipino, korean, mandarin, vietnamese } from './east-asian.js';
import { hindiGujarati, pakistani, punjabi, tamil } from './south-asian.js';
import { arabic, firstNations, persian, somali } from './west-asian-african.js';

export type Gender = 'M' | 'F';
export const PROFILES = ['public', 'catholic', 'french'] as const;
export type BoardProfile = (typeof PROFILES)[number];

export const ORIGIN_IDS = [
  'english',
  'french',
  'italian',
  'portuguese',
  'polish',
  'ukrainian',
  'greek',
  'german_dutch',
  'hispanic',
  'cantonese',
  'mandarin',
  'korean',
  'vietnamese',
  'filipino',
  'punjabi',
  'hindi_gujarati',
  'tamil',
  'pakistani',
  'arabic',
  'somali',
  'persian',
  'first_nations',
] as const;
export type OriginId = (typeof ORIGIN_IDS)[number];

/** A surname shared by a household, and how it is worn by each child. */
export interface FamilyName {
  /** The family's surname as the parents write it. */
  surname: string;
  /** Punjabi families that use Singh / Kaur as the children's surname. */
  singhKaur: boolean;
  /** A middle name every child carries (Somali father's name, Filipino mother's maiden name). */
  sharedMiddle?: string;
}

export interface Origin {
  id: OriginId;
  familyName(rng: Rng): FamilyName;
  /** The surname a child of `gender` carries (Polish feminine forms, Singh / Kaur). */
  childSurname(family: FamilyName, gender: Gender): string;
  /** A given name from the family's own tradition, or undefined when it has none of its own. */
  ownGiven?(rng: Rng, gender: Gender): string;
  /** Chance that a child born in `year` gets an own-tradition name rather than a mainstream one. */
  ownGivenShare(year: number): number;
  /** Middle names of a child (besides a shared family middle name). */
  middles(rng: Rng, gender: Gender, year: number, first: GivenName, mainstream: Mainstream): string[];
  /** Own-tradition given name → English names its bearers use. */
  anglicised?: Readonly<Record<string, readonly string[]>>;
  /** Share of children with an own-tradition name whose record holds an English preferred name. */
  englishPreferredShare: number;
  /** How much more often than others its members give surname and given name in the other order. */
  nameOrderConfusion: number;
}

/** A given name, and whether it comes from the family's own tradition rather than the mainstream. */
export interface GivenName {
  name: string;
  own: boolean;
}

/** The mainstream given names of children born in a year, for the board's language. */
export type Mainstream = (rng: Rng, gender: Gender, year: number) => string;

function between(year: number, at1960: number, at2010: number): number {
  const t = Math.min(1, Math.max(0, (year - 1960) / 50));
  return at1960 + (at2010 - at1960) * t;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

interface Tail {
  prefixes: string;
  /** Optional joining syllables (empty entries keep prefix + suffix). */
  infixes?: string;
  suffixes: string;
}

/** Rare surnames built from parts: each one is carried by few people, as most surnames are. */
function tailMaker(tail: Tail): (rng: Rng) => string {
  const split = (s: string) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const prefixes = split(tail.prefixes);
  const infixes = tail.infixes ? tail.infixes.split(',').map((x) => x.trim()) : [''];
  const suffixes = split(tail.suffixes);
  return (rng) => capitalise(rng.pick(prefixes) + rng.pick(infixes) + rng.pick(suffixes));
}

function surnameWithTail(list: Weighted<string>, tailShare: number, tail?: Tail): (rng: Rng) => string {
  const makeTail = tail ? tailMaker(tail) : undefined;
  return (rng) => (makeTail && rng.chance(tailShare) ? makeTail(rng) : list.draw(rng));
}

function pickOther(rng: Rng, draw: () => string, not: string): string {
  for (let i = 0; i < 6; i++) {
    const n = draw();
    if (n !== not) return n;
  }
  return '';
}

/** Middle names the way most European-origin Ontario families give them. */
function westernMiddles(oneShare: number, twoShare: number, own?: (rng: Rng, g: Gender) => string) {
  return (rng: Rng, gender: Gender, year: number, first: GivenName, mainstream: Mainstream): string[] => {
    const u = rng.next();
    const count = u < twoShare ? 2 : u < twoShare + oneShare ? 1 : 0;
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const draw = () => (own && rng.chance(0.5) ? own(rng, gender) : mainstream(rng, gender, year));
      const m = pickOther(rng, draw, first.name);
      if (m && !out.includes(m)) out.push(m);
    }
    return out;
  };
}

function plainFamily(draw: (rng: Rng) => string): (rng: Rng) => FamilyName {
  return (rng) => ({ surname: draw(rng), singhKaur: false });
}

const asIs = (family: FamilyName) => family.surname;

/** Syllable names: Mandarin "Jiahui" / "Jia Hui" / "Jia-Hui", Cantonese "Ka Ming", Korean "Min-jun". */
function syllableName(rng: Rng, first: string, second: string, style: 'mandarin' | 'cantonese' | 'korean') {
  const joined = first + second.toLowerCase();
  const spaced = `${first} ${capitalise(second)}`;
  const hyphen = `${first}-${style === 'korean' && rng.chance(0.5) ? second.toLowerCase() : capitalise(second)}`;
  const shares =
    style === 'mandarin'
      ? { joined: 0.45, spaced: 0.4, hyphen: 0.15 }
      : style === 'cantonese'
        ? { joined: 0.15, spaced: 0.6, hyphen: 0.25 }
        : { joined: 0.4, spaced: 0.15, hyphen: 0.45 };
  const form = rng.choose(shares);
  return form === 'joined' ? joined : form === 'spaced' ? spaced : hyphen;
}

/** Two syllables, the second different from the first. */
function twoSyllables(rng: Rng, first: Weighted<string>, second: Weighted<string>): [string, string] {
  const a = first.draw(rng);
  let b = second.draw(rng);
  for (let i = 0; i < 5 && b.toLowerCase() === a.toLowerCase(); i++) b = second.draw(rng);
  return [a, b];
}

function mandarinGiven(rng: Rng): string {
  const [a, b] = twoSyllables(rng, mandarin.syllables, mandarin.syllables);
  return rng.chance(0.25) ? a : syllableName(rng, a, b, 'mandarin');
}

function cantoneseGiven(rng: Rng): string {
  const [a, b] = twoSyllables(rng, cantonese.syllables, cantonese.syllables);
  return syllableName(rng, a, b, 'cantonese');
}

function koreanGiven(rng: Rng): string {
  const [a, b] = twoSyllables(rng, korean.first, korean.second);
  return syllableName(rng, a, b, 'korean');
}

/** Polish surnames agree with the bearer's gender. */
function polishForm(surname: string, gender: Gender): string {
  const masculine = surname.replace(/(sk|ck|dzk)a$/, '$1i');
  return gender === 'F' ? masculine.replace(/(sk|ck|dzk)i$/, '$1a') : masculine;
}

const byGender =
  (lists: { M: Weighted<string>; F: Weighted<string> }) =>
  (rng: Rng, gender: Gender): string =>
    lists[gender].draw(rng);

/** Chinese or Korean children with an English first name often carry their own name as a middle. */
function heritageMiddles(own: (rng: Rng) => string) {
  return (rng: Rng, gender: Gender, year: number, first: GivenName, mainstream: Mainstream): string[] => {
    // An English first name: 40 % carry their own name as middle; an own name: 8 % an English middle.
    if (!first.own && rng.chance(0.4)) return [own(rng)];
    if (first.own && rng.chance(0.08)) return [mainstream(rng, gender, year)];
    return [];
  };
}

const portugueseSurname = surnameWithTail(portuguese.surnames, 0.3, portuguese.tail);
const hispanicSurname = surnameWithTail(hispanic.surnames, 0.3, hispanic.tail);
const filipinoSurname = surnameWithTail(filipino.surnames, 0.4, filipino.tail);

const origins: Record<OriginId, Origin> = {
  english: {
    id: 'english',
    familyName: plainFamily(surnameWithTail(englishSurnames, 0.5, englishSurnameTail)),
    childSurname: asIs,
    ownGivenShare: () => 0,
    middles: westernMiddles(0.58, 0.12),
    englishPreferredShare: 0,
    nameOrderConfusion: 1,
  },
  french: {
    id: 'french',
    familyName: plainFamily(surnameWithTail(frenchSurnames, 0.35, frenchSurnameTail)),
    childSurname: asIs,
    ownGivenShare: (y) => between(y, 0.9, 0.7),
    middles: (rng, gender, year, first, mainstream) => {
      // Older French-Canadian families gave Marie or Joseph as a middle name.
      if (year < 1975 && rng.chance(0.3)) return [gender === 'F' ? 'Marie' : 'Joseph'];
      return westernMiddles(0.45, 0.1)(rng, gender, year, first, mainstream);
    },
    englishPreferredShare: 0,
    nameOrderConfusion: 1,
  },
  italian: {
    id: 'italian',
    familyName: plainFamily(surnameWithTail(italian.surnames, 0.45, italian.tail)),
    childSurname: asIs,
    ownGiven: byGender(italian.given),
    ownGivenShare: (y) => between(y, 0.8, 0.12),
    middles: westernMiddles(0.35, 0.05, byGender(italian.given)),
    anglicised: italian.anglicised,
    englishPreferredShare: 0.04,
    nameOrderConfusion: 1,
  },
  portuguese: {
    id: 'portuguese',
    familyName: (rng) => {
      const draw = portugueseSurname;
      const a = draw(rng);
      // Many Portuguese families carry the mother's and the father's surnames.
      const surname = rng.chance(0.3) ? `${pickOther(rng, () => draw(rng), a) || 'Sousa'} ${a}` : a;
      return { surname, singhKaur: false };
    },
    childSurname: asIs,
    ownGiven: byGender(portuguese.given),
    ownGivenShare: (y) => between(y, 0.85, 0.3),
    middles: westernMiddles(0.55, 0.15, byGender(portuguese.given)),
    anglicised: portuguese.anglicised,
    englishPreferredShare: 0.03,
    nameOrderConfusion: 1,
  },
  polish: {
    id: 'polish',
    familyName: plainFamily(surnameWithTail(polish.surnames, 0.45, polish.tail)),
    childSurname: (family, gender) => polishForm(family.surname, gender),
    ownGiven: byGender(polish.given),
    ownGivenShare: (y) => between(y, 0.7, 0.35),
    middles: westernMiddles(0.35, 0.03, byGender(polish.given)),
    anglicised: polish.anglicised,
    englishPreferredShare: 0.08,
    nameOrderConfusion: 1,
  },
  ukrainian: {
    id: 'ukrainian',
    familyName: plainFamily(surnameWithTail(ukrainian.surnames, 0.5, ukrainian.tail)),
    childSurname: asIs,
    ownGiven: byGender(ukrainian.given),
    ownGivenShare: (y) => between(y, 0.5, 0.35),
    middles: westernMiddles(0.4, 0.03, byGender(ukrainian.given)),
    anglicised: ukrainian.anglicised,
    englishPreferredShare: 0.08,
    nameOrderConfusion: 1,
  },
  greek: {
    id: 'greek',
    familyName: plainFamily(surnameWithTail(greek.surnames, 0.5, greek.tail)),
    childSurname: asIs,
    ownGiven: byGender(greek.given),
    ownGivenShare: (y) => between(y, 0.8, 0.3),
    middles: westernMiddles(0.3, 0.02, byGender(greek.given)),
    anglicised: greek.anglicised,
    englishPreferredShare: 0.12,
    nameOrderConfusion: 1,
  },
  german_dutch: {
    id: 'german_dutch',
    familyName: plainFamily(surnameWithTail(germanDutch.surnames, 0.5, germanDutch.tail)),
    childSurname: asIs,
    ownGivenShare: () => 0,
    middles: westernMiddles(0.6, 0.1),
    englishPreferredShare: 0,
    nameOrderConfusion: 1,
  },
  hispanic: {
    id: 'hispanic',
    familyName: (rng) => {
      const draw = hispanicSurname;
      const a = draw(rng);
      // Father's surname then mother's, as registered in the country of birth.
      const surname = rng.chance(0.45) ? `${a} ${pickOther(rng, () => draw(rng), a) || 'López'}` : a;
      return { surname, singhKaur: false };
    },
    childSurname: asIs,
    ownGiven: byGender(hispanic.given),
    ownGivenShare: (y) => between(y, 0.8, 0.6),
    middles: westernMiddles(0.3, 0.03, byGender(hispanic.given)),
    anglicised: hispanic.anglicised,
    englishPreferredShare: 0.03,
    nameOrderConfusion: 1.5,
  },
  cantonese: {
    id: 'cantonese',
    familyName: plainFamily((rng) => cantonese.surnames.draw(rng)),
    childSurname: asIs,
    ownGiven: (rng) => cantoneseGiven(rng),
    ownGivenShare: (y) => between(y, 0.5, 0.3),
    middles: heritageMiddles(cantoneseGiven),
    englishPreferredShare: 0.5,
    nameOrderConfusion: 4,
  },
  mandarin: {
    id: 'mandarin',
    familyName: plainFamily((rng) => mandarin.surnames.draw(rng)),
    childSurname: asIs,
    ownGiven: (rng) => mandarinGiven(rng),
    ownGivenShare: (y) => between(y, 0.8, 0.6),
    middles: heritageMiddles(mandarinGiven),
    englishPreferredShare: 0.45,
    nameOrderConfusion: 5,
  },
  korean: {
    id: 'korean',
    familyName: plainFamily((rng) => korean.surnames.draw(rng)),
    childSurname: asIs,
    ownGiven: (rng) => koreanGiven(rng),
    ownGivenShare: (y) => between(y, 0.6, 0.5),
    middles: heritageMiddles(koreanGiven),
    englishPreferredShare: 0.5,
    nameOrderConfusion: 4,
  },
  vietnamese: {
    id: 'vietnamese',
    familyName: plainFamily((rng) => vietnamese.surnames.draw(rng)),
    childSurname: asIs,
    ownGiven: byGender(vietnamese.given),
    ownGivenShare: (y) => between(y, 0.75, 0.5),
    middles: (rng, gender) => (rng.chance(0.85) ? [vietnamese.middles[gender].draw(rng)] : []),
    englishPreferredShare: 0.3,
    nameOrderConfusion: 4,
  },
  filipino: {
    id: 'filipino',
    familyName: (rng) => {
      const draw = filipinoSurname;
      const surname = draw(rng);
      // The middle name is the mother's maiden surname, the same for every child.
      const sharedMiddle = rng.chance(0.8) ? pickOther(rng, () => draw(rng), surname) : undefined;
      return { surname, singhKaur: false, sharedMiddle };
    },
    childSurname: asIs,
    ownGiven: byGender(filipino.given),
    ownGivenShare: (y) => between(y, 0.9, 0.75),
    middles: () => [],
    englishPreferredShare: 0.05,
    nameOrderConfusion: 1.5,
  },
  punjabi: {
    id: 'punjabi',
    familyName: (rng) => ({ surname: punjabi.surnames.draw(rng), singhKaur: rng.chance(0.35) }),
    childSurname: (family, gender) =>
      family.singhKaur ? (gender === 'F' ? 'Kaur' : 'Singh') : family.surname,
    ownGiven: byGender(punjabi.given),
    ownGivenShare: (y) => between(y, 0.95, 0.9),
    middles: (rng, gender) => (rng.chance(0.65) ? [gender === 'F' ? 'Kaur' : 'Singh'] : []),
    englishPreferredShare: 0.04,
    nameOrderConfusion: 2,
  },
  hindi_gujarati: {
    id: 'hindi_gujarati',
    familyName: plainFamily((rng) => hindiGujarati.surnames.draw(rng)),
    childSurname: asIs,
    ownGiven: byGender(hindiGujarati.given),
    ownGivenShare: (y) => between(y, 0.95, 0.85),
    // Gujarati children often carry the father's given name as their middle name.
    middles: (rng) => (rng.chance(0.4) ? [hindiGujarati.given.M.draw(rng)] : []),
    englishPreferredShare: 0.04,
    nameOrderConfusion: 2,
  },
  tamil: {
    id: 'tamil',
    familyName: plainFamily(surnameWithTail(tamil.surnames, 0.7, tamil.tail)),
    childSurname: asIs,
    ownGiven: byGender(tamil.given),
    ownGivenShare: (y) => between(y, 0.95, 0.9),
    middles: (rng) => (rng.chance(0.1) ? [tamil.given.M.draw(rng)] : []),
    englishPreferredShare: 0.05,
    nameOrderConfusion: 3,
  },
  pakistani: {
    id: 'pakistani',
    familyName: plainFamily((rng) => pakistani.surnames.draw(rng)),
    childSurname: asIs,
    ownGiven: byGender(pakistani.given),
    ownGivenShare: (y) => between(y, 0.97, 0.95),
    middles: (rng) => (rng.chance(0.2) ? [pakistani.given.M.draw(rng)] : []),
    englishPreferredShare: 0.02,
    nameOrderConfusion: 2,
  },
  arabic: {
    id: 'arabic',
    familyName: plainFamily(surnameWithTail(arabic.surnames, 0.4, arabic.tail)),
    childSurname: asIs,
    ownGiven: byGender(arabic.given),
    ownGivenShare: (y) => between(y, 0.9, 0.85),
    middles: (rng) => (rng.chance(0.2) ? [arabic.given.M.draw(rng)] : []),
    englishPreferredShare: 0.03,
    nameOrderConfusion: 2,
  },
  somali: {
    id: 'somali',
    familyName: (rng) => {
      const surname = somali.men.draw(rng);
      const sharedMiddle = rng.chance(0.85) ? pickOther(rng, () => somali.men.draw(rng), surname) : undefined;
      return { surname, singhKaur: false, sharedMiddle };
    },
    childSurname: asIs,
    ownGiven: (rng, gender) => (gender === 'F' ? somali.women : somali.men).draw(rng),
    ownGivenShare: (y) => between(y, 0.97, 0.9),
    middles: () => [],
    englishPreferredShare: 0.02,
    nameOrderConfusion: 2.5,
  },
  persian: {
    id: 'persian',
    familyName: plainFamily(surnameWithTail(persian.surnames, 0.35, persian.tail)),
    childSurname: asIs,
    ownGiven: byGender(persian.given),
    ownGivenShare: (y) => between(y, 0.9, 0.8),
    middles: (rng) => (rng.chance(0.1) ? [persian.given.M.draw(rng)] : []),
    englishPreferredShare: 0.05,
    nameOrderConfusion: 1.5,
  },
  first_nations: {
    id: 'first_nations',
    familyName: plainFamily((rng) =>
      rng.chance(0.4) ? englishSurnames.draw(rng) : firstNations.surnames.draw(rng),
    ),
    childSurname: asIs,
    ownGivenShare: () => 0,
    middles: westernMiddles(0.5, 0.08),
    englishPreferredShare: 0,
    nameOrderConfusion: 1,
  },
};

/** French given names are the French family's own tradition. */
function frenchGiven(rng: Rng, gender: Gender, year: number): string {
  const late = year + rng.int(-4, 4) >= 1986;
  return (late ? frenchGivenLate : frenchGivenEarly)[gender].draw(rng);
}

function englishGiven(rng: Rng, gender: Gender, year: number): string {
  const y = year + rng.int(-3, 3);
  const list = y < 1980 ? englishGivenEarly : y < 1995 ? englishGivenMiddle : englishGivenLate;
  return list[gender].draw(rng);
}

/** Mainstream given names for the board's language: English, or mostly French in a French board. */
export function mainstreamFor(profile: BoardProfile): Mainstream {
  if (profile !== 'french') return englishGiven;
  return (rng, gender, year) =>
    rng.chance(between(year, 0.85, 0.6)) ? frenchGiven(rng, gender, year) : englishGiven(rng, gender, year);
}

/** A given name for a child of `origin` born in `year`, and whether it is from the family's own tradition. */
export function givenName(
  origin: Origin,
  rng: Rng,
  gender: Gender,
  year: number,
  mainstream: Mainstream,
): GivenName {
  if (origin.id === 'french' && rng.chance(origin.ownGivenShare(year))) {
    return { name: frenchGiven(rng, gender, year), own: true };
  }
  if (origin.ownGiven && rng.chance(origin.ownGivenShare(year))) {
    return { name: origin.ownGiven(rng, gender), own: true };
  }
  return { name: mainstream(rng, gender, year), own: false };
}

/** Shares of the origins among children born in 1960 and in 2010, by kind of board. */
const shares: Record<BoardProfile, Record<OriginId, [number, number]>> = {
  public: {
    english: [52, 26],
    french: [4, 3],
    italian: [10, 3],
    portuguese: [5, 2.5],
    polish: [3, 1.5],
    ukrainian: [3, 1.2],
    greek: [3, 1],
    german_dutch: [6, 2],
    hispanic: [1, 3],
    cantonese: [2.5, 3],
    mandarin: [0.5, 8],
    korean: [0.3, 2.5],
    vietnamese: [0.5, 2],
    filipino: [0.8, 5],
    punjabi: [0.5, 6],
    hindi_gujarati: [0.7, 5],
    tamil: [0.1, 3],
    pakistani: [0.2, 4],
    arabic: [0.5, 5],
    somali: [0, 2],
    persian: [0.3, 2.5],
    first_nations: [1, 1.2],
  },
  catholic: {
    english: [40, 24],
    french: [5, 3],
    italian: [22, 9],
    portuguese: [10, 6],
    polish: [6, 4],
    ukrainian: [3, 2],
    greek: [0.5, 0.5],
    german_dutch: [4, 1.5],
    hispanic: [2, 6],
    cantonese: [1, 2],
    mandarin: [0.2, 2],
    korean: [0.5, 2],
    vietnamese: [0.7, 2.5],
    filipino: [2, 14],
    punjabi: [0, 0.5],
    hindi_gujarati: [0.3, 2.5],
    tamil: [0.2, 3],
    pakistani: [0, 0.3],
    arabic: [0.5, 3],
    somali: [0, 0.2],
    persian: [0, 0.3],
    first_nations: [1, 1.5],
  },
  french: {
    english: [8, 8],
    french: [75, 48],
    italian: [2, 1.5],
    portuguese: [1, 1.5],
    polish: [0.5, 0.5],
    ukrainian: [0.3, 0.3],
    greek: [0.2, 0.2],
    german_dutch: [1, 0.5],
    hispanic: [1, 4],
    cantonese: [0.3, 1],
    mandarin: [0.2, 3],
    korean: [0.1, 0.5],
    vietnamese: [1, 3],
    filipino: [0.2, 1],
    punjabi: [0, 0.5],
    hindi_gujarati: [0.1, 1],
    tamil: [0, 1],
    pakistani: [0, 1],
    arabic: [2, 14],
    somali: [0, 4],
    persian: [0.2, 1],
    first_nations: [2, 2],
  },
};

const originTables = new Map<number, Weighted<Origin>>();

/** Draws the origin of a family whose first child is born in `year`. */
export function drawOrigin(rng: Rng, profile: BoardProfile, year: number): Origin {
  const key = PROFILES.indexOf(profile) * 10_000 + year;
  let table = originTables.get(key);
  if (!table) {
    const ids = ORIGIN_IDS.map((id) => origins[id]);
    table = new Weighted(
      ids,
      ORIGIN_IDS.map((id) => between(year, shares[profile][id][0], shares[profile][id][1])),
    );
    originTables.set(key, table);
  }
  return table.draw(rng);
}

export function origin(id: OriginId): Origin {
  return origins[id];
}
