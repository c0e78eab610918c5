import { sql } from 'kysely';
import { nowIso, scopeOf, systemContext, type AppDeps, type PortalContext } from '../../kernel/context.js';
import type { BusyTimeChange } from '../../kernel/busy-time.js';
import type { RecordEvent } from '../../kernel/events.js';
import type { JobHandler } from '../../kernel/jobs/runner.js';
import type { Executor } from '../../db/scope.js';
import { recordAudit } from '../audit/index.js';
import { ensureDefaultCalendar, eventInstants, listBusyIntervals, moveTimedEvent } from '../calendar/index.js';
import { listOpenTasksWithEstimates } from '../tasks/index.js';
import { GRID, MIN_CHUNK, PRIORITY, placeBlock, removeBlocks } from './autoschedule.service.js';
import { hoursOf } from './availability.service.js';
import { lockHosts } from './booking.tx.js';
import { busyMinutes, personFree, ZoneCache } from './engine.js';
import { toWorkingHours } from './hours.js';
import { floorMinute } from './intervals.js';
import { replan } from './replace.js';
import { isoOfMinute } from './window.js';

/**
 * Re-placing auto-scheduled blocks when the calendar changes (SCH-4, ADR 0024).
 *
 * A change of a user's busy time (kernel port, src/kernel/busy-time.ts), of a task
 * that has blocks, or a booking asks for a re-placement: one row per user in
 * `scheduling_replacements`, its `version` counting the changes, and one job per
 * row, due REPLACE_DELAY_MS after the first change, so that a burst of changes is
 * one run. The job re-places in one transaction and removes the row only if no
 * change came in meanwhile; otherwise it queues the next run. Only the change that
 * creates the row queues a job, so there is never more than one per user.
 */

export const REPLACE_JOB = 'scheduling.replace_blocks';
/** How long changes are gathered before a run, on the portal clock. */
export const REPLACE_DELAY_MS = 45_000;
/** How far ahead displaced blocks may go. */
export const REPLACE_HORIZON_DAYS = 28;
const MAX_ATTEMPTS = 5;

const nowMinute = (ctx: PortalContext) => Math.ceil(ctx.deps.clock.now(ctx.portalId).getTime() / 60_000 / GRID) * GRID;

/** Asks for a re-placement of these users' blocks, in the caller's transaction (users without movable future blocks are skipped). */
export async function requestReplacement(ctx: PortalContext, executor: Executor, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  const s = scopeOf(ctx, executor);
  const now = ctx.deps.clock.now(ctx.portalId);
  const users = await s
    .selectFrom('scheduling_blocks')
    .select('user_id')
    .distinct()
    .where('user_id', 'in', [...new Set(userIds)])
    .where('pinned', '=', 0)
    .where('end_utc', '>', now.toISOString())
    .execute();
  for (const { user_id: userId } of users.sort((a, b) => a.user_id.localeCompare(b.user_id))) {
    const row = await s
      .insertInto('scheduling_replacements', { user_id: userId, version: 1, requested_at: now.toISOString() })
      .onConflict((oc) =>
        oc.columns(['portal_id', 'user_id']).doUpdateSet({ version: sql<number>`scheduling_replacements.version + 1`, requested_at: now.toISOString() }),
      )
      .returning('version')
      .executeTakeFirstOrThrow();
    if (Number(row.version) === 1) await enqueueRun(ctx, executor, userId);
  }
}

function enqueueRun(ctx: PortalContext, executor: Executor, userId: string) {
  const runAt = new Date(ctx.deps.clock.now(ctx.portalId).getTime() + REPLACE_DELAY_MS);
  return ctx.deps.jobs.enqueue(executor, REPLACE_JOB, { userId }, { portalId: ctx.portalId, runAt, maxAttempts: MAX_ATTEMPTS });
}

/**
 * The reaction to a change of busy time (wired in src/server/compose.ts). A block's
 * event moved by hand is pinned where the user put it; one deleted by hand is no
 * block any more. Then the users' blocks are re-placed by the job.
 */
export async function onBusyTimeChange(ctx: PortalContext, executor: Executor, change: BusyTimeChange): Promise<void> {
  const s = scopeOf(ctx, executor);
  const eventIds = [...new Set(change.eventIds ?? [])];
  if (eventIds.length) {
    const blocks = await s.selectFrom('scheduling_blocks').selectAll().where('event_id', 'in', eventIds).execute();
    const now = await eventInstants(
      ctx,
      executor,
      blocks.map((b) => b.event_id),
    );
    for (const b of blocks) {
      const at = now.get(b.event_id);
      if (!at) await s.deleteFrom('scheduling_blocks').where('id', '=', b.id).execute();
      else if (at.startMs !== Date.parse(b.start_utc) || at.endMs !== Date.parse(b.end_utc))
        await s
          .updateTable('scheduling_blocks', {
            pinned: 1,
            start_utc: new Date(at.startMs).toISOString(),
            ...(at.endMs !== null ? { end_utc: new Date(at.endMs).toISOString() } : {}),
          })
          .where('id', '=', b.id)
          .execute();
    }
  }
  await requestReplacement(ctx, executor, change.userIds);
}

const TASK_FIELDS = ['estimateMinutes', 'dueAt', 'status', 'assigneeId'];

/** The reaction to a task's change (a record event): its estimate, due date, status or assignee moves its blocks. */
export async function onTaskChange(ctx: PortalContext, executor: Executor, event: RecordEvent): Promise<void> {
  if (event.entity !== 'task' || event.type !== 'record.updated' || !TASK_FIELDS.some((f) => event.changes?.[f])) return;
  const users = await scopeOf(ctx, executor).selectFrom('scheduling_blocks').select('user_id').distinct().where('task_id', '=', event.recordId).execute();
  await requestReplacement(
    ctx,
    executor,
    users.map((u) => u.user_id),
  );
}

