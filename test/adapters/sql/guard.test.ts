import { describe, expect, it } from 'vitest';
import {
  bindQuery,
  guardQuery,
  renderQuery,
  type QueryRule,
  type SqlDialect,
} from '../../../adapters/sql/guard.js';
import { QUERY_RULES } from '../../../adapters/sql/queries.js';
import { isEtmsError } from '../../../src/errors.js';

const dialects: SqlDialect[] = ['postgres', 'mysql', 'mssql'];
const rule = QUERY_RULES.candidatesByOen;

function refusal(sql: string, dialect: SqlDialect, r = rule): string {
  try {
    guardQuery('candidatesByOen', sql, dialect, r);
  } catch (error) {
    expect(isEtmsError(error) && error.code).toBe('ETMS_E_SIS_QUERY_REFUSED');
    expect((error as Error).message).toContain('"candidatesByOen"');
    return (error as Error).message;
  }
  throw new Error(`not refused: ${sql}`);
}

describe.each(dialects)('query check (%s)', (dialect) => {
  it('accepts one SELECT with allowed named parameters', () => {
    const q = guardQuery(
      'candidatesByOen',
      "SELECT s.student_number FROM student s WHERE s.oen = :oen AND s.x <> 'a:b' -- :ignored\n",
      dialect,
      rule,
    );
    expect(q.params).toEqual(['oen']);
  });

  it('accepts one trailing semicolon', () => {
    expect(
      guardQuery('candidatesByOen', 'SELECT a FROM t WHERE oen = :oen;  ', dialect, rule).params,
    ).toEqual(['oen']);
  });

  it.each([
    ['INSERT', 'INSERT INTO t (a) VALUES (:oen)', /INSERT|not SELECT/],
    ['UPDATE', 'UPDATE t SET a = 1 WHERE oen = :oen', /UPDATE|not SELECT/],
    ['DELETE', 'DELETE FROM t WHERE oen = :oen', /DELETE|not SELECT/],
    ['DDL', 'DROP TABLE student', /DROP|not SELECT/],
    ['multiple statements', 'SELECT a FROM t WHERE oen = :oen; DELETE FROM t', /multiple statements/],
    ['two selects', 'SELECT a FROM t WHERE oen = :oen; SELECT 1', /multiple statements/],
    ['positional $1', 'SELECT a FROM t WHERE oen = $1', /positional parameter \$1/],
    ['positional ?', 'SELECT a FROM t WHERE oen = ?', /positional parameter \?/],
    [
      'unknown parameter',
      'SELECT a FROM t WHERE oen = :oen AND x = :password',
      /unknown parameter :password/,
    ],
    ['missing required parameter', 'SELECT a FROM t WHERE oen = :surname', /must use the parameter :oen/],
    ['SELECT INTO', 'SELECT a INTO copy_of_t FROM t WHERE oen = :oen', /INTO/],
    ['FOR UPDATE', 'SELECT a FROM t WHERE oen = :oen FOR UPDATE', /FOR UPDATE/],
    ['FOR SHARE', 'SELECT a FROM t WHERE oen = :oen FOR SHARE', /FOR SHARE/],
    [
      'a write in a subquery',
      'SELECT a FROM t WHERE oen = :oen AND b IN (SELECT b FROM (DELETE FROM u RETURNING b) x)',
      /DELETE|does not understand/,
    ],
    ['an empty query', '   ', /empty/],
    ['text that is not SQL', 'SELEC a FRM t WHERE oen = :oen', /not SELECT|does not understand/],
  ])('refuses %s', (_, sql, reason) => {
    expect(refusal(sql, dialect)).toMatch(reason);
  });

  it.each([
    'pg_sleep(5)',
    "pg_read_file('/etc/passwd')",
    "set_config('role', 'x', false)",
    "lo_import('/etc/passwd')",
    "dblink_exec('x')",
    'sleep(5)',
    "load_file('/etc/passwd')",
    "benchmark(1000000, md5('x'))",
    "nextval('seq')",
    "query_to_xml('select 1', true, true, '')",
  ])('refuses the dangerous function %s', (call) => {
    expect(refusal(`SELECT ${call} AS x, a FROM t WHERE oen = :oen`, dialect)).toMatch(
      /function|does not understand/,
    );
  });

  it('does not take :name inside strings, quoted identifiers or comments for a parameter', () => {
    const q = guardQuery(
      'candidatesByOen',
      "SELECT ':surname' AS a /* :given_name */ FROM t WHERE oen = :oen -- :birth_date",
      dialect,
      rule,
    );
    expect(q.params).toEqual(['oen']);
  });
});

