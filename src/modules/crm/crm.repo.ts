/* eslint-disable @typescript-eslint/no-explicit-any -- list filters are built for four record tables with one function */
import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Executor, PortalScope } from '../../db/scope.js';
import { isSqlite, likeCondition, rareSearchCondition, SEARCHABLE_TABLES, searchCondition, type SearchableTable } from '../../db/search.js';
import type { DB } from '../../db/types.js';
import { encodeCursor, keyset, parseSort, toPage, type Sort } from '../../kernel/pagination.js';
import { matchesSearch } from '../../kernel/text.js';
import type { Shift } from './positions.js';
import { searchTerms } from './search.js';

/** Queries on the crm tables, always through a portal scope. */

export type CrmTable = 'companies' | 'contacts' | 'leads' | 'deals' | 'pipelines' | 'pipeline_stages' | 'activities';

export interface ListOptions {
  q?: string;
  sort: string;
  limit: number;
  cursor?: string;
}

/**
 * One keyset page of `query` (rows of `table`, selected with every column of it):
 * filtered by `q` on the table's `search_text` (or `searchColumn`), ordered by the API sort field mapped
 * through `sortColumns` (columns of `table`), then by id.
 */
export async function listPage<R extends Record<string, any>>(
  db: Executor,
  query: SelectQueryBuilder<DB, any, R>,
  table: CrmTable,
  sortColumns: Record<string, string>,
  opts: ListOptions,
  searchColumn = 'search_text',
): Promise<{ page: R[]; nextCursor: string | null }> {
  const sort = parseSort(opts.sort, sortColumns);
  const column = sort.column;
  let q: any = query;
  const terms = searchTerms(opts.q);
  const indexed = searchColumn === 'search_text' && (SEARCHABLE_TABLES as readonly string[]).includes(table);
  let rows: R[];
  if (terms.length && indexed)
    rows = await searchRows(db, query, table as SearchableTable, terms, { column: `${table}.${column}`, direction: sort.direction }, opts);
  else {
    if (terms.length) q = q.where((eb: any) => eb.or(terms.map((t) => matchesSearch(`${table}.${searchColumn}`, t))));
    rows = await keyset(q, { column: `${table}.${column}`, direction: sort.direction }, `${table}.id`, opts.cursor, opts.limit).execute();
  }
  return toPage(rows, opts.limit, (r) => ({ v: r[column], id: r.id }));
}

/**
 * Rows of the sort order a search walks with LIKE at first, and at most in one
 * window, before it lets the index decide (see searchRows). A row read this way
 * costs ~10 µs on a million contacts (random pages), so a window that finds
 * nothing must stay small.
 */
const FIRST_WINDOW = 1000;
export const SEARCH_WINDOW = 5000;

/**
 * One keyset page (`limit + 1` rows) of `query` filtered by search `terms`, in
 * few steps whatever the term (issue 16: a common term under 64 connections):
 * - a rare term (SQLite: under RARE index hits, found by a probe that stops
 *   there) fetches its hits by rowid;
 * - otherwise the next 1,000 rows of the sort order (after the cursor) are
 *   walked with LIKE, which fills a page of a common term at once and never
 *   reads its whole match set; the window's last row is found on the sort
 *   index, so the walk is bounded even when the matches lie far ahead;
 * - when a window holds less than a page, the next one is sized from the
 *   matches it held (at most `window`, 5,000 rows, four windows); when none
 *   were found or too many rows would be needed, the rest comes after the
 *   last window with the index's plan (searchCondition).
 * Rows are exactly those of the plain `LIKE` filter, in the same order.
 * SQLite only: on PostgreSQL the planner's own choice is kept (see below).
 */
export async function searchRows<R>(
  db: Executor,
  query: SelectQueryBuilder<DB, any, R>,
  table: SearchableTable,
  terms: string[],
  sort: Sort,
  opts: { cursor?: string; limit: number },
  tuning: { first?: number; window?: number; rare?: number } = {},
): Promise<R[]> {
  const id = `${table}.id`;
  const base: any = query;
  // PostgreSQL's planner already walks the sort index for a common term and the trigram index for a rare one;
  // a window bound made it pick a bitmap AND of both (20× slower), so it keeps its own choice.
  if (!isSqlite(db as any)) return keyset(base.where(likeCondition(table, terms)), sort, id, opts.cursor, opts.limit).execute();
  const rare = await rareSearchCondition(db, table, terms, tuning.rare);
  if (rare) return keyset(base.where(rare), sort, id, opts.cursor, opts.limit).execute();
  // Windows of the sort order, each sized from the matches the last one held; the index decides when they are too sparse.
  const maxWindow = tuning.window ?? SEARCH_WINDOW;
  let window = Math.min(maxWindow, tuning.first ?? FIRST_WINDOW);
  let cursor = opts.cursor;
  const found: R[] = [];
  for (let round = 0; round < 4; round++) {
    const last: { v: string | number; id: string } | undefined = await keyset(
      base.clearSelect().select([`${sort.column} as v`, `${id} as id`]),
      sort,
      id,
      cursor,
      0,
    )
      .offset(window - 1)
      .executeTakeFirst();
    let walk = base.where(likeCondition(table, terms));
    if (last) walk = walk.where(notAfter(sort, id, last));
    const rows: R[] = await keyset(walk, sort, id, cursor, opts.limit - found.length).execute();
    found.push(...rows);
    if (!last || found.length > opts.limit) return found;
    cursor = encodeCursor(last);
    const needed = Math.ceil(((opts.limit + 1 - found.length) * window * 1.25) / Math.max(rows.length, 0.5));
    if (rows.length === 0 || needed > maxWindow) break;
    window = needed;
  }
  const rest: R[] = await keyset(base.where(await searchCondition(db, table, terms)), sort, id, cursor, opts.limit - found.length).execute();
  return [...found, ...rest];
}

