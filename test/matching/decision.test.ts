import { describe, expect, it } from 'vitest';
import { decide, matchRequest } from '../../src/matching/decide.js';
import { scoreCandidate } from '../../src/matching/score.js';
import { StudentIndex } from '../../src/matching/student-index.js';
import type { SisAdapter } from '../../src/sis/index.js';
import {
  AUTO_MIN_MARGIN,
  AUTO_MIN_SCORE,
  AUTO_NAMES_MIN_WITH_SCHOOL,
  REVIEW_MIN_SCORE,
  AUTO_MIN_POSTERIOR,
  MARRIED_NAME_MIN_FIRST_WEIGHT,
  autoMinScore,
  posteriors,
} from '../../src/matching/thresholds.js';
import { blockingKeys } from '../../src/matching/blocking.js';
import { FORMER_SURNAME_TYPED_DISCOUNT } from '../../src/matching/weights.js';
import { formatReasons } from '../../src/matching/explanation.js';
import { reasonText } from '../../src/matching/reasons.js';
import { level, request, student } from './helpers.js';

const base = {
  firstName: 'Olivia',
  lastName: 'Wojciechowski',
  birthDate: '2006-04-17',
  gender: 'F' as const,
  schoolBsid: '890001',
};

describe('automatic matches', () => {
  it('matches a clean request automatically', () => {
    const s = student({ ...base, oen: '123456782' });
    const d = decide(request({ ...base, oen: '123456782' }), [s]);
    expect(d.outcome).toBe('auto');
    expect(d.student).toBe(s);
    expect(d.reason).toBe('AUTO_MATCH');
    expect(d.score).toBeGreaterThanOrEqual(AUTO_MIN_SCORE);
  });
  it.each([
    ['a misspelt surname', {}, { lastName: 'Wojciechowsky' }, 'last', 'typo'],
    ['dropped accents', { lastName: 'Côté' }, { lastName: 'Cote' }, 'last', 'exact'],
    ['a nickname', { firstName: 'Elizabeth' }, { firstName: 'Liz' }, 'first', 'nickname'],
    [
      'one part of a hyphenated surname',
      { lastName: 'Garcia-Lopez' },
      { lastName: 'Garcia' },
      'last',
      'part',
    ],
    [
      'the school-time surname after marriage',
      { lastName: 'Côté' },
      { lastName: 'Smith', previousLastName: 'Côté' },
      'last',
      'previous',
    ],
    [
      'a former surname',
      { lastName: 'Smith', previousLastNames: ['Côté'] },
      { lastName: 'Cote' },
      'last',
      'previous',
    ],
    ['names swapped', {}, { firstName: 'Wojciechowski', lastName: 'Olivia' }, 'last', 'swapped'],
    ['a day/month swap', { birthDate: '2006-04-07' }, { birthDate: '2006-07-04' }, 'dob', 'day_month_swap'],
    [
      'a one-digit birth date slip',
      { birthDate: '2006-04-07' },
      { birthDate: '2006-04-08' },
      'dob',
      'one_digit',
    ],
    ['a birth year one off', { birthDate: '2010-04-07' }, { birthDate: '2009-04-07' }, 'dob', 'one_year'],
    ['another school of the board', {}, { schoolBsid: '890099' }, 'school', 'different'],
  ])('forgives %s when the OEN agrees', (_label, recorded, typed, field, expected) => {
    const s = student({ ...base, oen: '123456782', ...recorded });
    const d = decide(
      request({
        ...base,
        lastName: s.lastName,
        birthDate: s.birthDate,
        firstName: s.firstName,
        oen: '123456782',
        ...typed,
      }),
      [s],
    );
    expect(level(d.explanation, field)).toBe(expected);
    expect(d.outcome).toBe('auto');
  });
  it('matches a mistyped OEN when the rest agrees exactly', () => {
    const s = student({ ...base, oen: '123456782' });
    const d = decide(request({ ...base, oen: '123456783' }), [s]);
    expect(level(d.explanation, 'oen')).toBe('one_digit');
    expect(d.outcome).toBe('auto');
  });
  it('matches without an OEN on exact names and birth date of a rare name', () => {
    const s = student(base);
    expect(decide(request(base), [s]).outcome).toBe('auto');
  });
  it('matches a day/month swap without an identifier when the names are rare enough', () => {
    const s = student({ ...base, birthDate: '2006-04-07' });
    const d = decide(request({ ...base, birthDate: '2006-07-04' }), [s]);
    expect(level(d.explanation, 'dob')).toBe('day_month_swap');
    expect(d.score).toBeGreaterThanOrEqual(AUTO_MIN_SCORE);
    expect(d.outcome).toBe('auto');
  });
  it('asks for an identifier when the birth date is only close', () => {
    const s = student(base);
    const d = decide(request({ ...base, birthDate: '2006-04-18' }), [s]);
    expect(d.outcome).toBe('review');
    expect(d.reason).toBe('UNCONFIRMED');
    expect(d.candidates[0].student).toBe(s);
  });
  it('matches a middle name used as first name only when an identifier agrees', () => {
    // A twin may carry the student's middle name as first name (Joseph Lucas and Lucas).
    const s = student({ ...base, middleNames: 'Grace', oen: '123456782' });
    expect(decide(request({ ...base, firstName: 'Grace' }), [s]).outcome).toBe('review');
    const d = decide(request({ ...base, firstName: 'Grace', oen: '123456782' }), [s]);
    expect(level(d.explanation, 'first')).toBe('middle');
    expect(d.outcome).toBe('auto');
  });
  it("takes the first name typed with the middle name for the student's own names, not a twin's", () => {
    const s = student({ ...base, middleNames: 'Grace Anne' });
    const c = scoreCandidate(request({ ...base, firstName: 'Olivia Grace' }), s);
    expect(c.fields.find((f) => f.field === 'first')?.level).toBe('part');
    expect(c.vetoes).not.toContain('sibling');
    // The first part of a compound name is a part a twin's name may share (Marie-Claude, Marie-Ève).
    const compound = student({ ...base, firstName: 'Marie-Claude' });
    const marie = scoreCandidate(request({ ...base, firstName: 'Marie' }), compound);
    expect(marie.fields.find((f) => f.field === 'first')?.level).toBe('part');
    expect(marie.vetoes).toContain('sibling');
  });
});