describe('query check, dialect specifics', () => {
  it('keeps PostgreSQL casts apart from parameters', () => {
    const q = guardQuery(
      'candidatesByBirthDate',
      'SELECT a::text FROM t WHERE birth_date = :birth_date::date',
      'postgres',
      QUERY_RULES.candidatesByBirthDate,
    );
    expect(renderQuery(q).text).toBe('SELECT a::text FROM t WHERE birth_date = $1::date');
  });

  it('accepts collation clauses wherever the database does, and runs the query with them', () => {
    const cases: Array<[SqlDialect, string]> = [
      [
        'postgres',
        'SELECT a FROM t WHERE f(t.b) COLLATE "C" && ARRAY[:oen] AND t.c COLLATE pg_catalog."C" = :oen',
      ],
      [
        'mysql',
        'SELECT a FROM t WHERE t.b COLLATE utf8mb4_bin = :oen OR UPPER(t.c) COLLATE `utf8mb4_bin` = :oen',
      ],
      ['mssql', 'SELECT a FROM t WHERE UPPER(t.b) COLLATE Latin1_General_CI_AI = :oen'],
    ];
    for (const [dialect, sql] of cases) {
      const q = guardQuery('candidatesByOen', sql, dialect, rule);
      expect(renderQuery(q).text).toContain('COLLATE');
    }
    // Blanking a collation name hides nothing: the words around it are still checked.
    expect(refusal('SELECT a FROM t WHERE b COLLATE "C" = :oen; DROP TABLE t', 'postgres')).toMatch(
      /DROP|multiple/,
    );
    expect(refusal('SELECT pg_sleep(1) COLLATE "C", a FROM t WHERE oen = :oen', 'postgres')).toMatch(
      /pg_sleep/,
    );
    expect(refusal('SELECT a COLLATE pg_sleep (1) FROM t WHERE oen = :oen', 'postgres')).toMatch(
      /parser|pg_sleep/,
    );
    expect(refusal('SELECT b COLLATE pg_catalog.pg_sleep(1) FROM t WHERE oen = :oen', 'postgres')).toMatch(
      /parser|pg_sleep/,
    );
  });

  it('refuses MySQL executable comments and user variables', () => {
    expect(refusal('SELECT a FROM t WHERE oen = :oen /*!50000 UNION SELECT 1 */', 'mysql')).toMatch(
      /executable comments/,
    );
    expect(refusal('SELECT @x := 1, a FROM t WHERE oen = :oen', 'mysql')).toMatch(/variables/);
    expect(refusal('SELECT a FROM t WHERE oen = :oen LOCK IN SHARE MODE', 'mysql')).toMatch(
      /LOCK IN SHARE MODE/,
    );
    expect(refusal("SELECT a FROM t WHERE oen = :oen INTO OUTFILE '/tmp/x'", 'mysql')).toMatch(/INTO/);
  });

  it('refuses T-SQL variables, locking hints, OPENROWSET and WAITFOR', () => {
    expect(refusal('SELECT a FROM t WHERE oen = @oen', 'mssql')).toMatch(/@parameters/);
    expect(refusal('SELECT a FROM t WITH (UPDLOCK) WHERE oen = :oen', 'mssql')).toMatch(/UPDLOCK/);
    expect(
      refusal("SELECT a FROM OPENROWSET('SQLNCLI', 'x', 'SELECT 1') AS r WHERE r.oen = :oen", 'mssql'),
    ).toMatch(/OPENROWSET/i);
    expect(refusal("SELECT a FROM t WHERE oen = :oen; WAITFOR DELAY '00:00:05'", 'mssql')).toMatch(
      /multiple statements/,
    );
    expect(refusal("EXEC xp_cmdshell 'dir'", 'mssql')).toMatch(/not SELECT/);
  });
});

