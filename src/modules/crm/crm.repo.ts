/* eslint-disable @typescript-eslint/no-explicit-any -- list filters are built for four record tables with one function */
import type { SelectQueryBuilder } from 'kysely';
import type { Executor, PortalScope } from '../../db/scope.js';
import { SEARCHABLE_TABLES, searchCondition, type SearchableTable } from '../../db/search.js';
import type { DB } from '../../db/types.js';
import { keyset, parseSort, toPage } from '../../kernel/pagination.js';
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
  if (terms.length) {
    const indexed = searchColumn === 'search_text' && (SEARCHABLE_TABLES as readonly string[]).includes(table);
    q = indexed
      ? q.where(await searchCondition(db, table as SearchableTable, terms))
      : q.where((eb: any) => eb.or(terms.map((t) => matchesSearch(`${table}.${searchColumn}`, t))));
  }
  q = keyset(q, { column: `${table}.${column}`, direction: sort.direction }, `${table}.id`, opts.cursor, opts.limit);
  const rows: R[] = await q.execute();
  return toPage(rows, opts.limit, (r) => ({ v: r[column], id: r.id }));
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
