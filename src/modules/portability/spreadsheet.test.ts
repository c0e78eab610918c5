import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, signupPortal, type Team } from '../../test/factories.js';
import { restore } from './csv-cells.js';
import { exportEverything, TRICKY, unzip, upload } from './portability.testkit.js';

/**
 * POR-7: the export's CSVs open in a spreadsheet as they are. Every CSV of a tricky
 * export goes through LibreOffice Calc (Debian libreoffice-calc-nogui) in one call,
 * and each cell of the resulting sheet is compared with the CSV's: the same text, no
 * formula run, no number changed.
 *
 * Headless, LibreOffice has no import dialog and falls back to the system's character
 * set; its dialog (what a double-click opens) reads the BOM and offers UTF-8. So the
 * conversion is given the dialog's defaults for such a file: comma, double quote,
 * UTF-8, from row 1; everything else as it comes (formulas evaluated, numbers detected).
 */

const soffice = ['soffice', 'libreoffice'].find((bin) => spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0);
if (!soffice && process.env.CI === 'true') throw new Error('LibreOffice (Debian package libreoffice-calc-nogui) is required for the spreadsheet test in CI');

const TRICKY_SHEET = {
  cyrillic: 'Дмитрий Шостакович',
  formula: '=1+1',
  atSum: '@SUM(A1)',
  zeros: '007',
  long: '12345678901234567890',
  decimal: '1.50',
};

let server: TestServer;
let team: Team;
let entries: Map<string, Buffer>;

