/**
 * The contract every SIS adapter keeps, run against each backend loaded with the same fixture
 * (support/fixtures.ts). An outage must never look like "student not found".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlockingKeys, SisAdapter, SisStudent, StudentRecord } from '../../src/sis/index.js';
import type { MatchRequest } from '../../src/matching/types.js';
import { blockingKeys } from '../../src/matching/blocking.js';
import { isEtmsError } from '../../src/errors.js';
import { StudentIndex } from '../../src/matching/student-index.js';
import type { SqlRunner } from '../../adapters/sql/sql-adapter.js';
import type { BoundQuery } from '../../adapters/sql/guard.js';
import { expectedRecord, student, STUDENTS } from './support/fixtures.js';

export interface ContractBackend {
  /** An adapter on the loaded fixture. */
  adapter: SisAdapter;
  /** An adapter of the same kind whose backend is down. */
  down: SisAdapter;
  /** SQL kinds: the same backend read with the one-value queries only (one per birth date, per surname). */
  perDate?: SisAdapter;
  teardown(): Promise<void>;
}

/**
 * Requests as typed, each reaching the fixture (or not) through a birth date with a name form, or a
 * surname and a given name in the birth year, with what they must find (`finds`) and must not
 * (`misses`). Their keys are the matcher's own (about thirty birth dates each), so every lookup
 * path runs.
 */
