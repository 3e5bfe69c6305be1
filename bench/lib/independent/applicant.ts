/**
 * An applicant filling in the request form years after leaving school: the names they live under
 * now (a married name, a preferred or English name, a nickname), and the slips they make typing
 * them, their birth date, their OEN and student number, the school they remember and when they
 * left. Every deviation from the person's record is reported as a label.
 */
import { type Board } from './board.js';
import { addDays, formatYm, formatYmd, isValidYmd, type Ymd } from './dates.js';
import { nicknames } from './names/nicknames.js';
import { drawOrigin, type BoardProfile } from './names/origins.js';
import { spellingVariants } from './names/variants.js';
import { type Person } from './people.js';
import { type Rng } from './random.js';
import { byAge, type Rates } from './rates.js';
import { type StudentRow } from './records.js';
import { digitSlip, ocrSlip, soundAlike, typo } from './slips.js';
import { hasAccents, stripAccents } from './text.js';
import { oenFromBody } from './oen.js';

/** What the applicant typed, in the request's own fields. */
export interface Typed {
  oen: string;
  student_number: string;
  first_name: string;
  last_name: string;
  previous_last_name: string;
  birth_date: string;
  gender: string;
  school_bsid: string;
  date_last_attended: string;
}

export interface Applicant {
  /** The person who applies. */
  person: Person;
  /** Their SIS record, when they are in the SIS. */
  record?: StudentRow;
  /** The OEN of a brother or sister in the SIS (which they may type by mistake). */
  siblingOen?: string;
  /** Whether life may have changed their name since school (not for the look-alikes). */
  lifeEvents: boolean;
  /** The school they name, when it is decided by who they are (absent applicants). */
  school?: string;
}

export interface TypingContext {
  rates: Rates;
  board: Board;
  profile: BoardProfile;
  /** The year of the SIS export, which closes the application season: ages are counted at it. */
  year: number;
  /** A number of the board's student-number format nobody holds. */
  unusedStudentNumber(rng: Rng, like: string): string;
  /** Married surnames decided so far, by person ('' for none). */
  marriedNames: Map<number, string>;
}

export interface TypedRequest {
  typed: Typed;
  labels: string[];
}

/** Splits for compound given names: "Jean-François", "Jia Hui", "John Paul", "Min-jun". */
function compoundForms(rng: Rng, name: string): string | undefined {
  const parts = name.split(/[\s-]+/).filter(Boolean);
  if (parts.length < 2) return undefined;
  const forms = [
    parts.join(''),
    parts[0] + parts.slice(1).join('').toLowerCase(),
    parts.join(' '),
    parts.join('-'),
    parts[0],
  ].filter((f) => f !== name);
  return rng.pick(forms);
}

/** Other forms of a multi-part or particle surname, or one of its parts. */
function surnameForms(name: string): { form: string[]; part: string[] } {
  const form = new Set<string>();
  const part = new Set<string>();
  const words = name.split(/[\s-]+/).filter(Boolean);
  if (words.length >= 2) {
    form.add(words.join(''));
    form.add(words.join(' '));
    form.add(words.join('-'));
    form.add(words[0] + words.slice(1).join('').toLowerCase());
    const particles =
      /^(da|de|del|dela|della|di|do|dos|das|van|von|der|den|ten|le|la|st|ste|saint|el|al|abu|bin|mac|mc)$/i;
    const meaningful = words.filter((w) => !particles.test(w));
    if (meaningful.length >= 2) for (const w of meaningful) part.add(w);
    else if (meaningful.length === 1 && meaningful[0] !== name) part.add(meaningful[0]);
  }
  if (/^St[-. ]/i.test(name)) form.add(name.replace(/^St[-. ]\s*/i, 'Saint-'));
  if (/^Ste[-. ]/i.test(name)) form.add(name.replace(/^Ste[-. ]\s*/i, 'Sainte-'));
  if (/^Mac[A-Z]/.test(name)) {
    form.add('Mc' + name.slice(3));
    form.add('Mac' + name.slice(3).toLowerCase());
  }
  if (/^Mc[A-Z]/.test(name)) form.add('Mc' + name.slice(2).toLowerCase());
  if (/^[OD]'/.test(name)) {
    form.add(name.replace("'", ''));
    form.add(name.replace("'", ' '));
  }
  if (/^[A-Z][a-z]+[A-Z]/.test(name) && !/^Ma?c/.test(name))
    form.add(name.charAt(0) + name.slice(1).toLowerCase());
  if (/ska$/.test(name)) form.add(name.replace(/ska$/, 'ski'));
  if (/cka$/.test(name)) form.add(name.replace(/cka$/, 'cki'));
  form.delete(name);
  part.delete(name);
  return { form: [...form], part: [...part] };
}