/** The job: re-places one user's blocks, then finishes the request or, when changes came in meanwhile, queues the next run. */
export const replaceBlocksJob: JobHandler<{ userId: string }> = async (deps: AppDeps, job) => {
  const ctx = systemContext(deps, job.portalId!);
  const { userId } = job.payload;
  try {
    const request = await scopeOf(ctx).selectFrom('scheduling_replacements').selectAll().where('user_id', '=', userId).executeTakeFirst();
    if (!request) return;
    await replaceBlocks(ctx, userId, async (trx) => {
      const done = await scopeOf(ctx, trx)
        .deleteFrom('scheduling_replacements')
        .where('user_id', '=', userId)
        .where('version', '=', request.version)
        .executeTakeFirst();
      if (Number(done.numDeletedRows) === 0) await enqueueRun(ctx, trx, userId);
    });
  } catch (err) {
    // Given up: the next change starts afresh instead of waiting for a job that will not come.
    if (job.attempt >= MAX_ATTEMPTS) await scopeOf(ctx).deleteFrom('scheduling_replacements').where('user_id', '=', userId).execute();
    throw err;
  }
};

/** Re-places the user's blocks that no longer fit (see replace.ts); `finish` runs in the same transaction. */
export async function replaceBlocks(ctx: PortalContext, userId: string, finish: (trx: Executor) => Promise<void> = async () => {}) {
  const from = nowMinute(ctx);
  const s = scopeOf(ctx);
  const blocks = await s.selectFrom('scheduling_blocks').selectAll().where('user_id', '=', userId).where('end_utc', '>', isoOfMinute(from)).execute();
  const lastEnd = Math.max(from, ...blocks.map((b) => floorMinute(Date.parse(b.end_utc))));
  const to = Math.max(from + REPLACE_HORIZON_DAYS * 1440, lastEnd);
  const tasks = await listOpenTasksWithEstimates(ctx, userId);
  const zone = (await hoursOf(ctx, [userId])).get(userId)!.doc;
  const busy = await listBusyIntervals(ctx, [userId], isoOfMinute(from), isoOfMinute(to), { excludeEventIds: new Set(blocks.map((b) => b.event_id)) });
  const { free } = personFree(new ZoneCache(from, to), {
    hours: toWorkingHours(zone),
    busy: busyMinutes(busy.map((b) => ({ startMs: Date.parse(b.start), endMs: Date.parse(b.end) }))),
    from,
    to,
  });
  const toPlace = tasks.map((t) => ({
    id: t.id,
    priority: PRIORITY[t.priority] ?? 1,
    due: t.dueAt ? floorMinute(Date.parse(t.dueAt)) : null,
    minutes: t.estimateMinutes ?? 0,
  }));
  const plan = replan({
    blocks: blocks.map((b) => ({
      id: b.id,
      taskId: b.task_id,
      start: floorMinute(Date.parse(b.start_utc)),
      end: floorMinute(Date.parse(b.end_utc)),
      pinned: b.pinned === 1,
      plannedEstimate: b.task_estimate_minutes,
    })),
    tasks: toPlace,
    free,
    from,
    to,
    minChunk: MIN_CHUNK,
  });
  const byId = new Map(blocks.map((b) => [b.id, b]));
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  const changed = plan.remove.length + plan.resize.length + plan.add.length > 0;
  if (changed) await ensureDefaultCalendar(ctx, userId);
  await ctx.deps.db.transaction().execute(async (trx) => {
    const t = scopeOf(ctx, trx);
    await lockHosts(ctx, trx, [userId]);
    // Blocks moved, pinned or removed since they were read (by hand, by a manual run) are left alone this time.
    const current = new Map(
      (await t.selectFrom('scheduling_blocks').selectAll().where('user_id', '=', userId).where('end_utc', '>', isoOfMinute(from)).execute()).map((b) => [
        b.id,
        b,
      ]),
    );
    const unchanged = (id: string) => {
      const a = byId.get(id)!;
      const b = current.get(id);
      return !!b && b.pinned === 0 && b.start_utc === a.start_utc && b.end_utc === a.end_utc;
    };
    const removed = plan.remove.filter(unchanged).map((id) => byId.get(id)!);
    await removeBlocks(ctx, trx, removed);
    const resized = plan.resize.filter((r) => unchanged(r.id));
    for (const r of resized) {
      const b = byId.get(r.id)!;
      await moveTimedEvent(ctx, trx, b.event_id, Date.parse(b.start_utc), r.end * 60_000, zone.timeZone);
      await t
        .updateTable('scheduling_blocks', { end_utc: isoOfMinute(r.end) })
        .where('id', '=', r.id)
        .execute();
    }
    const at = nowIso(ctx);
    for (const p of plan.add) {
      const task = taskById.get(p.taskId)!;
      await placeBlock(ctx, trx, { userId, task, start: p.start, end: p.end, timeZone: zone.timeZone, at });
    }
    // The plan now answers to the tasks as they are.
    for (const task of tasks.filter((x) => !plan.unplaced.includes(x.id))) {
      await t
        .updateTable('scheduling_blocks', { task_estimate_minutes: task.estimateMinutes, task_due_at: task.dueAt })
        .where('user_id', '=', userId)
        .where('task_id', '=', task.id)
        .execute();
    }
    if (changed)
      await recordAudit(
        ctx,
        {
          action: 'scheduling.blocks_replaced',
          targetType: 'user',
          targetId: userId,
          details: { removed: removed.length, resized: resized.length, placed: plan.add.length, unplaced: plan.unplaced.length },
        },
        trx,
      );
    await finish(trx);
  });
  return plan;
}
