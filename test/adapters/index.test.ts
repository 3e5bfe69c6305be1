import { describe, expect, it } from 'vitest';
import { createSisAdapter, parseSisConfig, sisConfigSchema } from '../../adapters/index.js';
import { isEtmsError } from '../../src/errors.js';
import { exampleConfig } from './support/sql-backends.js';

describe('createSisAdapter and sisConfigSchema', () => {
  it.each(['csv-sis.json', 'postgres-sis.json', 'mysql-sis.json', 'mssql-sis.json', 'oneroster-sis.json'])(
    'accepts the example %s',
    async (file) => {
      const env = {
        SIS_DATABASE_URL: 'postgres://r@db/sis',
        SIS_MYSQL_URL: 'mysql://r@db/sis',
        SIS_MSSQL_URL: 'mssql://r@db/sis',
        SIS_ONEROSTER_CLIENT_ID: 'id',
        SIS_ONEROSTER_CLIENT_SECRET: 'secret',
      };
      const parsed = parseSisConfig(await exampleConfig(file), env);
      expect(sisConfigSchema.safeParse(parsed).success).toBe(true);
    },
  );

  it('reads ${NAME} from the environment and says which one is missing', () => {
    const parsed = parseSisConfig(
      {
        kind: 'postgres',
        url: '${SIS_DATABASE_URL}',
        queries: { candidatesByOen: 'SELECT 1 WHERE 1 = :oen', student: 'x' },
      },
      { SIS_DATABASE_URL: 'postgres://a@b/c' },
    );
    expect(parsed.kind === 'postgres' && parsed.url).toBe('postgres://a@b/c');
    expect(() =>
      parseSisConfig({ kind: 'postgres', url: '${NOT_SET_ANYWHERE}', queries: { student: 'x' } }, {}),
    ).toThrow(/NOT_SET_ANYWHERE/);
  });

  it('leaves ${…} inside SQL text alone', () => {
    const parsed = parseSisConfig(
      {
        kind: 'postgres',
        url: 'postgres://a@b/c',
        queries: { student: "SELECT '${X}' AS a WHERE 1 = :student_number" },
      },
      {},
    );
    expect(parsed.kind === 'postgres' && parsed.queries.student).toContain('${X}');
  });

  it('refuses an unknown kind and a mistyped key with ETMS_E_SIS_CONFIG_INVALID', async () => {
    for (const bad of [
      { kind: 'oracle' },
      { kind: 'csv', dir: '.', studnets: 'x.csv' },
      { kind: 'postgres', url: 'x', queries: { student: 'x', candidatesByOEN: 'y' } },
    ]) {
      const error = await createSisAdapter(bad as never).catch((e: unknown) => e);
      expect(isEtmsError(error) && error.code).toBe('ETMS_E_SIS_CONFIG_INVALID');
    }
  });

  it('refuses bad queries at creation, naming the query and why', async () => {
    const config = await exampleConfig('postgres-sis.json');
    const queries = {
      ...(config.queries as object),
      candidatesBySurname: 'SELECT * FROM student WHERE last_name = :surname; DELETE FROM student',
    };
    const error = await createSisAdapter({ ...config, queries } as never, {
      env: { SIS_DATABASE_URL: 'postgres://r@127.0.0.1:1/x' },
    }).catch((e: unknown) => e);
    expect(isEtmsError(error) && error.code).toBe('ETMS_E_SIS_QUERY_REFUSED');
    expect((error as Error).message).toMatch(/"candidatesBySurname".*multiple statements/);
  });

  it('needs at least one candidate query', async () => {
    const error = await createSisAdapter({
      kind: 'mysql',
      url: 'mysql://r@127.0.0.1:1/x',
      queries: { student: 'SELECT a FROM t WHERE n = :student_number' },
    }).catch((e: unknown) => e);
    expect(isEtmsError(error) && error.code).toBe('ETMS_E_SIS_CONFIG_INVALID');
  });
});
