import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSisAdapter } from '../../../adapters/index.js';
import type { SisAdapter } from '../../../src/sis/index.js';
import { isEtmsError } from '../../../src/errors.js';
import { sisAdapterContract } from '../contract.js';
import { student } from '../support/fixtures.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  startOneRosterServer,
  type OneRosterServer,
} from '../support/oneroster-server.js';

const configFor = (server: { baseUrl: string; tokenUrl: string }, extra: Record<string, unknown> = {}) => ({
  kind: 'oneroster' as const,
  baseUrl: server.baseUrl,
  tokenUrl: server.tokenUrl,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  timeoutMs: 2000,
  ...extra,
});
const noKeys = {
  birthDates: [] as string[],
  surnames: [] as string[],
  givenNames: [] as string[],
  birthYears: [] as number[],
};

sisAdapterContract('oneroster (mirrored roster)', async () => {
  const server = await startOneRosterServer({ maxPageSize: 2 });
  const gone = await startOneRosterServer();
  await gone.close();
  return {
    adapter: await createSisAdapter(configFor(server, { pageSize: 2 })),
    down: await createSisAdapter(configFor(gone)),
    teardown: () => server.close(),
  };
});

describe('oneroster adapter', () => {
  let server: OneRosterServer;
  let sis: SisAdapter;
  beforeAll(async () => {
    server = await startOneRosterServer({ linkHeaders: true, maxPageSize: 1 });
    sis = await createSisAdapter(configFor(server, { pageSize: 1, candidateLookup: 'filter' }));
  });
  afterAll(() => server.close());

  it("finds by filters what the provider's contains operator can reach", async () => {
    const found = async (k: Partial<typeof noKeys> & { oen?: string; studentNumber?: string }) =>
      (await sis.candidates({ ...noKeys, ...k })).map((s) => s.studentNumber).sort();
    expect(await found({ oen: '123456789' })).toEqual(['S1001']);
    expect(await found({ studentNumber: '0012345' })).toEqual(['0012345']);
    expect(await found({ birthDates: ['2005-03-14'], givenNames: ['EMILY', 'PATRICK'] })).toEqual([
      'S1001',
      'S1004',
    ]);
    expect(await found({ birthDates: ['2005-03-14'] })).toEqual([]);
    expect(
      await found({ surnames: ['SMITH'], givenNames: ['EMILY', 'SARAH'], birthYears: [2004, 2005, 2006] }),
    ).toEqual(['S1001', 'S1005', 'S1006']);
    expect(await found({ surnames: ['SARAH'], givenNames: ['SMITH'], birthYears: [2005] })).toEqual([
      'S1005',
      'S1006',
    ]);
    expect(await found({ surnames: ['BERG'], givenNames: ['ANNE'], birthYears: [2005] })).toEqual(['S1003']);
    expect(await found({ surnames: ['GAGNON'], givenNames: ['CHLOE'], birthYears: [2006] })).toEqual([
      '0012345',
    ]);
    expect(await found({ surnames: ['BELANGER'], givenNames: ['MARC'], birthYears: [2004] })).toEqual([
      'S1002',
    ]);
    // A key without the stored punctuation is out of reach of a contains filter; the birth date block still finds it.
    expect(await found({ surnames: ['OBRIEN'], givenNames: ['PATRICK'], birthYears: [2005] })).toEqual([]);
    expect(
      await found({
        surnames: ['OBRIEN'],
        givenNames: ['PATRICK'],
        birthYears: [2005],
        birthDates: ['2005-03-14'],
      }),
    ).toContain('S1004');
  });

  it('reads the mirrored roster again once it is older than the refresh period', async () => {
    const mirror = await createSisAdapter(configFor(server, { pageSize: 50, rosterRefreshMinutes: 0 }));
    const count = () =>
      server.stats.paths.filter(
        (p) => p.startsWith('/ims/oneroster/rostering/v1p2/students?') && p.includes('offset=0'),
      ).length;
    const before = count();
    await mirror.candidates({ ...noKeys, studentNumber: 'S1002' });
    await mirror.candidates({ ...noKeys, studentNumber: 'S1002' });
    expect(count() - before).toBe(2);
    const cached = await createSisAdapter(configFor(server, { pageSize: 50 }));
    const start = count();
    await cached.candidates({ ...noKeys, studentNumber: 'S1002' });
    await cached.candidates({ ...noKeys, oen: '123456789' });
    expect(count() - start).toBe(1);
  });

  it('asks for a token once and reuses it until it expires', async () => {
    const before = server.stats.tokens;
    await sis.candidates({ ...noKeys, studentNumber: 'S1002' });
    await sis.candidates({ ...noKeys, studentNumber: 'S1003' });
    expect(server.stats.tokens - before).toBeLessThanOrEqual(1);
  });

  it('gets a fresh token when the provider forgets the old one', async () => {
    await sis.health();
    const tokens = server.stats.tokens;
    server.revokeTokens();
    expect((await sis.candidates({ ...noKeys, studentNumber: 'S1002' })).map((s) => s.studentNumber)).toEqual(
      ['S1002'],
    );
    expect(server.stats.tokens).toBe(tokens + 1);
  });

  it('renews a token that has expired', async () => {
    const shortLived = await startOneRosterServer({ tokenLifetime: 1 });
    try {
      const adapter = await createSisAdapter(configFor(shortLived));
      await adapter.health();
      await adapter.health();
      expect(shortLived.stats.tokens).toBe(2); // a 1-second token is renewed 30 s early: every call
      expect(shortLived.stats.unauthorized).toBe(0);
    } finally {
      await shortLived.close();
    }
  });

  it('follows Link rel="next" through every page', async () => {
    const found = await sis.candidates({
      ...noKeys,
      surnames: ['SMITH'],
      givenNames: ['EMILY', 'SARAH'],
      birthYears: [1990, 2005],
    });
    expect(found.map((s) => s.studentNumber).sort()).toEqual(['S1001', 'S1005', 'S1006']);
    expect(server.stats.paths.some((p) => p.includes('offset=2'))).toBe(true);
  });

  it('uses server-side filters rather than reading the whole roster', async () => {
    const start = server.stats.paths.length;
    await sis.candidates({ ...noKeys, surnames: ['KHAN'], givenNames: ['AHMED'], birthYears: [2005] });
    const paths = server.stats.paths.slice(start).map(decodeURIComponent);
    expect(paths.some((p) => p.includes("filter=familyName~'KHAN'"))).toBe(true);
    expect(
      paths.every(
        (p) => p.includes('filter=') || /\/(demographics|orgs|students)\/[^/?]+$/.test(p.split('?')[0]),
      ),
    ).toBe(true);
  });

  it('leaves out teachers and records marked tobedeleted', async () => {
    const byNumber = await sis.candidates({ ...noKeys, studentNumber: 'S1005', birthDates: ['2005-06-01'] });
    expect(byNumber).toEqual([student('S1005')]);
    const byDate = await sis.candidates({
      ...noKeys,
      birthDates: ['2005-03-14'],
      surnames: ['SMITH'],
      givenNames: ['EMILY', 'PATRICK', 'SARAH'],
      birthYears: [2005],
    });
    // S1006 (Sarah Smith, born 1990) by the full name she shares with S1005 alone.
    expect(byDate.map((s) => s.studentNumber).sort()).toEqual(['S1001', 'S1004', 'S1005', 'S1006']);
  });

  it('reads the student number from userIds when configured', async () => {
    const adapter = await createSisAdapter(
      configFor(server, { studentNumberUserIdType: 'SIS', candidateLookup: 'filter' }),
    );
    expect(
      (await adapter.candidates({ ...noKeys, studentNumber: '0012345' })).map((s) => s.lastName),
    ).toEqual(['Tremblay']);
    expect((await adapter.transcript('S1002'))?.courses.map((c) => c.code)).toEqual(['ENG4C1']);
  });

  it('refuses wrong client credentials as an outage with a reason', async () => {
    const adapter = await createSisAdapter(configFor(server, { clientSecret: 'wrong' }));
    const error = await adapter.candidates({ ...noKeys, studentNumber: 'S1002' }).catch((e: unknown) => e);
    expect(isEtmsError(error) && error.code).toBe('ETMS_E_SIS_UNAVAILABLE');
    expect((error as Error).message).toContain('HTTP 401');
    expect((await adapter.health()).ok).toBe(false);
  });

  it('treats a provider error or a reset connection as an outage, never as no student', async () => {
    for (const fault of ['500', 'reset'] as const) {
      const failing = await startOneRosterServer({
        fault: (path) => (path.includes('/students') ? fault : undefined),
      });
      try {
        const adapter = await createSisAdapter(configFor(failing));
        const error = await adapter
          .candidates({ ...noKeys, studentNumber: 'S1002' })
          .catch((e: unknown) => e);
        expect(isEtmsError(error) && error.code).toBe('ETMS_E_SIS_UNAVAILABLE');
        if (fault === '500') expect((error as Error).message).toContain('HTTP 500');
      } finally {
        await failing.close();
      }
    }
  });
});