/** One spelling slip in a name field, labelled `<field>_<kind>`. */
function slip(rng: Rng, rates: Rates, value: string, field: 'first' | 'last', labels: string[]): string {
  if (!value) return value;
  const u = rng.next();
  let out = value;
  let kind = '';
  if (u < rates.typo) {
    out = typo(rng, value);
    kind = 'typo';
  } else if (u < rates.typo + rates.soundAlike) {
    const variants = spellingVariants(value);
    out = variants.length > 0 && rng.chance(0.6) ? rng.pick(variants) : soundAlike(rng, value);
    if (out === value) out = soundAlike(rng, value);
    kind = 'phonetic';
  } else if (u < rates.typo + rates.soundAlike + rates.ocr) {
    out = ocrSlip(rng, value);
    kind = 'ocr';
  }
  if (out !== value) {
    labels.push(`${field}_${kind}`);
    // Now and then a second slip in the same word.
    if (rng.chance(0.1)) out = typo(rng, out);
  }
  return out;
}

function typedDate(rng: Rng, rates: Rates, birth: Ymd, labels: string[]): string {
  const u = rng.next();
  let t = rates.dobDayMonthSwap;
  if (u < t) {
    if (birth.d <= 12 && birth.d !== birth.m) {
      labels.push('dob_day_month_swap');
      return formatYmd({ y: birth.y, m: birth.d, d: birth.m });
    }
    return formatYmd(birth);
  }
  if (u < (t += rates.dobYear)) {
    const k = rng.next();
    const yy = birth.y % 100;
    const swapped = (yy % 10) * 10 + Math.floor(yy / 10);
    let y =
      k < 0.5
        ? birth.y + (rng.chance(0.5) ? 1 : -1)
        : k < 0.75 && swapped !== yy
          ? birth.y - yy + swapped
          : birth.y + (rng.chance(0.5) ? 10 : -10);
    if (y === birth.y || y > 2015 || y < 1940) y = birth.y + (birth.y > 1990 ? -1 : 1);
    const d = { ...birth, y };
    if (isValidYmd(d)) {
      labels.push('dob_year');
      return formatYmd(d);
    }
    return formatYmd(birth);
  }
  if (u < (t += rates.dobDay)) {
    const k = rng.next();
    const swapped = (birth.d % 10) * 10 + Math.floor(birth.d / 10);
    const d =
      k < 0.4
        ? addDays(birth, rng.chance(0.5) ? 1 : -1)
        : k < 0.7 && swapped !== birth.d
          ? { ...birth, d: swapped }
          : { ...birth, d: rng.int(1, 28) };
    if (isValidYmd(d) && d.d !== birth.d) {
      labels.push('dob_day');
      return formatYmd(d);
    }
    return formatYmd(birth);
  }
  if (u < (t += rates.dobMonth)) {
    const m = rng.chance(0.6) ? birth.m + (rng.chance(0.5) ? 1 : -1) : rng.int(1, 12);
    const d = { ...birth, m };
    if (isValidYmd(d) && m !== birth.m) {
      labels.push('dob_month');
      return formatYmd(d);
    }
    return formatYmd(birth);
  }
  if (u < t + rates.dobMissing) {
    labels.push('dob_missing');
    return '';
  }
  return formatYmd(birth);
}

