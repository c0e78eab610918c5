import { isUniqueViolation } from '../../db/errors.js';
import type { Executor, PortalScope } from '../../db/scope.js';
import { actorUserId, nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { searchKey } from '../../kernel/text.js';
import { recordAudit } from '../audit/index.js';
import { invalidReference, validationFailed } from './crm.common.js';
import { countDeals, findDefaultPipeline, findRow, listPage, stagesOf, stageTotals } from './crm.repo.js';
import type { PipelineCreate, PipelineListQuery, PipelineOut, PipelineUpdate } from './crm.schema.js';
import type { PipelineRow, PipelineStageRow } from '../../db/tables/crm.js';
import { DEFAULT_PIPELINE_NAME, DEFAULT_STAGES, firstOpenStage, planStages, type RequestedStage, type StagePlan } from './stages.js';
import { newId } from '../../kernel/ids.js';

const SORTS = { name: 'name_key', createdAt: 'created_at', updatedAt: 'updated_at' };
const CREATE_ATTEMPTS = 4;

export function toPipelineOut(p: PipelineRow, stages: PipelineStageRow[]): PipelineOut {
  return {
    id: p.id,
    name: p.name,
    isDefault: p.is_default === 1,
    stages: stages
      .filter((s) => s.pipeline_id === p.id)
      .sort((a, b) => a.position - b.position)
      .map((s) => ({ id: s.id, name: s.name, kind: s.kind, position: s.position })),
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}

/**
 * The portal's default pipeline, created ("Sales" with the usual stages) on first CRM
 * use. Concurrent first uses race to insert it; the partial unique index lets exactly
 * one win, and the others read the winner's. Call it outside any transaction.
 */
export async function ensureDefaultPipeline(ctx: PortalContext): Promise<PipelineRow> {
  for (let attempt = 1; ; attempt++) {
    const existing = await findDefaultPipeline(scopeOf(ctx));
    if (existing) return existing;
    try {
      return await ctx.deps.db.transaction().execute(async (trx) => {
        const created = await insertPipeline(ctx, trx, DEFAULT_PIPELINE_NAME, stagePlanOrThrow([], DEFAULT_STAGES), true);
        await recordAudit(ctx, { action: 'crm.pipeline_created', targetType: 'pipeline', targetId: created.id, details: { default: true } }, trx);
        return created;
      });
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= CREATE_ATTEMPTS) throw err;
    }
  }
}

function stagePlanOrThrow(existing: PipelineStageRow[], requested: readonly RequestedStage[]): StagePlan {
  const result = planStages(existing, requested);
  if (result.ok) return result.plan;
  throw result.code === 'INVALID_REFERENCE' ? invalidReference(result.path, 'a stage of this pipeline') : validationFailed(result.path, result.message);
}

async function insertPipeline(ctx: PortalContext, trx: Executor, name: string, plan: StagePlan, isDefault: boolean): Promise<PipelineRow> {
  const s = scopeOf(ctx, trx);
  const at = nowIso(ctx);
  const row: PipelineRow = {
    id: newId(),
    portal_id: ctx.portalId,
    name,
    name_key: searchKey(name),
    is_default: isDefault ? 1 : 0,
    created_at: at,
    updated_at: at,
  };
  const { portal_id: _, ...values } = row;
  await s.insertInto('pipelines', values).execute();
  await insertStages(s, row.id, plan.stages, at);
  return row;
}

async function insertStages(s: PortalScope, pipelineId: string, stages: StagePlan['stages'], at: string): Promise<void> {
  const rows = stages.map((st) => ({
    id: newId(),
    pipeline_id: pipelineId,
    name: st.name,
    kind: st.kind,
    position: st.position,
    created_at: at,
    updated_at: at,
  }));
  if (rows.length) await s.insertInto('pipeline_stages', rows).execute();
}

async function loadPipeline(s: PortalScope, id: string): Promise<PipelineOut> {
  const row = await findRow(s, 'pipelines', id);
  if (!row) throw notFound('Pipeline');
  return toPipelineOut(row, await stagesOf(s, [id]));
}

export async function listPipelines(ctx: PortalContext, query: PipelineListQuery) {
  await ensureDefaultPipeline(ctx);
  const s = scopeOf(ctx);
  const { page, nextCursor } = await listPage(ctx.deps.db, s.selectFrom('pipelines').selectAll('pipelines'), 'pipelines', SORTS, query, 'name_key');
  const stages = await stagesOf(
    s,
    page.map((p) => p.id),
  );
  return { items: page.map((p) => toPipelineOut(p, stages)), nextCursor };
}

export const getPipeline = (ctx: PortalContext, id: string) => loadPipeline(scopeOf(ctx), id);

export async function createPipeline(ctx: PortalContext, input: PipelineCreate): Promise<PipelineOut> {
  await ensureDefaultPipeline(ctx);
  const plan = stagePlanOrThrow([], input.stages ?? DEFAULT_STAGES);
  return ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    // The old default steps down first: the unique index allows one at a time.
    if (input.isDefault) await s.updateTable('pipelines', { is_default: 0 }).where('is_default', '=', 1).execute();
    const row = await insertPipeline(ctx, trx, input.name, plan, !!input.isDefault);
    await recordAudit(ctx, { action: 'crm.pipeline_created', targetType: 'pipeline', targetId: row.id, details: { name: row.name } }, trx);
    return loadPipeline(s, row.id);
  });
}