export const SLIP_REQUESTS: {
  why: string;
  request: Omit<MatchRequest, 'referenceNumber'>;
  finds?: string[];
  misses?: string[];
}[] = [
  {
    why: 'a part of a hyphenated surname on a one-digit slip',
    request: { firstName: 'Jane', lastName: 'Jones', birthDate: '2005-03-15' },
    finds: ['S1001'],
    misses: ['S1004'],
  },
  {
    why: 'a given name only, surname initial not shared',
    request: { firstName: 'Emily', lastName: 'Brown', birthDate: '2005-03-15' },
    misses: ['S1001'],
  },
  {
    why: 'a given name, initial of the second part of the surname',
    request: { firstName: 'Emily', lastName: 'Jacobs', birthDate: '2005-03-15' },
    finds: ['S1001'],
  },
  {
    why: 'a given name, initial of a previous surname',
    request: { firstName: 'Chloe', lastName: 'Garcia', birthDate: '2006-02-11' },
    finds: ['0012345'],
  },
  {
    why: 'a given name, no initial shared with any surname',
    request: { firstName: 'Chloe', lastName: 'Smith', birthDate: '2006-02-11' },
    misses: ['0012345'],
  },
  {
    why: 'a given name, initial of the surname without its particles',
    request: { firstName: 'Anne', lastName: 'Brown', birthDate: '2005-07-22' },
    finds: ['S1003'],
  },
  {
    why: 'a given name, initial of a particle only (particles are not surname keys)',
    request: { firstName: 'Anne', lastName: 'Dupont', birthDate: '2005-07-22' },
    misses: ['S1003'],
  },
  {
    why: 'a given name and a stranger surname',
    request: { firstName: 'Anne', lastName: 'Zed', birthDate: '2005-07-22' },
    misses: ['S1003'],
  },
  {
    why: 'first and last name typed the other way round',
    request: { firstName: "O'Brien", lastName: 'Patrick', birthDate: '2005-03-15' },
    finds: ['S1004'],
  },
  {
    why: 'a given name and no surname',
    request: { firstName: 'Patrick', birthDate: '2005-03-15' },
    finds: ['S1004'],
    misses: ['S1001'],
  },
  {
    why: 'the first word of a hyphenated given name, accents typed',
    request: { firstName: 'Marc', lastName: 'Bérubé', birthDate: '2004-11-03' },
    finds: ['S1002'],
  },
  {
    why: 'the second word of a hyphenated given name (not a given-name key)',
    request: { firstName: 'André', lastName: 'Bérubé', birthDate: '2004-11-03' },
    misses: ['S1002'],
  },
  {
    why: 'a previous surname on a slip',
    request: { firstName: 'Chloe', lastName: 'Roy', birthDate: '2006-02-11' },
    finds: ['0012345'],
  },
  {
    why: 'a preferred first name on a slip',
    request: { firstName: 'Em', lastName: 'Stone', birthDate: '2005-03-15' },
    finds: ['S1001'],
  },
  {
    why: 'the day/month swap of the typed date with a surname',
    request: { firstName: 'Zoe', lastName: 'Tremblay', birthDate: '2006-10-02' },
    finds: ['0012345'],
  },
  {
    why: 'the day/month swap of the typed date and no name in common',
    request: { firstName: 'Zoe', lastName: 'Zed', birthDate: '2006-10-02' },
    misses: ['0012345'],
  },
  {
    why: 'the typed date and no name in common',
    request: { firstName: 'Zoe', lastName: 'Zed', birthDate: '2005-03-14' },
    misses: ['S1001', 'S1004'],
  },
  {
    why: 'the typed date and a middle name',
    request: { firstName: 'Jane', lastName: 'Zed', birthDate: '2005-03-14' },
    finds: ['S1001'],
    misses: ['S1004'],
  },
  {
    why: 'a surname in the birth year with another given name',
    request: { firstName: 'Olivia', lastName: 'Smith', birthDate: '2005-09-09' },
    misses: ['S1001', 'S1005'],
  },
  {
    why: 'a surname and a given name in the birth year, the date far off',
    request: { firstName: 'Sarah', lastName: 'Smith', birthDate: '2005-11-27' },
    // S1006, born 1990, holds the same full name: a full name two students hold comes whatever the date.
    finds: ['S1005', 'S1006'],
  },
  {
    why: 'names typed the other way round in the birth year',
    request: { firstName: 'Smith', lastName: 'Sarah', birthDate: '2005-11-27' },
    finds: ['S1005'],
  },
  {
    why: 'a previous surname and a given name in the birth year',
    request: { firstName: 'Chloe', lastName: 'Gagnon', birthDate: '2006-08-30' },
    finds: ['0012345'],
  },
  {
    why: 'a neighbour year',
    request: { firstName: 'Sarah', lastName: 'Smith', birthDate: '2006-06-01' },
    finds: ['S1005', 'S1006'],
  },
  { why: 'a birth date alone', request: { birthDate: '2005-03-15' }, misses: ['S1001', 'S1004'] },
  {
    why: 'names on a date nobody was born near',
    request: { firstName: 'Emily', lastName: 'Smith-Jones', birthDate: '1970-01-01' },
  },
  { why: 'no birth date at all', request: { firstName: 'Emily', lastName: 'Smith' } },
  // The searches `etms match` runs beyond the keys (src/matching/beyond-keys.ts).
  {
    why: 'beyond the keys: an OEN with two neighbouring digits exchanged, nothing else in common',
    request: { oen: '123456798', firstName: 'Zoe', lastName: 'Zed', birthDate: '1999-01-01' },
    finds: ['S1001'],
  },
  {
    why: 'beyond the keys: an OEN with one digit mistyped, names and date elsewhere',
    request: { oen: '456789124', firstName: 'Zoe', lastName: 'Zed' },
    finds: ['0012345'],
  },
  {
    why: 'beyond the keys: an OEN someone holds brings no one holding its slips',
    request: { oen: '345678912', firstName: 'Zoe', lastName: 'Zed', birthDate: '1999-01-01' },
    finds: ['S1005'],
    misses: ['S1001', 'S1006'],
  },
  {
    why: 'beyond the keys: the typed date with both names mistyped, initials kept',
    request: { firstName: 'Enily', lastName: 'Snith', birthDate: '2005-03-14' },
    finds: ['S1001'],
    misses: ['S1004'],
  },
  {
    why: 'beyond the keys: the typed date with both names mistyped and typed the other way round',
    request: { firstName: 'Snith', lastName: 'Enily', birthDate: '2005-03-14' },
    finds: ['S1001'],
    misses: ['S1004'],
  },
  {
    why: 'beyond the keys: the typed date, a surname alone mistyped, its initial kept',
    request: { lastName: "O'Brian", birthDate: '2005-03-14' },
    finds: ['S1004'],
    misses: ['S1001'],
  },
  {
    why: 'beyond the keys: the typed date with initials no one born that day has',
    request: { firstName: 'Quentin', lastName: 'Xu', birthDate: '2005-03-14' },
    misses: ['S1001', 'S1004'],
  },
  {
    why: 'beyond the keys: a rare full name with a birth date far off',
    request: { firstName: 'Ahmed', lastName: 'Khan', birthDate: '1980-05-05' },
    finds: ['S1007'],
  },
  {
    why: 'beyond the keys: a rare full name typed the other way round, far off',
    request: { firstName: 'Khan', lastName: 'Ahmed', birthDate: '1980-05-05' },
    finds: ['S1007'],
  },
  {
    why: 'beyond the keys: a full name shared by two students, neither born near the date',
    request: { firstName: 'Sarah', lastName: 'Smith', birthDate: '1970-07-07' },
    finds: ['S1005', 'S1006'],
  },
  {
    why: 'beyond the keys: no birth date, the surname in any year and a given name starting alike',
    request: { firstName: 'Sarha', lastName: 'Smith' },
    finds: ['S1005', 'S1006'],
    misses: ['S1001'],
  },
  {
    why: 'beyond the keys: no birth date, a part of a hyphenated surname',
    request: { firstName: 'Emely', lastName: 'Jones' },
    finds: ['S1001'],
    misses: ['S1005'],
  },
];