describe('parameter binding', () => {
  const sql =
    'SELECT a FROM t WHERE (last = :surname OR prev = :surname) AND y BETWEEN :birth_year_from AND :birth_year_to';
  const values = { surname: "O'BRIEN", birth_year_from: 2004, birth_year_to: 2006 };

  it('numbers each distinct name once for PostgreSQL', () => {
    const bound = bindQuery(
      guardQuery('candidatesBySurname', sql, 'postgres', QUERY_RULES.candidatesBySurname),
      values,
    );
    expect(bound.text).toBe('SELECT a FROM t WHERE (last = $1 OR prev = $1) AND y BETWEEN $2 AND $3');
    expect(bound.values).toEqual(["O'BRIEN", 2004, 2006]);
  });

  it('binds every occurrence for MySQL', () => {
    const bound = bindQuery(
      guardQuery('candidatesBySurname', sql, 'mysql', QUERY_RULES.candidatesBySurname),
      values,
    );
    expect(bound.text).toBe('SELECT a FROM t WHERE (last = ? OR prev = ?) AND y BETWEEN ? AND ?');
    expect(bound.values).toEqual(["O'BRIEN", "O'BRIEN", 2004, 2006]);
  });

  it('names parameters for SQL Server', () => {
    const bound = bindQuery(
      guardQuery('candidatesBySurname', sql, 'mssql', QUERY_RULES.candidatesBySurname),
      values,
    );
    expect(bound.text).toBe(
      'SELECT a FROM t WHERE (last = @surname OR prev = @surname) AND y BETWEEN @birth_year_from AND @birth_year_to',
    );
    expect(bound.names).toEqual(['surname', 'birth_year_from', 'birth_year_to']);
  });

  it('never puts a value into the text', () => {
    for (const dialect of dialects) {
      const bound = bindQuery(
        guardQuery('candidatesBySurname', sql, dialect, QUERY_RULES.candidatesBySurname),
        values,
        10,
      );
      expect(bound.text).not.toContain('BRIEN');
    }
  });

  it('refuses to run with a value missing rather than binding an empty one', () => {
    const q = guardQuery('candidatesBySurname', sql, 'postgres', QUERY_RULES.candidatesBySurname);
    expect(() => bindQuery(q, { surname: 'X' })).toThrow(/birth_year_from/);
  });

  it('caps rows where the dialect allows wrapping the query', () => {
    const pgq = guardQuery('candidatesByOen', 'SELECT a FROM t WHERE oen = :oen', 'postgres', rule);
    expect(bindQuery(pgq, { oen: '1' }, 7).text).toMatch(/LIMIT 7$/);
    const ordered = guardQuery(
      'candidatesByOen',
      'SELECT a FROM t WHERE oen = :oen ORDER BY a',
      'mssql',
      rule,
    );
    expect(bindQuery(ordered, { oen: '1' }, 7).text).not.toContain('TOP');
    const plain = guardQuery('candidatesByOen', 'SELECT a FROM t WHERE oen = :oen', 'mssql', rule);
    expect(bindQuery(plain, { oen: '1' }, 7).text).toMatch(/^SELECT TOP \(7\) \*/);
  });
});