export async function updatePipeline(ctx: PortalContext, id: string, input: PipelineUpdate): Promise<PipelineOut> {
  return ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const pipeline = await findRow(s, 'pipelines', id);
    if (!pipeline) throw notFound('Pipeline');
    const at = nowIso(ctx);
    if (input.isDefault && pipeline.is_default !== 1) {
      await s.updateTable('pipelines', { is_default: 0 }).where('is_default', '=', 1).execute();
      await s.updateTable('pipelines', { is_default: 1 }).where('id', '=', id).execute();
    }
    const name = input.name ?? pipeline.name;
    await s
      .updateTable('pipelines', { name, name_key: searchKey(name), updated_at: at })
      .where('id', '=', id)
      .execute();
    const details: Record<string, unknown> = { name };
    if (input.stages) Object.assign(details, await replaceStages(ctx, trx, id, input.stages, input.moveDealsToStageId, at));
    await recordAudit(ctx, { action: 'crm.pipeline_updated', targetType: 'pipeline', targetId: id, details }, trx);
    return loadPipeline(s, id);
  });
}

/** Applies a pipeline's new stage list: renames, reorders, adds, and removes stages (moving their deals if asked). */
async function replaceStages(ctx: PortalContext, trx: Executor, pipelineId: string, requested: RequestedStage[], moveTo: string | undefined, at: string) {
  const s = scopeOf(ctx, trx);
  const existing = await stagesOf(s, [pipelineId]);
  const plan = stagePlanOrThrow(existing, requested);
  const dealsInRemoved = await countDeals(s, 'stage_id', plan.removedIds);
  if (dealsInRemoved > 0) {
    if (!moveTo) {
      throw new AppError('STAGE_HAS_DEALS', `A stage you removed still has ${dealsInRemoved} deal(s); choose a stage to move them to (moveDealsToStageId)`, {
        dealCount: dealsInRemoved,
        fields: [{ path: 'moveDealsToStageId', message: 'is required to remove stages that have deals' }],
      });
    }
    if (!plan.stages.some((st) => st.id === moveTo)) throw invalidReference('moveDealsToStageId', 'a remaining stage of this pipeline');
    await moveDealsBetweenStages(ctx, trx, plan.removedIds, moveTo, at);
  }
  if (plan.removedIds.length) await s.deleteFrom('pipeline_stages').where('id', 'in', plan.removedIds).execute();
  for (const st of plan.stages.filter((x) => x.id)) {
    await s.updateTable('pipeline_stages', { name: st.name, kind: st.kind, position: st.position, updated_at: at }).where('id', '=', st.id!).execute();
  }
  await insertStages(
    s,
    pipelineId,
    plan.stages.filter((x) => !x.id),
    at,
  );
  return { removedStageIds: plan.removedIds, movedDeals: dealsInRemoved };
}

