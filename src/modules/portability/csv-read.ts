/* eslint-disable @typescript-eslint/no-explicit-any -- csv-parse types `cast` narrower than the documented function */
import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { replaceNul } from '../../kernel/input.js';
import { nullForUnquotedEmpty } from './csv-cells.js';

export interface CsvRow {
  /** 1-based data row number (the header is row 0). */
  row: number;
  cells: (string | null)[];
}

export interface CsvOptions {
  /** ',' by default. */
  delimiter?: string;
  /** Told of the NULs replaced by U+FFFD in a row (0 = the header), which no database should be handed (ADR 0011). */
  onNul?: (row: number, count: number) => void;
}

/** A file that is not CSV at all (a quote never closed, text after a closing quote): nothing of it can be read safely. */
export class CsvFileError extends Error {}

function fileError(err: CsvError): CsvFileError {
  // The records read before the bad one: so its row number, counted as in import reports (the header is row 0).
  const row = (err as CsvError & { records?: number }).records ?? 0;
  const where = row === 0 ? 'the header row' : `row ${row}`;
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') return new CsvFileError(`The file is not valid CSV: a quoted cell in ${where} is never closed`);
  if (err.code === 'CSV_INVALID_CLOSING_QUOTE') return new CsvFileError(`The file is not valid CSV: ${where} has text right after the closing quote of a cell`);
  return new CsvFileError(`The file is not valid CSV (${where}): ${err.message}`);
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
  try {
    for await (const record of parser as AsyncIterable<(string | null)[]>) {
      row++;
      let nuls = 0;
      const cells = record.map((cell) => {
        if (cell === null) return cell;
        const clean = replaceNul(cell);
        nuls += clean.count;
        return clean.text;
      });
      if (nuls) opts.onNul?.(row, nuls);
      if (row === 0) yield { header: cells.map((h) => (h ?? '').trim()) };
      else yield { row, cells };
    }
  } catch (err) {
    throw err instanceof CsvError ? fileError(err) : err;
  }
}
