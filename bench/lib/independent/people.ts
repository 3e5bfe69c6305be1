/**
 * The people of a board's history: households of one origin with one to four children (twins
 * among them), each child with names given the family's way, a birth date, the schools of the board
 * they attended (moving between them), when they left, their diploma and their OEN.
 */
import { type Board } from './board.js';
import { addDays, daysInMonth, formatYm, formatYmd, type Ymd } from './dates.js';
import { nicknames } from './names/nicknames.js';
import {
  type BoardProfile,
  drawOrigin,
  type FamilyName,
  type Gender,
  givenName,
  type Mainstream,
  mainstreamFor,
  type Origin,
} from './names/origins.js';
import { oenFromBody } from './oen.js';
import { type Rng, Weighted } from './random.js';

/** Children per household in the board, and years between births. */
const BIRTHS = new Weighted([1, 2, 3, 4], [0.5, 0.32, 0.13, 0.05]);
const BIRTH_GAP_YEARS = new Weighted([1, 2, 3, 4, 5, 6], [0.1, 0.35, 0.3, 0.15, 0.06, 0.04]);

export interface Person {
  id: number;
  origin: Origin;
  /** Sex used for naming (and gender unless stated otherwise). */
  sex: Gender;
  gender: 'M' | 'F' | 'X';
  first: string;
  /** The first name comes from the family's own tradition rather than the mainstream names. */
  firstOwn: boolean;
  middles: string[];
  surname: string;
  /** Surnames carried earlier, oldest first (a change during the school years). */
  previousSurnames: string[];
  birth: Ymd;
  /** Nine digits, or empty when no OEN was ever recorded. */
  oen: string;
  /** The preferred first name a school recorded, or empty. */
  preferred: string;
  /** An everyday English name the school never recorded, or empty. */
  otherName: string;
  household: number;
  /** The ids of this person's brothers and sisters in the same data. */
  siblings: number[];
  twin: boolean;
  /** BSIDs of the board schools attended, in order; the last is the school of record. */
  schools: string[];
  /** Still enrolled when the SIS was exported. */
  current: boolean;
  /** The year the student left the board (the export year for current students). */
  leftYear: number;
  /** YYYY-MM, or empty. */
  lastAttended: string;
  /** YYYY-MM-DD, or empty. */
  ossd: string;
}

export interface PeopleSettings {
  profile: BoardProfile;
  firstBirthYear: number;
  lastBirthYear: number;
  /** The year of the SIS export; students born `exportYear - 18` or later are still enrolled. */
  exportYear: number;
  exportMonth: number;
}

/** Makes people for one board: households for the SIS, and the same kind of people who never attended. */
export class PeopleFactory {
  private nextId = 0;
  private nextHousehold = 0;
  private readonly mainstream: Mainstream;
  private readonly oenBodies = new Set<number>();

  constructor(
    readonly board: Board,
    readonly settings: PeopleSettings,
  ) {
    this.mainstream = mainstreamFor(settings.profile);
  }

  /** A birth year for the first child of a household: later cohorts are a little larger. */
  drawCohort(rng: Rng): number {
    const { firstBirthYear: a, lastBirthYear: b } = this.settings;
    // Density rising linearly from 0.6 to 1 across the years: inverse transform of its CDF.
    const u = rng.next();
    const c = 0.6;
    const t = (-c + Math.sqrt(c * c + (1 - c * c) * u)) / (1 - c);
    return Math.min(b, a + Math.floor(t * (b - a + 1)));
  }

  /** A household's children, born from `firstYear` on (those born after the last cohort are left out). */
  household(rng: Rng, firstYear: number): Person[] {
    const origin = drawOrigin(rng, this.settings.profile, firstYear);
    const family = origin.familyName(rng);
    if (firstYear >= 1985 && rng.chance(0.03)) {
      // Parents who give the children both surnames.
      const other = drawOrigin(rng, this.settings.profile, firstYear).familyName(rng).surname;
      if (other !== family.surname && !family.surname.includes(' ')) {
        family.surname = `${family.surname}-${other}`;
      }
    }
    const births = BIRTHS.draw(rng);
    const household = this.nextHousehold++;
    const home = this.board.openDuring(firstYear + 14, firstYear + 18).draw(rng).bsid;
    const children: Person[] = [];
    let year = firstYear;
    for (let b = 0; b < births; b++) {
      if (b > 0) year += BIRTH_GAP_YEARS.draw(rng);
      if (year > this.settings.lastBirthYear) break;
      const birth = randomDate(rng, year);
      const multiple = rng.chance(0.0003) ? 3 : rng.chance(0.016) ? 2 : 1;
      for (let k = 0; k < multiple; k++) {
        const taken = children.map((c) => c.first);
        children.push(this.child(rng, origin, family, household, birth, home, taken, multiple > 1));
      }
    }
    for (const c of children) c.siblings = children.filter((o) => o !== c).map((o) => o.id);
    return children;
  }

