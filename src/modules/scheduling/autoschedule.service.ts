import type { Executor } from '../../db/scope.js';
import type { SchedulingBlockRow } from '../../db/tables/scheduling.js';
import { actorUserId, nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import { forbidden, getUsers } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { requireFeature } from '../billing/index.js';
import { deleteEventsById, ensureDefaultCalendar, insertTimedEvent, listBusyIntervals } from '../calendar/index.js';
import { listOpenTasksWithEstimates } from '../tasks/index.js';
import { autoSchedule, type TaskToPlace, type Unplaced } from './autoschedule.js';
import { callerOrThrow, hoursOf } from './availability.service.js';
import { formatInZone } from './booking.mail.js';
import { lockHosts } from './booking.tx.js';
import { busyMinutes, personFree, ZoneCache } from './engine.js';
import { toWorkingHours } from './hours.js';
import { floorMinute } from './intervals.js';
import { listBlocksFrom } from './scheduling.repo.js';
import { isoOfMinute, parseWindow } from './window.js';
import { newId } from '../../kernel/ids.js';

export const MAX_AUTO_DAYS = 92;
/** Shortest block worth working in. */
export const MIN_CHUNK = 30;
/** Blocks start on the quarter hour. */
export const GRID = 15;

export const PRIORITY: Record<string, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

const hours = (m: number) => (m % 60 === 0 ? `${m / 60} h` : m > 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min`);

function explain(u: Unplaced, task: { estimateMinutes: number | null; dueAt: string | null }, zone: string): string {
  const due = task.dueAt ? formatInZone(Date.parse(task.dueAt), zone) : '';
  if (u.reason === 'overdue') return `It was due ${due}; give it a new due date to place it`;
  if (u.reason === 'deadline')
    return `Needs ${hours(task.estimateMinutes!)} before its due date (${due}), but only ${hours(u.availableMinutes)} of free working time is left before then`;
  return `Needs ${hours(task.estimateMinutes!)}, but only ${hours(u.availableMinutes)} of free working time is left in the range`;
}

export const blockDescription = (ctx: PortalContext, taskId: string) => `Auto-scheduled work on task: ${ctx.deps.config.BASE_URL}/app/tasks/${taskId}`;

/**
 * Auto-scheduling (SCH-4): places the user's open tasks with estimates as
 * blocks in their calendar, replacing the blocks an earlier run placed from
 * `from` on. Blocks that already started stay (work in progress), and so do
 * pinned blocks: they count as the task's time and as busy time (ADR 0024).
 */
export async function runAutoSchedule(ctx: PortalContext, input: { userId?: string; from: string; to: string }) {
  const me = callerOrThrow(ctx);
  const userId = input.userId ?? me;
  const user = (await getUsers(ctx)).find((u) => u.id === userId);
  if (!user) throw notFound('User');
  if (userId !== me && !(ctx.actor.type === 'user' && (ctx.actor.role === 'admin' || ctx.actor.role === 'owner')))
    throw await forbidden(ctx.deps, ctx.portalId, 'admin');
  await requireFeature(ctx, 'auto_scheduling');

  const window = parseWindow(input.from, input.to, MAX_AUTO_DAYS);
  const now = Math.ceil(ctx.deps.clock.now(ctx.portalId).getTime() / 60_000 / GRID) * GRID;
  const from = Math.max(window.from, now);
  const to = window.to;
  const s = scopeOf(ctx);
  const previous = await listBlocksFrom(s, userId, isoOfMinute(from));
  const pinnedMinutes = new Map<string, number>();
  for (const b of previous)
    if (b.pinned === 1 && Date.parse(b.start_utc) >= from * 60_000)
      pinnedMinutes.set(b.task_id, (pinnedMinutes.get(b.task_id) ?? 0) + (Date.parse(b.end_utc) - Date.parse(b.start_utc)) / 60_000);
  const tasks = await listOpenTasksWithEstimates(ctx, userId);
  const userHours = (await hoursOf(ctx, [userId])).get(userId)!;
  const zone = userHours.doc.timeZone;

  const busy =
    to > from
      ? await listBusyIntervals(ctx, [userId], isoOfMinute(from), isoOfMinute(to), {
          excludeEventIds: new Set(previous.filter((b) => b.pinned === 0).map((b) => b.event_id)),
        })
      : [];
  const zones = new ZoneCache(from, Math.max(to, from + 1));
  const { free } = personFree(zones, {
    hours: toWorkingHours(userHours.doc),
    busy: busyMinutes(busy.map((b) => ({ startMs: Date.parse(b.start), endMs: Date.parse(b.end) }))),
    from,
    to: Math.max(to, from),
  });
  const toPlace: TaskToPlace[] = tasks.map((t) => ({
    id: t.id,
    priority: PRIORITY[t.priority] ?? 1,
    due: t.dueAt ? floorMinute(Date.parse(t.dueAt)) : null,
    minutes: (t.estimateMinutes ?? 0) - (pinnedMinutes.get(t.id) ?? 0),
  }));
  const result = autoSchedule(toPlace, free, { from, to: Math.max(to, from), minChunk: MIN_CHUNK });
  const byId = new Map(tasks.map((t) => [t.id, t]));

  await ensureDefaultCalendar(ctx, userId);
  const placed: { taskId: string; title: string; eventId: string; start: string; end: string }[] = [];
  const removed = await ctx.deps.db.transaction().execute(async (trx) => {
    const t = scopeOf(ctx, trx);
    await lockHosts(ctx, trx, [userId]);
    const stale = await t
      .selectFrom('scheduling_blocks')
      .selectAll()
      .where('user_id', '=', userId)
      .where('start_utc', '>=', isoOfMinute(from))
      .where('pinned', '=', 0)
      .execute();
    await removeBlocks(ctx, trx, stale);
    const at = nowIso(ctx);
    for (const p of result.placements) {
      const task = byId.get(p.taskId)!;
      const event = await placeBlock(ctx, trx, { userId, task, start: p.start, end: p.end, timeZone: zone, at });
      placed.push({ taskId: task.id, title: task.title, eventId: event.id, start: isoOfMinute(p.start), end: isoOfMinute(p.end) });
    }
    // Pinned blocks now answer to the task as it is.
    for (const task of tasks)
      if (pinnedMinutes.has(task.id))
        await t
          .updateTable('scheduling_blocks', { task_estimate_minutes: task.estimateMinutes, task_due_at: task.dueAt })
          .where('user_id', '=', userId)
          .where('task_id', '=', task.id)
          .execute();
    await recordAudit(
      ctx,
      {
        action: 'scheduling.auto_scheduled',
        targetType: 'user',
        targetId: userId,
        details: { placed: placed.length, unplaced: result.unplaced.length, removed: stale.length, by: actorUserId(ctx) },
      },
      trx,
    );
    return stale.length;
  });
  return {
    placed,
    unplaced: result.unplaced.map((u) => {
      const task = byId.get(u.taskId)!;
      return { taskId: u.taskId, title: task.title, reason: u.reason, message: explain(u, task, zone) };
    }),
    removedBlocks: removed,
  };
}

/** Removes blocks and the calendar events that show them, in the caller's transaction. */
export async function removeBlocks(ctx: PortalContext, trx: Executor, blocks: readonly Pick<SchedulingBlockRow, 'id' | 'event_id'>[]): Promise<void> {
  if (blocks.length === 0) return;
  await deleteEventsById(
    ctx,
    trx,
    blocks.map((b) => b.event_id),
  );
  await scopeOf(ctx, trx)
    .deleteFrom('scheduling_blocks')
    .where(
      'id',
      'in',
      blocks.map((b) => b.id),
    )
    .execute();
}

/** Puts a block for a task into the user's calendar: its event and its row, in the caller's transaction. */
export async function placeBlock(
  ctx: PortalContext,
  trx: Executor,
  b: {
    userId: string;
    task: { id: string; title: string; estimateMinutes: number | null; dueAt: string | null };
    start: number;
    end: number;
    timeZone: string;
    at: string;
  },
): Promise<{ id: string }> {
  const event = await insertTimedEvent(ctx, trx, {
    ownerUserId: b.userId,
    title: b.task.title,
    description: blockDescription(ctx, b.task.id),
    startMs: b.start * 60_000,
    endMs: b.end * 60_000,
    timeZone: b.timeZone,
  });
  await scopeOf(ctx, trx)
    .insertInto('scheduling_blocks', {
      id: newId(),
      user_id: b.userId,
      task_id: b.task.id,
      event_id: event.id,
      start_utc: isoOfMinute(b.start),
      end_utc: isoOfMinute(b.end),
      pinned: 0,
      task_estimate_minutes: b.task.estimateMinutes,
      task_due_at: b.task.dueAt,
      created_at: b.at,
    })
    .execute();
  return event;
}
