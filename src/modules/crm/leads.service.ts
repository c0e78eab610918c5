import { nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { searchKey } from '../../kernel/text.js';
import { recordAudit } from '../audit/index.js';
import { emitRecordEvent, recordChanges } from '../../kernel/events.js';
import { findCompanyByName, insertCompany } from './companies.service.js';
import { insertContact } from './contacts.service.js';
import { applyChanges, assertRefs, validationFailed } from './crm.common.js';
import { findRow, listPage } from './crm.repo.js';
import type { LeadConvert, LeadCreate, LeadListQuery, LeadOut, LeadUpdate } from './crm.schema.js';
import type { LeadRow } from '../../db/tables/crm.js';
import { DEFAULT_CURRENCY, insertDeal } from './deals.service.js';
import { splitName } from './names.js';
import { ensureDefaultPipeline } from './pipelines.service.js';
import { recordSearchText } from './search.js';
import { publishLive } from '../../kernel/live.js';
import { newId } from '../../kernel/ids.js';

const SORTS = { title: 'title_key', createdAt: 'created_at', updatedAt: 'updated_at' };

export const toLeadOut = (r: LeadRow): LeadOut => ({
  id: r.id,
  title: r.title,
  name: r.name,
  companyName: r.company_name,
  email: r.email,
  phone: r.phone,
  status: r.status,
  source: r.source,
  amount: r.amount === null ? null : Number(r.amount),
  currency: r.currency,
  ownerId: r.owner_id,
  notes: r.notes,
  convertedAt: r.converted_at,
  convertedContactId: r.converted_contact_id,
  convertedCompanyId: r.converted_company_id,
  convertedDealId: r.converted_deal_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const withKeys = (r: LeadRow): LeadRow => ({
  ...r,
  title_key: searchKey(r.title),
  search_text: recordSearchText([r.title, r.name, r.company_name, r.email], [r.phone]),
});

export async function listLeads(ctx: PortalContext, query: LeadListQuery) {
  let q = scopeOf(ctx).selectFrom('leads').selectAll('leads');
  if (query.status) q = q.where('status', '=', query.status);
  if (query.ownerId) q = q.where('owner_id', '=', query.ownerId);
  const { page, nextCursor } = await listPage(ctx.deps.db, q, 'leads', SORTS, query);
  return { items: page.map(toLeadOut), nextCursor };
}

export async function getLead(ctx: PortalContext, id: string): Promise<LeadOut> {
  const row = await findRow(scopeOf(ctx), 'leads', id);
  if (!row) throw notFound('Lead');
  return toLeadOut(row);
}

export async function createLead(ctx: PortalContext, input: LeadCreate): Promise<LeadOut> {
  const at = nowIso(ctx);
  const row = withKeys({
    id: newId(),
    portal_id: ctx.portalId,
    title: input.title,
    title_key: '',
    name: input.name ?? null,
    company_name: input.companyName ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    status: input.status ?? 'new',
    source: input.source ?? 'other',
    amount: input.amount ?? null,
    currency: input.currency ?? null,
    owner_id: input.ownerId ?? null,
    notes: input.notes ?? null,
    search_text: '',
    converted_at: null,
    converted_contact_id: null,
    converted_company_id: null,
    converted_deal_id: null,
    created_at: at,
    updated_at: at,
  });
  await ctx.deps.db.transaction().execute(async (trx) => {
    await assertRefs(ctx, trx, { ownerId: input.ownerId });
    const { portal_id: _, ...values } = row;
    await scopeOf(ctx, trx).insertInto('leads', values).execute();
    await emitRecordEvent(ctx, trx, { type: 'record.created', entity: 'lead', recordId: row.id });
  });
  return toLeadOut(row);
}

export async function updateLead(ctx: PortalContext, id: string, input: LeadUpdate): Promise<LeadOut> {
  const row = await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const before = await findRow(s, 'leads', id);
    if (!before) throw notFound('Lead');
    if (before.status === 'converted' && input.status !== undefined) {
      throw new AppError('LEAD_ALREADY_CONVERTED', 'A converted lead keeps its status', { fields: [{ path: 'status', message: 'the lead is converted' }] });
    }
    await assertRefs(ctx, trx, { ownerId: input.ownerId });
    const after = withKeys(
      applyChanges(before, {
        title: input.title,
        name: input.name,
        company_name: input.companyName,
        email: input.email,
        phone: input.phone,
        status: input.status,
        source: input.source,
        amount: input.amount,
        currency: input.currency,
        owner_id: input.ownerId,
        notes: input.notes,
        updated_at: nowIso(ctx),
      }),
    );
    if (after.amount !== null && after.currency === null) throw validationFailed('currency', 'is required with an amount');
    const { id: _id, portal_id: _p, created_at: _c, ...values } = after;
    await s.updateTable('leads', values).where('id', '=', id).execute();
    await emitRecordEvent(ctx, trx, { type: 'record.updated', entity: 'lead', recordId: id, changes: recordChanges(toLeadOut(before), toLeadOut(after)) });
    return after;
  });
  return toLeadOut(row);
}

export async function deleteLead(ctx: PortalContext, id: string): Promise<void> {
  await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const row = await findRow(s, 'leads', id);
    if (!row) throw notFound('Lead');
    await s.deleteFrom('activities').where('record_type', '=', 'lead').where('record_id', '=', id).execute();
    await s.deleteFrom('leads').where('id', '=', id).execute();
    await publishLive(ctx, trx, { type: 'change', change: { entity: 'lead', id: id, action: 'deleted' } });
    await recordAudit(ctx, { action: 'crm.lead_deleted', targetType: 'lead', targetId: id, details: { title: row.title } }, trx);
  });
}