  /** One person of `origin` born on `birth`, as a child of `family`. */
  child(
    rng: Rng,
    origin: Origin,
    family: FamilyName,
    household: number,
    birth: Ymd,
    home: string | undefined,
    takenFirstNames: readonly string[],
    twin: boolean,
    sexOf?: Gender,
  ): Person {
    const sex: Gender = sexOf ?? (rng.chance(0.5) ? 'M' : 'F');
    let given = givenName(origin, rng, sex, birth.y, this.mainstream);
    for (let i = 0; i < 8 && takenFirstNames.includes(given.name); i++) {
      given = givenName(origin, rng, sex, birth.y, this.mainstream);
    }
    const middles = origin.middles(rng, sex, birth.y, given, this.mainstream);
    if (family.sharedMiddle) middles.unshift(family.sharedMiddle);
    const person: Person = {
      id: this.nextId++,
      origin,
      sex,
      gender: sex,
      first: given.name,
      firstOwn: given.own,
      middles: middles.filter((m, i) => m && m !== given.name && middles.indexOf(m) === i),
      surname: origin.childSurname(family, sex),
      previousSurnames: [],
      birth,
      oen: '',
      preferred: '',
      otherName: '',
      household,
      siblings: [],
      twin,
      schools: [],
      current: false,
      leftYear: 0,
      lastAttended: '',
      ossd: '',
    };
    this.everydayNames(rng, person);
    this.schooling(rng, person, home);
    if (rng.chance(0.012)) {
      // A surname changed during the school years (a step-parent's name, an adoption).
      person.previousSurnames = [person.surname];
      person.surname = drawOrigin(rng, this.settings.profile, birth.y).familyName(rng).surname;
    }
    return person;
  }

  /** A person with no family in the data (an applicant from elsewhere, or a namesake). */
  stranger(rng: Rng, birthYear: number): Person {
    const origin = drawOrigin(rng, this.settings.profile, birthYear);
    const family = origin.familyName(rng);
    const home = this.board.all.draw(rng).bsid;
    return this.child(rng, origin, family, this.nextHousehold++, randomDate(rng, birthYear), home, [], false);
  }

  /** Someone unrelated who carries `model`'s first name, surname and birth date. */
  namesake(rng: Rng, model: Person): Person {
    const family: FamilyName = { surname: model.surname, singhKaur: false };
    const p = this.child(
      rng,
      model.origin,
      family,
      this.nextHousehold++,
      model.birth,
      undefined,
      [],
      false,
      model.sex,
    );
    p.first = model.first;
    p.firstOwn = model.firstOwn;
    p.surname = model.surname;
    p.previousSurnames = [];
    p.middles = p.middles.filter((m) => m !== model.first);
    p.preferred = '';
    p.otherName = '';
    this.everydayNames(rng, p);
    return p;
  }

  /** A new person of `model`'s family, born `birth` — a brother or sister, or a twin. */
  relative(rng: Rng, model: Person, birth: Ymd, twin: boolean): Person {
    const family: FamilyName = {
      surname: model.surname,
      singhKaur: model.surname === 'Singh' || model.surname === 'Kaur',
      sharedMiddle:
        model.origin.id === 'filipino' || model.origin.id === 'somali' ? model.middles[0] : undefined,
    };
    const p = this.child(
      rng,
      model.origin,
      family,
      model.household,
      birth,
      model.schools.at(-1),
      [model.first],
      twin,
    );
    p.previousSurnames = [];
    p.surname = model.origin.childSurname(family, p.sex);
    return p;
  }

  /** A fresh OEN that nobody else in the data holds. */
  freshOen(rng: Rng): string {
    for (;;) {
      const body = rng.int(0, 99_999_999);
      if (!this.oenBodies.has(body)) {
        this.oenBodies.add(body);
        return oenFromBody(String(body).padStart(8, '0'));
      }
    }
  }

