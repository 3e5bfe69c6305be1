import { describe, expect, it } from 'vitest';
import sql from 'mssql';
import { createSisAdapter, type SisConfig } from '../../../adapters/index.js';
import { mssqlInputs } from '../../../adapters/mssql/index.js';
import { bindQuery, guardQuery } from '../../../adapters/sql/guard.js';
import { QUERY_RULES, type QueryKey } from '../../../adapters/sql/queries.js';
import type { SqlRunner } from '../../../adapters/sql/sql-adapter.js';
import type { Row } from '../../../adapters/shared/rows.js';
import { isEtmsError } from '../../../src/errors.js';
import { exampleConfig } from '../support/sql-backends.js';

const example = await exampleConfig('mssql-sis.json');
const queries = example.queries as Record<string, string[] | string>;
const text = (key: string) => {
  const q = queries[key];
  return Array.isArray(q) ? q.join('\n') : q;
};

describe('mssql queries (T-SQL, checked at the query level)', () => {
  // candidatesByNamesInBirthYears is left out of this example: its surnames are read one query each.
  it.each(Object.keys(QUERY_RULES).filter((key) => key in queries))('accepts the example query %s', (key) => {
    const q = guardQuery(key, text(key), 'mssql', QUERY_RULES[key as QueryKey]);
    expect(q.params.length).toBeGreaterThan(0);
  });

  it('binds the surname query as typed @name parameters', () => {
    const q = guardQuery(
      'candidatesBySurname',
      text('candidatesBySurname'),
      'mssql',
      QUERY_RULES.candidatesBySurname,
    );
    const bound = bindQuery(q, { surname: 'SMITH', birth_year_from: 2004, birth_year_to: 2006 }, 500);
    expect(bound.text).toContain('d.last_name_key = @surname');
    expect(bound.text).toContain('DATEFROMPARTS(@birth_year_from, 1, 1)');
    expect(bound.text).not.toContain(':surname');
    expect(bound.text).not.toContain('SMITH');
    const inputs = mssqlInputs(bound);
    expect(inputs.map((i) => [i.name, i.typeName, i.value])).toEqual([
      ['surname', 'NVarChar(100)', 'SMITH'],
      ['birth_year_from', 'Int', 2004],
      ['birth_year_to', 'Int', 2006],
    ]);
  });

  it('sends birth dates as DATE and identifiers as short strings, varchar when configured', () => {
    const q = guardQuery(
      'candidatesByGivenName',
      text('candidatesByGivenName'),
      'mssql',
      QUERY_RULES.candidatesByGivenName,
    );
    const bound = bindQuery(q, { given_name: 'ANNE', birth_date: '2005-07-21' });
    const inputs = mssqlInputs(bound, 'varchar');
    const date = inputs.find((i) => i.name === 'birth_date')!;
    expect(date.typeName).toBe('Date');
    expect(date.type).toBe(sql.Date);
    expect((date.value as Date).toISOString()).toBe('2005-07-21T00:00:00.000Z');
    expect(inputs.find((i) => i.name === 'given_name')?.typeName).toBe('VarChar(100)');
    const oen = mssqlInputs(
      bindQuery(
        guardQuery('candidatesByOen', text('candidatesByOen'), 'mssql', QUERY_RULES.candidatesByOen),
        { oen: '123456789' },
      ),
    );
    expect(oen.map((i) => i.typeName)).toEqual(['NVarChar(20)']);
  });

  it('expands the list queries into typed @name_k parameters, one per value, declared once', () => {
    const q = guardQuery(
      'candidatesByNamesOnBirthDates',
      text('candidatesByNamesOnBirthDates'),
      'mssql',
      QUERY_RULES.candidatesByNamesOnBirthDates,
    );
    const bound = bindQuery(
      q,
      { birth_dates: ['2005-03-14', '2005-03-16'], names: ['SMITH', 'EMILY', 'EM'], surnames: ['SMITH'] },
      500,
    );
    // The example does not narrow by :surnames; a query that does gets them typed as names too.
    const narrowed = guardQuery(
      'candidatesByNamesOnBirthDates',
      'SELECT a FROM t WHERE d IN (:birth_dates) AND n IN (:names) AND l IN (:surnames)',
      'mssql',
      QUERY_RULES.candidatesByNamesOnBirthDates,
    );
    const surnameInputs = mssqlInputs(
      bindQuery(narrowed, {
        birth_dates: ['2005-03-14'],
        names: ['A'],
        surnames: ['VANDERBERGHEMANSBERGERSON'],
      }),
    );
    expect(surnameInputs.map((i) => i.typeName)).toEqual(['Date', 'NVarChar(100)', 'NVarChar(100)']);
    expect(bound.text).toContain('d.birth_date IN (@birth_dates_0, @birth_dates_1)');
    expect(bound.text).toContain('w.value IN (@names_0, @names_1, @names_2)');
    expect(bound.text).not.toMatch(/:names|:birth_dates|SMITH|EMILY/);
    const inputs = mssqlInputs(bound, 'varchar');
    expect(inputs.map((i) => [i.name, i.typeName])).toEqual([
      ['birth_dates_0', 'Date'],
      ['birth_dates_1', 'Date'],
      ['names_0', 'VarChar(100)'],
      ['names_1', 'VarChar(100)'],
      ['names_2', 'VarChar(100)'],
    ]);
    expect((inputs[1].value as Date).toISOString()).toBe('2005-03-16T00:00:00.000Z');
    const dates = bindQuery(
      guardQuery(
        'candidatesByBirthDates',
        text('candidatesByBirthDates'),
        'mssql',
        QUERY_RULES.candidatesByBirthDates,
      ),
      { birth_dates: ['2005-03-14'] },
    );
    expect(dates.text).toContain('WHERE d.birth_date IN (@birth_dates_0)');
    expect(dates.values).toEqual(['2005-03-14']);
  });

  it('asks for the typed date in one query, the other dates in one more, and nothing for no name', async () => {
    const seen: { key: string; names: string[] }[] = [];
    const runner: SqlRunner = {
      target: 'recording runner',
      async query(q) {
        // The key queries: the searches beyond the keys are tested on their own.
        if (!q.beyond) seen.push({ key: q.key, names: q.names });
        return [];
      },
      async ping() {},
      async close() {},
    };
    const sis = await createSisAdapter({ ...example, url: 'mssql://x@127.0.0.1/sis' } as SisConfig, {
      runner,
    });
    await sis.candidates({
      birthDates: ['2006-10-02', '2006-02-10', '2006-02-11', '2006-02-12'],
      surnames: ['TREMBLAY'],
      givenNames: ['CHLOE'],
      birthYears: [],
    });
    expect(seen.filter((q) => q.key === 'candidatesByNamesOnBirthDates').map((q) => q.names)).toEqual([
      ['birth_dates_0', 'names_0', 'names_1'],
      ['birth_dates_0', 'birth_dates_1', 'birth_dates_2', 'names_0', 'names_1'],
    ]);
    expect(seen.filter((q) => q.key !== 'candidatesByNamesOnBirthDates')).toEqual([]);
    seen.length = 0;
    await sis.candidates({
      birthDates: ['2006-10-02', '2006-02-10', '2006-02-11'],
      surnames: [],
      givenNames: [],
      birthYears: [2006],
    });
    expect(seen).toEqual([]);
  });

  it('refuses bad queries when the adapter is created', async () => {
    for (const [bad, reason] of [
      ['SELECT a FROM t WHERE oen = :oen; DROP TABLE t', /multiple statements/],
      ['INSERT INTO t (a) VALUES (:oen)', /INSERT|not SELECT/],
      ['SELECT a FROM t WHERE oen = @p1', /@parameters/],
      ['SELECT a FROM t WHERE oen = :oen AND b = :secret', /unknown parameter :secret/],
      ['SELECT a INTO #copy FROM t WHERE oen = :oen', /INTO/],
      ["SELECT a FROM OPENQUERY(remote, 'SELECT 1') r WHERE r.oen = :oen", /OPENQUERY|function/i],
    ] as const) {
      const config = {
        ...example,
        url: 'mssql://reader:pw@127.0.0.1:1/sis',
        queries: { ...queries, candidatesByOen: bad },
      } as SisConfig;
      const error = await createSisAdapter(config, { env: {} }).catch((e: unknown) => e);
      expect(isEtmsError(error) && error.code, bad).toBe('ETMS_E_SIS_QUERY_REFUSED');
      expect((error as Error).message).toMatch(reason);
    }
  });

  it('types the elements of :birth_years as Int and of :given_names as names', () => {
    const q = guardQuery(
      'candidatesByNamesInBirthYears',
      'SELECT a FROM t WHERE YEAR(d) IN (:birth_years) AND l IN (:surnames) AND g IN (:given_names)',
      'mssql',
      QUERY_RULES.candidatesByNamesInBirthYears,
    );
    const inputs = mssqlInputs(
      bindQuery(q, { birth_years: ['2005', '2006'], surnames: ['SMITH'], given_names: ['EMILY'] }),
    );
    expect(inputs.map((i) => [i.name, i.typeName, i.value])).toEqual([
      ['birth_years_0', 'Int', 2005],
      ['birth_years_1', 'Int', 2006],
      ['surnames_0', 'NVarChar(100)', 'SMITH'],
      ['given_names_0', 'NVarChar(100)', 'EMILY'],
    ]);
  });

  it('runs the checked queries through a runner with @name placeholders and maps the rows', async () => {
    const seen: { text: string; names: string[] }[] = [];
    const runner: SqlRunner = {
      target: 'recording runner',
      async query(q) {
        seen.push({ text: q.text, names: q.names });
        const rows: Row[] =
          q.key === 'candidatesByOen'
            ? [
                {
                  student_number: 'S1',
                  oen: q.values[0],
                  first_name: 'Ann',
                  last_name: 'Lee',
                  previous_last_names: null,
                  birth_date: new Date(Date.UTC(2005, 0, 2)),
                  gender: 'F',
                },
              ]
            : [];
        return rows;
      },
      async ping() {},
      async close() {},
    };
    // The one-OEN query: without candidatesByOens, which would answer for the OEN as typed.
    const queries = Object.fromEntries(
      Object.entries(example.queries as Record<string, unknown>).filter(
        ([key]) => key !== 'candidatesByOens',
      ),
    );
    const sis = await createSisAdapter({ ...example, queries, url: 'mssql://x@127.0.0.1/sis' } as SisConfig, {
      runner,
    });
    const found = await sis.candidates({
      oen: '123456789',
      birthDates: [],
      surnames: [],
      givenNames: [],
      birthYears: [],
    });
    expect(found).toEqual([
      {
        studentNumber: 'S1',
        oen: '123456789',
        firstName: 'Ann',
        lastName: 'Lee',
        previousLastNames: [],
        birthDate: '2005-01-02',
        gender: 'F',
      },
    ]);
    expect(seen[0].text).toMatch(/^SELECT TOP \(500\) \* FROM \(/);
    expect(seen[0].text).toContain('WHERE s.oen = @oen');
    expect(seen[0].names).toEqual(['oen']);
  });

  it('turns a driver failure into ETMS_E_SIS_UNAVAILABLE', async () => {
    const sis = await createSisAdapter(
      { ...example, url: 'mssql://reader:pw@127.0.0.1:1/sis', connectTimeoutMs: 1000 } as SisConfig,
      { env: {} },
    );
    const error = await sis
      .candidates({ oen: '123456789', birthDates: [], surnames: [], givenNames: [], birthYears: [] })
      .catch((e: unknown) => e);
    expect(isEtmsError(error) && error.code).toBe('ETMS_E_SIS_UNAVAILABLE');
    const health = await sis.health();
    expect(health.ok).toBe(false);
    expect(health.detail).toContain('127.0.0.1:1');
    await sis.close();
  });
});

const mssqlUrl = process.env.MSSQL_URL;
if (!mssqlUrl)
  console.log('mssql live test skipped: MSSQL_URL is not set (SQL Server cannot run on this machine)');

describe.skipIf(!mssqlUrl)('mssql adapter against a live SQL Server', () => {
  it('answers health and runs a checked candidate query', async () => {
    const sis = await createSisAdapter({ ...example, url: mssqlUrl } as SisConfig);
    try {
      expect((await sis.health()).ok).toBe(true);
      const found = await sis.candidates({
        oen: '000000000',
        birthDates: [],
        surnames: [],
        givenNames: [],
        birthYears: [],
      });
      expect(Array.isArray(found)).toBe(true);
    } finally {
      await sis.close();
    }
  });
});
