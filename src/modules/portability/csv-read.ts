/* eslint-disable @typescript-eslint/no-explicit-any -- csv-parse types `cast` narrower than the documented function */
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { nullForUnquotedEmpty } from './csv-cells.js';

export interface CsvRow {
  /** 1-based data row number (the header is row 0). */
  row: number;
  cells: (string | null)[];
}

export interface CsvOptions {
  /** ',' by default. */
  delimiter?: string;
}

/** The delimiter of a CSV file from its first line: whichever of , ; or tab occurs most outside quotes. */
export function sniffDelimiter(start: string): string {
  const firstLine = start.replace(/^\uFEFF/, '');
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  const [best, n] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return n > 0 ? best : ',';
}

/**
 * Reads a CSV stream (RFC 4180, UTF-8 with or without BOM): first the header, then
 * each data row, one at a time. An unquoted empty cell is null, a quoted one "".
 */
export async function* readCsv(source: Readable, opts: CsvOptions = {}): AsyncGenerator<{ header: string[] } | CsvRow> {
  const parser = parse({
    bom: true,
    cast: nullForUnquotedEmpty as any,
    delimiter: opts.delimiter ?? ',',
    relax_column_count: true,
    skip_empty_lines: true,
  });
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  let row = -1;
  for await (const record of parser as AsyncIterable<(string | null)[]>) {
    row++;
    if (row === 0) yield { header: record.map((h) => (h ?? '').trim()) };
    else yield { row, cells: record };
  }
}
