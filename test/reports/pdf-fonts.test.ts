/**
 * Names as a board's SIS holds them — Vietnamese, combining accents, Polish, Turkish, Romanian,
 * Greek, Cyrillic, Chinese, Korean — print as written in the PDF downloads (the requests list and the
 * reports), read back with poppler's pdftotext, in fonts embedded in the file (pdffonts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRequestsPdf } from '../../src/admin/exports-pdf.js';
import { renderExport, type Line } from '../../src/reports/export.js';
import type { DetailedRow } from '../../src/reports/detailed.js';
import { pdfFonts, textRuns } from '../../src/reports/pdf-fonts.js';
import { havePdftotext, missingWords, overlaps, pdfLayout } from './pdf-layout.js';

const havePdffonts = existsSync('/usr/bin/pdffonts');

/** [first name, last name] as the SIS holds them. */
const NAMES: Array<[string, string]> = [
  ['Hương', 'Nguyễn Thị'],
  // The same Vietnamese name with combining accents (NFD), as some systems store it.
  ['Hương'.normalize('NFD'), 'Nguyễn Thị'.normalize('NFD')],
  ['Łukasz', 'Wąsowicz'],
  ['Şükrü', 'Çağlayan'],
  ['İlkay', 'Işıklı'],
  ['Ștefan', 'Țurcanu'],
  ['Ελένη', 'Παπαδοπούλου'],
  ['Дмитрий', 'Ёлкин'],
  ['小明', '李'],
  ['秀英', '王'],
  ['Wei', '李'],
  ['지민', '김'],
  ['서연', '박'],
];

/** The name as a reader gets it back: composed (NFC), as the PDF draws a letter and its accents. */
const written = (s: string) => s.normalize('NFC');

