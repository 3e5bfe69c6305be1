/**
 * The contract every SIS adapter keeps, run against each backend loaded with the same fixture
 * (support/fixtures.ts). An outage must never look like "student not found".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlockingKeys, SisAdapter, SisStudent } from '../../src/matching/sis-adapter.js';
import type { MatchRequest } from '../../src/matching/types.js';
import { blockingKeys } from '../../src/matching/blocking.js';
import { isEtmsError } from '../../src/errors.js';
import { KeyIndex } from '../../adapters/shared/key-index.js';
import type { SqlRunner } from '../../adapters/sql/sql-adapter.js';
import type { BoundQuery } from '../../adapters/sql/guard.js';
import { expectedRecord, student, STUDENTS } from './support/fixtures.js';

export interface ContractBackend {
  /** An adapter on the loaded fixture. */
  adapter: SisAdapter;
  /** An adapter of the same kind whose backend is down. */
  down: SisAdapter;
  /** SQL kinds: the same backend read with one query per birth date (no list queries). */
  perDate?: SisAdapter;
  teardown(): Promise<void>;
}

/**
 * Requests as typed, each reaching the fixture through a slipped birth date, a day/month swap or a
 * name form, with what they must find (`finds`) and must not (`misses`). Their keys are the
 * matcher's own (about thirty birth dates each), so every lookup path runs.
 */
export const SLIP_REQUESTS: { why: string; request: Omit<MatchRequest, 'referenceNumber'>; finds?: string[]; misses?: string[] }[] = [
  { why: 'a part of a hyphenated surname on a one-digit slip', request: { firstName: 'Jane', lastName: 'Jones', birthDate: '2005-03-15' }, finds: ['S1001'], misses: ['S1004'] },
  { why: 'a given name only, surname initial not shared', request: { firstName: 'Emily', lastName: 'Brown', birthDate: '2005-03-15' }, misses: ['S1001'] },
  { why: 'a given name, initial of the second part of the surname', request: { firstName: 'Emily', lastName: 'Jacobs', birthDate: '2005-03-15' }, finds: ['S1001'] },
  { why: 'a given name, initial of a previous surname', request: { firstName: 'Chloe', lastName: 'Garcia', birthDate: '2006-02-11' }, finds: ['0012345'] },
  { why: 'a given name, no initial shared with any surname', request: { firstName: 'Chloe', lastName: 'Smith', birthDate: '2006-02-11' }, misses: ['0012345'] },
  { why: 'a given name, initial of a particle surname part', request: { firstName: 'Anne', lastName: 'Dupont', birthDate: '2005-07-22' }, finds: ['S1003'] },
  { why: 'a given name and a stranger surname', request: { firstName: 'Anne', lastName: 'Zed', birthDate: '2005-07-22' }, misses: ['S1003'] },
  { why: 'first and last name typed the other way round', request: { firstName: "O'Brien", lastName: 'Patrick', birthDate: '2005-03-15' }, finds: ['S1004'] },
  { why: 'a given name and no surname', request: { firstName: 'Patrick', birthDate: '2005-03-15' }, finds: ['S1004'], misses: ['S1001'] },
  { why: 'the second word of a hyphenated given name, accents typed', request: { firstName: 'André', lastName: 'Bérubé', birthDate: '2004-11-03' }, finds: ['S1002'] },
  { why: 'a previous surname on a slip', request: { firstName: 'Chloe', lastName: 'Roy', birthDate: '2006-02-11' }, finds: ['0012345'] },
  { why: 'a preferred first name on a slip', request: { firstName: 'Em', lastName: 'Stone', birthDate: '2005-03-15' }, finds: ['S1001'] },
  { why: 'the day/month swap of the typed date', request: { firstName: 'Zoe', lastName: 'Zed', birthDate: '2006-10-02' }, finds: ['0012345'] },
  { why: 'a neighbour year', request: { firstName: 'Sarah', lastName: 'Smith', birthDate: '2006-06-01' }, finds: ['S1005'], misses: ['S1006'] },
  { why: 'a birth date alone', request: { birthDate: '2005-03-15' }, misses: ['S1001', 'S1004'] },
  { why: 'names on a date nobody was born near', request: { firstName: 'Emily', lastName: 'Smith-Jones', birthDate: '1970-01-01' } },
  { why: 'no birth date at all', request: { firstName: 'Emily', lastName: 'Smith' } },
];

