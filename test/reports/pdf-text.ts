/** Reads back the text items of an uncompressed pdfkit PDF (standard fonts, WinAnsi hex strings). */
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

function decodeHex(hex: string): string {
  let out = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const byte = parseInt(hex.slice(i, i + 2), 16);
    out += WIN_ANSI[byte] ?? String.fromCharCode(byte);
  }
  return out;
}

export function pdfTextItems(pdf: Buffer): string[] {
  const source = pdf.toString('latin1');
  const items: string[] = [];
  for (const block of source.match(/BT[\s\S]*?ET/g) ?? []) {
    let text = '';
    for (const m of block.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      if (m[1] !== undefined) for (const h of m[1].matchAll(/<([0-9a-fA-F]*)>/g)) text += decodeHex(h[1]);
      else text += decodeHex(m[2]);
    }
    items.push(text);
  }
  return items;
}