describe('vetoes', () => {
  it('never matches two different valid OENs', () => {
    const s = student({ ...base, oen: '123456782' });
    const d = decide(request({ ...base, oen: '987654321' }), [s]);
    expect(d.outcome).toBe('review');
    expect(d.reason).toBe('VETO_OEN_CONFLICT');
    expect(d.candidates[0].vetoes).toContain('oen_conflict');
  });
  it('never matches a birth date beyond the slip levels without the OEN', () => {
    const s = student({ ...base, oen: '123456782' });
    const d = decide(request({ ...base, birthDate: '2003-11-30' }), [s]);
    expect(d.outcome).toBe('review');
    expect(d.reason).toBe('VETO_BIRTH_DATE_CONFLICT');
    const other = decide(request({ ...base, oen: '123456782', firstName: 'Emma', birthDate: '2003-11-30' }), [
      s,
    ]);
    expect(other.reason).toBe('VETO_BIRTH_DATE_CONFLICT');
  });
  it('takes the same OEN and the same names with another birth date for a birth date typed wrong', () => {
    const s = student({ ...base, oen: '123456782' });
    const d = decide(request({ ...base, oen: '123456782', birthDate: '2003-11-30' }), [s]);
    expect(d.candidates[0].vetoes).not.toContain('birth_date_conflict');
    expect(d.outcome).toBe('auto');
  });
  it('never matches another gender with a first name that is not the same name', () => {
    const s = student({ ...base, firstName: 'Elizabeth', oen: '123456782' });
    const d = decide(request({ ...base, firstName: 'Liz', oen: '123456782', gender: 'M' }), [s]);
    expect(d.outcome).toBe('review');
    expect(d.reason).toBe('VETO_GENDER_CONFLICT');
  });
  it('weighs another gender with the same first name, without a veto', () => {
    // The other person the veto guards against would carry the same first name, and so most likely
    // the same gender: the box ticked otherwise counts against the student, and the rest decides.
    const s = student({ ...base, oen: '123456782' });
    const d = decide(request({ ...base, oen: '123456782', gender: 'M' }), [s]);
    expect(d.candidates[0].vetoes).toEqual([]);
    expect(level(d.explanation, 'gender')).toBe('different');
    expect(d.explanation.find((f) => f.field === 'gender')!.weight).toBeLessThan(0);
    expect(d.outcome).toBe('auto');
    expect(scoreCandidate(request({ ...base, gender: 'M' }), s).vetoes).toEqual([]);
  });
  it('never matches a twin: same surname and birth date, another first name', () => {
    const twin = student({ ...base, firstName: 'Emma' });
    const d = decide(request(base), [twin]);
    expect(d.outcome).not.toBe('auto');
    expect(scoreCandidate(request(base), twin).vetoes).toContain('sibling');
  });
  it('takes another first name for the same person when OEN, birth date and surname agree exactly', () => {
    const s = student({ ...base, firstName: 'Aleksandra', oen: '123456782' });
    const d = decide(request({ ...base, oen: '123456782' }), [s]);
    expect(d.candidates[0].vetoes).not.toContain('sibling');
    expect(d.outcome).toBe('auto');
    // A birth date one digit off is not enough: twins share the surname and nearly the date.
    const near = decide(request({ ...base, oen: '123456782', birthDate: '2006-04-18' }), [s]);
    expect(near.reason).toBe('VETO_SIBLING');
  });
  it('keeps the sibling veto when the SIS holds a sibling whose first name fits the request better', () => {
    const twin = student({ ...base, firstName: 'Emma', oen: '123456782' });
    const applicant = student({ ...base, studentNumber: '300099' });
    const d = decide(request({ ...base, oen: '123456782' }), [twin, applicant]);
    expect(d.candidates[0].student).toBe(twin);
    expect(d.outcome).toBe('review');
    expect(d.reason).toBe('VETO_SIBLING');
  });
  it('takes an empty first name for no evidence of a sibling', () => {
    const s = student({ ...base, oen: '123456782' });
    for (const r of [
      request({ ...base, firstName: '', oen: '123456782' }),
      request({ ...base, firstName: '' }),
    ]) {
      expect(scoreCandidate(r, s).vetoes).not.toContain('sibling');
    }
    expect(decide(request({ ...base, firstName: '', oen: '123456782' }), [s]).outcome).toBe('auto');
    const empty = student({ ...base, firstName: '', oen: '123456782' });
    expect(scoreCandidate(request({ ...base, oen: '123456782' }), empty).vetoes).toEqual([]);
  });
  it('takes a keying slip of the first name for the same name, but not a rhyming one', () => {
    const s = student({ ...base, firstName: 'Olivia' });
    const slip = decide(request({ ...base, firstName: 'Olivai' }), [s]);
    expect(level(slip.explanation, 'first')).toBe('typo');
    expect(slip.candidates[0].vetoes).not.toContain('sibling');
    expect(slip.outcome).toBe('auto');
    // Kaylee and Haylee: one letter apart, but the first one, as rhyming twins' names are.
    const kaylee = student({ ...base, firstName: 'Kaylee' });
    const haylee = decide(request({ ...base, firstName: 'Haylee' }), [kaylee]);
    expect(haylee.reason).toBe('VETO_SIBLING');
  });
  it('takes two given names one key apart that students carry for two people, as twins are named', () => {
    // Christina and Christian, Julia and Julian, Marco and Mario: each carried by other students too.
    const names = ['Christina', 'Christian', 'Julia', 'Julian', 'Marco', 'Mario', 'Olivia', 'Hannah'];
    const crowd = names.flatMap((firstName, i) =>
      Array.from({ length: 3 }, (_, k) =>
        student({ firstName, lastName: `Other${i}${k}`, birthDate: '1999-01-01', gender: undefined }),
      ),
    );
    const pairs: Array<[string, string, 'auto' | 'review']> = [
      ['Christina', 'Christian', 'review'],
      ['Julia', 'Julian', 'review'],
      ['Marco', 'Mario', 'review'],
      // The applicant's slip (Olivai) or the clerk's (Hannha) is one name: carried by no one else.
      ['Olivia', 'Olivai', 'auto'],
      ['Hannha', 'Hannah', 'auto'],
    ];
    for (const [recorded, typed, outcome] of pairs) {
      const s = student({ ...base, firstName: recorded, gender: undefined });
      const index = new StudentIndex([...crowd, s]);
      const r = request({ ...base, firstName: typed, gender: undefined });
      const d = decide(r, [s], { frequencies: index.frequencies });
      expect(level(d.explanation, 'first'), typed).toBe('typo');
      expect(d.outcome, `${typed} for ${recorded}`).toBe(outcome);
      if (outcome === 'review') expect(d.reason).toBe('VETO_SIBLING');
      // The student's own OEN still tells the slip from a twin.
      const withOen = decide({ ...r, oen: '123456782' }, [{ ...s, oen: '123456782' }], {
        frequencies: index.frequencies,
      });
      expect(withOen.outcome, `${typed} with the OEN`).toBe('auto');
    }
  });

  it('lets an agreeing OEN tell a first-name typo from a twin when the slip is more than one key', () => {
    const s = student({ ...base, firstName: 'Alexandria', oen: '123456782' });
    const typed = { ...base, firstName: 'Alexnadira' };
    expect(decide(request(typed), [s]).reason).toBe('VETO_SIBLING');
    expect(decide(request({ ...typed, oen: '123456782' }), [s]).outcome).toBe('auto');
  });
  it('does not take a nickname for the same person without an identifier: twins may be William and Liam', () => {
    const william = student({ ...base, firstName: 'William', gender: 'M' });
    const liam = request({ ...base, firstName: 'Liam', gender: 'M' });
    expect(decide(liam, [william]).reason).toBe('VETO_SIBLING');
    const withOen = decide({ ...liam, referenceNumber: 'H2', oen: '123456782' }, [
      { ...william, oen: '123456782' },
    ]);
    expect(withOen.outcome).toBe('auto');
  });
  it('picks the right twin when both are in the SIS', () => {
    const olivia = student(base);
    const emma = student({ ...base, firstName: 'Emma' });
    const d = decide(request(base), [emma, olivia]);
    expect(d.outcome).toBe('auto');
    expect(d.student).toBe(olivia);
    expect(d.candidates.map((c) => c.student)).toContain(emma);
  });
  it('does not match a namesake born on another day', () => {
    const namesake = student({ ...base, birthDate: '2004-09-30' });
    const d = decide(request(base), [namesake]);
    expect(d.outcome).not.toBe('auto');
  });
  it('does not match a sibling a few years apart', () => {
    const sibling = student({ ...base, firstName: 'Nathan', gender: 'M', birthDate: '2008-10-02' });
    expect(decide(request(base), [sibling]).outcome).toBe('none');
  });
});