describe('list parameters', () => {
  const dates = QUERY_RULES.candidatesByBirthDates;
  const names = QUERY_RULES.candidatesByNamesOnBirthDates;
  const listRefusal = (sql: string, dialect: SqlDialect, r: QueryRule = names) => {
    try {
      guardQuery('candidatesByNamesOnBirthDates', sql, dialect, r);
    } catch (error) {
      expect(isEtmsError(error) && error.code).toBe('ETMS_E_SIS_QUERY_REFUSED');
      return (error as Error).message;
    }
    throw new Error(`not refused: ${sql}`);
  };

  it('binds a PostgreSQL list as one array parameter, in a cast to an array type or in ANY()', () => {
    const sql =
      "SELECT a FROM t WHERE k && ARRAY(SELECT b || ':' || n FROM unnest(CAST(:birth_dates AS text[])) AS b, unnest(:names::text[]) AS n) AND d = ANY(:surnames)";
    const q = guardQuery('candidatesByNamesOnBirthDates', sql, 'postgres', names);
    expect(q.lists).toEqual(['birth_dates', 'names', 'surnames']);
    const bound = bindQuery(
      q,
      { birth_dates: ['2005-03-14', '2005-03-15'], names: ['SMITH', 'EMILY'], surnames: [] },
      10,
    );
    expect(bound.text).toContain('unnest(CAST($1 AS text[])) AS b, unnest($2::text[]) AS n) AND d = ANY($3)');
    expect(bound.values).toEqual([['2005-03-14', '2005-03-15'], ['SMITH', 'EMILY'], []]);
    expect(bound.text).not.toContain('SMITH');
    const again = bindQuery(
      guardQuery(
        'candidatesByBirthDates',
        'SELECT a FROM t WHERE d = ANY(:birth_dates) OR e = ANY(:birth_dates)',
        'postgres',
        dates,
      ),
      { birth_dates: ['2005-03-14'] },
    );
    expect(again.text).toBe('SELECT a FROM t WHERE d = ANY($1) OR e = ANY($1)');
    expect(again.values).toEqual([['2005-03-14']]);
  });

  it('expands a MySQL list into one ? per value at each place it is used, NULL when empty', () => {
    const sql = 'SELECT a FROM t WHERE d IN (:birth_dates) AND (f IN (:names) OR l IN (:names))';
    const q = guardQuery('candidatesByNamesOnBirthDates', sql, 'mysql', names);
    const bound = bindQuery(q, {
      birth_dates: ['2005-03-14', '2005-03-15'],
      names: ['SMITH', 'EMILY', 'EM'],
    });
    expect(bound.text).toBe('SELECT a FROM t WHERE d IN (?, ?) AND (f IN (?, ?, ?) OR l IN (?, ?, ?))');
    expect(bound.values).toEqual([
      '2005-03-14',
      '2005-03-15',
      'SMITH',
      'EMILY',
      'EM',
      'SMITH',
      'EMILY',
      'EM',
    ]);
    expect(bound.names).toEqual([
      'birth_dates',
      'birth_dates',
      'names',
      'names',
      'names',
      'names',
      'names',
      'names',
    ]);
    const empty = bindQuery(q, { birth_dates: ['2005-03-14'], names: [] });
    expect(empty.text).toBe('SELECT a FROM t WHERE d IN (?) AND (f IN (NULL) OR l IN (NULL))');
    expect(empty.values).toEqual(['2005-03-14']);
  });

  it('expands a SQL Server list into @name_0, @name_1, … bound once each, NULL when empty', () => {
    const sql = 'SELECT a FROM t WHERE d IN (:birth_dates) AND (f IN (:names) OR l IN (:names))';
    const q = guardQuery('candidatesByNamesOnBirthDates', sql, 'mssql', names);
    const bound = bindQuery(q, { birth_dates: ['2005-03-14', '2005-03-15'], names: ['SMITH', 'EMILY'] });
    expect(bound.text).toBe(
      'SELECT a FROM t WHERE d IN (@birth_dates_0, @birth_dates_1) AND (f IN (@names_0, @names_1) OR l IN (@names_0, @names_1))',
    );
    expect(bound.names).toEqual(['birth_dates_0', 'birth_dates_1', 'names_0', 'names_1']);
    expect(bound.params).toEqual(['birth_dates', 'birth_dates', 'names', 'names']);
    expect(bound.values).toEqual(['2005-03-14', '2005-03-15', 'SMITH', 'EMILY']);
    expect(bindQuery(q, { birth_dates: ['2005-03-14'], names: [] }).text).toContain(
      'f IN (NULL) OR l IN (NULL)',
    );
  });

  it.each([
    [
      'postgres',
      'SELECT a FROM t WHERE d = :birth_dates AND n = ANY(CAST(:names AS text[]))',
      /list parameter :birth_dates .*CAST\(:birth_dates AS text\[\]\)/,
    ],
    [
      'postgres',
      'SELECT a FROM t WHERE d IN (:birth_dates) AND n = ANY(CAST(:names AS text[]))',
      /list parameter :birth_dates/,
    ],
    [
      'postgres',
      'SELECT a FROM t WHERE d = ANY(CAST(:birth_dates AS text)) AND n = ANY(CAST(:names AS text[]))',
      /list parameter :birth_dates/,
    ],
    [
      'mysql',
      'SELECT a FROM t WHERE d = :birth_dates AND n IN (:names)',
      /list parameter :birth_dates .*IN \(:birth_dates\)/,
    ],
    [
      'mysql',
      'SELECT a FROM t WHERE d NOT IN (:birth_dates) AND n IN (:names)',
      /list parameter :birth_dates/,
    ],
    ['mysql', 'SELECT a FROM t WHERE d IN (:birth_dates, :names)', /list parameter/],
    ['mssql', 'SELECT a FROM t WHERE d IN (:birth_dates) AND CONCAT(:names) = n', /list parameter :names/],
  ] as const)('refuses a list parameter where %s cannot bind a list: %s', (dialect, sql, reason) => {
    expect(listRefusal(sql, dialect)).toMatch(reason);
  });

  it('refuses a list parameter in a query that takes single values, and the reverse', () => {
    expect(refusal('SELECT a FROM t WHERE oen = :oen AND d IN (:birth_dates)', 'mysql')).toMatch(
      /unknown parameter :birth_dates/,
    );
    expect(
      listRefusal('SELECT a FROM t WHERE d IN (:birth_dates) AND n IN (:names) AND b = :birth_date', 'mysql'),
    ).toMatch(/unknown parameter :birth_date\b/);
    expect(listRefusal('SELECT a FROM t WHERE n IN (:names)', 'mysql')).toMatch(
      /must use the parameter :birth_dates/,
    );
  });

  describe('candidatesByNamesInBirthYears: :birth_years, :surnames and :given_names', () => {
    const years = QUERY_RULES.candidatesByNamesInBirthYears;
    const yearsRefusal = (sql: string, dialect: SqlDialect) => listRefusal(sql, dialect, years);
    const values = { birth_years: ['2005', '2006'], surnames: ['SMITH'], given_names: ['EMILY', 'EM'] };

    it('binds each as one PostgreSQL array, also joined with || inside a cast each', () => {
      const sql = [
        "SELECT a FROM t WHERE k && ARRAY(SELECT y || ':' || s || ':' || g FROM unnest(CAST(:birth_years AS text[])) AS y,",
        '  unnest(CAST(:surnames AS text[])) AS s, unnest(CAST(:given_names AS text[])) AS g)',
        'OR (p && (CAST(:surnames AS text[]) || CAST(:given_names AS text[])) AND y = ANY(CAST(:birth_years AS int[])))',
      ].join('\n');
      const q = guardQuery('candidatesByNamesInBirthYears', sql, 'postgres', years);
      expect(q.lists).toEqual(['birth_years', 'surnames', 'given_names']);
      const bound = bindQuery(q, values, 10);
      expect(bound.text).toContain(
        '(CAST($2 AS text[]) || CAST($3 AS text[])) AND y = ANY(CAST($1 AS int[]))',
      );
      expect(bound.values).toEqual([['2005', '2006'], ['SMITH'], ['EMILY', 'EM']]);
    });

    it('expands each into IN (?, …) for MySQL and IN (@name_0, …) for SQL Server', () => {
      const sql =
        'SELECT a FROM t WHERE YEAR(d) IN (:birth_years) AND l IN (:surnames) AND f IN (:given_names)';
      const mysql = bindQuery(guardQuery('candidatesByNamesInBirthYears', sql, 'mysql', years), values);
      expect(mysql.text).toBe('SELECT a FROM t WHERE YEAR(d) IN (?, ?) AND l IN (?) AND f IN (?, ?)');
      expect(mysql.values).toEqual(['2005', '2006', 'SMITH', 'EMILY', 'EM']);
      const mssql = bindQuery(guardQuery('candidatesByNamesInBirthYears', sql, 'mssql', years), values);
      expect(mssql.text).toBe(
        'SELECT a FROM t WHERE YEAR(d) IN (@birth_years_0, @birth_years_1) AND l IN (@surnames_0) AND f IN (@given_names_0, @given_names_1)',
      );
      expect(mssql.params).toEqual(['birth_years', 'birth_years', 'surnames', 'given_names', 'given_names']);
    });

    it.each([
      [
        'postgres',
        'SELECT a FROM t WHERE y = :birth_years AND l = ANY(CAST(:surnames AS text[])) AND f = ANY(CAST(:given_names AS text[]))',
        /list parameter :birth_years/,
      ],
      [
        'postgres',
        'SELECT a FROM t WHERE y = ANY(CAST(:birth_years AS text[])) AND l = ANY(CAST(:surnames AS text[])) AND f = CAST(:given_names AS text)',
        /list parameter :given_names/,
      ],
      [
        'postgres',
        'SELECT a FROM t WHERE y = ANY(CAST(:birth_years AS int)) AND l = ANY(CAST(:surnames AS text[])) AND f = ANY(CAST(:given_names AS text[]))',
        /list parameter :birth_years/,
      ],
      [
        'mysql',
        'SELECT a FROM t WHERE YEAR(d) = :birth_years AND l IN (:surnames) AND f IN (:given_names)',
        /list parameter :birth_years .*IN \(:birth_years\)/,
      ],
      [
        'mssql',
        'SELECT a FROM t WHERE YEAR(d) IN (:birth_years) AND l IN (:surnames) AND f NOT IN (:given_names)',
        /list parameter :given_names/,
      ],
    ] as const)('refuses a list where %s cannot bind it: %s', (dialect, sql, reason) => {
      expect(yearsRefusal(sql, dialect)).toMatch(reason);
    });

    it('requires all three, and allows only them', () => {
      expect(
        yearsRefusal('SELECT a FROM t WHERE YEAR(d) IN (:birth_years) AND l IN (:surnames)', 'mysql'),
      ).toMatch(/must use the parameter :given_names/);
      expect(yearsRefusal('SELECT a FROM t WHERE l IN (:surnames) AND f IN (:given_names)', 'mysql')).toMatch(
        /must use the parameter :birth_years/,
      );
      expect(
        yearsRefusal(
          'SELECT a FROM t WHERE YEAR(d) IN (:birth_years) AND l IN (:surnames) AND f IN (:given_names) AND n IN (:names)',
          'mysql',
        ),
      ).toMatch(/unknown parameter :names/);
      expect(
        yearsRefusal(
          'SELECT a FROM t WHERE YEAR(d) IN (:birth_years) AND l IN (:surnames) AND f IN (:given_names) AND b = :birth_year_from',
          'mysql',
        ),
      ).toMatch(/unknown parameter :birth_year_from/);
      // And the names-on-dates query does not take the new lists.
      expect(
        listRefusal(
          'SELECT a FROM t WHERE d IN (:birth_dates) AND n IN (:names) AND f IN (:given_names)',
          'mysql',
        ),
      ).toMatch(/unknown parameter :given_names/);
    });
  });

  it('refuses to bind a single value for a list or a list for a single value', () => {
    const q = guardQuery(
      'candidatesByBirthDates',
      'SELECT a FROM t WHERE d IN (:birth_dates)',
      'mysql',
      dates,
    );
    expect(() => bindQuery(q, { birth_dates: '2005-03-14' })).toThrow(/takes a list/);
    const one = guardQuery('candidatesByOen', 'SELECT a FROM t WHERE oen = :oen', 'mysql', rule);
    expect(() => bindQuery(one, { oen: ['1'] })).toThrow(/takes one value/);
  });
});
