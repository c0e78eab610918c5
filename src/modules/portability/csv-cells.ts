import { csvCell } from './csv-write.js';
import type { Cell, ColumnKind, PortableColumn } from '../../kernel/portable.js';

/**
 * Cells of the export's CSV files (pure). See docs/export-format.md.
 *
 * Formula neutralisation: a spreadsheet runs a cell that starts with = + - @, a tab
 * or a carriage return (and their full-width forms) as a formula. Such text cells
 * are written with a leading apostrophe (OWASP's advice for CSV injection), and so is
 * text a spreadsheet would turn into a different number (see changedAsNumber). So that an import can tell that apostrophe
 * from one the text really started with, a text cell that starts with an apostrophe
 * gets one more. An import removes one leading apostrophe exactly when the next
 * character is one of those (apostrophe included): every text comes back as it was.
 */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', "'", '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

/**
 * Text a spreadsheet would read as a number and show changed: leading zeros ("007"),
 * trailing zeros ("1.50"), more digits than a double keeps ("12345678901234567890").
 * It gets the apostrophe too (POR-7), so that it stays text.
 */
const NUMBER = /^\d+(\.\d+)?$/;
const changedAsNumber = (text: string): boolean => NUMBER.test(text) && String(Number(text)) !== text;

export function neutralise(text: string): string {
  return text.length > 0 && (TRIGGERS.has(text[0]!) || changedAsNumber(text)) ? `'${text}` : text;
}

export function restore(cell: string): string {
  return cell.length > 1 && cell[0] === "'" && (TRIGGERS.has(cell[1]!) || changedAsNumber(cell.slice(1))) ? cell.slice(1) : cell;
}

/**
 * A value as its CSV cell: null → an empty cell (written without quotes); '' → a
 * quoted empty cell (""), so that "no value" and "empty text" stay apart.
 */
export function formatCell(kind: ColumnKind, value: Cell | undefined): string | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'bool':
      return Number(value) ? 'true' : 'false';
    case 'int':
      return String(value);
    case 'text':
      return neutralise(String(value));
    default:
      return String(value);
  }
}

/**
 * A function that writes a row of cells (in the order of `columns`) as one CSV line:
 * the same text as csvRow(columns.map((c, i) => formatCell(c.kind, cells[i]))), with
 * each column's conversion chosen once instead of per cell (the export writes
 * millions of rows).
 */
export function csvRowFormatter(columns: readonly PortableColumn[]): (cells: readonly Cell[]) => string {
  const cell = columns.map((c): ((v: Cell) => string) => {
    switch (c.kind) {
      case 'bool':
        return (v) => (Number(v) ? 'true' : 'false');
      case 'int':
        return (v) => (typeof v === 'number' ? String(v) : csvCell(String(v)));
      case 'text':
        return (v) => csvCell(neutralise(String(v)));
      default:
        return (v) => csvCell(String(v));
    }
  });
  const n = columns.length;
  return (cells) => {
    let line = '';
    for (let i = 0; i < n; i++) {
      const v = cells[i];
      if (i) line += ',';
      if (v !== null && v !== undefined) line += cell[i]!(v);
    }
    return `${line}\r\n`;
  };
}

export class CellError extends Error {}

/** A CSV cell read back as the value it was written from (throws CellError with a message for a person). */
export function parseCell(column: PortableColumn, cell: string | null): Cell {
  if (cell === null) {
    if (column.nullable) return null;
    if (column.kind === 'text') return '';
    if (column.kind === 'json') return column.name.endsWith('s') ? '[]' : '{}';
    throw new CellError('is required');
  }
  switch (column.kind) {
    case 'text':
      return restore(cell);
    case 'int': {
      if (!/^-?\d+$/.test(cell.trim())) throw new CellError(`must be a whole number, not "${cell}"`);
      return Number(cell.trim());
    }
    case 'bool': {
      const v = cell.trim().toLowerCase();
      if (['true', '1', 'yes'].includes(v)) return 1;
      if (['false', '0', 'no', ''].includes(v)) return 0;
      throw new CellError(`must be true or false, not "${cell}"`);
    }
    case 'json':
      try {
        JSON.parse(cell);
      } catch {
        throw new CellError('is not valid JSON');
      }
      return cell;
    default:
      if (cell === '' && column.nullable) return null;
      if (cell === '') throw new CellError('is required');
      return cell;
  }
}

/** The csv-stringify cast that writes '' as "" and null as nothing (see formatCell). */
export const emptyStringQuoted = { string: (v: string) => (v === '' ? { value: '', quoted_empty: true } : v) };

/** The csv-parse cast that reads an unquoted empty cell as null and a quoted one as ''. */
export const nullForUnquotedEmpty = (value: string, context: { quoting: boolean; header?: boolean }) =>
  value === '' && !context.quoting && !context.header ? null : value;