describe('review and none', () => {
  it('is ambiguous when two candidates are close', () => {
    const a = student(base);
    const b = student(base);
    const d = decide(request(base), [a, b]);
    expect(d.outcome).toBe('review');
    expect(d.reason).toBe('AMBIGUOUS');
    expect(d.candidates[0].score - d.candidates[1].score).toBeLessThan(AUTO_MIN_MARGIN);
  });
  it('keeps at most five candidates, best first', () => {
    const many = Array.from({ length: 8 }, () => student(base));
    const d = decide(request(base), many);
    expect(d.candidates).toHaveLength(5);
    for (let i = 1; i < d.candidates.length; i++)
      expect(d.candidates[i - 1].score).toBeGreaterThanOrEqual(d.candidates[i].score);
  });
  it('weighs common surnames less: Singh needs more than Wojciechowski', () => {
    const rare = scoreCandidate(request(base), student(base)).fields[0].weight;
    const common = scoreCandidate(
      request({ ...base, lastName: 'Singh' }),
      student({ ...base, lastName: 'Singh' }),
    ).fields[0].weight;
    expect(common).toBeLessThan(rare - 5);
  });
  it('takes surname frequencies from the SIS when the index knows them', () => {
    const crowd = Array.from({ length: 1200 }, (_, i) =>
      student({ lastName: i < 200 ? 'Tremblay' : `Rare${String.fromCharCode(65 + (i % 26))}${i}` }),
    );
    const index = new StudentIndex(crowd);
    const target = crowd[0];
    const r = request({ firstName: target.firstName, lastName: 'Tremblay', birthDate: target.birthDate });
    const withCounts = scoreCandidate(r, target, { frequencies: index.frequencies }).fields[0].weight;
    const builtIn = scoreCandidate(r, target).fields[0].weight;
    expect(withCounts).toBeLessThan(builtIn);
  });
  it('says not found when nothing is plausible', () => {
    const d = decide(request(base), [
      student({ firstName: 'Zed', lastName: 'Nobody', birthDate: '2001-01-01', gender: 'M' }),
    ]);
    expect(d.outcome).toBe('none');
    expect(d.reason).toBe('NOT_FOUND');
    expect(d.candidates).toEqual([]);
    expect(decide(request(base), []).reason).toBe('NOT_FOUND');
  });
  it('says a request without name or identifier is incomplete', () => {
    expect(decide(request({ birthDate: '2006-04-17' }), [student(base)]).reason).toBe('INCOMPLETE_REQUEST');
  });
});

