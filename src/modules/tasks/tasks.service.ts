import { actorUserId, nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { searchKey } from '../../kernel/text.js';
import { recordAudit } from '../audit/index.js';
import { emitRecordEvent, recordChanges } from '../../kernel/events.js';
import { getUser } from '../accounts/index.js';
import { crmRecordExists } from '../crm/index.js';
import { completedAtAfter, dueSortKey, priorityRank, toUtcInstant, wouldCreateCycle } from './tasks.domain.js';
import { queryTasks } from './tasks.list.js';
import {
  ancestorIds,
  descendantIds,
  deleteTasksById,
  endOfColumn,
  findTask,
  linksOf,
  replaceLinks,
  taskExists,
  tasksWithCounts,
  withTaskNumbers,
  type TaskWithCounts,
} from './tasks.repo.js';
import type { CreateTaskInput, TaskListQuery, TaskOut, UpdateTaskInput } from './tasks.schema.js';
import type { TaskLinkRow, TaskRow } from '../../db/tables/tasks.js';
import type { Executor } from '../../db/scope.js';
import { isProjectOfPortal } from './projects.service.js';
import { invalidReference } from './tasks.refs.js';
import { publishLive } from '../../kernel/live.js';
import { newId } from '../../kernel/ids.js';

export const toTaskOut = (r: TaskWithCounts, links: TaskLinkRow[] = []): TaskOut => ({
  id: r.id,
  title: r.title,
  description: r.description,
  status: r.status,
  priority: r.priority,
  assigneeId: r.assignee_id,
  dueAt: r.due_at,
  estimateMinutes: r.estimate_minutes === null ? null : Number(r.estimate_minutes),
  parentId: r.parent_id,
  projectId: r.project_id,
  links: links.map((l) => ({ type: l.record_type, id: l.record_id })),
  position: r.position,
  completedAt: r.completed_at,
  subtaskCount: r.subtask_count,
  commentCount: r.comment_count,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

async function present(ctx: PortalContext, rows: TaskWithCounts[]): Promise<TaskOut[]> {
  const links = await linksOf(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toTaskOut(r, links.get(r.id)));
}

/** One task of the caller's portal (for other modules too); 404 when there is none. */
export async function getTask(ctx: PortalContext, id: string): Promise<TaskOut> {
  const row = await findTask(ctx, id);
  if (!row) throw notFound('Task');
  return (await present(ctx, [row]))[0]!;
}

export async function listTasks(ctx: PortalContext, query: TaskListQuery): Promise<{ items: TaskOut[]; nextCursor: string | null }> {
  const assigneeId = query.assigneeId === 'me' ? (actorUserId(ctx) ?? 'none') : query.assigneeId;
  const { page, nextCursor } = await queryTasks(ctx, { ...query, assigneeId });
  return { items: await present(ctx, page), nextCursor };
}

/**
 * For auto-scheduling (SCH-4): a user's tasks that are not done and have an estimate,
 * most urgent first, then by due date (no due date last).
 */
export async function listOpenTasksWithEstimates(ctx: PortalContext, userId: string): Promise<TaskOut[]> {
  const rows = await tasksWithCounts(ctx)
    .where('tasks.assignee_id', '=', userId)
    .where('tasks.status', '!=', 'done')
    .where('tasks.estimate_minutes', 'is not', null)
    .orderBy('tasks.priority_rank', 'desc')
    .orderBy('tasks.due_sort', 'asc')
    .orderBy('tasks.id', 'asc')
    .execute();
  return present(ctx, rows.map(withTaskNumbers));
}

/**
 * For automations' overdue detector (AUT-1): tasks not done whose due time is in
 * (from, to], earliest first; with `changedSince`, only those changed since then
 * (a due date moved into the past, a task reopened).
 */
export async function listTasksFallingDue(
  ctx: PortalContext,
  q: { from: string; to: string; changedSince?: string; limit: number },
): Promise<{ id: string; dueAt: string }[]> {
  let query = scopeOf(ctx)
    .selectFrom('tasks')
    .select(['id', 'due_sort'])
    .where('status', '!=', 'done')
    .where('due_sort', '>', q.from)
    .where('due_sort', '<=', q.to);
  if (q.changedSince) query = query.where('updated_at', '>', q.changedSince);
  const rows = await query.orderBy('due_sort').orderBy('id').limit(q.limit).execute();
  return rows.map((r) => ({ id: r.id, dueAt: r.due_sort }));
}

/** A task's deadline as the reminders module sees it. */
export interface TaskDeadline {
  id: string;
  title: string;
  assigneeId: string;
  dueAt: string;
}

/**
 * For reminders (task.due_soon, task.overdue): tasks not done, with an assignee, whose
 * due time is in (from, to], earliest first; with `changedSince`, only those changed
 * since then (a new due date, a new assignee, a task reopened).
 */
export async function listAssignedDeadlines(
  ctx: PortalContext,
  q: { from: string; to: string; changedSince?: string; limit: number },
): Promise<TaskDeadline[]> {
  let query = scopeOf(ctx)
    .selectFrom('tasks')
    .select(['id', 'title', 'assignee_id', 'due_sort'])
    .where('status', '!=', 'done')
    .where('assignee_id', 'is not', null)
    .where('due_at', 'is not', null)
    .where('due_sort', '>', q.from)
    .where('due_sort', '<=', q.to);
  if (q.changedSince) query = query.where('updated_at', '>=', q.changedSince);
  const rows = await query.orderBy('due_sort').orderBy('id').limit(q.limit).execute();
  return rows.map((r) => ({ id: r.id, title: r.title, assigneeId: r.assignee_id!, dueAt: r.due_sort }));
}

/** For reminders: the earliest due time after `after` of a task not done that has an assignee, or null. */
export async function nextAssignedDeadline(ctx: PortalContext, after: string): Promise<string | null> {
  const row = await scopeOf(ctx)
    .selectFrom('tasks')
    .select('due_sort')
    .where('status', '!=', 'done')
    .where('assignee_id', 'is not', null)
    .where('due_at', 'is not', null)
    .where('due_sort', '>', after)
    .orderBy('due_sort')
    .limit(1)
    .executeTakeFirst();
  return row?.due_sort ?? null;
}

interface References {
  assigneeId?: string | null;
  projectId?: string | null;
  parentId?: string | null;
  links?: { type: TaskLinkRow['record_type']; id: string }[];
}

/** Every id a task points at must be a record of the same portal; a parent must not close a loop. */
async function checkReferences(ctx: PortalContext, refs: References, taskId: string | null): Promise<void> {
  if (refs.assigneeId) {
    const user = await getUser(ctx, refs.assigneeId).catch((err) => {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
      throw err;
    });
    if (!user) throw invalidReference('assigneeId', 'is not a user of this portal');
    if (user.status !== 'active') throw invalidReference('assigneeId', 'is a deactivated user');
  }
  if (refs.projectId && !(await isProjectOfPortal(ctx, refs.projectId))) throw invalidReference('projectId', 'is not a project of this portal');
  if (refs.parentId) {
    if (!(await taskExists(ctx, refs.parentId))) throw invalidReference('parentId', 'is not a task of this portal');
    if (taskId && wouldCreateCycle(taskId, await ancestorIds(ctx, refs.parentId))) {
      throw new AppError('TASK_CYCLE', 'A task cannot be its own parent or a subtask of one of its subtasks', {
        fields: [{ path: 'parentId', message: 'would make a loop' }],
      });
    }
  }
  for (const [i, link] of (refs.links ?? []).entries()) {
    if (!(await crmRecordExists(ctx, link.type, link.id))) throw invalidReference(`links.${i}.id`, `is not a ${link.type} of this portal`);
  }
}

export async function createTask(ctx: PortalContext, input: CreateTaskInput): Promise<TaskOut> {
  await checkReferences(ctx, input, null);
  const at = nowIso(ctx);
  const id = newId();
  const dueAt = input.dueAt ? toUtcInstant(input.dueAt) : null;
  await ctx.deps.db.transaction().execute(async (trx) => {
    const row: Omit<TaskRow, 'portal_id'> = {
      id,
      project_id: input.projectId ?? null,
      parent_id: input.parentId ?? null,
      title: input.title,
      description: input.description ?? null,
      status: input.status,
      priority: input.priority,
      priority_rank: priorityRank(input.priority),
      assignee_id: input.assigneeId ?? null,
      due_at: dueAt,
      due_sort: dueSortKey(dueAt),
      estimate_minutes: input.estimateMinutes ?? null,
      position: input.position ?? (await endOfColumn(ctx, input.status, trx)),
      completed_at: completedAtAfter(null, input.status, at),
      search_text: searchKey(input.title),
      created_by: actorUserId(ctx),
      created_at: at,
      updated_at: at,
    };
    await scopeOf(ctx, trx).insertInto('tasks', row).execute();
    if (input.links?.length) await replaceLinks(ctx, trx, id, input.links, at);
    await emitRecordEvent(ctx, trx, { type: 'record.created', entity: 'task', recordId: id });
  });
  return getTask(ctx, id);
}

export async function updateTask(ctx: PortalContext, id: string, input: UpdateTaskInput): Promise<TaskOut> {
  const before = await findTask(ctx, id);
  if (!before) throw notFound('Task');
  // Only references that change are checked: a task may keep pointing at a since-deactivated assignee.
  await checkReferences(
    ctx,
    {
      assigneeId: input.assigneeId !== before.assignee_id ? input.assigneeId : undefined,
      projectId: input.projectId !== before.project_id ? input.projectId : undefined,
      parentId: input.parentId !== before.parent_id ? input.parentId : undefined,
      links: input.links,
    },
    id,
  );
  const at = nowIso(ctx);
  const dueAt = input.dueAt === undefined ? undefined : input.dueAt === null ? null : toUtcInstant(input.dueAt);
  const patch: Partial<Omit<TaskRow, 'portal_id' | 'id'>> = {
    ...(input.title !== undefined ? { title: input.title, search_text: searchKey(input.title) } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.status !== undefined
      ? { status: input.status, completed_at: completedAtAfter({ status: before.status, completedAt: before.completed_at }, input.status, at) }
      : {}),
    ...(input.priority !== undefined ? { priority: input.priority, priority_rank: priorityRank(input.priority) } : {}),
    ...(input.assigneeId !== undefined ? { assignee_id: input.assigneeId } : {}),
    ...(dueAt !== undefined ? { due_at: dueAt, due_sort: dueSortKey(dueAt) } : {}),
    ...(input.estimateMinutes !== undefined ? { estimate_minutes: input.estimateMinutes } : {}),
    ...(input.parentId !== undefined ? { parent_id: input.parentId } : {}),
    ...(input.projectId !== undefined ? { project_id: input.projectId } : {}),
    ...(input.position !== undefined ? { position: input.position } : {}),
  };
  if (Object.keys(patch).length === 0 && input.links === undefined) return getTask(ctx, id);
  await ctx.deps.db.transaction().execute(async (trx) => {
    await scopeOf(ctx, trx)
      .updateTable('tasks', { ...patch, updated_at: at })
      .where('id', '=', id)
      .execute();
    if (input.links !== undefined) await replaceLinks(ctx, trx, id, input.links, at);
    // Automations: board order and link edits are not changes of the task's fields.
    const changes = recordChanges(toTaskOut(before), toTaskOut({ ...before, ...patch, updated_at: at }), [
      'updatedAt',
      'position',
      'links',
      'subtaskCount',
      'commentCount',
    ]);
    await emitRecordEvent(ctx, trx, { type: 'record.updated', entity: 'task', recordId: id, changes });
    // Board order and links are no record event, but the boards and pages of everyone else must show them.
    if (Object.keys(changes).length === 0) await publishLive(ctx, trx, { type: 'change', change: { entity: 'task', id: id, action: 'updated' } });
  });
  return getTask(ctx, id);
}

/** Deletes a task with its comments and links. One with subtasks needs `deleteSubtasks`: they go too, all the way down. */
export async function deleteTask(ctx: PortalContext, id: string, opts: { deleteSubtasks?: boolean }): Promise<void> {
  const task = await findTask(ctx, id);
  if (!task) throw notFound('Task');
  await ctx.deps.db.transaction().execute(async (trx) => {
    const below = await descendantIds(ctx, id, trx);
    if (below.length > 0 && !opts.deleteSubtasks) {
      throw new AppError('TASK_HAS_SUBTASKS', `"${task.title}" has ${below.length} subtask(s). Delete them with it, or move them first.`, {
        subtaskCount: below.length,
      });
    }
    await deleteTasksById(ctx, trx, [id, ...below]);
    await publishLive(ctx, trx, { type: 'change', change: { entity: 'task', id: id, action: 'deleted' } });
    await recordAudit(
      ctx,
      { action: 'tasks.task_deleted', targetType: 'task', targetId: id, details: { title: task.title, deletedSubtasks: below.length } },
      trx,
    );
  });
}

/** For other modules (notifications): a task's title and assignee, read in the caller's transaction. */
export async function taskAssignee(
  ctx: PortalContext,
  id: string,
  executor: Executor = ctx.deps.db,
): Promise<{ title: string; assigneeId: string | null } | undefined> {
  const r = await scopeOf(ctx, executor).selectFrom('tasks').select(['title', 'assignee_id']).where('id', '=', id).executeTakeFirst();
  return r && { title: r.title, assigneeId: r.assignee_id };
}
