import fsp from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseHtml } from 'node-html-parser';
import { replaceNul } from '../../../kernel/input.js';
import { sniffDelimiter } from '../csv-read.js';

/**
 * A Bitrix24 list export as a table (pure parsing of the file's text): its "CSV"
 * export (every cell quoted, ";" or ",", a trailing delimiter on each line, UTF-8
 * with or without BOM) or its "Excel" export, which is an HTML table saved as .xls
 * (a <meta charset> line, then <table><thead><tr><th>… and <tbody><tr><td>…).
 */

export interface Table {
  header: string[];
  rows: string[][];
  format: 'csv' | 'html';
  /** NULs replaced by U+FFFD (no database is handed one, ADR 0011). */
  nulReplaced: number;
}

export class BitrixFileError extends Error {}

/** Bitrix24 files are read whole (its exports are small; the HTML one must be parsed as a whole anyway). */
export const MAX_BITRIX_FILE_BYTES = 100 * 1024 * 1024;

export async function readBitrixFile(file: string): Promise<Table> {
  const stat = await fsp.stat(file);
  if (stat.size > MAX_BITRIX_FILE_BYTES) throw new BitrixFileError(`is larger than ${MAX_BITRIX_FILE_BYTES / 1024 / 1024} MB; export the list in parts`);
  return parseBitrixText((await fsp.readFile(file)).toString('utf8'));
}

export function parseBitrixText(raw: string): Table {
  const clean = replaceNul(raw.replace(/^\uFEFF/, ''));
  const text = clean.text;
  const table = /^\s*</.test(text) || /<table[\s>]/i.test(text.slice(0, 4096)) ? htmlTable(text) : csvTable(text);
  return { ...table, nulReplaced: clean.count };
}

function trimTrailingEmpty(cells: string[], width: number): string[] {
  const out = [...cells];
  while (out.length > width && (out[out.length - 1] ?? '') === '') out.pop();
  return out;
}

function csvTable(text: string): Omit<Table, 'nulReplaced'> {
  if (!text.trim()) throw new BitrixFileError('is empty');
  const delimiter = sniffDelimiter(text);
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch (err) {
    throw new BitrixFileError(`is not a CSV file Bitrix24 wrote (${(err as Error).message})`);
  }
  // Bitrix24 ends every line with the delimiter: a last, empty column that is not there.
  const header = trimTrailingEmpty(records[0] ?? [], 0).map((h) => h.trim());
  return { header, rows: records.slice(1).map((r) => trimTrailingEmpty(r, header.length)), format: 'csv' };
}

const cellText = (el: { text: string; innerHTML: string }) =>
  parseHtml(el.innerHTML.replace(/<br\s*\/?>/gi, '\n'))
    .text.replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .trim();

function htmlTable(text: string): Omit<Table, 'nulReplaced'> {
  const root = parseHtml(text);
  const table = root.querySelector('table');
  if (!table) throw new BitrixFileError('is neither a CSV file nor the HTML table of an "Excel" export');
  const rows = table.querySelectorAll('tr');
  const headRow = rows.find((r) => r.querySelector('th')) ?? rows[0];
  if (!headRow) throw new BitrixFileError('has no header row');
  const header = headRow.querySelectorAll('th, td').map((c) => cellText(c));
  const body = rows.filter((r) => r !== headRow).map((r) => r.querySelectorAll('td').map((c) => cellText(c)));
  return { header, rows: body.filter((r) => r.some((c) => c !== '')), format: 'html' };
}
