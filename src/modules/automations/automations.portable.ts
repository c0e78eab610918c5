import type { Executor } from '../../db/scope.js';
import { scopeOf, type PortalContext } from '../../kernel/context.js';
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
      return { name: r.name, enabled: r.enabled, ...spec, references: referencesOf(spec, dir!) };
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
export async function importAutomationsDocument(ctx: PortalContext, doc: unknown): Promise<ImportResult> {
  const parsed = importBody.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.') || 'document';
    throw new AppError('VALIDATION_FAILED', `${path} ${issue.message}`, { fields: [{ path, message: issue.message }] });
  }
  const dir = await loadDirectory(ctx);
  const unresolved: ImportResult['unresolved'] = [];
  const accepted: { name: string; enabled: boolean; spec: ReturnType<typeof normalizeRule> }[] = [];
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
    accepted.push({ name: one.data.name, enabled: one.data.enabled && missing.length === 0, spec });
  });
  const rules = await ctx.deps.db.transaction().execute(async (trx) => {
    const out: ImportResult['rules'] = [];
    for (const r of accepted) {
      const row = await insertRule(ctx, trx, { ...r.spec, name: r.name, enabled: r.enabled });
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
