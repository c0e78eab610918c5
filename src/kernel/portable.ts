/* eslint-disable @typescript-eslint/no-explicit-any -- the export contract reads and writes any tenant table by name */
import type { Readable } from 'node:stream';
import { CompiledQuery, type Expression, type Insertable, type Selectable, type SqlBool } from 'kysely';
import type { Executor } from '../db/scope.js';
import type { DB, TenantTable } from '../db/types.js';
import { scopeOf, type PortalContext } from './context.js';

/**
 * The contract between the portability module and the modules that own the data
 * (POR-1, POR-4). Each module describes its tables in a `<module>.portable.ts`
 * file: the columns a table has in the export, a streamed reader, and an insert
 * for the import. Portability never reads another module's tables itself.
 *
 * Column kinds say how a cell is written and read back:
 * - text: as is (formula-like text is neutralised in the CSV, see csv-cells.ts);
 * - int: a decimal integer; bool: true / false; json: a JSON document in one cell;
 * - id: the record's own id; ref: the id of another exported record;
 * - user: the id of a user of the portal.
 * An import gives every record a new id (ids are global); refs are rewritten with
 * the same mapping, so links survive. Users are matched by email first.
 */
export type ColumnKind = 'text' | 'int' | 'bool' | 'json' | 'id' | 'ref' | 'user';

export interface PortableColumn {
  name: string;
  kind: ColumnKind;
  nullable: boolean;
}

export type Cell = string | number | null;
export type PortableRecord = Record<string, Cell>;

/** How an import maps the exported ids onto new ones, and where it finds a file's bytes. */
export interface IdMapper {
  /** The new id of an exported record (stable: the same old id always gives the same new id). */
  id(oldId: string): string;
  /** The new id of an exported user, or null when the user is unknown. */
  user(oldId: string | null): string | null;
  /** The bytes stored at `path` in the archive being imported. */
  openFile(path: string): Promise<Readable>;
}

export interface PortableTable {
  /** The CSV file's name without ".csv" (also its key in the manifest's counts). */
  entity: string;
  /**
   * The database tables whose rows this CSV holds: its own table and the child tables
   * folded into its cells (POR-6). The export's coverage test checks that every table
   * with a portal_id is named by some CSV or excluded with a reason (portability/excluded.ts).
   */
  tables: readonly TenantTable[];
  columns: readonly PortableColumn[];
  count(ctx: PortalContext): Promise<number>;
  /**
   * Every record of the portal, a page at a time in a stable order. A row holds its
   * cells in the order of `columns` (cells after those are ignored): arrays, not
   * objects, because an export goes through millions of them.
   */
  pages(ctx: PortalContext): AsyncIterable<Cell[][]>;
  /**
   * Inserts records whose id, ref and user columns were already mapped, inside the
   * import's transaction. JSON cells that hold ids are the module's to map (with `ids`).
   */
  insert(ctx: PortalContext, trx: Executor, records: PortableRecord[], ids: IdMapper): Promise<void>;
  /** Deletes every row the import may have written into this table (undoing a failed import). */
  clear(ctx: PortalContext, trx: Executor): Promise<void>;
  /**
   * Records that belong to the server they were made on (the audit log, invoices with
   * their global numbers): an import keeps them as read-only history instead of
   * inserting them, and the next export writes them out again before the live rows.
   */
  archived?: boolean;
}

/** A table whose import keeps its records in the portability archive (insert and clear are never called). */
export const archivedOnImport = {
  archived: true,
  insert: async () => {
    throw new Error('archived tables are not inserted');
  },
  clear: async () => {},
} as const;

/**
 * Columns from a compact spec: "name", "name?" (nullable), "name:kind", "name:kind?".
 * Kind defaults to text.
 */
export function columns(...specs: string[]): PortableColumn[] {
  return specs.map((spec) => {
    const nullable = spec.endsWith('?');
    const [name, kind = 'text'] = (nullable ? spec.slice(0, -1) : spec).split(':');
    return { name: name!, kind: kind as ColumnKind, nullable };
  });
}

export const PAGE_SIZE = 1000;

/**
 * Streams rows page by page: `page(after, limit)` returns the next `limit` rows after
 * the last row of the previous page (null for the first), in one stable order.
 * Only one page is held in memory at a time.
 */
