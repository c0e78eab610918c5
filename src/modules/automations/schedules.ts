import type { Executor } from '../../db/scope.js';
import type { JobHandler } from '../../kernel/jobs/runner.js';
import { nowIso, scopeOf, systemContext, type PortalContext } from '../../kernel/context.js';
import { listTasksFallingDue } from '../tasks/index.js';
import * as repo from './automations.repo.js';
import type { Trigger } from './automations.schema.js';
import type { AutomationRuleRow } from '../../db/tables/automations.js';
import { recordEvent } from './automations.events.js';
import { ensureSettings } from './settings.service.js';
import { nextRunAfter } from './triggers.js';

/**
 * Time-driven triggers, each a chain of jobs that re-schedules itself:
 * - `schedule` {cron, timeZone}: one job per rule, at its next cron time. The rule
 *   row holds that time; a job whose time is no longer the rule's (the rule was
 *   changed, disabled or deleted) does nothing, so a change never leaves two chains.
 * - `task.overdue`: a scan per portal every few minutes while an enabled rule listens;
 *   a task fires once per due time (automation_overdue_marks).
 * Times are the portal's (its test clock, if moved), like billing's renewals.
 */

export const SCHEDULE_JOB = 'automations.schedule';
export const OVERDUE_JOB = 'automations.overdue_scan';
export const OVERDUE_SCAN_EVERY_MS = 5 * 60_000;
/** Tasks that fell due longer ago than this when first seen (e.g. before the first rule) do not fire. */
export const OVERDUE_LOOKBACK_MS = 7 * 86_400_000;

const portalNow = (ctx: PortalContext) => ctx.deps.clock.now(ctx.portalId);

/** Sets the rule's next scheduled run (or clears it) and queues the job for it. Returns that time. */
export async function armSchedule(ctx: PortalContext, trx: Executor, row: AutomationRuleRow): Promise<string | null> {
  const trigger = JSON.parse(row.trigger_spec) as Trigger;
  const next = row.enabled && trigger.type === 'schedule' ? nextRunAfter(trigger.cron, trigger.timeZone, portalNow(ctx)).toISOString() : null;
  if (next === row.next_run_at) return next;
  await scopeOf(ctx, trx).updateTable('automation_rules', { next_run_at: next }).where('id', '=', row.id).execute();
  if (next) await enqueueTick(ctx, trx, row.id, next);
  return next;
}

const enqueueTick = (ctx: PortalContext, trx: Executor, ruleId: string, at: string) =>
  ctx.deps.jobs.enqueue(trx, SCHEDULE_JOB, { ruleId, at }, { portalId: ctx.portalId, runAt: new Date(at), dedupeKey: `${SCHEDULE_JOB}:${ruleId}:${at}` });

export const scheduleTickJob: JobHandler<{ ruleId: string; at: string }> = async (deps, job) => {
  if (!job.portalId) return;
  const ctx = systemContext(deps, job.portalId);
  await deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const row = await repo.findRule(s, job.payload.ruleId);
    if (!row || row.enabled !== 1 || row.next_run_at !== job.payload.at) return; // changed since: a newer tick is queued
    const trigger = JSON.parse(row.trigger_spec) as Trigger;
    if (trigger.type !== 'schedule') return;
    await recordEvent(ctx, trx, { type: 'schedule', entity: null, recordId: null, ruleId: row.id, data: { scheduledAt: job.payload.at } });
    // From the later of now and the tick, so that a late tick does not fire again for the times it missed.
    const after = new Date(Math.max(portalNow(ctx).getTime(), Date.parse(job.payload.at)));
    const next = nextRunAfter(trigger.cron, trigger.timeZone, after).toISOString();
    await s.updateTable('automation_rules', { next_run_at: next }).where('id', '=', row.id).execute();
    await enqueueTick(ctx, trx, row.id, next);
  });
};

// --- task.overdue -----------------------------------------------------------------------------