describe('exact names, birth date and school without an identifier', () => {
  // An SIS large enough for its own counts: 10,000 students, of whom some share the test's names.
  function sis(sameFullName: number): { index: StudentIndex; target: ReturnType<typeof student> } {
    const crowd = Array.from({ length: 10_000 }, (_, i) =>
      student({
        firstName: `Given${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + ((i >> 5) % 26))}`,
        lastName: `Family${String.fromCharCode(65 + ((i >> 3) % 26))}${String.fromCharCode(65 + (i % 23))}`,
        birthDate: `200${i % 10}-0${1 + (i % 9)}-1${i % 10}`,
        schoolBsid: `89000${i % 9}`,
      }),
    );
    const people = { firstName: 'Harpreet', lastName: 'Sandhu', gender: 'M' as const, schoolBsid: '890001' };
    for (let i = 0; i < sameFullName; i++)
      crowd.push(
        student({
          ...people,
          birthDate: `2001-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + i).padStart(2, '0')}`,
        }),
      );
    const target = student({ ...people, birthDate: '2006-05-22' });
    crowd.push(target);
    return { index: new StudentIndex(crowd), target };
  }
  const typed = { firstName: 'Harpreet', lastName: 'Sandhu', birthDate: '2006-05-22', gender: 'M' as const };

  it('matches a full name shared by a few students when the school agrees, below AUTO_MIN_SCORE', () => {
    const { index, target } = sis(3);
    const ctx = { frequencies: index.frequencies };
    const r = request({ ...typed, schoolBsid: '890001' });
    const d = decide(r, index.candidates(blockingKeys(r)), ctx);
    expect(d.score).toBeLessThan(AUTO_MIN_SCORE);
    const names = d.explanation[0].weight + d.explanation[1].weight;
    expect(names).toBeGreaterThanOrEqual(AUTO_NAMES_MIN_WITH_SCHOOL);
    expect(d.outcome).toBe('auto');
    expect(d.student).toBe(target);
  });
  it('leaves it to the posterior when a field weighs against the student (another student number)', () => {
    const { index } = sis(3);
    const ctx = { frequencies: index.frequencies };
    const r = request({ ...typed, schoolBsid: '890001', studentNumber: '987654321' });
    const d = decide(r, index.candidates(blockingKeys(r)), ctx);
    expect(level(d.explanation, 'student_number')).toBe('different');
    expect(d.outcome).toBe('review');
    expect(d.reason).toBe('LOW_CONFIDENCE');
  });
  it('leaves it for review when the request names another school or none', () => {
    const { index } = sis(3);
    const ctx = { frequencies: index.frequencies };
    for (const schoolBsid of ['890002', undefined]) {
      const r = request({ ...typed, schoolBsid });
      const d = decide(r, index.candidates(blockingKeys(r)), ctx);
      expect(d.outcome).toBe('review');
      expect(d.reason).toBe('UNCONFIRMED');
    }
  });
  it('weighs a full name many students share by the posterior: 20 of 10,000 is enough, 80 is not', () => {
    const outcomes = [20, 80].map((shared) => {
      const { index, target } = sis(shared);
      const ctx = { frequencies: index.frequencies };
      const r = request({ ...typed, schoolBsid: '890001' });
      const d = decide(r, index.candidates(blockingKeys(r)), ctx);
      expect(d.explanation[0].weight + d.explanation[1].weight).toBeLessThan(AUTO_NAMES_MIN_WITH_SCHOOL);
      expect(d.score).toBeLessThan(AUTO_MIN_SCORE);
      expect(d.probability! >= AUTO_MIN_POSTERIOR).toBe(d.score >= autoMinScore(index.size));
      if (d.outcome === 'auto') expect(d.student).toBe(target);
      return d.outcome;
    });
    expect(outcomes).toEqual(['auto', 'review']);
  });
});

describe('a student holding the typed identifier', () => {
  it('is shown for review however little else agrees', () => {
    const s = student({ ...base, oen: '123456782' });
    const r = request({ oen: '123456782', firstName: 'Zed', lastName: 'Quill', birthDate: '1931-02-03' });
    const d = decide(r, [s]);
    expect(d.score).toBeLessThan(REVIEW_MIN_SCORE);
    expect(d.outcome).toBe('review');
    expect(d.candidates.map((c) => c.student)).toEqual([s]);
    // Without it, the same request finds nobody.
    expect(decide({ ...r, oen: undefined }, [s]).outcome).toBe('none');
  });
});

