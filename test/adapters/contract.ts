/**
 * The contract every SIS adapter keeps, run against each backend loaded with the same fixture
 * (support/fixtures.ts). An outage must never look like "student not found".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlockingKeys, SisAdapter, SisStudent } from '../../src/matching/sis-adapter.js';
import { isEtmsError } from '../../src/errors.js';
import { expectedRecord, student } from './support/fixtures.js';

export interface ContractBackend {
  /** An adapter on the loaded fixture. */
  adapter: SisAdapter;
  /** An adapter of the same kind whose backend is down. */
  down: SisAdapter;
  teardown(): Promise<void>;
}

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
