/**
 * The weekly volume chart, drawn on the server as SVG: stacked bars per week by outcome, a legend
 * and axis labels, a <title> and <desc> for screen readers. No script, no external font.
 */
import { OUTCOMES, OUTCOME_LABELS, REPORT_TEXT } from './labels.js';
import { formatDay, type Lang } from './format.js';
import type { SummaryReport } from './summary.js';
import { escapeXml } from '../text/escape.js';

/** Colours distinguishable in grey and for common colour-vision deficiencies (Okabe–Ito). */
const COLOURS: Record<(typeof OUTCOMES)[number], string> = {
  TO_PROCESS: '#E69F00',
  INCOMPLETE: '#D55E00',
  IN_PROGRESS: '#56B4E9',
  AUTO: '#009E73',
  MANUAL: '#0072B2',
  PAPER: '#CC79A7',
  CANCELLED: '#999999',
  UNKNOWN: '#000000',
};

/** A round step for the value axis: 1, 2 or 5 times a power of ten. */
function niceStep(max: number, ticks = 5): number {
  if (max <= ticks) return 1;
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = [1, 2, 5, 10].find((m) => m * power >= raw) ?? 10;
  return unit * power;
}

export function weeklyVolumeSvg(summary: SummaryReport, lang: Lang): string {
  const weeks = summary.weekly;
  const width = Math.max(480, 120 + weeks.length * 28);
  const height = 360;
  const left = 56;
  const right = 16;
  const top = 40;
  const legendRows = Math.ceil(OUTCOMES.length / 4);
  const bottom = 64 + legendRows * 20;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const totals = weeks.map((w) => OUTCOMES.reduce((sum, o) => sum + (w.outcomes[o] ?? 0), 0));
  // A loop, not Math.max(...totals): spreading thousands of weeks into arguments overflows the stack.
  const most = totals.reduce((m, v) => (v > m ? v : m), 0);
  const max = Math.max(1, most);
  const step = niceStep(max);
  const axisMax = Math.ceil(max / step) * step;
  const y = (v: number) => top + plotH - (v / axisMax) * plotH;
  const slot = plotW / Math.max(1, weeks.length);
  const barW = Math.max(4, Math.min(40, slot * 0.7));
  const title = `${REPORT_TEXT.weekly[lang]} — ${formatDay(summary.range.from, lang)} ${REPORT_TEXT.to[lang]} ${formatDay(summary.range.to, lang)}`;
  const total = totals.reduce((a, b) => a + b, 0);
  const busiest = weeks.length ? weeks[totals.indexOf(most)] : undefined;
  const desc =
    lang === 'fr'
      ? `${total} demandes sur ${weeks.length} semaine(s).` +
        (busiest ? ` Semaine la plus chargée\u00a0: ${formatDay(busiest.weekStart, lang)} (${most}).` : '')
      : `${total} requests over ${weeks.length} week(s).` +
        (busiest ? ` Busiest week: ${formatDay(busiest.weekStart, lang)} (${most}).` : '');

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="weekly-title weekly-desc" font-family="sans-serif" font-size="11">`,
    `<title id="weekly-title">${escapeXml(title)}</title>`,
    `<desc id="weekly-desc">${escapeXml(desc)}</desc>`,
    `<text x="${left}" y="20" font-size="13" font-weight="bold">${escapeXml(REPORT_TEXT.weekly[lang])}</text>`,
  );
  // Value axis with grid lines.
  for (let v = 0; v <= axisMax; v += step) {
    out.push(
      `<line x1="${left}" x2="${width - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`,
    );
  }
  out.push(
    `<text transform="translate(14 ${(top + plotH / 2).toFixed(1)}) rotate(-90)" text-anchor="middle">${escapeXml(REPORT_TEXT.requests[lang])}</text>`,
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#333"/>`,
    `<line x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="#333"/>`,
  );
  // Bars, one stacked segment per outcome.
  const labelEvery = Math.max(1, Math.ceil(weeks.length / Math.floor(plotW / 56)));
  weeks.forEach((week, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    let base = 0;
    out.push(`<g>`);
    for (const outcome of OUTCOMES) {
      const n = week.outcomes[outcome] ?? 0;
      if (!n) continue;
      const y1 = y(base + n);
      const h = y(base) - y1;
      out.push(
        `<rect x="${x.toFixed(1)}" y="${y1.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${COLOURS[outcome]}"><title>${escapeXml(`${formatDay(week.weekStart, lang)} — ${OUTCOME_LABELS[outcome][lang]}${lang === 'fr' ? '\u00a0:' : ':'} ${n}`)}</title></rect>`,
      );
      base += n;
    }
    out.push(`</g>`);
    if (i % labelEvery === 0) {
      out.push(
        `<text x="${(x + barW / 2).toFixed(1)}" y="${top + plotH + 14}" text-anchor="middle">${escapeXml(formatDay(week.weekStart, lang, false))}</text>`,
      );
    }
  });
  out.push(
    `<text x="${(left + plotW / 2).toFixed(1)}" y="${top + plotH + 32}" text-anchor="middle">${escapeXml(REPORT_TEXT.weekOf[lang])}</text>`,
  );
  // Legend.
  const legendTop = top + plotH + 46;
  const colW = (width - left - right) / 4;
  OUTCOMES.forEach((outcome, i) => {
    const lx = left + (i % 4) * colW;
    const ly = legendTop + Math.floor(i / 4) * 20;
    out.push(
      `<rect x="${lx.toFixed(1)}" y="${ly}" width="12" height="12" fill="${COLOURS[outcome]}"/>`,
      `<text x="${(lx + 16).toFixed(1)}" y="${ly + 10}">${escapeXml(OUTCOME_LABELS[outcome][lang])}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}