function randomValidOen(rng: Rng): string {
  return oenFromBody(String(rng.int(0, 99_999_999)).padStart(8, '0'));
}

/** The OEN as typed, or empty. */
function typedOen(rng: Rng, rates: Rates, a: Applicant, age: number, labels: string[]): string {
  const own = a.person.oen;
  const recorded = a.record ? a.record.oen : '';
  if (!own) {
    if (rng.chance(rates.oenWithoutRecord)) {
      labels.push('oen_unknown_to_sis');
      return randomValidOen(rng);
    }
    return '';
  }
  if (!rng.chance(byAge(rates.oenGivenByAge, age))) return '';
  const u = rng.next();
  let out = own;
  let label = '';
  if (u < rates.oenDigit) [out, label] = [digitSlip(rng, own, 'digit'), 'oen_digit'];
  else if (u < rates.oenDigit + rates.oenSwap) [out, label] = [digitSlip(rng, own, 'swap'), 'oen_swap'];
  else if (u < rates.oenDigit + rates.oenSwap + rates.oenSibling) {
    [out, label] = a.siblingOen ? [a.siblingOen, 'oen_sibling'] : [randomValidOen(rng), 'oen_wrong'];
  } else if (u < rates.oenDigit + rates.oenSwap + rates.oenSibling + rates.oenWrong) {
    [out, label] = [randomValidOen(rng), 'oen_wrong'];
  }
  if (label && out !== own) labels.push(label);
  else if (a.record && !recorded) labels.push('oen_unknown_to_sis');
  return out;
}

function typedStudentNumber(rng: Rng, ctx: TypingContext, a: Applicant, labels: string[]): string {
  if (!rng.chance(ctx.rates.studentNumberGiven)) return '';
  const own = a.record?.student_number;
  if (!own) {
    // The number of the school they did attend, in another board's format.
    return String(rng.int(100_000, 999_999_999));
  }
  const u = rng.next();
  if (u < ctx.rates.studentNumberSlip) {
    labels.push('student_number_slip');
    return digitSlip(rng, own, rng.chance(0.5) ? 'digit' : 'swap');
  }
  if (u < ctx.rates.studentNumberSlip + ctx.rates.studentNumberWrong) {
    labels.push('student_number_wrong');
    return ctx.unusedStudentNumber(rng, own);
  }
  return own;
}

function typedSchool(rng: Rng, ctx: TypingContext, a: Applicant, labels: string[]): string {
  const { rates, board } = ctx;
  const attended = a.person.schools;
  const recorded = a.record ? a.record.schools_attended.split(';') : [];
  if (rng.chance(rates.schoolMissing)) {
    labels.push('school_missing');
    return '';
  }
  if (a.school !== undefined) return a.school;
  if (rng.chance(rates.schoolWrong) && board.schools.length > attended.length) {
    let s = board.all.draw(rng).bsid;
    for (let i = 0; i < 20 && attended.includes(s); i++) s = board.all.draw(rng).bsid;
    if (!attended.includes(s)) {
      labels.push('school_wrong');
      return s;
    }
  }
  const last = attended[attended.length - 1];
  if (attended.length > 1 && rng.chance(rates.schoolEarlier)) {
    const earlier = rng.pick(attended.slice(0, -1));
    labels.push(recorded.includes(earlier) ? 'school_earlier' : 'school_unrecorded');
    return earlier;
  }
  return last;
}

function typedDateLastAttended(rng: Rng, ctx: TypingContext, p: Person, labels: string[]): string {
  if (!rng.chance(ctx.rates.dateLastAttendedGiven)) return '';
  const actual = p.lastAttended || formatYm(ctx.year, 6);
  if (!rng.chance(ctx.rates.dateLastAttendedWrong)) return actual;
  const [y, m] = actual.split('-').map(Number);
  const shift = rng.chance(0.6) ? rng.int(1, 11) * (rng.chance(0.5) ? 1 : -1) : 12 * rng.int(-2, 2) || 12;
  // Nobody types a date after the end of the current school year.
  const months = Math.min(y * 12 + (m - 1) + shift, ctx.year * 12 + 5);
  const typed = formatYm(Math.floor(months / 12), (months % 12) + 1);
  if (typed !== actual) labels.push('dla_wrong');
  return typed;
}

