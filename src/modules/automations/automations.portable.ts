import type { Executor } from '../../db/scope.js';
import { scopeOf, type PortalContext } from '../../kernel/context.js';
import {
  afterKey,
  columns,
  int,
  noRows,
  pagedRows,
  portableTable,
  recordPages,
  text,
  textOrNull,
  type PortableModule,
  type PortableTable,
} from '../../kernel/portable.js';
import type { ActionStatus, AutomationOverdueMarkRow, RunState } from '../../db/tables/automations.js';
import { AppError } from '../../kernel/errors.js';
import { recordAudit } from '../audit/index.js';
import * as repo from './automations.repo.js';
import { exportedRule, importBody, type AutomationsDocument } from './automations.schema.js';
import { assertReferences, loadDirectory, referencesOf, resolveReferences } from './references.js';
import { insertRule, parseRule } from './rules.service.js';
import { normalizeRule, ruleProblems } from './validate.js';

/**
 * The automations part of a portal export (POR-1): the same document as
 * GET /api/automations/export, and its import. Rules carry the names of the
 * pipelines, stages and users they point at, so that another portal can find
 * its own by name. Neither needs a paid plan: a downgraded portal's rules are
 * exported too, and a restored portal gets its rules back (running only if its
 * plan allows).
 */
export async function exportAutomationsDocument(ctx: PortalContext): Promise<AutomationsDocument> {
  const rows = await repo.allRules(scopeOf(ctx));
  const dir = rows.length ? await loadDirectory(ctx) : null;
  return {
    formatVersion: 1,
    exportedAt: ctx.deps.clock.now(ctx.portalId).toISOString(),
    rules: rows.map((row) => {
      const r = parseRule(row);
      const spec = { trigger: r.trigger, conditions: r.conditions, actions: r.actions };
      return { id: r.id, name: r.name, enabled: r.enabled, ...spec, references: referencesOf(spec, dir!) };
    }),
  };
}

export interface ImportResult {
  imported: number;
  rules: { id: string; name: string; enabled: boolean }[];
  unresolved: { rule: string; what: string }[];
}

/**
 * Recreates the document's rules in this portal. A rule whose pipeline, stage or
 * user cannot be found here is imported disabled and reported; a rule that is
 * not valid is reported and left out. The rest go in, in one transaction.
 */
export async function importAutomationsDocument(
  ctx: PortalContext,
  doc: unknown,
  /** A portal archive's import gives each rule the id its run log points to (see automationsPortable). */
  opts: { ruleId?: (exportedId: string) => string } = {},
): Promise<ImportResult> {
  const parsed = importBody.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.') || 'document';
    throw new AppError('VALIDATION_FAILED', `${path} ${issue.message}`, { fields: [{ path, message: issue.message }] });
  }
  const dir = await loadDirectory(ctx);
  const unresolved: ImportResult['unresolved'] = [];
  const accepted: { id?: string; name: string; enabled: boolean; spec: ReturnType<typeof normalizeRule> }[] = [];
  parsed.data.rules.forEach((raw, i) => {
    const label = typeof (raw as { name?: unknown })?.name === 'string' ? (raw as { name: string }).name : `rule ${i + 1}`;
    const one = exportedRule.safeParse(raw);
    if (!one.success) {
      const issue = one.error.issues[0]!;
      unresolved.push({ rule: label, what: `not imported: ${issue.path.join('.')} ${issue.message}` });
      return;
    }
    const { rule: mapped, unresolved: missing } = resolveReferences(
      { trigger: one.data.trigger, conditions: one.data.conditions, actions: one.data.actions },
      one.data.references,
      dir,
    );
    const problems = ruleProblems(mapped, { allowLoopback: ctx.deps.config.WEBHOOK_ALLOW_LOOPBACK });
    if (problems.length) {
      unresolved.push({ rule: label, what: `not imported: ${problems[0]!.path} ${problems[0]!.message}` });
      return;
    }
    const spec = normalizeRule(mapped);
    try {
      assertReferences(spec, dir);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (missing.length === 0) missing.push(err.message);
    }
    for (const what of missing) unresolved.push({ rule: label, what: `${what} was not found here; the rule was imported disabled` });
    const id = one.data.id && opts.ruleId ? opts.ruleId(one.data.id) : undefined;
    accepted.push({ id, name: one.data.name, enabled: one.data.enabled && missing.length === 0, spec });
  });
  const rules = await ctx.deps.db.transaction().execute(async (trx) => {
    const out: ImportResult['rules'] = [];
    for (const r of accepted) {
      const row = await insertRule(ctx, trx, { ...r.spec, id: r.id, name: r.name, enabled: r.enabled });
      out.push({ id: row.id, name: row.name, enabled: row.enabled === 1 });
    }
    await recordAudit(ctx, { action: 'automations.rules_imported', details: { imported: out.length, unresolved: unresolved.length } }, trx);
    return out;
  });
  return { imported: rules.length, rules, unresolved };
}