describe('the posterior', () => {
  it('needs the score swept on the synthetic bench at 200,000 students, less in a smaller SIS', () => {
    expect(autoMinScore(200_000)).toBeCloseTo(30, 0);
    expect(autoMinScore(2_000)).toBeLessThan(autoMinScore(200_000) - 6);
  });
  it('shares the probability between close candidates and the applicant being absent', () => {
    const [alone] = posteriors([31], 200_000);
    const [first, second] = posteriors([31, 31], 200_000);
    expect(alone).toBeGreaterThan(0.999);
    expect(first).toBeLessThan(0.5);
    expect(second).toBeCloseTo(first, 10);
    expect(posteriors([10], 200_000)[0]).toBeLessThan(0.001);
  });
});

describe('compound surnames', () => {
  it('weighs a part many surnames begin with by how many carry it: Abu Zahran is not Abu Hakim', () => {
    const crowd = Array.from({ length: 1500 }, (_, i) =>
      student({
        lastName: i < 300 ? `Abu ${['Touma', 'Khatib', 'Najjar', 'Masri', 'Shami'][i % 5]}${i}` : `Other${i}`,
      }),
    );
    const hakim = student({
      firstName: 'Mohammed',
      lastName: 'Abu Hakim',
      birthDate: '2007-09-23',
      gender: 'M',
    });
    const index = new StudentIndex([...crowd, hakim]);
    const r = request({
      firstName: 'Mohammed',
      lastName: 'Abu Zahran',
      birthDate: '2007-09-23',
      gender: 'M',
    });
    const d = decide(r, index.candidates(blockingKeys(r)), { frequencies: index.frequencies });
    expect(level(d.explanation, 'last')).toBe('part');
    expect(d.explanation[0].weight).toBeLessThan(4);
    expect(d.outcome).not.toBe('auto');
  });
});

describe('a former surname typed as the surname', () => {
  const married = {
    firstName: 'Marguerite',
    birthDate: '1990-03-12',
    schoolBsid: '890001',
  };
  const weightOfLast = (d: { explanation: { field: string; weight: number }[] }) =>
    d.explanation.find((f) => f.field === 'last')?.weight ?? NaN;

  it('weighs it FORMER_SURNAME_TYPED_DISCOUNT below a former surname the request gives as such', () => {
    // The student is Lee now, Tremblay before: the request types Tremblay as the surname and gives
    // nothing of Lee. Beside it, a student still called Tremblay and a request giving Tremblay as the
    // previous surname: the same name agrees, with the current surname, at the full weight.
    const lee = student({ ...married, lastName: 'Lee', previousLastNames: ['Tremblay'] });
    const formerOnly = decide(request({ ...married, lastName: 'Tremblay' }), [lee]);
    const tremblay = student({ ...married, lastName: 'Tremblay' });
    const maiden = decide(request({ ...married, lastName: 'Smith', previousLastName: 'Tremblay' }), [
      tremblay,
    ]);
    expect(level(formerOnly.explanation, 'last')).toBe('previous');
    expect(level(maiden.explanation, 'last')).toBe('previous');
    expect(FORMER_SURNAME_TYPED_DISCOUNT).toBe(2);
    expect(weightOfLast(formerOnly)).toBeCloseTo(weightOfLast(maiden) - FORMER_SURNAME_TYPED_DISCOUNT, 5);
  });

  it('does not match automatically what only the former surname carried over the bar', () => {
    // Exact first name, birth date and school, and a common former surname typed as the surname:
    // 31.8 with the former surname's full weight, above AUTO_MIN_SCORE; 29.8 without the 2 bits.
    const lee = student({ ...married, lastName: 'Lee', previousLastNames: ['Tremblay'] });
    const d = decide(request({ ...married, lastName: 'Tremblay' }), [lee]);
    expect(d.score).toBeLessThan(AUTO_MIN_SCORE);
    expect(d.score + FORMER_SURNAME_TYPED_DISCOUNT).toBeGreaterThanOrEqual(AUTO_MIN_SCORE);
    expect(d.outcome).toBe('review');
    expect(d.candidates[0].student).toBe(lee);
  });

  it('still matches a former surname the rest makes certain', () => {
    const lee = student({ ...married, lastName: 'Lee', previousLastNames: ['Wojciechowski'], gender: 'F' });
    const d = decide(request({ ...married, lastName: 'Wojciechowski', gender: 'F' }), [lee]);
    expect(level(d.explanation, 'last')).toBe('previous');
    expect(d.outcome).toBe('auto');
  });

  it('keeps the full weight when the request also names the current surname', () => {
    // Both previous surnames agree and the request's surname is the student's own: no discount.
    const lee = student({ ...married, lastName: 'Lee', previousLastNames: ['Tremblay'] });
    const both = decide(request({ ...married, lastName: 'Smith', previousLastName: 'Lee' }), [lee]);
    const plainLee = student({ ...married, lastName: 'Lee' });
    const maiden = decide(request({ ...married, lastName: 'Smith', previousLastName: 'Lee' }), [plainLee]);
    expect(weightOfLast(both)).toBe(weightOfLast(maiden));
  });
});