/** The applicant's given name as typed, before slips. */
function chosenFirst(rng: Rng, rates: Rates, a: Applicant, labels: string[]): string {
  const p = a.person;
  // A preferred name counts as known when the record holds it (every absent applicant's is unknown).
  const preferred = a.record?.preferred_first_name ? p.preferred : '';
  let first = p.first;
  if (preferred && rng.chance(rates.usePreferred)) {
    first = preferred;
    labels.push('first_preferred');
  } else if (
    (p.otherName || (p.preferred && !preferred)) &&
    rng.chance(p.otherName ? rates.useOtherName : rates.usePreferred)
  ) {
    // A name they use every day that the school never recorded.
    first = p.otherName || p.preferred;
    labels.push('first_other_name');
  } else if (nicknames[p.first] && rng.chance(rates.nickname)) {
    first = rng.pick(nicknames[p.first]);
    labels.push('first_nickname');
  } else if (p.middles.length > 0 && p.middles[0].length > 1 && rng.chance(rates.goesByMiddle)) {
    first = p.middles[0];
    labels.push('first_middle');
  } else if (p.middles.length > 0 && p.middles[0].length > 1 && rng.chance(rates.firstWithMiddle)) {
    first = `${p.first} ${p.middles[0]}`;
    labels.push('first_with_middle');
  }
  if (!labels.includes('first_with_middle') && /[\s-]/.test(first) && rng.chance(rates.compoundVariant)) {
    const f = compoundForms(rng, first);
    if (f && f !== first) {
      first = f;
      labels.push('first_compound');
    }
  }
  if (rng.chance(rates.firstMissing)) {
    // Nothing typed: what the name would have been no longer matters.
    const kept = labels.filter((l) => !l.startsWith('first_'));
    labels.splice(0, labels.length, ...kept, 'first_missing');
    return '';
  }
  return first;
}

/** The applicant's surname now, their former surname if they give it, before slips. */
function chosenLast(
  rng: Rng,
  ctx: TypingContext,
  a: Applicant,
  age: number,
  labels: string[],
): { last: string; previous: string } {
  const { rates } = ctx;
  const p = a.person;
  let last = p.surname;
  let previous = '';
  const keepsName = [
    'hispanic',
    'arabic',
    'persian',
    'cantonese',
    'mandarin',
    'korean',
    'vietnamese',
    'somali',
  ];
  // A married name is part of the person's life: decided once, the same in every request they make.
  let married = ctx.marriedNames.get(p.id);
  if (married === undefined) {
    married = '';
    const share =
      (p.sex === 'F' ? byAge(rates.marriedNameByAge, age) : rates.marriedNameMen) *
      (keepsName.includes(p.origin.id) ? 0.3 : 1);
    if (a.lifeEvents && rng.chance(share)) {
      const spouseOrigin = rng.chance(0.6) ? p.origin : drawOrigin(rng, ctx.profile, p.birth.y);
      const spouse = spouseOrigin.childSurname(spouseOrigin.familyName(rng), p.sex);
      married = rng.chance(rates.marriageHyphenated) ? `${p.surname}-${spouse}` : spouse;
      if (married === p.surname) married = '';
    }
    ctx.marriedNames.set(p.id, married);
  }
  if (married) {
    last = married;
    const hyphen = married.startsWith(`${p.surname}-`);
    if (rng.chance(rates.marriagePreviousGiven * (hyphen ? 0.5 : 1))) {
      previous = p.surname;
      labels.push('last_married_with_previous');
    } else labels.push('last_married_no_previous');
    return { last, previous };
  }
  if (p.previousSurnames.length > 0) {
    if (rng.chance(rates.schoolChangeOldSurname)) {
      last = p.previousSurnames[p.previousSurnames.length - 1];
      labels.push('last_changed_at_school');
    } else if (rng.chance(0.4)) previous = p.previousSurnames[p.previousSurnames.length - 1];
  }
  const middle = p.middles[0];
  if (
    p.origin.id === 'punjabi' &&
    (middle === 'Singh' || middle === 'Kaur') &&
    rng.chance(rates.singhKaurAsSurname)
  ) {
    last = rng.chance(0.6) ? middle : `${middle} ${p.surname}`;
    labels.push('last_singh_kaur');
  } else if (p.origin.id === 'somali' && middle && rng.chance(rates.surnameForm * 0.6)) {
    last = rng.chance(0.5) ? `${middle} ${p.surname}` : middle;
    labels.push('last_part');
  } else if (rng.chance(rates.surnameForm)) {
    const { form, part } = surnameForms(last);
    if (part.length > 0 && (form.length === 0 || rng.chance(0.4))) {
      last = rng.pick(part);
      labels.push('last_part');
    } else if (form.length > 0) {
      last = rng.pick(form);
      labels.push('last_form');
    }
  }
  if (rng.chance(rates.lastMissing)) {
    const kept = labels.filter((l) => !l.startsWith('last_'));
    labels.splice(0, labels.length, ...kept, 'last_missing');
    last = '';
  }
  return { last, previous };
}

