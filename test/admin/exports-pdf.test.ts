/**
 * The requests list PDF read back with poppler's pdftotext: header cells such as « Dernière année
 * d’études » wrap instead of being cut, and a long name wraps within its column.
 */
import { describe, expect, it } from 'vitest';
import { renderRequestsPdf } from '../../src/admin/exports-pdf.js';
import { columnsFor } from '../../src/admin/columns.js';
import { t } from '../../src/admin/i18n.js';
import {
  cutWords,
  havePdftotext,
  missingWords,
  outsidePage,
  overlaps,
  pdfLayout,
} from '../reports/pdf-layout.js';

const LONG_NAME = 'Wolfeschlegelsteinhausenbergerdorffvoralternwa, Maximilian-Alexander';

describe.skipIf(!havePdftotext)('requests list PDF layout', () => {
  for (const lang of ['fr', 'en'] as const) {
    it(`wraps header cells and long values, never cuts or overlaps them (${lang})`, async () => {
      const columns = columnsFor('TO_PROCESS', true)
        .filter((c) => c.text)
        .map((c) => ({ id: c.id, label: t(lang, c.label) }));
      const rows = Array.from({ length: 40 }, (_, i) =>
        columns.map((c) =>
          c.id === 'name'
            ? i === 2
              ? LONG_NAME
              : `Row${i}, Ana`
            : c.id === 'source'
              ? 'École secondaire catholique Franco-Cité de la région de Sudbury, Sudbury'
              : `${c.id}-${i}`,
        ),
      );
      const pdf = await renderRequestsPdf({
        kind: 'requests',
        lang,
        heading: 'Conseil scolaire du Grand Nord',
        subtitle: lang === 'fr' ? 'À traiter' : 'To process',
        generatedAt: '2026/12/02 10:00',
        columns,
        rows,
      });
      const layout = pdfLayout(pdf);
      expect(overlaps(layout)).toEqual([]);
      expect(cutWords(layout)).toEqual([]);
      expect(outsidePage(layout)).toEqual([]);
      for (const c of columns) expect(missingWords(layout, c.label), c.label).toEqual([]);
      const first = layout.words.find((w) => w.text.startsWith('Wolfe'))!;
      const cell = layout.words
        .filter((w) => w.page === first.page && Math.abs(w.xMin - first.xMin) < 1)
        .filter((w) => w.yMin >= first.yMin && w.yMin < first.yMin + 30)
        .sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin);
      expect(cell.map((w) => w.text).join('')).toContain(LONG_NAME.replace(/ /g, ''));
    });
  }
});
