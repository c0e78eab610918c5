import { actorUserId, nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { searchKey } from '../../kernel/text.js';
import { recordAudit } from '../audit/index.js';
import { countProjectTasks, deleteProjectTasks, findProject, listProjects, projectExists, type ProjectWithCounts } from './tasks.repo.js';
import type { CreateProjectInput, ProjectListQuery, ProjectOut, UpdateProjectInput } from './tasks.schema.js';
import { invalidReference } from './tasks.refs.js';
import { publishLive } from '../../kernel/live.js';
import { newId } from '../../kernel/ids.js';

export const toProjectOut = (r: ProjectWithCounts): ProjectOut => ({
  id: r.id,
  name: r.name,
  description: r.description,
  status: r.status,
  color: r.color,
  taskCount: r.task_count,
  openTaskCount: r.open_task_count,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function getProject(ctx: PortalContext, id: string): Promise<ProjectOut> {
  const row = await findProject(ctx, id);
  if (!row) throw notFound('Project');
  return toProjectOut(row);
}

export async function getProjects(ctx: PortalContext, query: ProjectListQuery) {
  const { items, nextCursor } = await listProjects(ctx, query);
  return { items: items.map(toProjectOut), nextCursor };
}

/** For the task service: whether `id` names a project of this portal. */
export const isProjectOfPortal = (ctx: PortalContext, id: string) => projectExists(ctx, id);

export async function createProject(ctx: PortalContext, input: CreateProjectInput): Promise<ProjectOut> {
  const at = nowIso(ctx);
  const id = newId();
  await ctx.deps.db.transaction().execute(async (trx) => {
    await scopeOf(ctx, trx)
      .insertInto('projects', {
        id,
        name: input.name,
        description: input.description ?? null,
        status: input.status,
        color: input.color ?? null,
        search_text: searchKey(input.name),
        created_by: actorUserId(ctx),
        created_at: at,
        updated_at: at,
      })
      .execute();
    await recordAudit(ctx, { action: 'tasks.project_created', targetType: 'project', targetId: id, details: { name: input.name } }, trx);
    await publishLive(ctx, trx, { type: 'change', change: { entity: 'project', id, action: 'created' } });
  });
  return getProject(ctx, id);
}

export async function updateProject(ctx: PortalContext, id: string, input: UpdateProjectInput): Promise<ProjectOut> {
  const before = await findProject(ctx, id);
  if (!before) throw notFound('Project');
  const patch = {
    ...(input.name !== undefined ? { name: input.name, search_text: searchKey(input.name) } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
    ...(input.color !== undefined ? { color: input.color } : {}),
  };
  if (Object.keys(patch).length === 0) return toProjectOut(before);
  await ctx.deps.db.transaction().execute(async (trx) => {
    await scopeOf(ctx, trx)
      .updateTable('projects', { ...patch, updated_at: nowIso(ctx) })
      .where('id', '=', id)
      .execute();
    await publishLive(ctx, trx, { type: 'change', change: { entity: 'project', id, action: 'updated' } });
    if (input.status && input.status !== before.status) {
      const action = input.status === 'archived' ? 'tasks.project_archived' : 'tasks.project_restored';
      await recordAudit(ctx, { action, targetType: 'project', targetId: id, details: { name: input.name ?? before.name } }, trx);
    }
  });
  return getProject(ctx, id);
}

export interface DeleteProjectOptions {
  /** Move the project's tasks to this project first. */
  moveTasksTo?: string;
  /** Delete the project's tasks (with their comments) too. */
  deleteTasks?: boolean;
}

/** Deletes a project. One with tasks needs a decision: move them elsewhere, or delete them with it. */
export async function deleteProject(ctx: PortalContext, id: string, opts: DeleteProjectOptions): Promise<void> {
  const project = await findProject(ctx, id);
  if (!project) throw notFound('Project');
  if (opts.moveTasksTo && opts.deleteTasks) {
    throw new AppError('VALIDATION_FAILED', 'Choose either moveTasksTo or deleteTasks, not both', {
      fields: [{ path: 'moveTasksTo', message: 'cannot be combined with deleteTasks', in: 'querystring' }],
    });
  }
  if (opts.moveTasksTo && (opts.moveTasksTo === id || !(await projectExists(ctx, opts.moveTasksTo)))) {
    throw invalidReference('moveTasksTo', opts.moveTasksTo === id ? 'must be another project' : 'is not a project of this portal');
  }
  const at = nowIso(ctx);
  await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    // Counted inside the transaction, so a task added meanwhile is not left without its project.
    const taskCount = await countProjectTasks(ctx, id, trx);
    if (taskCount > 0 && !opts.moveTasksTo && !opts.deleteTasks) {
      throw new AppError('PROJECT_HAS_TASKS', `"${project.name}" has ${taskCount} task(s). Move them to another project or delete them with it.`, {
        taskCount,
      });
    }
    if (opts.moveTasksTo) {
      await s.updateTable('tasks', { project_id: opts.moveTasksTo, updated_at: at }).where('project_id', '=', id).execute();
    } else if (opts.deleteTasks) {
      await deleteProjectTasks(ctx, trx, id);
    }
    await s.deleteFrom('projects').where('id', '=', id).execute();
    await publishLive(ctx, trx, { type: 'change', change: { entity: 'project', id, action: 'deleted' } });
    const details = {
      name: project.name,
      taskCount,
      ...(opts.moveTasksTo ? { movedTasksTo: opts.moveTasksTo } : {}),
      ...(opts.deleteTasks ? { deletedTasks: taskCount } : {}),
    };
    await recordAudit(ctx, { action: 'tasks.project_deleted', targetType: 'project', targetId: id, details }, trx);
  });
}
