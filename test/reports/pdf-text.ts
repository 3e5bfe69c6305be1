/**
 * Reads back the text items (one per line pdfkit writes) of an uncompressed pdfkit PDF: each font's
 * glyph codes turned back into letters with its ToUnicode map (embedded fonts), or as WinAnsi
 * (standard fonts).
 */
const WIN_ANSI: Record<number, string> = {
  0x80: '€',
  0x85: '…',
  0x91: '‘',
  0x92: '’',
  0x93: '“',
  0x94: '”',
  0x95: '•',
  0x96: '–',
  0x97: '—',
};

function utf16(hex: string): string {
  const units: number[] = [];
  for (let i = 0; i + 3 < hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
}

/** A ToUnicode CMap as written by pdfkit (bfrange with arrays, bfchar). */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const m of cmap.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*\[([^\]]*)\]/g)) {
    const start = parseInt(m[1], 16);
    // A glyph for several letters (a ligature) maps to them all: <0066 0069>.
    [...m[3].matchAll(/<([0-9a-fA-F\s]*)>/g)].forEach((e, i) =>
      map.set(start + i, utf16(e[1].replace(/\s/g, ''))),
    );
  }
  for (const block of cmap.match(/beginbfchar[\s\S]*?endbfchar/g) ?? [])
    for (const m of block.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
      map.set(parseInt(m[1], 16), utf16(m[2]));
  return map;
}

function decoder(source: string): (font: string, hex: string) => string {
  const objects = new Map<string, string>();
  for (const m of source.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) objects.set(m[1], m[2]);
  const maps = new Map<string, Map<number, string>>();
  for (const m of source.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    const ref = /\/ToUnicode (\d+) 0 R/.exec(objects.get(m[2]) ?? '');
    if (ref) maps.set(m[1], toUnicode(objects.get(ref[1]) ?? ''));
  }
  return (font, hex) => {
    const map = maps.get(font);
    let out = '';
    if (map)
      for (let i = 0; i + 3 < hex.length; i += 4)
        out += map.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\ufffd';
    else
      for (let i = 0; i + 1 < hex.length; i += 2) {
        const byte = parseInt(hex.slice(i, i + 2), 16);
        out += WIN_ANSI[byte] ?? String.fromCharCode(byte);
      }
    return out;
  };
}

export function pdfTextItems(pdf: Buffer): string[] {
  const source = pdf.toString('latin1');
  const decode = decoder(source);
  const items: string[] = [];
  let font = '';
  for (const block of source.match(/BT[\s\S]*?ET/g) ?? []) {
    let text = '';
    for (const m of block.matchAll(/\/(F\d+)\s+[\d.]+\s+Tf|\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      if (m[1] !== undefined) font = m[1];
      else if (m[2] !== undefined)
        for (const h of m[2].matchAll(/<([0-9a-fA-F]*)>/g)) text += decode(font, h[1]);
      else text += decode(font, m[3]);
    }
    items.push(text);
  }
  return items;
}