function poppler(pdf: Buffer, tool: 'pdftotext' | 'pdffonts'): string {
  const dir = mkdtempSync(join(tmpdir(), 'etms-fonts-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    return execFileSync(`/usr/bin/${tool}`, tool === 'pdftotext' ? [file, '-'] : [file], {
      encoding: 'utf8',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The fonts pdffonts lists: name (without the subset tag) and whether it is embedded. */
function fontsOf(pdf: Buffer): Array<{ name: string; embedded: boolean }> {
  return poppler(pdf, 'pdffonts')
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      return { name: cols[0].replace(/^[A-Z]{6}\+/, ''), embedded: cols[cols.length - 5] === 'yes' };
    });
}

function expectEmbedded(pdf: Buffer, cjk: boolean): void {
  const fonts = fontsOf(pdf);
  expect(
    fonts.every((f) => f.embedded),
    JSON.stringify(fonts),
  ).toBe(true);
  const names = new Set(fonts.map((f) => f.name));
  expect(names).toContain('DejaVuSans');
  expect(names).toContain('DejaVuSans-Bold');
  if (cjk) {
    expect(names).toContain('NotoSansSC-Regular');
    expect(names).toContain('NotoSansKR-Regular');
  }
  expect([...names].filter((n) => /Helvetica|Times|Courier/.test(n))).toEqual([]);
}

describe.skipIf(!havePdftotext || !havePdffonts)('names in every script in the PDF downloads', () => {
  it('the requests list prints each name as written, in embedded fonts', async () => {
    const pdf = await renderRequestsPdf({
      kind: 'requests',
      lang: 'fr',
      heading: 'Conseil scolaire « Grand Nord »',
      subtitle: 'À traiter',
      generatedAt: '2026/12/02 10:00',
      columns: [
        { id: 'name', label: 'Nom' },
        { id: 'source', label: 'Dernière année d’études' },
        { id: 'status', label: 'État' },
      ],
      rows: NAMES.map(([first, last], i) => [`${last}, ${first}`, `École ${i}`, 'À traiter']),
    });
    const text = poppler(pdf, 'pdftotext');
    const lines = text.split('\n').map((l) => l.trim());
    for (const [first, last] of NAMES) expect(lines, last).toContain(written(`${last}, ${first}`));
    expect(text).not.toContain('?');
    // French labels keep their accents, apostrophe and guillemets.
    expect(lines).toContain('Conseil scolaire « Grand Nord »');
    expect(missingWords(pdfLayout(pdf), 'Dernière année d’études État À traiter')).toEqual([]);
    expect(overlaps(pdfLayout(pdf))).toEqual([]);
    expectEmbedded(pdf, true);
  });

  it('the detailed report prints each name as written, in embedded fonts', async () => {
    const rows: DetailedRow[] = NAMES.map(([firstName, lastName], i) => ({
      applicationNumber: `24001${String(i).padStart(4, '0')}`,
      referenceNumber: `H2024042405${String(i).padStart(4, '0')}`,
      paymentDate: '2024-04-24',
      firstName,
      lastName,
      birthDate: '2006-05-29',
      studentNumber: '321412342',
      source: 'École secondaire Łódź 北京',
      dateLastAttended: '2022-03',
      transcriptCount: 1,
      amountCollected: 6,
    }));
    const pdf = await renderExport({
      kind: 'detailed',
      format: 'pdf',
      rows,
      q: { from: '2024-04-01', to: '2024-04-30' },
      lang: 'fr',
      options: {},
    });
    const layout = pdfLayout(pdf);
    expect(overlaps(layout)).toEqual([]);
    const words = layout.words.map((w) => w.text);
    for (const [first, last] of NAMES) {
      expect(missingWords(layout, written(first)), first).toEqual([]);
      expect(missingWords(layout, written(last)), last).toEqual([]);
    }
    expect(missingWords(layout, 'École secondaire Łódź 北京')).toEqual([]);
    expect(words.filter((w) => w.includes('?'))).toEqual([]);
    expectEmbedded(pdf, true);
  });

  it('the summary report prints a school name in any script, and stays small', async () => {
    const lines: Line[] = [
      { style: 'title', cells: ['Rapport sommaire'] },
      { style: 'header', cells: ['Total des demandes par école secondaire', 'Originales', 'Nouvelles'] },
      { style: 'level1', cells: ['École secondaire Saint-Łukasz', 3, 1] },
      { style: 'level1', cells: ['Гимназия № 1', 2, 0] },
      { style: 'level1', cells: ['Trường Nguyễn Du', 1, 0] },
      { style: 'total', cells: ['Conseil 北京 서울', 6, 1] },
    ];
    const pdf = await renderExport({ kind: 'summary', format: 'pdf', lines, lang: 'fr', options: {} });
    const text = poppler(pdf, 'pdftotext');
    for (const name of [
      'École secondaire Saint-Łukasz',
      'Гимназия № 1',
      'Trường Nguyễn Du',
      'Conseil 北京 서울',
    ])
      expect(text).toContain(name);
    expectEmbedded(pdf, false);
    // Bold text stays bold in every script.
    expect(fontsOf(pdf).map((f) => f.name)).toEqual(
      expect.arrayContaining(['NotoSansSC-Bold', 'NotoSansKR-Bold']),
    );
    // Only the glyphs used are embedded: the file stays far below the fonts' own size.
    expect(pdf.length).toBeLessThan(60_000);
  });

  it('writes "?" only for a letter no font has, and keeps every letter the fast path lets through', () => {
    const runs = textRuns('x\u{10fffd}y', 'regular');
    expect(runs.map((r) => r.text).join('')).toBe('x?y');
    // The letters written without a look at the font (Latin-1 and French punctuation) are all in it.
    const latin1 =
      Array.from({ length: 0x5f }, (_, i) => String.fromCharCode(0x20 + i)).join('') +
      Array.from({ length: 0x60 }, (_, i) => String.fromCharCode(0xa0 + i)).join('') +
      '‘’“”–—…\u202f€';
    for (const weight of ['regular', 'bold'] as const) {
      const [first] = textRuns(`${latin1}李`, weight);
      expect(first.text).toBe(latin1);
    }
  });

  it('reads the fonts once per thread', () => {
    expect(pdfFonts()).toBe(pdfFonts());
  });
});