describe('a married surname', () => {
  // An SIS large enough for its own name counts (2,000 students), where Emma is common (12 students)
  // and Anouk is borne by the student alone.
  const bride = {
    firstName: 'Anouk',
    lastName: 'Wojciechowski',
    birthDate: '1990-03-12',
    gender: 'F' as 'F' | 'M',
    schoolBsid: '890001',
  };
  function sis(...extra: ReturnType<typeof student>[]) {
    const crowd = Array.from({ length: 2000 }, (_, i) =>
      student({
        firstName: i < 12 ? 'Emma' : `Given${i}`,
        lastName: `Family${i % 400}`,
        birthDate: `199${i % 10}-0${1 + (i % 9)}-1${i % 10}`,
        gender: i % 2 === 0 ? 'F' : 'M',
        schoolBsid: `89000${i % 9}`,
      }),
    );
    return new StudentIndex([...crowd, ...extra]);
  }
  const today = '2026-06-01';
  const married = { ...bride, lastName: 'Smith' };

  it('matches a woman of 25 or more under a new surname on a rare first name, birth date and school', () => {
    const s = student(bride);
    const index = sis(s);
    const d = decide(request(married), [s], { frequencies: index.frequencies, today });
    expect(level(d.explanation, 'last')).toBe('different');
    expect(d.explanation.find((f) => f.field === 'first')?.weight).toBeGreaterThanOrEqual(
      MARRIED_NAME_MIN_FIRST_WEIGHT,
    );
    expect(d.score).toBeLessThan(AUTO_MIN_SCORE);
    expect(d.outcome).toBe('auto');
    expect(d.student).toBe(s);
    expect(d.reason).toBe('AUTO_MATCH_MARRIED_NAME');
    expect(formatReasons(d)).toMatch(/^last=different;first=exact;dob=exact;.*;rule=married_surname$/);
    expect(reasonText(d.reason, 'en')).toMatch(/new surname/);
  });

  it('takes the maiden name given as the previous surname as the surname itself', () => {
    // A common surname (80 students) given as the maiden name, and a first name six other students
    // carry (8.2 bits): short of the score asked of a loosely agreeing name, enough for the posterior,
    // since the applicant declared the student's surname.
    const tremblays = Array.from({ length: 80 }, (_, i) =>
      student({ lastName: 'Tremblay', firstName: `Other${i}`, birthDate: '1995-01-01' }),
    );
    const anouks = Array.from({ length: 6 }, (_, i) =>
      student({ firstName: 'Anouk', lastName: `Else${i}`, birthDate: '1996-02-02' }),
    );
    const s = student({ ...bride, lastName: 'Tremblay' });
    const index = sis(s, ...tremblays, ...anouks);
    const r = request({ ...married, previousLastName: 'Tremblay', gender: undefined });
    const d = decide(r, [s], { frequencies: index.frequencies, today });
    expect(level(d.explanation, 'last')).toBe('previous');
    expect(d.score).toBeLessThan(AUTO_MIN_SCORE);
    expect(d.probability).toBeGreaterThanOrEqual(AUTO_MIN_POSTERIOR);
    expect(d.outcome).toBe('auto');
    expect(d.reason).toBe('AUTO_MATCH');
    // The student's surname typed as the surname and a former one as the previous: the same.
    const reversed = decide(request({ ...married, lastName: 'Tremblay', previousLastName: 'Other0' }), [s], {
      frequencies: index.frequencies,
      today,
    });
    expect(level(reversed.explanation, 'last')).toBe('exact');
  });

  it('leaves it for review before 25, for a man, for a common first name, another school or a slipped date', () => {
    const cases: Array<[Partial<typeof bride>, Partial<typeof bride>, string]> = [
      [{}, {}, '2015-03-11'],
      [{ gender: 'M' }, { gender: 'M' }, today],
      [{ firstName: 'Emma' }, { firstName: 'Emma' }, today],
      [{}, { schoolBsid: '890007' }, today],
      [{}, { birthDate: '1990-03-13' }, today],
    ];
    for (const [recorded, typed, day] of cases) {
      const s = student({ ...bride, ...recorded });
      const index = sis(s);
      const d = decide(request({ ...married, ...typed }), [s], {
        frequencies: index.frequencies,
        today: day,
      });
      expect(d.outcome, JSON.stringify([recorded, typed, day])).toBe('review');
    }
  });

  it('leaves it for review when another candidate comes close or a field weighs against her', () => {
    const s = student(bride);
    const other = student({ ...bride, lastName: 'Smyth', birthDate: '1990-03-21' });
    const index = sis(s, other);
    const close = decide(request(married), [s, other], { frequencies: index.frequencies, today });
    expect(close.outcome).toBe('review');
    const numbered = decide(request({ ...married, studentNumber: '999999' }), [s], {
      frequencies: index.frequencies,
      today,
    });
    expect(numbered.outcome).toBe('review');
  });

  it('leaves it for review when the previous surname she declares is none of the student’s', () => {
    const s = student({ ...bride, previousLastNames: ['Nowak'] });
    const index = sis(s);
    const decideWith = (previousLastName: string) =>
      decide(request({ ...married, previousLastName }), [s], { frequencies: index.frequencies, today });
    // Her maiden name (the SIS surname), a former one, or either with one slip: still her.
    for (const previous of ['Wojciechowski', 'Wojciechowsky', 'Nowak']) {
      expect(decideWith(previous).outcome, previous).toBe('auto');
    }
    // Another woman names her own maiden name.
    const other = decideWith('Patel');
    expect(other.outcome).toBe('review');
  });

  it("counts the age on today's date when the day is not given", () => {
    const s = student(bride);
    const index = sis(s);
    expect(decide(request(married), [s], { frequencies: index.frequencies }).outcome).toBe('auto');
  });
});