/** Starts the portal's overdue scan unless one is already on its way. */
export async function armOverdueScan(ctx: PortalContext, trx: Executor): Promise<void> {
  const settings = await ensureSettings(ctx, trx);
  const now = portalNow(ctx);
  const current = settings.overdue_next_scan_at;
  // A scan due long ago belongs to a chain that broke (its job failed for good): start a new one.
  if (current && Date.parse(current) > now.getTime() - 4 * OVERDUE_SCAN_EVERY_MS) return;
  const at = now.toISOString();
  if (await repo.moveOverdueScan(scopeOf(ctx, trx), current, at, at)) await enqueueScan(ctx, trx, at);
}

const enqueueScan = (ctx: PortalContext, trx: Executor, at: string) =>
  ctx.deps.jobs.enqueue(trx, OVERDUE_JOB, { at }, { portalId: ctx.portalId, runAt: new Date(at), dedupeKey: `${OVERDUE_JOB}:${ctx.portalId}:${at}` });

const SCAN_BATCH = 1000;

/**
 * Emits `task.overdue` for each task not done whose due time passed since the
 * last scan (or that changed since then and is overdue: a due date moved into
 * the past, a reopened task), once per task and due time. Returns how far it got:
 * the next scan starts there.
 */
export async function scanOverdueTasks(ctx: PortalContext, now: Date, scannedTo: string | null): Promise<string> {
  const nowIso = now.toISOString();
  const lookback = new Date(now.getTime() - OVERDUE_LOOKBACK_MS).toISOString();
  const from = scannedTo && scannedTo > lookback ? scannedTo : lookback;
  const due = await listTasksFallingDue(ctx, { from, to: nowIso, limit: SCAN_BATCH });
  const changed = scannedTo ? await listTasksFallingDue(ctx, { from: lookback, to: nowIso, changedSince: scannedTo, limit: SCAN_BATCH }) : [];
  for (const task of [...due, ...changed]) await fireOverdue(ctx, task);
  // Marks older than the look-back can never match again.
  await scopeOf(ctx)
    .deleteFrom('automation_overdue_marks')
    .where('due_at', '<', new Date(now.getTime() - OVERDUE_LOOKBACK_MS - 86_400_000).toISOString())
    .execute();
  // A full batch: more may be due in the same window; the next scan goes on from the last one seen.
  return due.length === SCAN_BATCH ? new Date(Date.parse(due.at(-1)!.dueAt) - 1).toISOString() : nowIso;
}

async function fireOverdue(ctx: PortalContext, task: { id: string; dueAt: string }): Promise<void> {
  await ctx.deps.db.transaction().execute(async (trx) => {
    const res = await scopeOf(ctx, trx)
      .insertInto('automation_overdue_marks', { task_id: task.id, due_at: task.dueAt, created_at: nowIso(ctx) })
      .onConflict((oc) => oc.columns(['portal_id', 'task_id', 'due_at']).doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return;
    await recordEvent(ctx, trx, { type: 'task.overdue', entity: 'task', recordId: task.id, data: { dueAt: task.dueAt }, ruleId: null });
  });
}

export const overdueScanJob: JobHandler<{ at: string }> = async (deps, job) => {
  if (!job.portalId) return;
  const ctx = systemContext(deps, job.portalId);
  const s = scopeOf(ctx);
  const settings = await repo.findSettings(s);
  if (settings?.overdue_next_scan_at !== job.payload.at) return; // a newer scan took over
  if (!(await repo.anyEnabledRule(s, 'task.overdue', null))) {
    await repo.moveOverdueScan(s, job.payload.at, null, nowIso(ctx));
    return;
  }
  const now = portalNow(ctx);
  const scannedTo = await scanOverdueTasks(ctx, now, settings.overdue_scanned_to);
  const next = new Date(now.getTime() + OVERDUE_SCAN_EVERY_MS).toISOString();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.moveOverdueScan(scopeOf(ctx, trx), job.payload.at, next, nowIso(ctx)))) return;
    await scopeOf(ctx, trx).updateTable('automation_settings', { overdue_scanned_to: scannedTo }).execute();
    await enqueueScan(ctx, trx, next);
  });
};