export async function* pagedRows<R>(page: (after: R | null, limit: number) => Promise<R[]>, limit = PAGE_SIZE): AsyncGenerator<R> {
  let after: R | null = null;
  for (;;) {
    const rows = await page(after, limit);
    for (const row of rows) yield row;
    if (rows.length < limit) return;
    after = rows[rows.length - 1]!;
  }
}

/** `(a, b) > (x, y)`: the keyset condition "after this row" for a two-column order (both dialects). */
export function afterKey(first: string, second: string, values: [string | number, string]) {
  return (eb: any): Expression<SqlBool> => eb(eb.refTuple(first, second), '>', eb.tuple(values[0], values[1]));
}

/** A record's cells in the order of `cols` (a missing cell is null). */
export function toCells(cols: readonly PortableColumn[], record: PortableRecord): Cell[] {
  const cells = new Array<Cell>(cols.length);
  for (let i = 0; i < cols.length; i++) cells[i] = record[cols[i]!.name] ?? null;
  return cells;
}

/** Pages of rows (see PortableTable.pages) from a stream of records, for tables read as objects. */
export function recordPages(cols: readonly PortableColumn[], records: AsyncIterable<PortableRecord>, size = PAGE_SIZE): AsyncGenerator<Cell[][]> {
  return batches(
    mapAsync(records, (record) => toCells(cols, record)),
    size,
  );
}

/** Maps each item of an async iterable. */
export async function* mapAsync<T, U>(source: AsyncIterable<T>, fn: (item: T) => U): AsyncGenerator<U> {
  for await (const item of source) yield fn(item);
}

/**
 * Groups an ordered stream into arrays of at most `size`, for readers that add the
 * rows of a child table (links, attendees) to each page with one query.
 */
export async function* batches<T>(source: AsyncIterable<T>, size = PAGE_SIZE): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of source) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

// --- Cell helpers for the modules' record mappers --------------------------------------------------

export const text = (v: Cell): string => (v === null ? '' : String(v));
export const textOrNull = (v: Cell): string | null => (v === null ? null : String(v));
export const int = (v: Cell): number => Number(v ?? 0);
export const intOrNull = (v: Cell): number | null => (v === null ? null : Number(v));

/** What a module declares for a table that maps one row to one record. */
export interface TableSpec<T extends TenantTable> {
  entity: string;
  table: T;
  columns: PortableColumn[];
  /** The column that orders the export with id (an index (portal_id, column, id) must exist). Default created_at. */
  orderBy?: string;
  /**
   * The table's columns the export reads, for a table with `present`; without one the
   * export reads the columns named like the CSV's.
   * Tables whose `present` derives cells (amount → amount_minor, a task's links) name theirs.
   */
  select?: string[];
  /** Adds cells from child tables to a page of rows (e.g. a task's links). Default: the row's own columns. */
  present?(ctx: PortalContext, rows: Selectable<DB[T]>[]): Promise<PortableRecord[]>;
  /** The row to insert for an imported record, with derived columns (search keys) computed. */
  toRow(record: PortableRecord, ids: IdMapper): Omit<Insertable<DB[T]>, 'portal_id'>;
  /** Writes child rows of imported records (e.g. a task's links). */
  insertChildren?(ctx: PortalContext, trx: Executor, records: PortableRecord[], ids: IdMapper): Promise<void>;
  /** Clears child tables too when undoing a failed import. */
  childTables?: TenantTable[];
}