describe('matchRequest', () => {
  it('asks the adapter with the blocking keys and decides', async () => {
    const s = student({ ...base, oen: '123456782' });
    const index = new StudentIndex([s, student({ ...base, firstName: 'Emma', birthDate: '2001-01-01' })]);
    const seen: unknown[] = [];
    const adapter: SisAdapter = {
      kind: 'memory',
      candidates: async (keys) => {
        seen.push(keys);
        return index.candidates(keys);
      },
      transcript: async () => undefined,
      health: async () => ({ ok: true, detail: 'ok' }),
      close: async () => undefined,
    };
    const d = await matchRequest(request({ ...base, oen: '123456782' }), adapter);
    expect(d.outcome).toBe('auto');
    expect(d.student).toBe(s);
    expect(seen).toHaveLength(1);
  });
});

describe('the schools a student attended', () => {
  const moved = { ...base, schoolBsid: '890002', schoolsAttended: ['890001', '890002'] };
  it('takes any school the student attended for the same school', () => {
    const s = student(moved);
    const d = decide(request(base), [s]);
    expect(level(d.explanation, 'school')).toBe('same');
    expect(level(decide(request({ ...base, schoolBsid: '890003' }), [s]).explanation, 'school')).toBe(
      'different',
    );
  });
  it('without an identifier, needs one of them: a namesake born the same day has the rest', () => {
    const s = student(moved);
    expect(decide(request(base), [s]).outcome).toBe('auto');
    for (const schoolBsid of ['890003', undefined]) {
      const d = decide(request({ ...base, schoolBsid }), [s]);
      expect(d.outcome).toBe('review');
      expect(d.reason).toBe('UNCONFIRMED');
    }
    // With the OEN, the school is no longer needed.
    const withOen = student({ ...moved, oen: '123456782' });
    expect(decide(request({ ...base, schoolBsid: '890003', oen: '123456782' }), [withOen]).outcome).toBe(
      'auto',
    );
  });
  it('matches on names and birth date alone where neither the SIS nor the request keeps a school', () => {
    const { schoolBsid: _ignored, ...noSchool } = base;
    expect(decide(request(noSchool), [student(noSchool)]).outcome).toBe('auto');
  });
});