/** True when the portal has automation rules (an export restores only into a portal without any). */
export async function hasAutomationRules(ctx: PortalContext): Promise<boolean> {
  return !!(await scopeOf(ctx).selectFrom('automation_rules').select('id').limit(1).executeTakeFirst());
}

/**
 * Undoes the automations part of a portal import that failed or was interrupted (POR-8):
 * the rules with what they ran. The portal had none before (see hasAutomationRules).
 */
export async function clearImportedAutomations(ctx: PortalContext, trx: Executor): Promise<void> {
  const s = scopeOf(ctx, trx);
  await s.deleteFrom('automation_run_actions').execute();
  await s.deleteFrom('automation_runs').execute();
  await s.deleteFrom('automation_events').execute();
  await s.deleteFrom('automation_rules').execute();
}
/**
 * The rules' history in a portal export (POR-6): the run log (each run with the
 * event it handled, each action's outcome) and which tasks were already reported
 * overdue for which due time, so that a restored portal does not fire `task.overdue`
 * again for them. The rules themselves are automations.json; a run's rule_id is the
 * exported rule's id, which the import gives the rule it recreates.
 */
const runs = portableTable({
  entity: 'automation_runs',
  table: 'automation_runs',
  orderBy: 'started_at',
  columns: columns('id:id', 'rule_id:ref', 'event_id:ref', 'state', 'reason?', 'event:json', 'started_at', 'finished_at?'),
  toRow: (r) => ({
    id: text(r.id),
    rule_id: text(r.rule_id),
    // The queue of events is not exported (excluded.ts): the id only keeps (rule, event) unique; `event` has what happened.
    event_id: text(r.event_id),
    state: text(r.state) as RunState,
    reason: textOrNull(r.reason),
    event: text(r.event) || '{}',
    started_at: text(r.started_at),
    finished_at: textOrNull(r.finished_at),
  }),
});

const runActions = portableTable({
  entity: 'automation_run_actions',
  table: 'automation_run_actions',
  columns: columns('id:id', 'run_id:ref', 'position:int', 'type', 'status', 'detail?', 'attempts:int', 'request:json?', 'created_at', 'updated_at'),
  toRow: (r) => ({
    id: text(r.id),
    run_id: text(r.run_id),
    position: int(r.position),
    type: text(r.type),
    status: text(r.status) as ActionStatus,
    detail: textOrNull(r.detail),
    attempts: int(r.attempts),
    request: textOrNull(r.request),
    created_at: text(r.created_at),
    updated_at: text(r.updated_at),
  }),
});

const markColumns = columns('task_id:ref', 'due_at', 'created_at');

const overdueMarks: PortableTable = {
  entity: 'automation_overdue_marks',
  tables: ['automation_overdue_marks'],
  columns: markColumns,
  count: async (ctx) =>
    Number(
      (
        await scopeOf(ctx)
          .selectFrom('automation_overdue_marks')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  pages(ctx) {
    const rows = pagedRows<AutomationOverdueMarkRow>((after, limit) => {
      let q = scopeOf(ctx).selectFrom('automation_overdue_marks').selectAll().orderBy('task_id').orderBy('due_at').limit(limit);
      if (after) q = q.where(afterKey('task_id', 'due_at', [after.task_id, after.due_at]));
      return q.execute();
    });
    return recordPages(markColumns, rows as AsyncIterable<AutomationOverdueMarkRow & Record<string, string>>);
  },
  insert: async (ctx, trx, records) => {
    const rows = records.map((r) => ({ task_id: text(r.task_id), due_at: text(r.due_at), created_at: text(r.created_at) }));
    if (rows.length) await scopeOf(ctx, trx).insertInto('automation_overdue_marks', rows).execute();
  },
  clear: async (ctx, trx) => {
    await scopeOf(ctx, trx).deleteFrom('automation_overdue_marks').execute();
  },
};

export const automationsPortable: PortableModule = {
  name: 'automations',
  tables: [runs, runActions, overdueMarks],
  isEmpty: (ctx) => noRows(ctx, ['automation_runs']),
};