const keys = (k: Partial<BlockingKeys>): BlockingKeys => ({
  birthDates: [],
  surnames: [],
  givenNames: [],
  birthYears: [],
  ...k,
});
const numbers = (list: SisStudent[]) => list.map((s) => s.studentNumber).sort();
const sortCourses = <T extends { completionDate: string; code: string; mark: unknown }>(list: T[]) =>
  [...list].sort(
    (a, b) =>
      a.completionDate.localeCompare(b.completionDate) ||
      a.code.localeCompare(b.code) ||
      String(a.mark).localeCompare(String(b.mark)),
  );

export function sisAdapterContract(name: string, setup: () => Promise<ContractBackend>): void {
  describe(`SisAdapter contract: ${name}`, () => {
    let backend: ContractBackend;
    let sis: SisAdapter;

    beforeAll(async () => {
      backend = await setup();
      sis = backend.adapter;
    });
    afterAll(async () => {
      await backend?.adapter.close();
      await backend?.down.close();
      await backend?.perDate?.close();
      await backend?.teardown();
    });

    it('finds a student by OEN and no one else', async () => {
      const found = await sis.candidates(keys({ oen: '123456789' }));
      expect(numbers(found)).toEqual(['S1001']);
      // An adapter that reads enrolments also lists the schools attended (the fixture's one school).
      const { schoolsAttended, enrolments: _dated, ...rest } = found[0];
      expect(rest).toEqual(student('S1001'));
      if (schoolsAttended !== undefined) expect(schoolsAttended).toEqual([student('S1001').schoolBsid]);
    });

    it('finds a student by student number, leading zeros kept', async () => {
      expect(numbers(await sis.candidates(keys({ studentNumber: '0012345' })))).toEqual(['0012345']);
      expect(await sis.candidates(keys({ studentNumber: '12345' }))).toEqual([]);
    });

    it('finds the students born on the typed date who share any name form, and no one by the date alone', async () => {
      const onDate = (k: Partial<BlockingKeys>) => sis.candidates(keys({ birthDates: ['2005-03-14'], ...k }));
      expect(numbers(await onDate({ givenNames: ['JANE'] }))).toEqual(['S1001']);
      expect(numbers(await onDate({ surnames: ['OBRIEN'] }))).toEqual(['S1004']);
      expect(numbers(await onDate({ surnames: ['JONES'], givenNames: ['PATRICK'] }))).toEqual([
        'S1001',
        'S1004',
      ]);
      // A surname of the request found among the student's given names counts too, on any date.
      expect(numbers(await onDate({ surnames: ['EM'] }))).toEqual(['S1001']);
      expect(await onDate({})).toEqual([]);
      expect(await onDate({ surnames: ['ZED'], givenNames: ['ZOE'] })).toEqual([]);
      expect(
        await sis.candidates(keys({ birthDates: ['2005-02-30', '2005-13-01'], givenNames: ['EMILY'] })),
      ).toEqual([]);
    });

    it('finds a surname with a given name in the birth years, including a part of a hyphenated surname', async () => {
      const found = numbers(
        await sis.candidates(
          keys({ surnames: ['SMITH'], givenNames: ['EMILY', 'SARAH'], birthYears: [2004, 2005, 2006] }),
        ),
      );
      // S1006 (Sarah Smith, born 1990) by the full name she shares with S1005 alone, whatever the year.
      expect(found).toEqual(['S1001', 'S1005', 'S1006']);
      expect(
        numbers(await sis.candidates(keys({ surnames: ['JONES'], givenNames: ['EM'], birthYears: [2005] }))),
      ).toEqual(['S1001']);
      // A neighbouring year among the birth years.
      expect(
        numbers(
          await sis.candidates(
            keys({
              surnames: ['SMITH'],
              givenNames: ['SARAH'],
              birthYears: [2006, 2005],
              birthDates: ['2006-11-20'],
            }),
          ),
        ),
      ).toEqual(['S1005', 'S1006']);
    });

    it('finds no one by a surname alone, or with another given name, in the birth years', async () => {
      expect(await sis.candidates(keys({ surnames: ['SMITH'], birthYears: [2004, 2005, 2006] }))).toEqual([]);
      expect(
        await sis.candidates(keys({ surnames: ['SMITH'], givenNames: ['OLIVIA'], birthYears: [2005] })),
      ).toEqual([]);
      // Without a birth year there is no surname block: the two Sarah Smiths come from the searches
      // beyond the keys (the full name only they hold; the surname in any year, given name alike).
      expect(numbers(await sis.candidates(keys({ surnames: ['SMITH'], givenNames: ['SARAH'] })))).toEqual([
        'S1005',
        'S1006',
      ]);
    });

    it('finds names typed the other way round in the birth years', async () => {
      expect(
        numbers(
          await sis.candidates(keys({ surnames: ['SARAH'], givenNames: ['SMITH'], birthYears: [2005] })),
        ),
      ).toEqual(['S1005', 'S1006']);
      expect(
        numbers(
          await sis.candidates(keys({ surnames: ['PATRICK'], givenNames: ['OBRIEN'], birthYears: [2005] })),
        ),
      ).toEqual(['S1004']);
    });

    it('finds multi-part surnames by each part and run together', async () => {
      for (const surname of ['BERG', 'VAN DER BERG', 'VANDERBERG']) {
        expect(
          numbers(
            await sis.candidates(keys({ surnames: [surname], givenNames: ['ANNE'], birthYears: [2005] })),
          ),
        ).toEqual(['S1003']);
      }
    });

    it('finds previous surnames with a given name', async () => {
      expect(
        numbers(
          await sis.candidates(
            keys({ surnames: ['MACDONALD'], givenNames: ['ANNE'], birthYears: [2004, 2005, 2006] }),
          ),
        ),
      ).toEqual(['S1003']);
      expect(
        numbers(
          await sis.candidates(keys({ surnames: ['GAGNON'], givenNames: ['CHLOE'], birthYears: [2006] })),
        ),
      ).toEqual(['0012345']);
      expect(
        await sis.candidates(keys({ surnames: ['GAGNON'], givenNames: ['ZOE'], birthYears: [2006] })),
      ).toEqual([]);
      // A former surname typed as the given name.
      expect(
        numbers(await sis.candidates(keys({ surnames: ['CHLOE'], givenNames: ['ROY'], birthYears: [2006] }))),
      ).toEqual(['0012345']);
    });

    it('finds accented and apostrophe surnames by their normalised keys', async () => {
      expect(
        numbers(
          await sis.candidates(keys({ surnames: ['BELANGER'], givenNames: ['MARC'], birthYears: [2004] })),
        ),
      ).toEqual(['S1002']);
      expect(
        numbers(
          await sis.candidates(keys({ surnames: ['OBRIEN'], givenNames: ['PATRICK'], birthYears: [2005] })),
        ),
      ).toEqual(['S1004']);
    });

    it('finds a given name on a birth date, and not students born on other dates', async () => {
      const found = numbers(
        await sis.candidates(keys({ givenNames: ['PATRICK'], birthDates: ['2005-03-14'] })),
      );
      expect(found).toContain('S1004');
      expect(found).not.toContain('S1002');
      expect(found).not.toContain('S1005');
    });

    it('keeps a student on a slipped birth date only when a name form also agrees, as the matcher does', async () => {
      // Typed 2005-03-15: 2005-03-14 is a one-digit slip of it, where S1001 (Emily Smith-Jones) and S1004 (Patrick O'Brien) were born.
      const slip = (k: Partial<BlockingKeys>) =>
        sis.candidates(keys({ birthDates: ['2005-03-15', '2005-03-14'], birthYears: [2006], ...k }));
      expect(numbers(await slip({ surnames: ['OBRIEN'], givenNames: ['EMILY'] }))).toEqual(['S1004']);
      expect(numbers(await slip({ surnames: ['SMYTH'], givenNames: ['EMILY'] }))).toEqual(['S1001']);
      expect(numbers(await slip({ surnames: ['SMYTH'], givenNames: ['JANE'] }))).toEqual(['S1001']);
      expect(numbers(await slip({ surnames: ['JONES'], givenNames: [] }))).toEqual(['S1001']);
      expect(await slip({ surnames: ['ZZYZX'], givenNames: ['NOBODY'] })).toEqual([]);
      // The day/month swap of the typed date is read like a slip.
      const swap = (k: Partial<BlockingKeys>) =>
        sis.candidates(keys({ birthDates: ['2006-10-02', '2006-02-10'], ...k }));
      expect(numbers(await swap({ surnames: ['TREMBLAY'], givenNames: ['ZOE'] }))).toEqual(['0012345']);
      expect(numbers(await swap({ surnames: ['GARCIA'], givenNames: ['CHLOE'] }))).toEqual(['0012345']);
      // On the swap a given name alone is enough, whatever the surname (a search beyond the keys).
      expect(numbers(await swap({ surnames: ['SMITH'], givenNames: ['CHLOE'] }))).toEqual(['0012345']);
      expect(await swap({})).toEqual([]);
    });

    it('answers nothing for keys nobody has, and for no keys', async () => {
      expect(
        await sis.candidates(
          keys({
            oen: '111111111',
            studentNumber: 'X1',
            surnames: ['ZZYZX'],
            birthYears: [2005],
            birthDates: ['1970-01-01'],
            givenNames: ['NOBODY'],
          }),
        ),
      ).toEqual([]);
      expect(await sis.candidates(keys({}))).toEqual([]);
    });

    it('puts the most specific block first and lists each student once', async () => {
      const found = await sis.candidates(
        keys({
          oen: '123456789',
          studentNumber: 'S1001',
          surnames: ['SMITH', 'JONES'],
          givenNames: ['EMILY', 'SARAH', 'PATRICK'],
          birthYears: [2004, 2005, 2006],
          birthDates: ['2005-03-14', '2005-14-03'],
        }),
      );
      expect(found[0].studentNumber).toBe('S1001');
      expect(numbers(found)).toEqual(['S1001', 'S1004', 'S1005', 'S1006']);
    });

    it.each(SLIP_REQUESTS)(
      "finds the same candidates as the matcher's own index: $why",
      async ({ request, finds, misses }) => {
        const k = blockingKeys({ referenceNumber: 'R1', ...request });
        const found = numbers(await sis.candidates(k));
        expect(found).toEqual(numbers(new StudentIndex(STUDENTS).candidatesBeyondKeys(k)));
        if (backend.perDate) expect(found).toEqual(numbers(await backend.perDate.candidates(k)));
        for (const n of finds ?? []) expect(found).toContain(n);
        for (const n of misses ?? []) expect(found).not.toContain(n);
      },
    );

    it("finds the same candidates as the matcher's own index for each student as recorded, and with its names swapped", async () => {
      const requests = STUDENTS.flatMap((s) => [
        {
          firstName: s.firstName,
          lastName: s.lastName,
          birthDate: s.birthDate,
          previousLastName: s.previousLastNames[0],
        },
        { firstName: s.lastName, lastName: s.firstName, birthDate: s.birthDate },
        {
          firstName: s.preferredFirstName ?? s.firstName,
          lastName: s.previousLastNames[1] ?? s.lastName,
          birthDate: `${s.birthDate.slice(0, 4)}-12-31`,
        },
      ]);
      for (const [i, request] of requests.entries()) {
        const s = STUDENTS[Math.floor(i / 3)];
        const k = blockingKeys({ referenceNumber: 'R1', ...request });
        const found = numbers(await sis.candidates(k));
        expect(found, s.studentNumber).toEqual(numbers(new StudentIndex(STUDENTS).candidatesBeyondKeys(k)));
        if (backend.perDate)
          expect(found, s.studentNumber).toEqual(numbers(await backend.perDate.candidates(k)));
      }
    });

    it('returns the full record with courses for a transcript', async () => {
      // The schools attended, where an adapter reads them, are checked with the candidates above.
      const withoutHistory = (r: StudentRecord | undefined) => {
        if (!r) return r;
        const { schoolsAttended: _schools, enrolments: _dated, ...student } = r.student;
        return { ...r, student };
      };
      const record = withoutHistory(await sis.transcript('S1001'));
      const expected = expectedRecord('S1001');
      expect(record).toBeDefined();
      expect({ ...record!, courses: sortCourses(record!.courses) }).toEqual({
        ...expected,
        courses: sortCourses(expected.courses),
      });
      const other = withoutHistory(await sis.transcript('0012345'));
      expect(other).toEqual(expectedRecord('0012345'));
      const noRequirements = withoutHistory(await sis.transcript('S1003'));
      expect(noRequirements).toEqual(expectedRecord('S1003'));
    });

    it('answers undefined for an unknown student number', async () => {
      expect(await sis.transcript('NOPE-404')).toBeUndefined();
      expect(await sis.transcript('12345')).toBeUndefined();
    });

    it('reports health', async () => {
      const health = await sis.health();
      expect(health.ok).toBe(true);
      expect(health.detail).not.toBe('');
    });

    it('reports a down backend as not healthy, with a detail', async () => {
      const health = await backend.down.health();
      expect(health.ok).toBe(false);
      expect(health.detail.length).toBeGreaterThan(10);
    });

    it('throws ETMS_E_SIS_UNAVAILABLE from a down backend instead of answering "no student"', async () => {
      const error = await backend.down
        .candidates(keys({ oen: '123456789', birthDates: ['2005-03-14'] }))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(isEtmsError(error) && error.code).toBe('ETMS_E_SIS_UNAVAILABLE');
      const transcriptError = await backend.down.transcript('S1001').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isEtmsError(transcriptError) && transcriptError.code).toBe('ETMS_E_SIS_UNAVAILABLE');
    });
  });
}