describe('OEN check digits', () => {
  const students = Array.from({ length: 60 }, (_, i) => {
    const body = String(10_000_000 + i * 7919);
    let sum = 0;
    for (let k = 0; k < 8; k++) {
      let d = Number(body[k]);
      if (k % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    return student({ ...base, firstName: `Name${i}`, oen: body + String((10 - (sum % 10)) % 10) });
  });
  const index = new StudentIndex(students);
  it('learns from the SIS whether its OENs carry the check digit', () => {
    expect(index.frequencies.oenCheckDigits).toBe(true);
    expect(new StudentIndex([student({ ...base, oen: '123456789' })]).frequencies.oenCheckDigits).toBe(false);
  });
  it('takes a typed number failing the check one edit from the OEN for a slip of it', () => {
    const target = students[5];
    const digit = (Number(target.oen![4]) + 1) % 10;
    const typed = target.oen!.slice(0, 4) + String(digit) + target.oen!.slice(5);
    const d = decide(request({ ...base, firstName: target.firstName, oen: typed }), [target], {
      frequencies: index.frequencies,
    });
    expect(level(d.explanation, 'oen')).toBe('one_digit');
    expect(d.candidates[0].vetoes).toEqual([]);
  });
  it("takes the OEN typed with one slip for one of the student's schools: a namesake has neither", () => {
    // Exact names and birth date, a school the student never attended: a namesake born the same day
    // would look the same, unless the request carries the student's own OEN with one slip.
    const target = { ...students[5], schoolBsid: '890001', schoolsAttended: ['890001'] };
    const digit = (Number(target.oen![4]) + 1) % 10;
    const slip = target.oen!.slice(0, 4) + String(digit) + target.oen!.slice(5);
    const ctx = { frequencies: index.frequencies };
    const typed = { ...base, firstName: target.firstName, schoolBsid: '890077' };
    const withSlip = decide(request({ ...typed, oen: slip }), [target], ctx);
    expect(level(withSlip.explanation, 'school')).toBe('different');
    expect(level(withSlip.explanation, 'oen')).toBe('one_digit');
    expect(withSlip.outcome).toBe('auto');
    expect(decide(request({ ...typed, oen: slip, schoolBsid: undefined }), [target], ctx).outcome).toBe(
      'auto',
    );
    const without = decide(request(typed), [target], ctx);
    expect(without.outcome).toBe('review');
    expect(without.reason).toBe('UNCONFIRMED');
  });
  it('weighs a number failing the check further from the OEN as another one, without a veto', () => {
    const target = students[5];
    const typed =
      target.oen!.slice(0, 3) + (target.oen!.slice(3, 5) === '00' ? '11' : '00') + target.oen!.slice(5);
    const r = request({ ...base, firstName: target.firstName, oen: typed });
    const ctx = { frequencies: index.frequencies };
    const d = decide(r, [target], ctx);
    expect(d.candidates[0].vetoes).not.toContain('oen_conflict');
    expect(level(d.explanation, 'oen')).toBe('different');
    expect(d.explanation.find((f) => f.field === 'oen')!.weight).toBeLessThan(0);
    // Without the SIS's word on check digits, two 9-digit numbers that differ are a conflict.
    expect(decide(r, [target]).reason).toBe('VETO_OEN_CONFLICT');
  });
  it('leaves to a person exact names, birth date and school beside a number failing the check far from the OEN', () => {
    // Most likely another person's own OEN typed with one slip: a namesake born the same day.
    const target = { ...students[5], schoolBsid: '890001', schoolsAttended: ['890001'] };
    const typed =
      target.oen!.slice(0, 3) + (target.oen!.slice(3, 5) === '00' ? '11' : '00') + target.oen!.slice(5);
    const ctx = { frequencies: index.frequencies };
    const fields = { ...base, firstName: target.firstName, schoolBsid: '890001' };
    expect(decide(request(fields), [target], ctx).outcome).toBe('auto');
    const d = decide(request({ ...fields, oen: typed }), [target], ctx);
    expect(d.outcome).toBe('review');
    expect(d.reason).toBe('UNCONFIRMED');
  });
  it('takes a different number for no evidence where the SIS keeps numbers without the check digit', () => {
    const unchecked = students.map((s, i) => ({ ...s, oen: String(100_000_000 + i * 7) }));
    const plain = new StudentIndex(unchecked);
    expect(plain.frequencies.oenCheckDigits).toBe(false);
    const target = unchecked[5];
    const r = request({ ...base, firstName: target.firstName, oen: '555555551' });
    const d = decide(r, [target], { frequencies: plain.frequencies });
    expect(level(d.explanation, 'oen')).toBe('missing');
    expect(d.candidates[0].vetoes).toEqual([]);
  });
});

describe('one name typed in the other field', () => {
  const hugh = student({ firstName: 'Hugh', lastName: 'Moody', birthDate: '1990-02-20', gender: 'M' });
  const weight = (fields: { field: string; weight: number }[], field: string) =>
    fields.find((f) => f.field === field)?.weight ?? 0;

  it('scores the first name typed as the surname as swapped, not as a disagreement', () => {
    const typed = request({ firstName: 'Waller', lastName: 'Hugh', birthDate: '1990-02-20' });
    const c = scoreCandidate(typed, hugh);
    expect(level(c.fields, 'last')).toBe('swapped');
    expect(level(c.fields, 'first')).toBe('different');
    expect(weight(c.fields, 'last')).toBeGreaterThan(0);
    expect(c.score).toBeGreaterThanOrEqual(REVIEW_MIN_SCORE);
    // Staff see the student's name the field agrees with.
    expect(c.fields.find((f) => f.field === 'last')).toMatchObject({
      requestValue: 'Hugh',
      candidateValue: 'Hugh',
    });
    expect(c.fields.find((f) => f.field === 'first')).toMatchObject({ candidateValue: 'Hugh' });
    // The same request beside a stranger born that day: the student the name points to comes first.
    const stranger = student({ firstName: 'Ivan', lastName: 'Petrov', birthDate: '1990-02-20' });
    expect(scoreCandidate(typed, stranger).score).toBeLessThan(c.score);
    // One slip in the name typed in the other field is still that name; another letter, another name.
    const last = (lastName: string) =>
      level(scoreCandidate(request({ firstName: 'Waller', lastName }), hugh).fields, 'last');
    expect(last('Hguh')).toBe('swapped');
    expect(last('Hugo')).toBe('different');
    const longer = student({ firstName: 'Raquel', lastName: 'Beadle', birthDate: '1917-03-12' });
    expect(
      level(scoreCandidate(request({ firstName: 'Wztkin', lastName: 'Raqeul' }), longer).fields, 'last'),
    ).toBe('swapped');
  });
  it('scores the surname typed as the first name as swapped, and a possible sibling as one', () => {
    const flynn = student({ firstName: 'Flynn', lastName: 'Weller', birthDate: '1970-01-06' });
    const typed = request({ firstName: 'Weller', lastName: 'Ebony', birthDate: '1970-01-06' });
    const c = scoreCandidate(typed, flynn);
    expect(level(c.fields, 'first')).toBe('swapped');
    expect(level(c.fields, 'last')).toBe('different');
    expect(c.fields.find((f) => f.field === 'first')).toMatchObject({
      requestValue: 'Weller',
      candidateValue: 'Weller',
    });
    expect(c.score).toBeGreaterThanOrEqual(REVIEW_MIN_SCORE);
    // Read the other way round, this is Ebony Weller born the day Flynn Weller was: maybe a twin.
    expect(c.vetoes).toContain('sibling');
    // Born years apart, no twin: the surname in the given-name field stays swapped, with no veto.
    const far = scoreCandidate(
      request({ firstName: 'Weller', lastName: 'Ebony', birthDate: '1950-05-16' }),
      flynn,
    );
    expect(level(far.fields, 'first')).toBe('swapped');
    expect(far.vetoes).not.toContain('sibling');
  });
  it('keeps both names typed the other way round as before, and never one alone with the other agreeing', () => {
    const both = scoreCandidate(
      request({ firstName: 'Moody', lastName: 'Hugh', birthDate: '1990-02-20' }),
      hugh,
    );
    expect(level(both.fields, 'last')).toBe('swapped');
    expect(level(both.fields, 'first')).toBe('swapped');
    // The surname typed right and the first name typed as a surname: the surname agrees, nothing is swapped.
    const right = scoreCandidate(request({ firstName: 'Moody', lastName: 'Moody' }), hugh);
    expect(level(right.fields, 'last')).toBe('exact');
    expect(level(right.fields, 'first')).not.toBe('swapped');
  });
  it('never matches one name swapped automatically without an identifier', () => {
    const s = student({ ...base, oen: '123456782' });
    const typed = { ...base, firstName: 'Tremblay', lastName: 'Olivia' };
    const d = decide(request(typed), [s]);
    expect(level(d.explanation, 'last')).toBe('swapped');
    expect(level(d.explanation, 'first')).toBe('different');
    expect(d.outcome).toBe('review');
    expect(d.candidates[0].student).toBe(s);
  });
});