  /** Preferred first names the school recorded, and everyday names it never did. */
  private everydayNames(rng: Rng, p: Person): void {
    const english = () => this.mainstream(rng, p.sex, p.birth.y);
    if (p.firstOwn && rng.chance(p.origin.englishPreferredShare)) {
      p.preferred = english();
    } else if (p.firstOwn && p.origin.englishPreferredShare >= 0.3 && rng.chance(0.3)) {
      p.otherName = english();
    } else if (p.firstOwn && p.origin.anglicised?.[p.first] && rng.chance(0.35)) {
      p.otherName = rng.pick(p.origin.anglicised[p.first]);
    }
    const short = nicknames[p.first];
    if (!p.preferred && short && rng.chance(0.04)) p.preferred = rng.pick(short);
    else if (!p.preferred && p.middles.length > 0 && rng.chance(0.015)) p.preferred = p.middles[0];
    else if (!p.preferred && p.birth.y >= 1990 && rng.chance(0.003)) {
      // A chosen name, sometimes with a non-binary gender.
      p.preferred = this.mainstream(rng, p.sex === 'M' ? 'F' : 'M', p.birth.y);
      if (rng.chance(0.3)) p.gender = 'X';
    }
    if (p.preferred === p.first) p.preferred = '';
  }

  /** Schools, leaving date, diploma and OEN. */
  private schooling(rng: Rng, p: Person, home: string | undefined): void {
    const { exportYear, exportMonth } = this.settings;
    const entry = p.birth.y + 14;
    const victoryLap = rng.chance(0.1);
    const graduation = p.birth.y + 18 + (victoryLap ? 1 : 0);
    p.current = graduation >= exportYear;
    let leaveYear: number;
    if (p.current) {
      leaveYear = exportYear;
      p.lastAttended = rng.chance(0.6) ? formatYm(exportYear, exportMonth) : '';
    } else if (rng.chance(0.86)) {
      const semester = rng.chance(0.15);
      leaveYear = graduation;
      let diplomaYear = graduation;
      if (rng.chance(0.05)) {
        // Finished the diploma a few years later, in adult day school.
        diplomaYear = Math.min(exportYear - 1, graduation + rng.int(1, 6));
        leaveYear = diplomaYear;
      }
      const month = semester ? 1 : 6;
      p.lastAttended = formatYm(leaveYear, month);
      p.ossd = formatYmd({ y: diplomaYear, m: month, d: semester ? 31 : rng.int(22, 30) });
    } else {
      leaveYear = Math.min(exportYear - 1, p.birth.y + rng.int(16, 18));
      const month = rng.pick([1, 2, 3, 4, 5, 6, 9, 10, 11, 12]);
      p.lastAttended = formatYm(leaveYear, month);
    }
    // Schools open while the student attended; most attend one, some move within the board.
    const open = this.board.openDuring(entry, leaveYear);
    const last =
      home && open.items.some((s) => s.bsid === home) && rng.chance(0.85) ? home : open.draw(rng).bsid;
    const moves = rng.chance(0.03) ? 2 : rng.chance(0.18) ? 1 : 0;
    const schools = [last];
    for (let i = 0; i < moves && open.items.length > schools.length; i++) {
      let s = open.draw(rng).bsid;
      for (let k = 0; k < 8 && schools.includes(s); k++) s = open.draw(rng).bsid;
      if (!schools.includes(s)) schools.unshift(s);
    }
    p.schools = schools;
    p.leftYear = leaveYear;
    // OENs were assigned from 1999: students who left before rarely have one.
    const oenShare = leaveYear >= 2000 ? 1 : leaveYear >= 1995 ? 0.3 : 0.03;
    if (rng.chance(oenShare)) p.oen = this.freshOen(rng);
  }
}

/** A uniformly drawn day of `year`. */
export function randomDate(rng: Rng, year: number): Ymd {
  const m = rng.int(1, 12);
  return { y: year, m, d: rng.int(1, daysInMonth(year, m)) };
}

/** A birth date `years` (±) away from `birth`, on another day. */
export function siblingBirth(rng: Rng, birth: Ymd, years: number): Ymd {
  return addDays({ y: birth.y + years, m: birth.m, d: Math.min(birth.d, 28) }, rng.int(-150, 150));
}
