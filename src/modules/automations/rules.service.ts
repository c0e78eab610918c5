import type { Executor } from '../../db/scope.js';
import { actorUserId, nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { searchKey } from '../../kernel/text.js';
import { recordAudit } from '../audit/index.js';
import { requireFeature } from '../billing/index.js';
import * as repo from './automations.repo.js';
import type { Action, ConditionIn, RuleCreate, RuleOut, RuleUpdate, Trigger } from './automations.schema.js';
import type { AutomationRuleRow } from '../../db/tables/automations.js';
import { assertReferences, loadDirectory } from './references.js';
import { armOverdueScan, armSchedule } from './schedules.js';
import { normalizeRule, ruleProblems, type RuleSpec } from './validate.js';
import { newId } from '../../kernel/ids.js';

/**
 * Rules (AUT-1): create, change, delete, list. Creating, changing or enabling a
 * rule needs the plan's `automations` feature. After a downgrade rules stay as
 * they were — shown, exported, deletable — but do not run and cannot be changed;
 * "active" is computed from the plan, so an upgrade brings back exactly the
 * rules that were enabled.
 */

export interface Rule extends RuleSpec {
  id: string;
  name: string;
  enabled: boolean;
  row: AutomationRuleRow;
}

export function parseRule(row: AutomationRuleRow): Rule {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled === 1,
    trigger: JSON.parse(row.trigger_spec) as Trigger,
    conditions: JSON.parse(row.conditions) as ConditionIn[],
    actions: JSON.parse(row.actions) as Action[],
    row,
  };
}

/** Whether the portal's plan lets automations run (and rules be changed). */
export async function automationsAllowed(ctx: PortalContext, executor: Executor = ctx.deps.db): Promise<boolean> {
  try {
    await requireFeature(ctx, 'automations', executor);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'PLAN_FEATURE_REQUIRED') return false;
    throw err;
  }
}

