import type { Executor } from '../../db/scope.js';
import { actorUserId, nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import { keyset, toPage } from '../../kernel/pagination.js';
import { searchKey } from '../../kernel/text.js';
import { recordAudit } from '../audit/index.js';
import { emitRecordEvent, recordChanges } from '../../kernel/events.js';
import { applyChanges, assertRefs } from './crm.common.js';
import { applyShifts, countDeals, dealsQuery, findRow, listPage, type DealWithNames } from './crm.repo.js';
import type { DealCreate, DealListQuery, DealOut, DealUpdate } from './crm.schema.js';
import type { DealRow } from '../../db/tables/crm.js';
import { fullName } from './names.js';
import { ensureDefaultPipeline, resolveStage } from './pipelines.service.js';
import { landingIndex, moveShifts } from './positions.js';
import { recordSearchText } from './search.js';
import { publishLive } from '../../kernel/live.js';
import { newId } from '../../kernel/ids.js';

/** The currency of a deal created without one (e.g. from a lead without an amount). */
export const DEFAULT_CURRENCY = 'EUR';
const SORTS = { title: 'title_key', createdAt: 'created_at', updatedAt: 'updated_at', amount: 'amount', position: 'position' };

export const toDealOut = (r: DealWithNames): DealOut => ({
  id: r.id,
  title: r.title,
  amount: Number(r.amount),
  currency: r.currency,
  pipelineId: r.pipeline_id,
  stageId: r.stage_id,
  status: r.stage_kind ?? 'open',
  position: r.position,
  contactId: r.contact_id,
  contactName: r.contact_id && r.contact_first_name != null ? fullName(r.contact_first_name, r.contact_last_name ?? '') : null,
  companyId: r.company_id,
  companyName: r.company_id ? (r.company_name ?? null) : null,
  ownerId: r.owner_id,
  expectedCloseDate: r.expected_close_date,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const withKeys = (r: DealRow): DealRow => ({ ...r, title_key: searchKey(r.title), search_text: recordSearchText([r.title]) });

export async function listDeals(ctx: PortalContext, query: DealListQuery) {
  let q = dealsQuery(scopeOf(ctx));
  for (const [field, column] of [
    ['pipelineId', 'deals.pipeline_id'],
    ['stageId', 'deals.stage_id'],
    ['ownerId', 'deals.owner_id'],
    ['companyId', 'deals.company_id'],
    ['contactId', 'deals.contact_id'],
  ] as const) {
    const value = query[field];
    if (value) q = q.where(column, '=', value);
  }
  const { page, nextCursor } = await listPage(ctx.deps.db, q, 'deals', SORTS, query);
  return { items: page.map(toDealOut), nextCursor };
}

async function loadDeal(ctx: PortalContext, executor: Executor, id: string): Promise<DealOut> {
  const row = await dealsQuery(scopeOf(ctx, executor)).where('deals.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Deal');
  return toDealOut(row);
}

export const getDeal = (ctx: PortalContext, id: string) => loadDeal(ctx, ctx.deps.db, id);

/**
 * Inserts a deal inside the caller's transaction (also used by lead conversion). The
 * default pipeline must exist already (ensureDefaultPipeline, outside the transaction).
 */
export async function insertDeal(ctx: PortalContext, trx: Executor, input: DealCreate): Promise<DealRow> {
  const s = scopeOf(ctx, trx);
  const { pipelineId, stageId } = await resolveStage(ctx, trx, input);
  await assertRefs(ctx, trx, input);
  const id = newId();
  const position = landingIndex(input.position, await countDeals(s, 'stage_id', [stageId]));
  await applyShifts(s, moveShifts(null, { stageId, position }), id);
  const at = nowIso(ctx);
  const row = withKeys({
    id,
    portal_id: ctx.portalId,
    title: input.title,
    title_key: '',
    amount: input.amount,
    currency: input.currency ?? DEFAULT_CURRENCY,
    pipeline_id: pipelineId,
    stage_id: stageId,
    position,
    contact_id: input.contactId ?? null,
    company_id: input.companyId ?? null,
    owner_id: input.ownerId ?? null,
    expected_close_date: input.expectedCloseDate ?? null,
    search_text: '',
    created_at: at,
    updated_at: at,
  });
  const { portal_id: _, ...values } = row;
  await s.insertInto('deals', values).execute();
  await emitRecordEvent(ctx, trx, { type: 'record.created', entity: 'deal', recordId: id });
  return row;
}

export async function createDeal(ctx: PortalContext, input: DealCreate): Promise<DealOut> {
  await ensureDefaultPipeline(ctx);
  return ctx.deps.db.transaction().execute(async (trx) => loadDeal(ctx, trx, (await insertDeal(ctx, trx, input)).id));
}

/** Edits a deal; a new stageId (or pipelineId, or position) moves it on the board and records the stage change. */
export async function updateDeal(ctx: PortalContext, id: string, input: DealUpdate): Promise<DealOut> {
  return ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const before = await findRow(s, 'deals', id);
    if (!before) throw notFound('Deal');
    const beforeOut = await loadDeal(ctx, trx, id);
    await assertRefs(ctx, trx, input);
    const at = nowIso(ctx);
    const stays = !input.stageId && (!input.pipelineId || input.pipelineId === before.pipeline_id);
    const target = stays ? { pipelineId: before.pipeline_id, stageId: before.stage_id } : await resolveStage(ctx, trx, input);
    const sameStage = target.stageId === before.stage_id;
    let position = before.position;
    if (!sameStage || input.position !== undefined) {
      const others = (await countDeals(s, 'stage_id', [target.stageId])) - (sameStage ? 1 : 0);
      position = landingIndex(input.position, others);
      await applyShifts(s, moveShifts({ stageId: before.stage_id, position: before.position }, { stageId: target.stageId, position }), id);
    }
    if (!sameStage) {
      await s
        .insertInto('deal_stage_changes', {
          id: newId(),
          deal_id: id,
          from_stage_id: before.stage_id,
          to_stage_id: target.stageId,
          changed_by: actorUserId(ctx),
          changed_at: at,
        })
        .execute();
    }
    const after = withKeys(
      applyChanges(before, {
        title: input.title,
        amount: input.amount,
        currency: input.currency,
        pipeline_id: target.pipelineId,
        stage_id: target.stageId,
        position,
        contact_id: input.contactId,
        company_id: input.companyId,
        owner_id: input.ownerId,
        expected_close_date: input.expectedCloseDate,
        updated_at: at,
      }),
    );
    const { id: _id, portal_id: _p, created_at: _c, ...values } = after;
    await s.updateTable('deals', values).where('id', '=', id).execute();
    const afterOut = await loadDeal(ctx, trx, id);
    // Automations: a move within a column is no change of the deal; a new stage is also a stage change.
    const changes = recordChanges(beforeOut, afterOut, ['updatedAt', 'position', 'contactName', 'companyName']);
    await emitRecordEvent(ctx, trx, { type: 'record.updated', entity: 'deal', recordId: id, changes });
    // A move within a column is no record event, but the board of everyone else must show it.
    if (Object.keys(changes).length === 0) await publishLive(ctx, trx, { type: 'change', change: { entity: 'deal', id: id, action: 'updated' } });
    if (!sameStage) {
      const data = { pipelineId: target.pipelineId, fromPipelineId: before.pipeline_id, fromStageId: before.stage_id, toStageId: target.stageId };
      await emitRecordEvent(ctx, trx, { type: 'deal.stage_changed', entity: 'deal', recordId: id, changes, data });
    }
    return afterOut;
  });
}

export async function deleteDeal(ctx: PortalContext, id: string): Promise<void> {
  await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const row = await findRow(s, 'deals', id);
    if (!row) throw notFound('Deal');
    await applyShifts(s, moveShifts({ stageId: row.stage_id, position: row.position }, null), id);
    await s.updateTable('leads', { converted_deal_id: null }).where('converted_deal_id', '=', id).execute();
    await s.deleteFrom('deal_stage_changes').where('deal_id', '=', id).execute();
    await s.deleteFrom('activities').where('record_type', '=', 'deal').where('record_id', '=', id).execute();
    await s.deleteFrom('deals').where('id', '=', id).execute();
    await publishLive(ctx, trx, { type: 'change', change: { entity: 'deal', id: id, action: 'deleted' } });
    await recordAudit(ctx, { action: 'crm.deal_deleted', targetType: 'deal', targetId: id, details: { title: row.title } }, trx);
  });
}

/** A deal's moves between stages, newest first. */
export async function listStageChanges(ctx: PortalContext, dealId: string, opts: { limit: number; cursor?: string }) {
  const s = scopeOf(ctx);
  if (!(await findRow(s, 'deals', dealId))) throw notFound('Deal');
  const q = keyset(
    s.selectFrom('deal_stage_changes').selectAll().where('deal_id', '=', dealId),
    { column: 'changed_at', direction: 'desc' },
    'id',
    opts.cursor,
    opts.limit,
  );
  const { page, nextCursor } = toPage(await q.execute(), opts.limit, (r) => ({ v: r.changed_at, id: r.id }));
  return {
    nextCursor,
    items: page.map((r) => ({
      id: r.id,
      dealId: r.deal_id,
      fromStageId: r.from_stage_id,
      toStageId: r.to_stage_id,
      changedBy: r.changed_by,
      changedAt: r.changed_at,
    })),
  };
}
