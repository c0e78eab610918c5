import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Executor } from '../../db/scope.js';
import type { DB } from '../../db/types.js';
import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { keyset, parseSort, toPage } from '../../kernel/pagination.js';
import { searchKey } from '../../kernel/text.js';
import { searchCondition } from '../../db/search.js';
import type { ProjectRow, TaskCommentRow, TaskLinkRow, TaskRow, TaskStatus } from '../../db/tables/tasks.js';
import type { ProjectListQuery } from './tasks.schema.js';

/** Queries on the tasks module's tables, always through the portal scope of the context. */

const CHUNK = 500;
export const chunks = <T>(xs: T[]): T[][] => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

// --- Projects ---------------------------------------------------------------------------------
export type ProjectWithCounts = ProjectRow & { task_count: number; open_task_count: number };

function projectsWithCounts(ctx: PortalContext, ex: Executor = ctx.deps.db) {
  return scopeOf(ctx, ex)
    .selectFrom('projects')
    .selectAll('projects')
    .select((eb: ExpressionBuilder<DB, 'projects'>) => [
      eb
        .selectFrom('tasks as t')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('t.portal_id', '=', 'projects.portal_id')
        .whereRef('t.project_id', '=', 'projects.id')
        .as('task_count'),
      eb
        .selectFrom('tasks as t')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('t.portal_id', '=', 'projects.portal_id')
        .whereRef('t.project_id', '=', 'projects.id')
        .where('t.status', '!=', 'done')
        .as('open_task_count'),
    ]);
}

const withNumbers = <R extends { task_count: unknown; open_task_count: unknown }>(r: R) => ({
  ...r,
  task_count: Number(r.task_count ?? 0),
  open_task_count: Number(r.open_task_count ?? 0),
});

export async function findProject(ctx: PortalContext, id: string, ex?: Executor): Promise<ProjectWithCounts | undefined> {
  const row = await projectsWithCounts(ctx, ex).where('projects.id', '=', id).executeTakeFirst();
  return row && withNumbers(row);
}

export async function projectExists(ctx: PortalContext, id: string): Promise<boolean> {
  return !!(await scopeOf(ctx).selectFrom('projects').select('id').where('id', '=', id).executeTakeFirst());
}

const projectSorts = { name: 'projects.search_text', createdAt: 'projects.created_at' };

export async function listProjects(ctx: PortalContext, query: ProjectListQuery) {
  let q = projectsWithCounts(ctx);
  if (query.q && searchKey(query.q)) q = q.where(await searchCondition(ctx.deps.db, 'projects', [searchKey(query.q)]));
  if (query.status) q = q.where('projects.status', '=', query.status);
  const sort = parseSort(query.sort, projectSorts);
  const rows = await keyset(q, sort, 'projects.id', query.cursor, query.limit).execute();
  const key = sort.column === 'projects.created_at' ? ('created_at' as const) : ('search_text' as const);
  const { page, nextCursor } = toPage(rows, query.limit, (r) => ({ v: r[key], id: r.id }));
  return { items: page.map(withNumbers), nextCursor };
}