function typedCase(rng: Rng, rates: Rates, values: string[], labels: string[]): string[] {
  let out = values;
  if (out.some(hasAccents) && rng.chance(rates.accentsDropped)) {
    out = out.map(stripAccents);
    labels.push('format_accents');
  }
  const u = rng.next();
  if (u < rates.lowercase) {
    out = out.map((s) => s.toLowerCase());
    labels.push('format_case');
  } else if (u < rates.lowercase + rates.uppercase) {
    out = out.map((s) => s.toUpperCase());
    labels.push('format_case');
  }
  const filled = out.map((v, i) => (v ? i : -1)).filter((i) => i >= 0);
  if (filled.length > 0 && rng.chance(rates.extraWhitespace)) {
    const i = rng.pick(filled);
    out = [...out];
    out[i] = rng.chance(0.5) ? ` ${out[i]} ` : out[i].replace(/([\s-]|$)/, ' $1');
    labels.push('format_space');
  }
  return out;
}

/** The request an applicant types. */
export function typeRequest(rng: Rng, ctx: TypingContext, a: Applicant): TypedRequest {
  const { rates } = ctx;
  const p = a.person;
  const labels: string[] = [];
  const age = ctx.year - p.birth.y;

  let first = chosenFirst(rng, rates, a, labels);
  const chosen = chosenLast(rng, ctx, a, age, labels);
  let last = chosen.last;
  first = slip(rng, rates, first, 'first', labels);
  last = slip(rng, rates, last, 'last', labels);
  if (first && last && rng.chance(Math.min(1, rates.swapNames * p.origin.nameOrderConfusion))) {
    [first, last] = [last, first];
    labels.push('names_swapped');
  }
  const [firstTyped, lastTyped, previousTyped] = typedCase(
    rng,
    rates,
    [first, last, chosen.previous],
    labels,
  );

  let gender = '';
  if (rng.chance(rates.genderGiven)) {
    gender = p.gender;
    if (rng.chance(rates.genderDifferent)) {
      gender = rng.pick(['M', 'F', 'X'].filter((g) => g !== p.gender));
      labels.push('gender_different');
    }
  }

  const typed: Typed = {
    oen: typedOen(rng, rates, a, age, labels),
    student_number: typedStudentNumber(rng, ctx, a, labels),
    first_name: firstTyped,
    last_name: lastTyped,
    previous_last_name: previousTyped,
    birth_date: typedDate(rng, rates, p.birth, labels),
    gender,
    school_bsid: typedSchool(rng, ctx, a, labels),
    date_last_attended: typedDateLastAttended(rng, ctx, p, labels),
  };
  return { typed, labels };
}
