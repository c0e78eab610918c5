/**
 * RFC 4180 rows (pure): a cell is quoted when it holds a comma, a quote, CR or LF,
 * or when it is the empty text (""), so that an empty, unquoted cell means "no
 * value"; quotes are doubled; rows end in CRLF. Byte for byte what csv-stringify
 * writes with the export's cast (csv-cells.ts, emptyStringQuoted) and its default
 * record delimiter, with the final LF as CRLF (given CRLF as the record delimiter,
 * csv-stringify stops quoting a lone CR or LF). A property test holds the two
 * together, and csv-parse reads every row back. Written by hand
 * because the export writes millions of rows, and a row here costs a fraction of
 * what a general-purpose writer needs.
 */
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(cell: string | null): string {
  if (cell === null) return '';
  if (cell === '') return '""';
  return NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function csvRow(cells: readonly (string | null)[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i ? ',' : '') + csvCell(cells[i]!);
  return `${line}\r\n`;
}

/**
 * Reads the CSV this module writes (pure, incremental): feed it text in chunks of any
 * size and it hands back complete rows. An unquoted empty cell is null, a quoted one
 * "". Strict RFC 4180 (the archive's own files); other people's files go through
 * csv-parse, which knows their dialects.
 */
export class CsvRowReader {
  private row: (string | null)[] = [];
  private cell = '';
  private quoted = false;
  private inQuotes = false;
  private afterQuote = false;
  private pendingCr = false;

  push(text: string, emit: (row: (string | null)[]) => void): void {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (this.inQuotes) {
        if (ch === '"') {
          this.inQuotes = false;
          this.afterQuote = true;
        } else this.cell += ch;
        continue;
      }
      if (this.afterQuote && ch === '"') {
        // A doubled quote inside a quoted cell.
        this.cell += '"';
        this.inQuotes = true;
        this.afterQuote = false;
        continue;
      }
      this.afterQuote = false;
      if (this.pendingCr) {
        this.pendingCr = false;
        if (ch === '\n') continue;
      }
      if (ch === '"' && this.cell === '' && !this.quoted) {
        this.quoted = true;
        this.inQuotes = true;
      } else if (ch === ',') this.endCell();
      else if (ch === '\r' || ch === '\n') {
        this.endCell();
        this.pendingCr = ch === '\r';
        const row = this.row;
        this.row = [];
        if (!(row.length === 1 && row[0] === null)) emit(row);
      } else this.cell += ch;
    }
  }

  /** The last row, when the text did not end with a line break. */
  end(emit: (row: (string | null)[]) => void): void {
    if (this.inQuotes) throw new Error('the file ends inside a quoted cell');
    if (this.cell !== '' || this.quoted || this.row.length) {
      this.endCell();
      emit(this.row);
      this.row = [];
    }
  }

  private endCell(): void {
    this.row.push(this.cell === '' && !this.quoted ? null : this.cell);
    this.cell = '';
    this.quoted = false;
  }
}
