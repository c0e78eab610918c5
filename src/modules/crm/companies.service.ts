import type { Executor } from '../../db/scope.js';
import { nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import { searchKey } from '../../kernel/text.js';
import { recordAudit } from '../audit/index.js';
import { emitRecordEvent, recordChanges } from '../../kernel/events.js';
import { applyChanges, assertRefs } from './crm.common.js';
import { findRow, listPage } from './crm.repo.js';
import type { CompanyCreate, CompanyListQuery, CompanyOut, CompanyUpdate } from './crm.schema.js';
import type { CompanyRow } from '../../db/tables/crm.js';
import { recordSearchText } from './search.js';
import { publishLive } from '../../kernel/live.js';
import { newId } from '../../kernel/ids.js';

const SORTS = { name: 'name_key', createdAt: 'created_at', updatedAt: 'updated_at' };

export const toCompanyOut = (r: CompanyRow): CompanyOut => ({
  id: r.id,
  name: r.name,
  website: r.website,
  industry: r.industry,
  phone: r.phone,
  email: r.email,
  address: r.address,
  notes: r.notes,
  ownerId: r.owner_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The derived columns: sort key and search text. */
export function withKeys(r: CompanyRow): CompanyRow {
  return { ...r, name_key: searchKey(r.name), search_text: recordSearchText([r.name, r.email, r.website, r.industry], [r.phone]) };
}

export async function listCompanies(ctx: PortalContext, query: CompanyListQuery) {
  let q = scopeOf(ctx).selectFrom('companies').selectAll('companies');
  if (query.ownerId) q = q.where('owner_id', '=', query.ownerId);
  const { page, nextCursor } = await listPage(ctx.deps.db, q, 'companies', SORTS, query);
  return { items: page.map(toCompanyOut), nextCursor };
}

export async function getCompany(ctx: PortalContext, id: string): Promise<CompanyOut> {
  const row = await findRow(scopeOf(ctx), 'companies', id);
  if (!row) throw notFound('Company');
  return toCompanyOut(row);
}

/** Inserts a company inside the caller's transaction (also used by lead conversion). */
export async function insertCompany(ctx: PortalContext, trx: Executor, input: CompanyCreate): Promise<CompanyRow> {
  await assertRefs(ctx, trx, { ownerId: input.ownerId });
  const at = nowIso(ctx);
  const row = withKeys({
    id: newId(),
    portal_id: ctx.portalId,
    name: input.name,
    name_key: '',
    website: input.website ?? null,
    industry: input.industry ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
    address: input.address ?? null,
    notes: input.notes ?? null,
    owner_id: input.ownerId ?? null,
    search_text: '',
    created_at: at,
    updated_at: at,
  });
  const { portal_id: _, ...values } = row;
  await scopeOf(ctx, trx).insertInto('companies', values).execute();
  await emitRecordEvent(ctx, trx, { type: 'record.created', entity: 'company', recordId: row.id });
  return row;
}

export async function createCompany(ctx: PortalContext, input: CompanyCreate): Promise<CompanyOut> {
  const row = await ctx.deps.db.transaction().execute((trx) => insertCompany(ctx, trx, input));
  return toCompanyOut(row);
}

/** A company whose name has the same search key ("ACME GmbH" is "Acme GmbH"), if any. */
export function findCompanyByName(ctx: PortalContext, trx: Executor, name: string): Promise<CompanyRow | undefined> {
  return scopeOf(ctx, trx).selectFrom('companies').selectAll().where('name_key', '=', searchKey(name)).orderBy('created_at').orderBy('id').executeTakeFirst();
}

export async function updateCompany(ctx: PortalContext, id: string, input: CompanyUpdate): Promise<CompanyOut> {
  const row = await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const before = await findRow(s, 'companies', id);
    if (!before) throw notFound('Company');
    await assertRefs(ctx, trx, { ownerId: input.ownerId });
    const after = withKeys(
      applyChanges(before, {
        name: input.name,
        website: input.website,
        industry: input.industry,
        phone: input.phone,
        email: input.email,
        address: input.address,
        notes: input.notes,
        owner_id: input.ownerId,
        updated_at: nowIso(ctx),
      }),
    );
    const { id: _id, portal_id: _p, created_at: _c, ...values } = after;
    await s.updateTable('companies', values).where('id', '=', id).execute();
    await emitRecordEvent(ctx, trx, {
      type: 'record.updated',
      entity: 'company',
      recordId: id,
      changes: recordChanges(toCompanyOut(before), toCompanyOut(after)),
    });
    return after;
  });
  return toCompanyOut(row);
}

/** Deletes a company; its contacts and deals stay, without the company. */
export async function deleteCompany(ctx: PortalContext, id: string): Promise<void> {
  await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const row = await findRow(s, 'companies', id);
    if (!row) throw notFound('Company');
    const at = nowIso(ctx);
    await s.updateTable('contacts', { company_id: null, updated_at: at }).where('company_id', '=', id).execute();
    await s.updateTable('deals', { company_id: null, updated_at: at }).where('company_id', '=', id).execute();
    await s.updateTable('leads', { converted_company_id: null }).where('converted_company_id', '=', id).execute();
    await s.deleteFrom('activities').where('record_type', '=', 'company').where('record_id', '=', id).execute();
    await s.deleteFrom('companies').where('id', '=', id).execute();
    await publishLive(ctx, trx, { type: 'change', change: { entity: 'company', id: id, action: 'deleted' } });
    await recordAudit(ctx, { action: 'crm.company_deleted', targetType: 'company', targetId: id, details: { name: row.name } }, trx);
  });
}