export function toRuleOut(row: AutomationRuleRow, allowed: boolean): RuleOut {
  const r = parseRule(row);
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    active: r.enabled && allowed,
    readOnly: !allowed,
    inactiveReason: !allowed ? 'plan' : r.enabled ? null : 'disabled',
    trigger: r.trigger,
    conditions: r.conditions,
    actions: r.actions,
    nextRunAt: r.enabled ? row.next_run_at : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Checks a rule and returns it in its stored form; 400 naming the bad part (every bad part in details.fields). */
export async function checkRule<R extends RuleSpec>(ctx: PortalContext, rule: R): Promise<R> {
  const problems = ruleProblems(rule, { allowLoopback: ctx.deps.config.WEBHOOK_ALLOW_LOOPBACK });
  if (problems.length) {
    const first = problems[0]!;
    throw new AppError('VALIDATION_FAILED', `${first.path} ${first.message}`, { fields: problems });
  }
  const normalized = normalizeRule(rule);
  assertReferences(normalized, await loadDirectory(ctx));
  return normalized;
}

export async function listRules(ctx: PortalContext, query: { limit: number; cursor?: string }) {
  const allowed = await automationsAllowed(ctx);
  const { page, nextCursor } = await repo.listRules(scopeOf(ctx), query);
  return { items: page.map((r) => toRuleOut(r, allowed)), nextCursor };
}

async function mustFindRule(ctx: PortalContext, id: string, executor: Executor = ctx.deps.db): Promise<AutomationRuleRow> {
  const row = await repo.findRule(scopeOf(ctx, executor), id);
  if (!row) throw notFound('Automation');
  return row;
}

export async function getRule(ctx: PortalContext, id: string): Promise<RuleOut> {
  const row = await mustFindRule(ctx, id);
  return toRuleOut(row, await automationsAllowed(ctx));
}

const specColumns = (rule: RuleSpec) => ({
  trigger_type: rule.trigger.type,
  trigger_entity: rule.trigger.type === 'record.created' || rule.trigger.type === 'record.updated' ? rule.trigger.entity : null,
  trigger_spec: JSON.stringify(rule.trigger),
  conditions: JSON.stringify(rule.conditions),
  actions: JSON.stringify(rule.actions),
});

/** Inserts a checked rule and starts what it needs to run on time (its schedule, the overdue scan). */
export async function insertRule(
  ctx: PortalContext,
  trx: Executor,
  input: { name: string; enabled: boolean; id?: string } & RuleSpec,
): Promise<AutomationRuleRow> {
  const at = nowIso(ctx);
  const row: AutomationRuleRow = {
    id: input.id ?? newId(),
    portal_id: ctx.portalId,
    name: input.name,
    name_key: searchKey(input.name),
    enabled: input.enabled ? 1 : 0,
    ...specColumns(input),
    next_run_at: null,
    created_by: actorUserId(ctx),
    created_at: at,
    updated_at: at,
  };
  const { portal_id: _, ...values } = row;
  await scopeOf(ctx, trx).insertInto('automation_rules', values).execute();
  return armRule(ctx, trx, row);
}

async function armRule(ctx: PortalContext, trx: Executor, row: AutomationRuleRow): Promise<AutomationRuleRow> {
  const next = await armSchedule(ctx, trx, row);
  if (row.enabled && row.trigger_type === 'task.overdue') await armOverdueScan(ctx, trx);
  return { ...row, next_run_at: next };
}

export async function createRule(ctx: PortalContext, input: RuleCreate): Promise<RuleOut> {
  await requireFeature(ctx, 'automations');
  const rule = await checkRule(ctx, input);
  const row = await ctx.deps.db.transaction().execute(async (trx) => {
    const created = await insertRule(ctx, trx, { ...rule, name: input.name, enabled: input.enabled });
    await recordAudit(ctx, { action: 'automations.rule_created', targetType: 'automation', targetId: created.id, details: { name: created.name } }, trx);
    return created;
  });
  return toRuleOut(row, true);
}

export async function updateRule(ctx: PortalContext, id: string, input: RuleUpdate): Promise<RuleOut> {
  const before = parseRule(await mustFindRule(ctx, id));
  // Read-only after a downgrade: changing (or enabling) a rule needs the feature again.
  await requireFeature(ctx, 'automations');
  const specChanged = input.trigger !== undefined || input.conditions !== undefined || input.actions !== undefined;
  const spec = specChanged
    ? await checkRule(ctx, {
        trigger: input.trigger ?? before.trigger,
        conditions: input.conditions ?? before.conditions,
        actions: input.actions ?? before.actions,
      })
    : null;
  const row = await ctx.deps.db.transaction().execute(async (trx) => {
    const current = await mustFindRule(ctx, id, trx);
    const name = input.name ?? current.name;
    const next: AutomationRuleRow = {
      ...current,
      name,
      name_key: searchKey(name),
      enabled: input.enabled === undefined ? current.enabled : input.enabled ? 1 : 0,
      ...(spec ? specColumns(spec) : {}),
      updated_at: nowIso(ctx),
    };
    const { id: _id, portal_id: _p, created_at: _c, ...values } = next;
    await scopeOf(ctx, trx).updateTable('automation_rules', values).where('id', '=', id).execute();
    const changed = Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
    await recordAudit(
      ctx,
      { action: 'automations.rule_updated', targetType: 'automation', targetId: id, details: { name, changed, enabled: next.enabled === 1 } },
      trx,
    );
    return armRule(ctx, trx, next);
  });
  return toRuleOut(row, true);
}

/** Deleting stays possible after a downgrade: the portal's own clean-up is never paywalled. The run log goes with the rule. */
export async function deleteRule(ctx: PortalContext, id: string): Promise<void> {
  await ctx.deps.db.transaction().execute(async (trx) => {
    const row = await mustFindRule(ctx, id, trx);
    const s = scopeOf(ctx, trx);
    const runIds = (await s.selectFrom('automation_runs').select('id').where('rule_id', '=', id).execute()).map((r) => r.id);
    for (let i = 0; i < runIds.length; i += 500)
      await s
        .deleteFrom('automation_run_actions')
        .where('run_id', 'in', runIds.slice(i, i + 500))
        .execute();
    await s.deleteFrom('automation_runs').where('rule_id', '=', id).execute();
    await s.deleteFrom('automation_rules').where('id', '=', id).execute();
    await recordAudit(ctx, { action: 'automations.rule_deleted', targetType: 'automation', targetId: id, details: { name: row.name } }, trx);
  });
}

export const requireAutomations = (ctx: PortalContext) => requireFeature(ctx, 'automations');
