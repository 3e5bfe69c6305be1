/**
 * Where each word of a PDF is drawn, read back by poppler's pdftotext (`-bbox`), a reader we did not
 * write: the layout checks ask that no two words overlap, that none is cut (« … »), that every word
 * stays on its page, and that a header's words are all there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PDFTOTEXT = '/usr/bin/pdftotext';
export const havePdftotext = existsSync(PDFTOTEXT);
if (!havePdftotext)
  console.warn(`PDF layout tests skipped: ${PDFTOTEXT} is not installed (apt-get install -y poppler-utils)`);

export interface PdfWord {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PdfLayout {
  pages: Array<{ width: number; height: number }>;
  words: PdfWord[];
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

export function pdfLayout(pdf: Buffer): PdfLayout {
  const dir = mkdtempSync(join(tmpdir(), 'etms-pdf-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    const html = execFileSync(PDFTOTEXT, ['-bbox', file, '-'], { encoding: 'utf8' });
    const pages: PdfLayout['pages'] = [];
    const words: PdfWord[] = [];
    for (const m of html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
      pages.push({ width: Number(m[1]), height: Number(m[2]) });
      for (const w of m[3].matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
      ))
        words.push({
          page: pages.length,
          text: unescape(w[5]),
          xMin: Number(w[1]),
          yMin: Number(w[2]),
          xMax: Number(w[3]),
          yMax: Number(w[4]),
        });
    }
    return { pages, words };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Pairs of words whose boxes overlap. Boxes are shrunk by a little (`slack`, in points) first: a
 * font's box reaches above and below its letters, so lines set close together touch without the
 * letters meeting.
 */
export function overlaps(layout: PdfLayout, slack = 1): string[] {
  const out: string[] = [];
  const byPage = new Map<number, PdfWord[]>();
  for (const w of layout.words) byPage.set(w.page, [...(byPage.get(w.page) ?? []), w]);
  for (const [page, words] of byPage) {
    const sorted = [...words].sort((a, b) => a.xMin - b.xMin);
    for (let i = 0; i < sorted.length; i++) {
      const a = sorted[i];
      for (let j = i + 1; j < sorted.length && sorted[j].xMin < a.xMax - slack; j++) {
        const b = sorted[j];
        const x = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
        const y = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
        if (x > slack && y > slack * 2) out.push(`page ${page}: « ${a.text} » over « ${b.text} »`);
      }
    }
  }
  return out;
}

/** Words drawn (even partly) outside their page, less a margin of `inset` points. */
export function outsidePage(layout: PdfLayout, inset = 0): string[] {
  return layout.words
    .filter((w) => {
      const p = layout.pages[w.page - 1];
      return w.xMin < inset || w.yMin < inset || w.xMax > p.width - inset || w.yMax > p.height - inset;
    })
    .map((w) => `page ${w.page}: « ${w.text} »`);
}

/** Words cut short with an ellipsis. */
export const cutWords = (layout: PdfLayout): string[] =>
  layout.words.filter((w) => w.text.includes('…')).map((w) => `page ${w.page}: « ${w.text} »`);

/** The words of `text` missing from the PDF (each word looked for on its own, in any place). */
export function missingWords(layout: PdfLayout, text: string): string[] {
  const have = new Map<string, number>();
  for (const w of layout.words) have.set(w.text, (have.get(w.text) ?? 0) + 1);
  const missing: string[] = [];
  for (const word of text.split(/[\s\u00a0\u202f]+/).filter(Boolean)) {
    const n = have.get(word) ?? 0;
    if (n === 0) missing.push(word);
    else have.set(word, n - 1);
  }
  return missing;
}