const keys = (k: Partial<BlockingKeys>): BlockingKeys => ({ birthDates: [], surnames: [], givenNames: [], birthYears: [], ...k });
const numbers = (list: SisStudent[]) => list.map((s) => s.studentNumber).sort();
const sortCourses = <T extends { completionDate: string; code: string; mark: unknown }>(list: T[]) =>
  [...list].sort((a, b) => a.completionDate.localeCompare(b.completionDate) || a.code.localeCompare(b.code) || String(a.mark).localeCompare(String(b.mark)));

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
      expect(found[0]).toEqual(student('S1001'));
    });

    it('finds a student by student number, leading zeros kept', async () => {
      expect(numbers(await sis.candidates(keys({ studentNumber: '0012345' })))).toEqual(['0012345']);
      expect(await sis.candidates(keys({ studentNumber: '12345' }))).toEqual([]);
    });

    it('finds every student born on a birth date, and skips dates that do not exist', async () => {
      expect(numbers(await sis.candidates(keys({ birthDates: ['2005-03-14'] })))).toEqual(['S1001', 'S1004']);
      expect(await sis.candidates(keys({ birthDates: ['2005-02-30', '2005-13-01'] }))).toEqual([]);
    });

    it('finds a surname within the birth-year window, including a part of a hyphenated surname', async () => {
      const found = numbers(await sis.candidates(keys({ surnames: ['SMITH'], birthYears: [2004, 2005, 2006] })));
      expect(found).toEqual(['S1001', 'S1005']);
      expect(found).not.toContain('S1006');
      expect(numbers(await sis.candidates(keys({ surnames: ['JONES'], birthYears: [2005] })))).toEqual(['S1001']);
    });

    it('finds multi-part surnames by each part and run together', async () => {
      for (const surname of ['BERG', 'VAN DER BERG', 'VANDERBERG']) {
        expect(numbers(await sis.candidates(keys({ surnames: [surname], birthYears: [2005] })))).toEqual(['S1003']);
      }
    });

    it('finds previous surnames', async () => {
      expect(numbers(await sis.candidates(keys({ surnames: ['MACDONALD'], birthYears: [2004, 2005, 2006] })))).toEqual(['S1003']);
      expect(numbers(await sis.candidates(keys({ surnames: ['GAGNON'], birthYears: [2006] })))).toEqual(['0012345']);
    });

    it('finds accented and apostrophe surnames by their normalised keys', async () => {
      expect(numbers(await sis.candidates(keys({ surnames: ['BELANGER'], birthYears: [2004] })))).toEqual(['S1002']);
      expect(numbers(await sis.candidates(keys({ surnames: ['OBRIEN'], birthYears: [2005] })))).toEqual(['S1004']);
    });

    it('finds a given name on a birth date, and not students born on other dates', async () => {
      const found = numbers(await sis.candidates(keys({ givenNames: ['PATRICK'], birthDates: ['2005-03-14'] })));
      expect(found).toContain('S1004');
      expect(found).not.toContain('S1002');
      expect(found).not.toContain('S1005');
    });

    it('keeps a student on a slipped birth date only when a name form also agrees, as the matcher does', async () => {
      // Typed 2005-03-15: 2005-03-14 is a one-digit slip of it, where S1001 (Emily Smith-Jones) and S1004 (Patrick O'Brien) were born.
      const slip = (k: Partial<BlockingKeys>) => sis.candidates(keys({ birthDates: ['2005-03-15', '2005-03-14'], birthYears: [2006], ...k }));
      expect(numbers(await slip({ surnames: ['OBRIEN'], givenNames: ['EMILY'] }))).toEqual(['S1004']);
      expect(numbers(await slip({ surnames: ['SMYTH'], givenNames: ['EMILY'] }))).toEqual(['S1001']);
      expect(numbers(await slip({ surnames: ['SMYTH'], givenNames: ['JANE'] }))).toEqual(['S1001']);
      expect(numbers(await slip({ surnames: ['JONES'], givenNames: [] }))).toEqual(['S1001']);
      expect(await slip({ surnames: ['ZZYZX'], givenNames: ['NOBODY'] })).toEqual([]);
      // The day/month swap of the typed date stays a block on its own.
      expect(numbers(await sis.candidates(keys({ birthDates: ['2006-10-02', '2006-02-10'] })))).toEqual(['0012345']);
    });

    it('answers nothing for keys nobody has, and for no keys', async () => {
      expect(await sis.candidates(keys({ oen: '111111111', studentNumber: 'X1', surnames: ['ZZYZX'], birthYears: [2005], birthDates: ['1970-01-01'], givenNames: ['NOBODY'] }))).toEqual([]);
      expect(await sis.candidates(keys({}))).toEqual([]);
    });

    it('puts the most specific block first and lists each student once', async () => {
      const found = await sis.candidates(
        keys({ oen: '123456789', studentNumber: 'S1001', surnames: ['SMITH', 'JONES'], givenNames: ['EMILY'], birthYears: [2004, 2005, 2006], birthDates: ['2005-03-14', '2005-14-03'] }),
      );
      expect(found[0].studentNumber).toBe('S1001');
      expect(numbers(found)).toEqual(['S1001', 'S1004', 'S1005']);
    });

    it.each(SLIP_REQUESTS)('finds the same candidates as the matcher\'s own index: $why', async ({ request, finds, misses }) => {
      const k = blockingKeys({ referenceNumber: 'R1', ...request });
      const found = numbers(await sis.candidates(k));
      expect(found).toEqual(numbers(new KeyIndex(STUDENTS).candidates(k)));
      if (backend.perDate) expect(found).toEqual(numbers(await backend.perDate.candidates(k)));
      for (const n of finds ?? []) expect(found).toContain(n);
      for (const n of misses ?? []) expect(found).not.toContain(n);
    });

    it('finds the same candidates as the matcher\'s own index for each student as recorded', async () => {
      for (const s of STUDENTS) {
        const k = blockingKeys({ referenceNumber: 'R1', firstName: s.firstName, lastName: s.lastName, birthDate: s.birthDate });
        const found = numbers(await sis.candidates(k));
        expect(found, s.studentNumber).toEqual(numbers(new KeyIndex(STUDENTS).candidates(k)));
        if (backend.perDate) expect(found, s.studentNumber).toEqual(numbers(await backend.perDate.candidates(k)));
      }
    });

    it('returns the full record with courses for a transcript', async () => {
      const record = await sis.transcript('S1001');
      const expected = expectedRecord('S1001');
      expect(record).toBeDefined();
      expect({ ...record!, courses: sortCourses(record!.courses) }).toEqual({ ...expected, courses: sortCourses(expected.courses) });
      const other = await sis.transcript('0012345');
      expect(other).toEqual(expectedRecord('0012345'));
      const noRequirements = await sis.transcript('S1003');
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
      const error = await backend.down.candidates(keys({ oen: '123456789', birthDates: ['2005-03-14'] })).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isEtmsError(error, 'ETMS_E_SIS_UNAVAILABLE')).toBe(true);
      const transcriptError = await backend.down.transcript('S1001').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isEtmsError(transcriptError, 'ETMS_E_SIS_UNAVAILABLE')).toBe(true);
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
  teardown(): Promise<void>;
}