/** A PortableTable for a module's own table, from its spec. */
export function portableTable<T extends TenantTable>(spec: TableSpec<T>): PortableTable {
  const order = spec.orderBy ?? 'created_at';
  // Only what the export writes: search keys and other derived columns stay in the database.
  // Without `present` the select list starts with the CSV's columns, so a row read as an array is already a CSV row.
  const names = spec.columns.map((c) => c.name);
  const select = [...new Set([...(spec.present ? (spec.select ?? names) : names), order, 'id'])];
  const orderAt = select.indexOf(order);
  const idAt = select.indexOf('id');
  const toObject = (row: Cell[]) => {
    const o: Record<string, Cell> = {};
    for (let i = 0; i < select.length; i++) o[select[i]!] = row[i]!;
    return o as unknown as Selectable<DB[T]>;
  };
  return {
    entity: spec.entity,
    tables: [spec.table, ...(spec.childTables ?? [])],
    columns: spec.columns,
    count: async (ctx) => {
      const row = await (scopeOf(ctx).selectFrom(spec.table) as any).select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    pages: (ctx) =>
      (async function* () {
        let last: Cell[] | null = null;
        for (;;) {
          let q: any = (scopeOf(ctx).selectFrom(spec.table) as any).select(select).orderBy(order).orderBy('id').limit(PAGE_SIZE);
          if (last) q = q.where(afterKey(order, 'id', [last[orderAt] as string | number, last[idAt] as string]));
          const page = (await ctx.deps.database.arrays(q.compile())) as Cell[][];
          if (page.length) yield spec.present ? (await spec.present(ctx, page.map(toObject))).map((r) => toCells(spec.columns, r)) : page;
          if (page.length < PAGE_SIZE) return;
          last = page[page.length - 1]!;
        }
      })(),
    insert: async (ctx, trx, records, ids) => {
      if (!records.length) return;
      await insertRows(ctx, trx, spec.table, records.map((r) => spec.toRow(r, ids)) as Record<string, unknown>[]);
      await spec.insertChildren?.(ctx, trx, records, ids);
    },
    clear: async (ctx, trx) => {
      const s = scopeOf(ctx, trx);
      for (const child of spec.childTables ?? []) await s.deleteFrom(child).execute();
      await s.deleteFrom(spec.table).execute();
    },
  };
}

/** Bound parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 32_000;
const insertTexts = new Map<string, string>();

function insertText(table: string, cols: string[], rows: number, postgres: boolean): string {
  const key = `${postgres ? 'pg' : 'sqlite'}|${table}|${rows}|${cols.join(',')}`;
  let text = insertTexts.get(key);
  if (!text) {
    let n = 0;
    const tuple = () => `(${cols.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`;
    text = `insert into "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) values ${Array.from({ length: rows }, tuple).join(', ')}`;
    if (insertTexts.size >= 256) insertTexts.clear();
    insertTexts.set(key, text);
  }
  return text;
}

/**
 * Inserts the portal's rows of one table, all with the keys of the first, in multi-row
 * statements whose SQL text depends only on the table, the columns and the row count, so
 * that each batch of an import reuses one prepared statement (SQLite's statement cache,
 * ADR 0017) instead of building a query per batch with the query builder (ADR 0031).
 * Rows whose keys differ from the first go through the query builder, as before.
 */
export async function insertRows(ctx: PortalContext, trx: Executor, table: TenantTable, rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  const keys = Object.keys(rows[0]!).filter((k) => k !== 'portal_id');
  const uniform = rows.every((r) => Object.keys(r).length === keys.length && keys.every((k) => r[k] !== undefined));
  if (!uniform) {
    await scopeOf(ctx, trx)
      .insertInto(table, rows as any)
      .execute();
    return;
  }
  const cols = ['portal_id', ...keys];
  const postgres = ctx.deps.database.dialect === 'postgres';
  const per = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
  for (let from = 0; from < rows.length; from += per) {
    const chunk = rows.length <= per ? rows : rows.slice(from, from + per);
    const params = new Array<unknown>(chunk.length * cols.length);
    let i = 0;
    for (const row of chunk) {
      params[i++] = ctx.portalId;
      for (const k of keys) params[i++] = row[k];
    }
    await trx.executeQuery(CompiledQuery.raw(insertText(table, cols, chunk.length, postgres), params));
  }
}

/** A module's part of the export and import, in the order its tables import (referenced before referencing). */
export interface PortableModule {
  name: string;
  tables: PortableTable[];
  /** True when the portal holds none of this module's records (what a fresh sign-up has does not count). */
  isEmpty(ctx: PortalContext): Promise<boolean>;
  /** Removes what a fresh portal makes by itself (a default pipeline, default calendars) before an import. */
  prepareImport?(ctx: PortalContext, trx: Executor): Promise<void>;
}

/** True when none of the tables has a row for the portal. */
export async function noRows(ctx: PortalContext, tables: TenantTable[]): Promise<boolean> {
  for (const table of tables) {
    const row = await (scopeOf(ctx).selectFrom(table) as any).select('portal_id').limit(1).executeTakeFirst();
    if (row) return false;
  }
  return true;
}
