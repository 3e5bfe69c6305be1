import { describe, expect, it } from 'vitest';
import { weeklyVolumeSvg, type SummaryReport } from '../../src/reports/index.js';

const summary = (weekly: SummaryReport['weekly']): SummaryReport => ({
  range: { from: '2026-03-02', to: '2026-03-15' },
  rows: [],
  total: { original: 0, reissue: 0 },
  averageProcessingDays: 0,
  autoShare: 0,
  perSchool: [],
  weekly,
  processedCount: 0,
});
const zero = {
  TO_PROCESS: 0,
  INCOMPLETE: 0,
  IN_PROGRESS: 0,
  AUTO: 0,
  MANUAL: 0,
  PAPER: 0,
  CANCELLED: 0,
  UNKNOWN: 0,
};

describe('weekly volume chart', () => {
  const report = summary([
    { weekStart: '2026-03-02', outcomes: { ...zero, TO_PROCESS: 2, AUTO: 5, MANUAL: 2 } },
    { weekStart: '2026-03-09', outcomes: { ...zero, INCOMPLETE: 3, PAPER: 2, UNKNOWN: 2 } },
  ]);

  it('is an accessible SVG without script or external font', () => {
    const svg = weeklyVolumeSvg(report, 'fr');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toMatch(
      /<title id="weekly-title">Volume hebdomadaire par résultat — 2\u00a0mars 2026 au 15\u00a0mars 2026<\/title>/,
    );
    expect(svg).toMatch(
      /<desc id="weekly-desc">16 demandes sur 2 semaine\(s\)\. Semaine la plus chargée\u00a0: 2\u00a0mars 2026 \(9\)\.<\/desc>/,
    );
    expect(svg).not.toMatch(/<script|@import|url\(|href=/i);
  });

  it('stacks one segment per non-zero outcome, with a legend of every outcome', () => {
    const svg = weeklyVolumeSvg(report, 'en');
    const segments = [...svg.matchAll(/<rect [^>]*><title>([^<]*)<\/title><\/rect>/g)].map((m) => m[1]);
    expect(segments).toEqual([
      'Mar. 2, 2026 — To process: 2',
      'Mar. 2, 2026 — Sent by Auto-eTMS: 5',
      'Mar. 2, 2026 — Sent manually: 2',
      'Mar. 9, 2026 — Incomplete: 3',
      'Mar. 9, 2026 — Paper copy: 2',
      'Mar. 9, 2026 — Unknown source: 2',
    ]);
    for (const label of [
      'To process',
      'Incomplete',
      'In progress',
      'Sent by Auto-eTMS',
      'Sent manually',
      'Paper copy',
      'Cancelled',
      'Unknown source',
    ]) {
      expect(svg).toContain(`>${label}</text>`);
    }
    expect(svg).toContain('>Requests</text>');
    expect(svg).toContain('>Mar. 9</text>');
    expect(weeklyVolumeSvg(report, 'fr')).toContain('>9\u00a0mars</text>');
  });

  it('stacks segments so the tallest bar reaches its total on the axis', () => {
    const svg = weeklyVolumeSvg(report, 'en');
    const heights = [
      ...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)" fill/g),
    ].map((m) => Number(m[1]));
    const first = heights.slice(0, 3).reduce((a, b) => a + b, 0);
    const second = heights.slice(3, 6).reduce((a, b) => a + b, 0);
    expect(first / second).toBeCloseTo(9 / 7, 1);
  });

  it('escapes text and draws an empty range', () => {
    const svg = weeklyVolumeSvg(summary([{ weekStart: '2026-03-02', outcomes: { ...zero } }]), 'en');
    expect(svg).toContain('0 requests over 1 week(s).');
    expect(svg.match(/<rect [^>]*><title>/g)).toBeNull();
  });
});