/** Appends the deals of `fromStageIds` (in their order) to the end of `toStageId`, recording each stage change. */
async function moveDealsBetweenStages(ctx: PortalContext, trx: Executor, fromStageIds: string[], toStageId: string, at: string): Promise<void> {
  const s = scopeOf(ctx, trx);
  let base = await countDeals(s, 'stage_id', [toStageId]);
  for (const from of fromStageIds) {
    const deals = await s.selectFrom('deals').select('id').where('stage_id', '=', from).execute();
    // Positions are dense within a stage, so an offset appends the column in its order.
    await s
      .updateTable('deals', { stage_id: toStageId, updated_at: at })
      .set((eb) => ({ position: eb('position', '+', base) }))
      .where('stage_id', '=', from)
      .execute();
    const changes = deals.map((d) => ({
      id: newId(),
      deal_id: d.id,
      from_stage_id: from,
      to_stage_id: toStageId,
      changed_by: actorUserId(ctx),
      changed_at: at,
    }));
    for (let i = 0; i < changes.length; i += 500) await s.insertInto('deal_stage_changes', changes.slice(i, i + 500)).execute();
    base += deals.length;
  }
}

export async function deletePipeline(ctx: PortalContext, id: string): Promise<void> {
  await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const pipeline = await findRow(s, 'pipelines', id);
    if (!pipeline) throw notFound('Pipeline');
    if (pipeline.is_default === 1) throw new AppError('PIPELINE_IS_DEFAULT', 'The default pipeline cannot be deleted; make another pipeline the default first');
    const deals = await countDeals(s, 'pipeline_id', [id]);
    if (deals > 0) throw new AppError('PIPELINE_HAS_DEALS', `The pipeline still has ${deals} deal(s); move or delete them first`, { dealCount: deals });
    await s.deleteFrom('pipeline_stages').where('pipeline_id', '=', id).execute();
    await s.deleteFrom('pipelines').where('id', '=', id).execute();
    await recordAudit(ctx, { action: 'crm.pipeline_deleted', targetType: 'pipeline', targetId: id, details: { name: pipeline.name } }, trx);
  });
}

/** The board's header: each stage with its deal count and totals per currency. */
export async function getBoard(ctx: PortalContext, id: string) {
  const s = scopeOf(ctx);
  const pipeline = await loadPipeline(s, id);
  const totals = await stageTotals(s, id);
  return {
    pipeline,
    stages: pipeline.stages.map((st) => {
      const mine = totals.filter((t) => t.stage_id === st.id);
      return {
        ...st,
        dealCount: mine.reduce((n, t) => n + Number(t.n), 0),
        totals: mine.map((t) => ({ currency: t.currency, amount: Number(t.total) })),
      };
    }),
  };
}

/**
 * The pipeline and stage a deal goes to: the stage named (which must belong to the
 * pipeline named, if any), else the first open stage of the pipeline named, else of
 * the default pipeline (ensure that one exists before the transaction).
 */
export async function resolveStage(ctx: PortalContext, trx: Executor, ref: { pipelineId?: string; stageId?: string }) {
  const s = scopeOf(ctx, trx);
  const pipeline = ref.pipelineId ? await findRow(s, 'pipelines', ref.pipelineId) : undefined;
  if (ref.pipelineId && !pipeline) throw invalidReference('pipelineId', 'a pipeline');
  if (ref.stageId) {
    const stage = await findRow(s, 'pipeline_stages', ref.stageId);
    if (!stage) throw invalidReference('stageId', 'a stage');
    if (pipeline && stage.pipeline_id !== pipeline.id) {
      throw new AppError('STAGE_NOT_IN_PIPELINE', 'stageId is not a stage of the pipeline pipelineId', {
        fields: [{ path: 'stageId', message: 'is not a stage of this pipeline' }],
      });
    }
    return { pipelineId: stage.pipeline_id, stageId: stage.id };
  }
  const target = pipeline ?? (await findDefaultPipeline(s));
  if (!target) throw new AppError('CONFLICT', 'The portal has no default pipeline yet');
  const stage = firstOpenStage(await stagesOf(s, [target.id]));
  if (!stage) throw new AppError('CONFLICT', `The pipeline "${target.name}" has no open stage`);
  return { pipelineId: target.id, stageId: stage.id };
}