beforeAll(async () => {
  server = await startTestServer({ env: { TEST_CLOCK: '1' } });
  team = await portalWithTeam(server);
  const post = async (url: string, body: unknown) => {
    const res = await team.owner.post(url, body);
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const company = await post('/api/crm/companies', { name: TRICKY.commas, notes: TRICKY_SHEET.formula, phone: TRICKY_SHEET.zeros });
  await post('/api/crm/contacts', {
    firstName: TRICKY_SHEET.cyrillic,
    lastName: TRICKY.quotes,
    companyId: company.id,
    jobTitle: TRICKY_SHEET.atSum,
    notes: TRICKY.newlines,
  });
  await post('/api/crm/contacts', { firstName: TRICKY.emoji, lastName: TRICKY_SHEET.long, jobTitle: TRICKY_SHEET.zeros, notes: TRICKY.tab });
  await post('/api/crm/contacts', { firstName: TRICKY.nonAscii, lastName: TRICKY_SHEET.decimal, jobTitle: TRICKY.minus, notes: TRICKY.apostrophe });
  await post('/api/projects', { name: TRICKY.plus, description: TRICKY.formula });
  await post('/api/tasks', { title: TRICKY_SHEET.formula, description: TRICKY_SHEET.long, estimateMinutes: 90 });
  entries = await unzip((await exportEverything(server, team.owner)).zip);
}, 180_000);
afterAll(async () => {
  await server?.close();
});

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text of a cell's paragraphs as the sheet shows it (ODF content.xml: spaces, tabs and line breaks are elements). */
function paragraphText(xml: string): string {
  const paragraphs = [...xml.matchAll(/<text:p(?:\s[^>]*)?\/>|<text:p(?:\s[^>]*)?>([\s\S]*?)<\/text:p>/g)].map((m) =>
    (m[1] ?? '')
      .replace(/<text:s(?:\s+text:c="(\d+)")?\s*\/>/g, (_, n) => ' '.repeat(Number(n ?? 1)))
      .replace(/<text:tab\s*\/>/g, '\t')
      .replace(/<text:line-break\s*\/>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => XML_ENTITIES[e]!)
      .replace(/&#(x?)([0-9a-fA-F]+);/g, (_, hex: string, n: string) => String.fromCodePoint(parseInt(n, hex ? 16 : 10))),
  );
  return paragraphs.join('\n');
}

interface SheetCell {
  type: string;
  value: string | null;
  formula: string | null;
  text: string;
}

/** The first sheet of an .ods as rows of cells (repeated cells expanded; trailing empty ones dropped). */
async function readOds(file: string): Promise<SheetCell[][]> {
  const content = (await unzip(fs.readFileSync(file))).get('content.xml')!.toString('utf8');
  const table = content.match(/<table:table [\s\S]*?<\/table:table>/)![0];
  const rows: SheetCell[][] = [];
  for (const row of table.matchAll(/<table:table-row[^>]*>([\s\S]*?)<\/table:table-row>/g)) {
    const cells: SheetCell[] = [];
    for (const c of row[1]!.matchAll(/<table:(?:covered-)?table-cell([^>]*?)(?:\/>|>([\s\S]*?)<\/table:(?:covered-)?table-cell>)/g)) {
      const attr = (name: string) => c[1]!.match(new RegExp(`${name}="([^"]*)"`))?.[1] ?? null;
      const cell = {
        type: attr('office:value-type') ?? 'empty',
        value: attr('office:value') ?? attr('office:boolean-value'),
        formula: attr('table:formula'),
        text: paragraphText(c[2] ?? ''),
      };
      for (let n = Number(attr('table:number-columns-repeated') ?? 1); n > 0 && n < 1000; n--) cells.push(cell);
    }
    while (cells.length && cells[cells.length - 1]!.type === 'empty') cells.pop();
    if (cells.length) rows.push(cells);
  }
  return rows;
}

describe.skipIf(!soffice)('the export in a spreadsheet (POR-7)', () => {
  let dir: string;
  let csvFiles: string[];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skit-sheet-'));
    csvFiles = [...entries.keys()].filter((name) => name.endsWith('.csv'));
    for (const name of csvFiles) fs.writeFileSync(path.join(dir, name), entries.get(name)!);
    // One LibreOffice run for every file, with a profile of its own (a fresh user installation).
    const run = spawnSync(
      soffice!,
      [
        `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
        '--headless',
        '--infilter=CSV:44,34,76,1',
        '--convert-to',
        'ods',
        '--outdir',
        path.join(dir, 'ods'),
        ...csvFiles.map((name) => path.join(dir, name)),
      ],
      { encoding: 'utf8', timeout: 240_000 },
    );
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  }, 250_000);
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts every CSV with a UTF-8 BOM', () => {
    for (const name of csvFiles) expect([...entries.get(name)!.subarray(0, 3)], name).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('shows every cell of every CSV as it is written: accents, Cyrillic, emoji, quotes, commas, line breaks, numbers', async () => {
    const problems: string[] = [];
    for (const name of csvFiles) {
      const csv = parse(entries.get(name)!.toString('utf8'), { bom: true, relax_column_count: true }) as string[][];
      const sheet = await readOds(path.join(dir, 'ods', name.replace(/\.csv$/, '.ods')));
      expect(sheet.length, name).toBe(csv.length);
      csv.forEach((row, r) =>
        row.forEach((text, c) => {
          const cell = sheet[r]?.[c] ?? { type: 'empty', value: null, formula: null, text: '' };
          const where = `${name} row ${r + 1} column ${c + 1} (${JSON.stringify(text)})`;
          if (cell.formula) problems.push(`${where}: ran as the formula ${cell.formula}`);
          else if (cell.type === 'float') {
            // A number only where the text is that number, written the way the sheet writes it back.
            if (String(Number(cell.value)) !== text) problems.push(`${where}: became the number ${cell.value}`);
          } else if (cell.type === 'boolean') {
            if (String(cell.value) !== text) problems.push(`${where}: became ${cell.value}`);
          } else if (cell.text !== text.replace(/\r\n?/g, '\n')) problems.push(`${where}: shows ${JSON.stringify(cell.text)}`);
        }),
      );
    }
    expect(problems).toEqual([]);
  });

  it('shows formula-like text as text, and the import reads back what was typed', async () => {
    const sheet = await readOds(path.join(dir, 'ods', 'contacts.ods'));
    const header = sheet[0]!.map((c) => c.text);
    expect(header[0]).toBe('id');
    const column = (name: string) => sheet.slice(1).map((row) => row[header.indexOf(name)]!);
    const jobTitles = column('job_title');
    expect(jobTitles.every((c) => c.type === 'string' && !c.formula)).toBe(true);
    expect(jobTitles.map((c) => restore(c.text)).sort()).toEqual([TRICKY_SHEET.zeros, TRICKY.minus, TRICKY_SHEET.atSum].sort());
    expect(column('first_name').map((c) => c.text)).toEqual(expect.arrayContaining([TRICKY_SHEET.cyrillic, TRICKY.emoji, TRICKY.nonAscii]));
    expect(column('last_name').map((c) => restore(c.text))).toEqual(expect.arrayContaining([TRICKY_SHEET.long, TRICKY_SHEET.decimal, TRICKY.quotes]));
    const tasks = await readOds(path.join(dir, 'ods', 'tasks.ods'));
    const title = tasks[1]![tasks[0]!.map((c) => c.text).indexOf('title')]!;
    expect(title).toMatchObject({ type: 'string', formula: null, text: `'${TRICKY_SHEET.formula}` });
  });
});

describe('imports read files with or without a BOM (POR-7)', () => {
  it('matches the first column of a CSV import either way', async () => {
    for (const bom of ['\uFEFF', '']) {
      const p = await signupPortal(server);
      const res = await upload(p.client, '/api/imports/csv', 'import.csv', `${bom}Name,Job title\nЁлка Grün,007\n`, { entity: 'contacts' });
      expect(res.status, res.text).toBe(201);
      expect(res.body.report.mapping).toEqual({ Name: 'fullName', 'Job title': 'jobTitle' });
      const contact = (await p.client.get('/api/crm/contacts')).body.items[0];
      expect(contact).toMatchObject({ firstName: 'Ёлка', lastName: 'Grün', jobTitle: '007' });
    }
  });
});