/** The example config without the list queries: one query per birth date. */
const PER_DATE = ['candidatesByBirthDates', 'candidatesByNamesOnBirthDates'];

/** Records each query a runner is given, then runs it. */
export function recordingRunner(inner: SqlRunner, seen: BoundQuery[]): SqlRunner {
  return {
    target: inner.target,
    query: (q) => {
      seen.push(q);
      return inner.query(q);
    },
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}

const count = (seen: BoundQuery[], key: string) => seen.filter((q) => q.key === key).length;

/**
 * How the SQL adapters use candidatesByBirthDates and candidatesByNamesOnBirthDates: one query for
 * the typed date and its swap, one for the slip dates, the per-date queries when a list answer
 * reaches the cap, none for an empty list; the candidates are those of the per-date queries.
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
    beforeAll(async () => {
      backend = await setup();
    });
    afterAll(async () => {
      for (const sis of opened) await sis.close();
      await backend?.teardown();
    });

    it('reads the typed date and its swap in one query and the slip dates in one more', async () => {
      const seen: BoundQuery[] = [];
      const sis = await open({ seen });
      const perDateSeen: BoundQuery[] = [];
      const perDate = await open({ drop: PER_DATE, seen: perDateSeen });
      const k = blockingKeys({ referenceNumber: 'R1', firstName: 'Chloe', lastName: 'Garcia', birthDate: '2006-10-02' });
      const found = numbers(await sis.candidates(k));
      expect(found).toEqual(['0012345']);
      expect(found).toEqual(numbers(await perDate.candidates(k)));
      expect(count(seen, 'candidatesByBirthDates')).toBe(1);
      expect(count(seen, 'candidatesByNamesOnBirthDates')).toBe(1);
      expect(count(seen, 'candidatesByBirthDate') + count(seen, 'candidatesByGivenName')).toBe(0);
      // The config without the list queries asks once per date, as it always did.
      expect(count(perDateSeen, 'candidatesByBirthDate')).toBe(k.birthDates.length);
      expect(count(perDateSeen, 'candidatesByBirthDates') + count(perDateSeen, 'candidatesByNamesOnBirthDates')).toBe(0);
    });

    it('asks each date on its own when the answer for the typed date and its swap reaches the cap', async () => {
      const seen: BoundQuery[] = [];
      const sis = await open({ seen, extra: { maxCandidates: 1 } });
      const perDate = await open({ drop: PER_DATE, extra: { maxCandidates: 1 } });
      const k = { birthDates: ['2006-10-02', '2006-02-10'], surnames: [], givenNames: ['CHLOE'], birthYears: [] };
      const found = numbers(await sis.candidates(k));
      expect(found).toEqual(['0012345']);
      expect(found).toEqual(numbers(await perDate.candidates(k)));
      expect(count(seen, 'candidatesByBirthDates')).toBe(1);
      expect(count(seen, 'candidatesByBirthDate')).toBe(2);
    });

    it('asks each slip date on its own when the answer for the slip dates reaches the cap', async () => {
      const seen: BoundQuery[] = [];
      const sis = await open({ seen, extra: { maxCandidates: 2 } });
      const perDate = await open({ drop: PER_DATE, extra: { maxCandidates: 2 } });
      // Typed 2005-03-15: on the slip 2005-03-14 Patrick O'Brien shares the given name, Emily Smith-Jones the surname.
      const k = blockingKeys({ referenceNumber: 'R1', firstName: 'Patrick', lastName: 'Smith', birthDate: '2005-03-15' });
      const found = numbers(await sis.candidates(k));
      expect(found).toEqual(numbers(await perDate.candidates(k)));
      expect(found).toHaveLength(2);
      expect(count(seen, 'candidatesByNamesOnBirthDates')).toBe(1);
      expect(count(seen, 'candidatesByBirthDate')).toBe(k.birthDates.length);
    });

    it('reads the slip dates whole in one list query when there is neither a one-date nor a names query', async () => {
      const seen: BoundQuery[] = [];
      const sis = await open({ seen, drop: ['candidatesByBirthDate', 'candidatesByNamesOnBirthDates'] });
      const perDate = await open({ drop: PER_DATE });
      const k = blockingKeys({ referenceNumber: 'R1', firstName: 'Chloe', lastName: 'Garcia', birthDate: '2006-10-02' });
      const found = numbers(await sis.candidates(k));
      expect(found).toEqual(numbers(await perDate.candidates(k)));
      expect(count(seen, 'candidatesByBirthDates')).toBe(2);
      expect(count(seen, 'candidatesByGivenName')).toBe(0);
    });

    it('asks the given-name query when a list answer was cut and no one-date query can complete it', async () => {
      const seen: BoundQuery[] = [];
      const sis = await open({ seen, drop: ['candidatesByBirthDate'], extra: { maxCandidates: 1 } });
      const k = { birthDates: ['2006-10-02', '2006-02-10'], surnames: [], givenNames: ['CHLOE'], birthYears: [] };
      expect(numbers(await sis.candidates(k))).toEqual(['0012345']);
      expect(count(seen, 'candidatesByBirthDates')).toBe(1);
      expect(count(seen, 'candidatesByGivenName')).toBe(2);
    });

    it('runs no query for an empty list, and binds an empty optional list', async () => {
      const seen: BoundQuery[] = [];
      const sis = await open({ seen });
      // Slip dates but no name: slipDateRule keeps no one, so the names query is not run.
      expect(await sis.candidates({ birthDates: ['2005-03-15', '2005-03-14'], surnames: [], givenNames: [], birthYears: [] })).toEqual([]);
      expect(count(seen, 'candidatesByNamesOnBirthDates')).toBe(0);
      // A given name and no surname: :surnames is empty, and every student sharing the given name is kept.
      const found = await sis.candidates({ birthDates: ['2005-03-15', '2005-03-14'], surnames: [], givenNames: ['PATRICK'], birthYears: [] });
      expect(numbers(found)).toEqual(['S1004']);
      expect(count(seen, 'candidatesByNamesOnBirthDates')).toBe(1);
    });

    it('reuses cached dates and asks only for the others', async () => {
      const seen: BoundQuery[] = [];
      const sis = await open({ seen, extra: { birthDateCacheSeconds: 60 } });
      const k = (birthDates: string[]) => ({ birthDates, surnames: [], givenNames: [], birthYears: [] });
      expect(numbers(await sis.candidates(k(['2006-10-02', '2006-02-10'])))).toEqual(['0012345']);
      expect(numbers(await sis.candidates(k(['2006-02-10', '2006-10-02'])))).toEqual(['0012345']);
      expect(count(seen, 'candidatesByBirthDates')).toBe(1);
      expect(count(seen, 'candidatesByBirthDate')).toBe(0);
      // 2005-06-01 cached, then asked with its swap 2005-01-06: only the new date is read, by the one-date query.
      expect(numbers(await sis.candidates(k(['2005-06-01'])))).toEqual(['S1005']);
      expect(numbers(await sis.candidates(k(['2005-01-06', '2005-06-01'])))).toEqual(['S1005']);
      expect(count(seen, 'candidatesByBirthDate')).toBe(2);
      expect(count(seen, 'candidatesByBirthDates')).toBe(1);
    });
  });
}