/**
 * Converts a lead, all or nothing: a contact from its name, email and phone; the
 * company named (an existing one with the same name, else a new one); optionally a
 * deal with the lead's title and amount. The lead is marked converted with the ids.
 */
export async function convertLead(ctx: PortalContext, id: string, input: LeadConvert) {
  if (input.createDeal) await ensureDefaultPipeline(ctx);
  return ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const lead = await findRow(s, 'leads', id);
    if (!lead) throw notFound('Lead');
    const alreadyConverted = () =>
      new AppError('LEAD_ALREADY_CONVERTED', 'This lead has already been converted', {
        contactId: lead.converted_contact_id,
        companyId: lead.converted_company_id,
        dealId: lead.converted_deal_id,
      });
    if (lead.status === 'converted') throw alreadyConverted();

    let companyId: string | null = null;
    if (lead.company_name) {
      const company =
        (await findCompanyByName(ctx, trx, lead.company_name)) ?? (await insertCompany(ctx, trx, { name: lead.company_name, ownerId: lead.owner_id }));
      companyId = company.id;
    }
    const { firstName, lastName } = splitName(lead.name ?? lead.email?.split('@')[0] ?? lead.title);
    const contact = await insertContact(ctx, trx, {
      firstName,
      lastName,
      companyId,
      emails: lead.email ? [{ value: lead.email, type: 'work' }] : [],
      phones: lead.phone ? [{ value: lead.phone, type: 'work' }] : [],
      ownerId: lead.owner_id,
    });
    const deal = input.createDeal
      ? await insertDeal(ctx, trx, {
          title: lead.title,
          amount: lead.amount === null ? 0 : Number(lead.amount),
          currency: lead.currency ?? DEFAULT_CURRENCY,
          pipelineId: input.pipelineId,
          stageId: input.stageId,
          contactId: contact.id,
          companyId,
          ownerId: lead.owner_id,
        })
      : null;

    const at = nowIso(ctx);
    // Only one conversion can win: the status check is part of the update.
    const claimed = await s
      .updateTable('leads', {
        status: 'converted',
        converted_at: at,
        converted_contact_id: contact.id,
        converted_company_id: companyId,
        converted_deal_id: deal?.id ?? null,
        updated_at: at,
      })
      .where('id', '=', id)
      .where('status', '!=', 'converted')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw alreadyConverted();
    const converted = {
      ...lead,
      status: 'converted' as const,
      converted_at: at,
      converted_contact_id: contact.id,
      converted_company_id: companyId,
      converted_deal_id: deal?.id ?? null,
      updated_at: at,
    };
    await emitRecordEvent(ctx, trx, { type: 'record.updated', entity: 'lead', recordId: id, changes: recordChanges(toLeadOut(lead), toLeadOut(converted)) });
    await recordAudit(
      ctx,
      { action: 'crm.lead_converted', targetType: 'lead', targetId: id, details: { contactId: contact.id, companyId, dealId: deal?.id ?? null } },
      trx,
    );
    return { contactId: contact.id, companyId, dealId: deal?.id ?? null };
  });
}
