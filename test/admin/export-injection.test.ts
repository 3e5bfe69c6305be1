import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { Client, startHarness, type Harness } from './harness.js';
import { neutraliseFormula } from '../../src/text/spreadsheet.js';

let h: Harness;

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?x","Clique")',
  "+1+cmd|' /C calc'!A0",
  '@SUM(1+1)*cmd|x',
  '-2+3',
];

beforeAll(async () => {
  h = await startHarness('admin_export_injection');
  await h.request({
    schoolBsid: '900001',
    lastName: HOSTILE[0],
    firstName: HOSTILE[1],
    previousLastName: HOSTILE[2],
  });
  await h.request({ schoolBsid: '900001', lastName: HOSTILE[1], firstName: HOSTILE[3] });
  await h.request({ schoolBsid: '900001', lastName: HOSTILE[2], firstName: '\tTab' });
});
afterAll(() => h?.close());

describe('formula injection', () => {
  it('writes no cell of the requests CSV export that a spreadsheet would run as a formula', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    const res = await c.get('/demandes/export.csv?tab=TO_PROCESS');
    expect(res.status).toBe(200);
    const records = parse(res.body.subarray(3).toString('utf8'), { relax_quotes: true }) as string[][];
    expect(records.length).toBe(4);
    const cells = records.flat();
    for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // The text itself is kept, after the apostrophe a spreadsheet hides.
    expect(cells).toContain(`'${HOSTILE[0]}`);
    expect(cells.some((cell) => cell.startsWith(`'${HOSTILE[0]}, ${HOSTILE[1]}`))).toBe(true);
    expect(cells.some((cell) => cell.startsWith(`'${HOSTILE[2]}`))).toBe(true);
  });

  it('is one rule for every export: formula starts are neutralised, the rest kept as is', () => {
    for (const value of ['=1+1', '+1', '-1', '@A1', '\tx', '\rx', '＝1+1'])
      expect(neutraliseFormula(value)).toBe(`'${value}`);
    for (const value of ['Tremblay', "O'Neil", 'a=b', '12.50', ' =x'])
      expect(neutraliseFormula(value)).toBe(value);
    expect(neutraliseFormula(-3)).toBe(-3);
  });
});

describe('the requests list', () => {
  it('answers an absurd page number with 400 and the first page, not a server error', async () => {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    for (const page of ['1e20', '99999999999', '-3', '2.5']) {
      const res = await c.get(`/demandes?tab=TO_PROCESS&page=${page}`);
      expect(res.status).toBe(400);
      expect(res.text).toContain('Numéro de page non valide');
    }
    expect((await c.get('/demandes?tab=TO_PROCESS&page=1')).status).toBe(200);
  });
});