/**
 * "At or before `c`" in the ordering, as a row-value comparison: one range on the
 * sort index on both dialects (the OR form made SQLite merge two ranges and sort).
 */
function notAfter(sort: Sort, idColumn: string, c: { v: string | number; id: string }) {
  const op = sql.raw(sort.direction === 'asc' ? '<=' : '>=');
  return sql<SqlBool>`(${sql.ref(sort.column)}, ${sql.ref(idColumn)}) ${op} (${c.v}, ${c.id})`;
}

export function findRow<T extends CrmTable>(s: PortalScope, table: T, id: string) {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Kysely types "nothing selected yet" as {}
  return (s.selectFrom(table) as SelectQueryBuilder<DB, CrmTable, {}>).selectAll().where('id', '=', id).executeTakeFirst() as Promise<DB[T] | undefined>;
}

export async function rowExists(s: PortalScope, table: CrmTable, id: string): Promise<boolean> {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Kysely types "nothing selected yet" as {}
  const row = await (s.selectFrom(table) as SelectQueryBuilder<DB, CrmTable, {}>).select('id').where('id', '=', id).executeTakeFirst();
  return !!row;
}

// --- Contacts and deals come with the names of what they link to ------------------------------------

export function contactsQuery(s: PortalScope) {
  return s
    .selectFrom('contacts')
    .leftJoin('companies', (j) => j.onRef('companies.id', '=', 'contacts.company_id').onRef('companies.portal_id', '=', 'contacts.portal_id'))
    .selectAll('contacts')
    .select('companies.name as company_name');
}

export function dealsQuery(s: PortalScope) {
  return s
    .selectFrom('deals')
    .leftJoin('companies', (j) => j.onRef('companies.id', '=', 'deals.company_id').onRef('companies.portal_id', '=', 'deals.portal_id'))
    .leftJoin('contacts', (j) => j.onRef('contacts.id', '=', 'deals.contact_id').onRef('contacts.portal_id', '=', 'deals.portal_id'))
    .leftJoin('pipeline_stages', (j) => j.onRef('pipeline_stages.id', '=', 'deals.stage_id').onRef('pipeline_stages.portal_id', '=', 'deals.portal_id'))
    .selectAll('deals')
    .select([
      'companies.name as company_name',
      'contacts.first_name as contact_first_name',
      'contacts.last_name as contact_last_name',
      'pipeline_stages.kind as stage_kind',
    ]);
}

export type DealWithNames = Awaited<ReturnType<ReturnType<typeof dealsQuery>['executeTakeFirstOrThrow']>>;
export type ContactWithCompany = Awaited<ReturnType<ReturnType<typeof contactsQuery>['executeTakeFirstOrThrow']>>;

// --- Pipelines and stages -----------------------------------------------------------------------------

export function stagesOf(s: PortalScope, pipelineIds: string[]) {
  if (pipelineIds.length === 0) return Promise.resolve([]);
  return s.selectFrom('pipeline_stages').selectAll().where('pipeline_id', 'in', pipelineIds).orderBy('position').orderBy('id').execute();
}

export function findDefaultPipeline(s: PortalScope) {
  return s.selectFrom('pipelines').selectAll().where('is_default', '=', 1).executeTakeFirst();
}

export async function countDeals(s: PortalScope, column: 'stage_id' | 'pipeline_id', ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const row = await s
    .selectFrom('deals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(column, 'in', ids)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deal count and amount per currency in each stage of a pipeline. */
export function stageTotals(s: PortalScope, pipelineId: string) {
  return s
    .selectFrom('deals')
    .select((eb) => ['stage_id', 'currency', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amount').as('total')])
    .where('pipeline_id', '=', pipelineId)
    .groupBy(['stage_id', 'currency'])
    .orderBy('currency')
    .execute();
}

/** Applies board shifts (see positions.ts) to every deal but `dealId`. */
export async function applyShifts(s: PortalScope, shifts: Shift[], dealId: string): Promise<void> {
  for (const shift of shifts) {
    let q = s
      .updateTable('deals', {})
      .set((eb) => ({ position: eb('position', '+', shift.delta) }))
      .where('stage_id', '=', shift.stageId)
      .where('id', '!=', dealId)
      .where('position', '>=', shift.from);
    if (shift.to !== null) q = q.where('position', '<=', shift.to);
    await q.execute();
  }
}