export async function countProjectTasks(ctx: PortalContext, projectId: string, ex?: Executor): Promise<number> {
  const r = await scopeOf(ctx, ex)
    .selectFrom('tasks')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Deletes a project's tasks with their comments and links; subtasks in other projects lose their parent. */
export async function deleteProjectTasks(ctx: PortalContext, trx: Executor, projectId: string): Promise<void> {
  const s = scopeOf(ctx, trx);
  const ofProject = () => s.selectFrom('tasks').select('tasks.id').where('tasks.project_id', '=', projectId);
  await s.deleteFrom('task_comments').where('task_comments.task_id', 'in', ofProject()).execute();
  await s.deleteFrom('task_links').where('task_links.task_id', 'in', ofProject()).execute();
  await s
    .updateTable('tasks', { parent_id: null })
    .where('tasks.parent_id', 'in', ofProject())
    .where((eb) => eb.or([eb('tasks.project_id', 'is', null), eb('tasks.project_id', '!=', projectId)]))
    .execute();
  await s.deleteFrom('tasks').where('tasks.project_id', '=', projectId).execute();
}

// --- Tasks ------------------------------------------------------------------------------------
export type TaskWithCounts = TaskRow & { subtask_count: number; comment_count: number };

export function tasksWithCounts(ctx: PortalContext, ex: Executor = ctx.deps.db) {
  return scopeOf(ctx, ex)
    .selectFrom('tasks')
    .selectAll('tasks')
    .select((eb: ExpressionBuilder<DB, 'tasks'>) => [
      eb
        .selectFrom('tasks as sub')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('sub.portal_id', '=', 'tasks.portal_id')
        .whereRef('sub.parent_id', '=', 'tasks.id')
        .as('subtask_count'),
      eb
        .selectFrom('task_comments as tc')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('tc.portal_id', '=', 'tasks.portal_id')
        .whereRef('tc.task_id', '=', 'tasks.id')
        .as('comment_count'),
    ]);
}

export type TasksQuery = ReturnType<typeof tasksWithCounts>;

export const withTaskNumbers = <R extends TaskRow & { subtask_count: unknown; comment_count: unknown }>(r: R): TaskWithCounts => ({
  ...r,
  position: Number(r.position),
  priority_rank: Number(r.priority_rank),
  subtask_count: Number(r.subtask_count ?? 0),
  comment_count: Number(r.comment_count ?? 0),
});

export async function findTask(ctx: PortalContext, id: string, ex?: Executor): Promise<TaskWithCounts | undefined> {
  const row = await tasksWithCounts(ctx, ex).where('tasks.id', '=', id).executeTakeFirst();
  return row && withTaskNumbers(row);
}

export async function taskExists(ctx: PortalContext, id: string): Promise<boolean> {
  return !!(await scopeOf(ctx).selectFrom('tasks').select('id').where('id', '=', id).executeTakeFirst());
}

/** The links of these tasks, by task id. */
export async function linksOf(ctx: PortalContext, taskIds: string[], ex?: Executor): Promise<Map<string, TaskLinkRow[]>> {
  const out = new Map<string, TaskLinkRow[]>();
  for (const ids of chunks(taskIds)) {
    const rows = await scopeOf(ctx, ex)
      .selectFrom('task_links')
      .selectAll()
      .where('task_id', 'in', ids)
      .orderBy('created_at')
      .orderBy('record_type')
      .orderBy('record_id')
      .execute();
    for (const r of rows) out.set(r.task_id, [...(out.get(r.task_id) ?? []), r]);
  }
  return out;
}

export async function replaceLinks(ctx: PortalContext, trx: Executor, taskId: string, links: { type: TaskLinkRow['record_type']; id: string }[], at: string) {
  const s = scopeOf(ctx, trx);
  await s.deleteFrom('task_links').where('task_id', '=', taskId).execute();
  const unique = [...new Map(links.map((l) => [`${l.type}:${l.id}`, l])).values()];
  if (unique.length) {
    await s
      .insertInto(
        'task_links',
        unique.map((l) => ({ task_id: taskId, record_type: l.type, record_id: l.id, created_at: at })),
      )
      .execute();
  }
}

/** The next free board position at the end of a status column. */
export async function endOfColumn(ctx: PortalContext, status: TaskStatus, ex?: Executor): Promise<number> {
  const r = await scopeOf(ctx, ex)
    .selectFrom('tasks')
    .select((e) => e.fn.max('position').as('p'))
    .where('status', '=', status)
    .executeTakeFirst();
  return r?.p === null || r?.p === undefined ? 0 : Number(r.p) + 1024;
}

/** `id` and its ancestors up to a root (a repeat ends the walk, so it always terminates). */
export async function ancestorIds(ctx: PortalContext, id: string): Promise<string[]> {
  const db = ctx.deps.db as Kysely<DB>;
  const rows = await db
    .withRecursive('chain(id, parent_id)', (qc) =>
      qc
        .selectFrom('tasks')
        .select(['tasks.id', 'tasks.parent_id'])
        .where('tasks.portal_id', '=', ctx.portalId)
        .where('tasks.id', '=', id)
        .union((eb) =>
          eb
            .selectFrom('tasks')
            .innerJoin('chain', 'chain.parent_id', 'tasks.id')
            .select(['tasks.id', 'tasks.parent_id'])
            .where('tasks.portal_id', '=', ctx.portalId),
        ),
    )
    .selectFrom('chain')
    .select('chain.id')
    .execute();
  return rows.map((r) => r.id);
}

/** All tasks below `id` (children, their children, …), not `id` itself. */
export async function descendantIds(ctx: PortalContext, id: string, ex: Executor = ctx.deps.db): Promise<string[]> {
  const rows = await (ex as Kysely<DB>)
    .withRecursive('below(id)', (qc) =>
      qc
        .selectFrom('tasks')
        .select('tasks.id')
        .where('tasks.portal_id', '=', ctx.portalId)
        .where('tasks.parent_id', '=', id)
        .union((eb) => eb.selectFrom('tasks').innerJoin('below', 'below.id', 'tasks.parent_id').select('tasks.id').where('tasks.portal_id', '=', ctx.portalId)),
    )
    .selectFrom('below')
    .select('below.id')
    .execute();
  return rows.map((r) => r.id).filter((x) => x !== id);
}

export async function deleteTasksById(ctx: PortalContext, trx: Executor, ids: string[]): Promise<void> {
  const s = scopeOf(ctx, trx);
  for (const part of chunks(ids)) {
    await s.deleteFrom('task_comments').where('task_id', 'in', part).execute();
    await s.deleteFrom('task_links').where('task_id', 'in', part).execute();
    await s.deleteFrom('tasks').where('id', 'in', part).execute();
  }
}

// --- Comments ---------------------------------------------------------------------------------
export function listComments(ctx: PortalContext, taskId: string): Promise<TaskCommentRow[]> {
  return scopeOf(ctx).selectFrom('task_comments').selectAll().where('task_id', '=', taskId).orderBy('created_at').orderBy('id').execute();
}

export function findComment(ctx: PortalContext, taskId: string, id: string): Promise<TaskCommentRow | undefined> {
  return scopeOf(ctx).selectFrom('task_comments').selectAll().where('task_id', '=', taskId).where('id', '=', id).executeTakeFirst();
}