export interface SqlListOptions {
  /** Settings over the example config. */
  extra?: Record<string, unknown>;
  /** Queries of the example config to leave out. */
  drop?: readonly string[];
  /** Where every query the adapter runs is recorded. */
  seen?: BoundQuery[];
}

export interface SqlListBackend {
  /** An adapter on the loaded fixture with the example config as `options` change it. */
  adapter(options: SqlListOptions): Promise<SisAdapter>;
  /** The queries the example config has. */
  queries: readonly string[];
  teardown(): Promise<void>;
}

/** The example config with only the one-value queries: one query per birth date, per surname. */
const PER_DATE = ['candidatesByBirthDates', 'candidatesByNamesOnBirthDates', 'candidatesByNamesInBirthYears'];
/** Dates read whole (the typed date and its swap in one list query), surnames one query each. */
const WHOLE_DATES = ['candidatesByNamesOnBirthDates', 'candidatesByNamesInBirthYears'];

/**
 * Records each query a runner is given, then runs it. The queries of the searches beyond the keys
 * are recorded only with `beyond`: the list-query checks count the key queries.
 */
export function recordingRunner(inner: SqlRunner, seen: BoundQuery[], beyond = false): SqlRunner {
  return {
    target: inner.target,
    query: (q) => {
      if (beyond || !q.beyond) seen.push(q);
      return inner.query(q);
    },
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}

const count = (seen: BoundQuery[], key: string) => seen.filter((q) => q.key === key).length;
/** The values of a list parameter of a recorded query, each once (MySQL binds them again at each use). */
const listValues = (q: BoundQuery, name: string) => [
  ...new Set(q.values.filter((_, i) => q.params[i] === name).flat()),
];

/**
 * How the SQL adapters use the list queries: with candidatesByNamesOnBirthDates one query for the
 * date as typed and one for the other dates, with candidatesByNamesInBirthYears one for surname and
 * given name in the birth years and no surname or whole-date query at all; each asked again per
 * value when its answer reaches the cap; none for an empty list; without them, dates read whole
 * (the typed date and its swap in one query) and the per-date queries at the cap. The candidates
 * are those of the one-value queries either way.
 */
export function sqlListQueryContract(name: string, setup: () => Promise<SqlListBackend>): void {
  describe(`SQL list queries: ${name}`, () => {
    let backend: SqlListBackend;
    const opened: SisAdapter[] = [];
    const open = async (options: Parameters<SqlListBackend['adapter']>[0]) => {
      const sis = await backend.adapter(options);
      opened.push(sis);
      return sis;
    };
    const has = (key: string) => backend.queries.includes(key);
    beforeAll(async () => {
      backend = await setup();
    });
    afterAll(async () => {
      for (const sis of opened) await sis.close();
      await backend?.teardown();
    });

    it('reads the typed date in one query, the other dates in one more, and reads no date whole', async () => {
      const seen: BoundQuery[] = [];
      const sis = await open({ seen });
      const perDate = await open({ drop: PER_DATE });
      const k = blockingKeys({
        referenceNumber: 'R1',
        firstName: 'Chloe',
        lastName: 'Garcia',
        birthDate: '2006-10-02',
      });
      const found = numbers(await sis.candidates(k));
      expect(found).toEqual(['0012345']);
      expect(found).toEqual(numbers(await perDate.candidates(k)));
      const names = seen.filter((q) => q.key === 'candidatesByNamesOnBirthDates');
      expect(names).toHaveLength(2);
      // The typed date with every name key and no surname initial to narrow by; the others with the surnames.
      expect(listValues(names[0], 'birth_dates')).toEqual(['2006-10-02']);
      if (names[0].params.includes('surnames'))
        expect(listValues(names[0], 'surnames').filter((v) => v !== null)).toEqual([]);
      expect(listValues(names[1], 'birth_dates')).toEqual(k.birthDates.slice(1));
      expect(
        count(seen, 'candidatesByBirthDates') +
          count(seen, 'candidatesByBirthDate') +
          count(seen, 'candidatesByGivenName'),
      ).toBe(0);
    });

    it('reads surname and given name in the birth years in one query, and runs no surname query, when configured', async () => {
      const seen: BoundQuery[] = [];
      const sis = await open({ seen });
      const perDate = await open({ drop: PER_DATE });
      // Born 2005-06-01: the date typed is no slip of it, only the year and the names reach her; swapped too.
      for (const [firstName, lastName] of [
        ['Sarah', 'Smith'],
        ['Smith', 'Sarah'],
      ]) {
        seen.length = 0;
        const k = blockingKeys({ referenceNumber: 'R1', firstName, lastName, birthDate: '2005-11-27' });
        const found = numbers(await sis.candidates(k));
        expect(found).toEqual(['S1005', 'S1006']);
        expect(found).toEqual(numbers(await perDate.candidates(k)));
        if (has('candidatesByNamesInBirthYears')) {
          expect(count(seen, 'candidatesByNamesInBirthYears')).toBe(1);
          expect(count(seen, 'candidatesBySurname')).toBe(0);
        } else {
          // Each surname and given-name key as a surname, for names typed the other way round.
          expect(count(seen, 'candidatesBySurname')).toBe(new Set([...k.surnames, ...k.givenNames]).size);
        }
        expect(count(seen, 'candidatesByBirthDates') + count(seen, 'candidatesByBirthDate')).toBe(0);
      }
    });

    it('asks the birth-year query again per surname when its answer reaches the cap', async ({ skip }) => {
      if (!has('candidatesByNamesInBirthYears')) skip('no candidatesByNamesInBirthYears in this example');
      const seen: BoundQuery[] = [];
      const sis = await open({ seen, extra: { maxCandidates: 2 } });
      const perDate = await open({ drop: PER_DATE, extra: { maxCandidates: 2 } });
      const k = {
        birthDates: [],
        surnames: ['SMITH', 'JONES'],
        givenNames: ['EMILY', 'SARAH'],
        birthYears: [2005],
      };
      const found = numbers(await sis.candidates(k));
      expect(found).toEqual(['S1001', 'S1005']);
      expect(found).toEqual(numbers(await perDate.candidates(k)));
      expect(count(seen, 'candidatesByNamesInBirthYears')).toBe(3);
      expect(seen.slice(1).map((q) => listValues(q, 'surnames'))).toEqual([['SMITH'], ['JONES']]);
      expect(count(seen, 'candidatesBySurname')).toBe(0);
    });

    it('asks the names query again per date, or per name for one date, when its answer reaches the cap', async () => {
      const seen: BoundQuery[] = [];
      const sis = await open({ seen, extra: { maxCandidates: 2 } });
      const perDate = await open({ drop: PER_DATE, extra: { maxCandidates: 2 } });
      // Typed 2005-03-15: on the slip 2005-03-14 Patrick O'Brien shares the given name, Emily Smith-Jones the surname.
      const k = blockingKeys({
        referenceNumber: 'R1',
        firstName: 'Patrick',
        lastName: 'Smith',
        birthDate: '2005-03-15',
      });
      const found = numbers(await sis.candidates(k));
      expect(found).toEqual(['S1001']);
      expect(found).toEqual(numbers(await perDate.candidates(k)));
      expect(count(seen, 'candidatesByNamesOnBirthDates')).toBe(1 + 1 + (k.birthDates.length - 1));
      expect(count(seen, 'candidatesByBirthDates') + count(seen, 'candidatesByBirthDate')).toBe(0);
      // One date, both students sharing a name on it: once per name key.
      seen.length = 0;
      const onTyped = {
        birthDates: ['2005-03-14'],
        surnames: ['SMITH'],
        givenNames: ['PATRICK'],
        birthYears: [],
      };
      expect(numbers(await sis.candidates(onTyped))).toEqual(['S1001', 'S1004']);
      expect(seen.map((q) => listValues(q, 'names'))).toEqual([['SMITH', 'PATRICK'], ['SMITH'], ['PATRICK']]);
    });

    it('reads the typed date and its swap whole in one query and the slip dates one query each, without the names queries', async () => {
      const seen: BoundQuery[] = [];
      const sis = await open({ seen, drop: WHOLE_DATES });
      const perDate = await open({ drop: PER_DATE, seen: [] });
      const k = blockingKeys({
        referenceNumber: 'R1',
        firstName: 'Chloe',
        lastName: 'Garcia',
        birthDate: '2006-10-02',
      });
      const found = numbers(await sis.candidates(k));
      expect(found).toEqual(['0012345']);
      expect(found).toEqual(numbers(await perDate.candidates(k)));
      expect(count(seen, 'candidatesByBirthDates')).toBe(1);
      expect(count(seen, 'candidatesByBirthDate')).toBe(k.birthDates.length - 2);
      expect(count(seen, 'candidatesByGivenName')).toBe(0);
    });

    it('asks each date on its own when the whole-date answer for the typed date and its swap reaches the cap', async () => {
      const seen: BoundQuery[] = [];
      const sis = await open({ seen, drop: WHOLE_DATES, extra: { maxCandidates: 1 } });
      const perDate = await open({ drop: PER_DATE, extra: { maxCandidates: 1 } });
      const k = {
        birthDates: ['2006-10-02', '2006-02-10'],
        surnames: ['TREMBLAY'],
        givenNames: ['CHLOE'],
        birthYears: [],
      };
      const found = numbers(await sis.candidates(k));
      expect(found).toEqual(['0012345']);
      expect(found).toEqual(numbers(await perDate.candidates(k)));
      expect(count(seen, 'candidatesByBirthDates')).toBe(1);
      expect(count(seen, 'candidatesByBirthDate')).toBe(2);
    });

    it('reads the slip dates whole in one list query when there is neither a one-date nor a names query', async () => {
      const seen: BoundQuery[] = [];
      const sis = await open({ seen, drop: ['candidatesByBirthDate', ...WHOLE_DATES] });
      const perDate = await open({ drop: PER_DATE });
      const k = blockingKeys({
        referenceNumber: 'R1',
        firstName: 'Chloe',
        lastName: 'Garcia',
        birthDate: '2006-10-02',
      });
      const found = numbers(await sis.candidates(k));
      expect(found).toEqual(numbers(await perDate.candidates(k)));
      expect(count(seen, 'candidatesByBirthDates')).toBe(2);
      expect(count(seen, 'candidatesByGivenName')).toBe(0);
    });

    it('asks the given-name query when a list answer was cut and no one-date query can complete it', async () => {
      const seen: BoundQuery[] = [];
      const sis = await open({
        seen,
        drop: ['candidatesByBirthDate', ...WHOLE_DATES],
        extra: { maxCandidates: 1 },
      });
      const k = {
        birthDates: ['2006-10-02', '2006-02-10'],
        surnames: ['TREMBLAY'],
        givenNames: ['CHLOE'],
        birthYears: [],
      };
      expect(numbers(await sis.candidates(k))).toEqual(['0012345']);
      expect(count(seen, 'candidatesByBirthDates')).toBe(1);
      expect(count(seen, 'candidatesByGivenName')).toBe(2);
    });

    it('runs no query for no name or an empty list, and binds an empty optional list', async () => {
      const seen: BoundQuery[] = [];
      const sis = await open({ seen });
      // Dates but no name: nobody can be kept, nothing is asked.
      expect(
        await sis.candidates({
          birthDates: ['2005-03-15', '2005-03-14'],
          surnames: [],
          givenNames: [],
          birthYears: [2005],
        }),
      ).toEqual([]);
      expect(seen).toEqual([]);
      // A given name and no surname: :surnames is empty, every student sharing the given name is kept,
      // and the birth-year query, which needs a surname, is not run.
      const found = await sis.candidates({
        birthDates: ['2005-03-15', '2005-03-14'],
        surnames: [],
        givenNames: ['PATRICK'],
        birthYears: [2005],
      });
      expect(numbers(found)).toEqual(['S1004']);
      expect(count(seen, 'candidatesByNamesOnBirthDates')).toBe(2);
      expect(count(seen, 'candidatesByNamesInBirthYears') + count(seen, 'candidatesBySurname')).toBe(0);
    });

    it('reuses cached dates read whole and asks only for the others', async () => {
      const seen: BoundQuery[] = [];
      const sis = await open({ seen, drop: WHOLE_DATES, extra: { birthDateCacheSeconds: 60 } });
      const k = (birthDates: string[], givenNames: string[]) => ({
        birthDates,
        surnames: [],
        givenNames,
        birthYears: [],
      });
      expect(numbers(await sis.candidates(k(['2006-10-02', '2006-02-10'], ['CHLOE'])))).toEqual(['0012345']);
      expect(numbers(await sis.candidates(k(['2006-02-10', '2006-10-02'], ['CHLOE'])))).toEqual(['0012345']);
      expect(count(seen, 'candidatesByBirthDates')).toBe(1);
      expect(count(seen, 'candidatesByBirthDate')).toBe(0);
      // 2005-06-01 cached, then asked with its swap 2005-01-06: only the new date is read, by the one-date query.
      expect(numbers(await sis.candidates(k(['2005-06-01'], ['SARAH'])))).toEqual(['S1005']);
      expect(numbers(await sis.candidates(k(['2005-01-06', '2005-06-01'], ['SARAH'])))).toEqual(['S1005']);
      expect(count(seen, 'candidatesByBirthDate')).toBe(2);
      expect(count(seen, 'candidatesByBirthDates')).toBe(1);
    });
  });
}
