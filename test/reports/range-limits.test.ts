import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startHarness, type Harness } from '../admin/harness.js';
import { checkRange, weeklyVolumeSvg, type SummaryReport } from '../../src/reports/index.js';
import { EtmsError } from '../../src/errors.js';

function refusal(from: string, to: string): string {
  try {
    checkRange(from, to);
  } catch (error) {
    if (error instanceof EtmsError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('report ranges', () => {
  it('cover at most five years, between 2000 and 2100', () => {
    expect(refusal('2021-01-01', '2025-12-31')).toBe('accepted');
    expect(refusal('2021-03-15', '2026-03-15')).toBe('accepted');
    expect(refusal('2021-03-15', '2026-03-16')).toBe('ETMS_E_REPORT_RANGE_TOO_WIDE');
    expect(refusal('0001-01-01', '9999-12-31')).toBe('ETMS_E_REPORT_RANGE_TOO_WIDE');
    expect(refusal('1999-12-31', '2000-01-10')).toBe('ETMS_E_REPORT_RANGE_TOO_WIDE');
    expect(refusal('2100-12-01', '2101-01-01')).toBe('ETMS_E_REPORT_RANGE_TOO_WIDE');
    expect(refusal('2025-02-01', '2025-01-01')).toBe('ETMS_E_REPORT_RANGE');
  });

  it('the weekly chart draws any number of weeks without throwing', () => {
    const weekly = Array.from({ length: 200_000 }, (_, i) => ({
      weekStart: '2026-03-02',
      outcomes: { TO_PROCESS: i % 7, AUTO: 1 } as SummaryReport['weekly'][number]['outcomes'],
    }));
    const svg = weeklyVolumeSvg(
      {
        range: { from: '2026-03-02', to: '2026-03-15' },
        rows: [],
        total: { original: 0, reissue: 0 },
        averageProcessingDays: 0,
        autoShare: 0,
        perSchool: [],
        weekly,
        processedCount: 0,
      },
      'en',
    );
    expect(svg).toContain('Busiest week');
  });
});

describe('the reports page and downloads', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('report_range_limits');
  });
  afterAll(() => h?.close());

  it('answers a huge range with a clear error on the page, and refuses its downloads', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const page = await c.get('/rapports?from=0001-01-01&to=9999-12-31&view=summary');
    expect(page.status).toBe(400);
    expect(page.text).toContain('Un rapport couvre au plus 5 ans');
    for (const format of ['csv', 'xlsx', 'pdf']) {
      const file = await c.get(
        `/rapports/telecharger?from=0001-01-01&to=9999-12-31&view=detailed&format=${format}`,
      );
      expect(file.status).toBe(400);
      expect(file.text).toContain('a report covers at most 5 years');
    }
    expect((await c.get('/rapports?from=2022-01-01&to=2026-12-31&view=summary')).status).toBe(200);
  });
});
